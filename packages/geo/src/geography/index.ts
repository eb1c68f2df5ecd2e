export { type AggregatedCounts, type AggregateOptions, aggregateCounts } from './aggregate.js';
export { COUNCIL_PREFIXES, checkOnsCodes, ONS_ENTITIES, type OnsEntity, parseOnsCode } from './codes.js';
export {
  type Crs,
  coordinateExtent,
  crsFromExtent,
  declaredCrs,
  detectCrs,
  eachPosition,
  GB_BNG_EXTENT,
  UK_WGS84_EXTENT,
} from './crs.js';
export {
  centroid,
  type Extent,
  extentsMeet,
  geometryBBox,
  geometryMeetsExtent,
  planarArea,
  pointInPolygon,
  pointInRings,
  pointOnSurface,
  polygonsOf,
  ringSignedArea,
} from './geometry.js';
export { areaIdIndex, areaIds, type IdSourceOptions, readIds } from './ids.js';
export { type JoinOptions, type JoinReport, joinByCode, tableIdIndex } from './join.js';
export {
  countPointsInAreas,
  type PointSet,
  type PointsInAreas,
  pointsFromTable,
  projectPointsToBng,
} from './points.js';
export { BNG_PROJ4, bngToLonLat, lonLatToBng, reproject, toBng, toWgs84 } from './project.js';
