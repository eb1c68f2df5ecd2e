// Public API of geography/. Internal: the coordinate walkers, extent tests and ring helpers behind
// these, the proj4 definition string, the ONS code tables and the point projector. CRS detection
// (crs.ts) and reprojection (project.ts, the one module with proj4) are separate modules so that
// detecting never loads proj4.
export { type AggregatedCounts, type AggregateOptions, aggregateCounts } from './aggregate.js';
export {
  type AreaTableJoin,
  type AreaTableOptions,
  joinTableToAreas,
  prepareAreas,
} from './area-table.js';
export type { Areas, LonLatToBng, PrepareAreasOptions } from './areas.js';
export { checkOnsCodes, type OnsEntity, parseOnsCode } from './codes.js';
export { type Crs, coordinateExtent, detectCrs } from './crs.js';
export { centroid, type Extent, planarArea, pointOnSurface } from './geometry.js';
export { areaIds, type IdSourceOptions, readIds } from './ids.js';
export { type JoinOptions, type JoinReport, joinByCode, tableIdIndex } from './join.js';
export { countPointsInAreas, type PointSet, type PointsInAreas, pointsFromTable } from './points.js';
export { bngToLonLat, lonLatToBng, reproject, toBng, toWgs84 } from './project.js';
