// Lazily loaded chunk: reprojection of British National Grid input, only when data need it.
// The one import of the geography subpath (and so of proj4) in the element: the rest imports
// proj4-free subpaths, so proj4 stays in this chunk.
export { toWgs84 } from '@cohesion/geo/geography';
