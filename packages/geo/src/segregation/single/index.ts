// The single-group indices, each as its validating wrapper; `dissimilarityValue` is the one
// number-only kernel exported (the smallest possible bundle). The other kernels are internal; see
// SINGLE_GROUP_INDEX_FUNCTIONS in batch.ts for them by name.
export { atkinson } from './atkinson.js';
export { type ConcentrationProfile, concentrationProfile } from './concentrationProfile.js';
export { correlationRatio } from './correlationRatio.js';
export { densityCorrectedDissimilarity } from './densityCorrectedDissimilarity.js';
export { dissimilarity, dissimilarityValue } from './dissimilarity.js';
export { entropy } from './entropy.js';
export { exposure } from './exposure.js';
export { gini } from './gini.js';
export { isolation } from './isolation.js';
export { minMax } from './minMax.js';
export {
  biasCorrectedDissimilarity,
  modifiedDissimilarity,
  modifiedGini,
  type SimulationOptions,
} from './simulated.js';
