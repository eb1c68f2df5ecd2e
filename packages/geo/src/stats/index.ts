export { erf, erfc, normalCdf, normalQuantile, normalTwoSided, normalUpperTail } from './normal.js';
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
