// Public API of segregation/ without the spatial indices: what the `@cohesion/geo/segregation`
// subpath exports (counts in, numbers out; no geometry, projection or spatial index, so a browser
// bundle stays small). Add aspatial exports here; index.ts adds spatial/ for the package root.
export * from './batch.js';
export * from './decomposition.js';
export * from './expected.js';
export * from './inference.js';
export * from './input.js';
export * from './local.js';
export * from './multigroup/index.js';
export * from './multigroupInference.js';
export * from './peers.js';
export { logFactorial, sampleBinomial, sampleHypergeometric, sampleMultinomial } from './sampling.js';
export * from './single/index.js';
