// Public API of segregation/spatial/ — spatial and multiscalar segregation (issue 5): what the
// `@cohesion/geo/segregation/spatial` subpath exports. No proj4 here: this spatialAreas projects
// WGS84 only when given `project` (the package root's, in projected.ts, passes lonLatToBng).
// Internal: the argument checks, ranks and quantiles, per-pair kernels and curve helpers.
export { type LonLatToBng, type SpatialAreas, type SpatialAreasOptions, spatialAreas } from './areas.js';
export * from './boundary.js';
export {
  type CounterfactualApproach,
  counterfactualCounts,
  type DecompositionCounts,
  decomposeSegregation,
  type SegregationDecomposition,
} from './decomposition.js';
export {
  ENVIRONMENT_KERNELS,
  type EnvironmentPoints,
  type LocalEnvironmentOptions,
  localEnvironment,
  localEnvironmentFromWeights,
  localEnvironmentSingle,
  localEnvironmentWeights,
} from './environment.js';
export {
  absoluteCentralization,
  absoluteClustering,
  absoluteConcentration,
  type BoundaryDissimilarityOptions,
  boundarySpatialDissimilarity,
  type CentralizationResult,
  type CentreSpec,
  type DecayOptions,
  type DistanceDecayIndices,
  deltaIndex,
  distanceDecayIndices,
  distanceDecayInteraction,
  distanceDecayIsolation,
  type ProximitySums,
  perimeterAreaRatioDissimilarity,
  relativeCentralization,
  relativeClustering,
  relativeConcentration,
  type SpatialProximityProfileResult,
  spatialDissimilarity,
  spatialProximity,
  spatialProximityProfile,
} from './explicit.js';
export * from './inference.js';
export * from './local.js';
export {
  type MultiGroupFormula,
  multiGroupProfile,
  type ProfileOptions,
  type ProfileStep,
  type SingleGroupFormula,
  singleGroupProfile,
  singleGroupProfiles,
  spatialMultiGroupIndex,
  spatialSingleGroupIndex,
} from './profile.js';
