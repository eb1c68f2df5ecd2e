// Public API of access/ — re-exported from the package entry point. Internal: the geometry
// kernels (point–segment distance, point in site, polygon area), the network's Dijkstra and snapping,
// and the population check.

export {
  type AccessChunk,
  AccessMatcher,
  type AccessPointsWithArea,
  type AddressAccessSummary,
  type PointChunk,
  type ReadPointChunksOptions,
  readPointChunks,
  type StreamAddressAccessOptions,
  streamAddressAccess,
} from './address-scale.js';
export {
  type AccessResultRow,
  analyseGreenSpaceAccess,
  type GreenSpaceAccessOptions,
  type GreenSpaceAccessResult,
  type MeasureEquity,
  type MeasureSummary,
} from './analyse.js';
export {
  type EquityGap,
  type EquityGapOptions,
  equityGap,
  type GroupMean,
  meanByAreaClass,
  meanByPopulationGroup,
  minorityShare,
} from './equity.js';
export {
  type CatchmentPairs,
  type DistanceStep,
  enhancedTwoStepFca,
  type FcaResult,
  type GravityOptions,
  gravityAccess,
  LUO_QI_WEIGHTS,
  straightLineCatchment,
  twoStepFca,
} from './fca.js';
export {
  type AccessPointLink,
  type LinkAccessPointsOptions,
  linkAccessPoints,
  type NearestPointResult,
  type NearestSiteResult,
  nearestAccessPoint,
  nearestGreenSpace,
  type SitesWithinResult,
  sitesWithinDistance,
} from './measures.js';
export {
  type AccessNetwork,
  buildAccessNetwork,
  type NetworkAccessOptions,
  nearestGreenSpaceByNetwork,
  networkCatchment,
  type SiteEntries,
} from './network.js';
export {
  type AccessOrigins,
  type AccessPointSet,
  type PrepareOriginsOptions,
  prepareOrigins,
  preparePoints,
} from './origins.js';
export type { PointGrid } from './point-grid.js';
export { createSiteIndex, type LinkedAccessPoints, type NearestSite, type SiteIndex } from './site-index.js';
export { type GreenSpaceSites, type PrepareSitesOptions, prepareGreenSpaceSites } from './sites.js';
export {
  ACCESS_STANDARDS,
  type AccessRule,
  type AccessRuleResult,
  type AccessStandard,
  type AccessStandardResult,
  ANGST,
  type CapacityResult,
  defineAccessStandard,
  evaluateAccessStandard,
  evaluateCapacity,
  GI_FRAMEWORK,
  RULE_3_30_300,
} from './standards.js';
