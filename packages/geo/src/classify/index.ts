// Public API of classify/ — re-exported from the package entry point.
export {
  type ClassScheme,
  ckmeansBreaks,
  classIndex,
  equalIntervalBreaks,
  quantileBreaks,
  thresholdBreaks,
} from './breaks.js';
export { type Classification, type ClassifyOptions, classifyValues } from './classify.js';
export { hotspotBins, type LisaCluster, lisaClusters } from './hotspot-bins.js';
