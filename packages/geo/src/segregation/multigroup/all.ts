// Every export of multigroup/, the number-only kernels included: for the package's own modules and
// tests. The public list is index.ts.
export * from './diversity.js';
export * from './exposureFamily.js';
export * from './multiDissimilarity.js';
export * from './multiGini.js';
export * from './mutualInformation.js';
