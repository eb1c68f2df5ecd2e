// Public API of segregation/ — re-exported from the package entry point. Aspatial exports live in
// aspatial.ts (the `@cohesion/geo/segregation` subpath); spatial ones in spatial/index.ts
// (`@cohesion/geo/segregation/spatial`). The root's spatialAreas projects WGS84 itself (proj4);
// the explicit export below takes precedence over the subpath's one from `export *`.
export * from './aspatial.js';
export * from './spatial/index.js';
export { spatialAreas } from './spatial/projected.js';
