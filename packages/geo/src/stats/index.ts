export { DEFAULT_PERMUTATIONS, DEFAULT_SEED } from './defaults.js';
export { erf, erfc, normalCdf, normalQuantile, normalTwoSided, normalUpperTail } from './normal.js';
export {
  globalPermutations,
  maxNeighbours,
  type PermutationAlternative,
  type PermutationOptions,
  permutationDraws,
  pseudoP,
} from './permutation.js';
export { createRandom, type Random } from './random.js';
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
