// Public API of segregation/ — re-exported from the package entry point. Aspatial exports live in
// aspatial.ts (the `@cohesion/geo/segregation` subpath); spatial ones in spatial/index.ts
// (`@cohesion/geo/segregation/spatial`).
export * from './aspatial.js';
export * from './spatial/index.js';
