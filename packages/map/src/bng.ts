// Lazily loaded chunk: reprojection of British National Grid input, only when data need it.
// Imported from the geography subpath so that proj4 stays in this chunk (see geo.source.ts).
export { toWgs84 } from '@cohesion/geo/geography';
