export * from './diversity.js';
export * from './exposureFamily.js';
export * from './multiDissimilarity.js';
export * from './multiGini.js';
export * from './mutualInformation.js';
