// Public API of segregation/ — re-exported from the package entry point.
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
export * from './spatial/index.js';
