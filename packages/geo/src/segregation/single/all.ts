// Every export of single/, the number-only kernels included: for the package's own modules and
// tests. The public list is index.ts.
export * from './atkinson.js';
export * from './concentrationProfile.js';
export * from './correlationRatio.js';
export * from './densityCorrectedDissimilarity.js';
export * from './dissimilarity.js';
export * from './entropy.js';
export * from './exposure.js';
export * from './gini.js';
export * from './isolation.js';
export * from './minMax.js';
export * from './simulated.js';
