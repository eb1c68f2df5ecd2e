// Public API of alerts/ — re-exported from the package entry point.

export { type EarsMethod, type EarsOptions, ears } from './ears.js';
export { type FarringtonOptions, type FarringtonResult, farrington } from './farrington.js';
export { fitQuasiPoisson, type QuasiPoissonFit } from './glm.js';
export type { SurveillanceResult } from './result.js';
