// The multigroup indices, each as its validating wrapper (the `…Value` kernels are internal; see
// MULTIGROUP_INDEX_FUNCTIONS in batch.ts for them by name).
export { diversity, simpsonsConcentration, simpsonsInteraction } from './diversity.js';
export { normalizedExposure, relativeDiversity, squaredCoefficientOfVariation } from './exposureFamily.js';
export { multiDissimilarity } from './multiDissimilarity.js';
export { multiGini } from './multiGini.js';
export {
  divergence,
  informationTheory,
  type MutualInformationWithin,
  mutualInformation,
  mutualInformationWithin,
} from './mutualInformation.js';
