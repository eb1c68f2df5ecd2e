export {
  applyCounts,
  type ConditionalLinks,
  type ConditionalSpec,
  conditionalTask,
  runConditional,
} from './conditional.js';
export {
  DEFAULT_EXPECTED_REPLICATES,
  DEFAULT_LEVEL,
  DEFAULT_PERMUTATIONS,
  DEFAULT_REPLICATES,
  DEFAULT_SEED,
  DEFAULT_SEGREGATION_REPLICATES,
} from './defaults.js';
export { erf, erfc, normalCdf, normalQuantile, normalTwoSided, normalUpperTail } from './normal.js';
export {
  globalPermutations,
  maxNeighbours,
  type PermutationAlternative,
  type PermutationOptions,
  permutationDraws,
  pseudoP,
  pValueFromCounts,
} from './permutation.js';
export { type ProgressCallback, type ProgressOptions, progressTicker } from './progress.js';
export { createRandom, type Random } from './random.js';
export {
  type BootstrapSummary,
  bootstrapSummary,
  checkLevel,
  type SimulationSummary,
  simulateValues,
  summariseSimulation,
} from './simulation.js';
export {
  incompleteBeta,
  incompleteGammaP,
  logGamma,
  negativeBinomialCdf,
  negativeBinomialQuantile,
  poissonCdf,
  poissonQuantile,
  studentTwoSided,
} from './special.js';
export { mean, meanSd, median, quantileSorted } from './summary.js';
