// Public API of weights/ — re-exported from the package entry point.
export {
  type ContiguityOptions,
  type ContiguityResult,
  contiguityWeights,
  queenWeights,
  rookWeights,
  SPDEP_DEFAULT_SNAP,
} from './contiguity.js';
export {
  higherOrderWeights,
  includeSelf,
  linkCount,
  type NeighborList,
  neighborCounts,
  rowSums,
  type SpatialWeights,
  type SymmetryReport,
  spatialLag,
  symmetrizeWeights,
  transformWeights,
  type WeightsTransform,
  weightsFromLists,
  weightsFromNeighborList,
  weightsIslands,
  weightsSums,
  weightsSymmetry,
  weightsToDense,
  weightsToNeighborList,
} from './csr.js';
export {
  type DistanceBandOptions,
  distanceBandWeights,
  type KernelFunction,
  type KernelOptions,
  kernelValue,
  kernelWeights,
  knnWeights,
  nearestNeighbors,
  pointsFromAreas,
  type WeightsPoints,
} from './distance.js';
export type { CoordinateMode, PointMethod } from './features.js';
export { parseGal, parseGwt, writeGal, writeGwt } from './formats.js';
