// Public API of access/ — re-exported from the package entry point.
export {
  type AccessPointLink,
  type LinkAccessPointsOptions,
  linkAccessPoints,
  type NearestPointResult,
  type NearestSiteResult,
  nearestAccessPoint,
  nearestGreenSpace,
  type SitesWithinResult,
  siteIdsOf,
  sitesWithinDistance,
} from './measures.js';
export {
  type AccessOrigins,
  type AccessPointSet,
  interiorPoint,
  type PrepareOriginsOptions,
  prepareOrigins,
  preparePoints,
} from './origins.js';
export { createSiteIndex, type LinkedAccessPoints, type NearestSite, SiteIndex } from './site-index.js';
export {
  distanceToSite,
  type GreenSpaceSites,
  type PrepareSitesOptions,
  pointInSite,
  pointSegmentDistance,
  polygonAreaM2,
  prepareGreenSpaceSites,
} from './sites.js';
