// Public API of segregation/ without the spatial indices: what the `@cohesion/geo/segregation`
// subpath exports (counts in, numbers out; no geometry, projection or spatial index, so a browser
// bundle stays small). Add aspatial exports here; index.ts adds spatial/ for the package root.
//
// Curated (docs/packages.md, "The public API"): each index once as its validating wrapper
// (`dissimilarity(group, total)` → `{ value, … }`); the unvalidated number-only kernels
// (`giniValue`, …) stay internal except `dissimilarityValue`, and are reachable by name through
// SINGLE_GROUP_INDEX_FUNCTIONS / MULTIGROUP_INDEX_FUNCTIONS. Samplers, argument checks and the
// per-row helpers of the local indices are internal.
export * from './batch.js';
export * from './decomposition.js';
export { dissimilarityExpected, type ExpectedDissimilarity } from './expected.js';
export {
  type BootstrapResult,
  bootstrapIndex,
  type GroupCounts,
  type InferenceOptions,
  type SimulationTestResult,
  type SingleGroupIndex,
  type SingleValueNull,
  singleValueTest,
  type TwoValueNull,
  twoValueTest,
} from './inference.js';
export {
  checkSingleGroup,
  type GroupTable,
  groupTableFromColumns,
  type MultiGroupResult,
  type MultiGroupSummary,
  type SegregationInputOptions,
  type SingleGroupResult,
  type SingleGroupSummary,
} from './input.js';
export {
  type LocalGroupResult,
  type LocalResult,
  type LocalSegregation,
  localDiversity,
  localEntropy,
  localSegregation,
  localSimpsonsConcentration,
  localSimpsonsInteraction,
  locationQuotient,
  locationQuotientValues,
  multiLocationQuotient,
} from './local.js';
export * from './multigroup/index.js';
export * from './multigroupInference.js';
export * from './peers.js';
export * from './single/index.js';
