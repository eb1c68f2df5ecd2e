// Public API of weights/ — re-exported from the package entry point. Internal: the kernel
// function values and the raw k-nearest search behind knnWeights.
export {
  type ContiguityOptions,
  type ContiguityResult,
  contiguityWeights,
  queenWeights,
  rookWeights,
} from './contiguity.js';
export {
  higherOrderWeights,
  includeSelf,
  linkCount,
  /** @deprecated */ type NeighborList,
  type NeighbourList,
  /** @deprecated */ neighborCounts,
  neighbourCounts,
  rowSums,
  type SpatialWeights,
  type SymmetryReport,
  spatialLag,
  symmetrizeWeights,
  transformWeights,
  type WeightsTransform,
  weightsFromLists,
  /** @deprecated */ weightsFromNeighborList,
  weightsFromNeighbourList,
  weightsIslands,
  weightsSums,
  weightsSymmetry,
  /** @deprecated */ weightsToNeighborList,
  weightsToNeighbourList,
} from './csr.js';
export {
  type DistanceBandOptions,
  distanceBandWeights,
  type KernelFunction,
  type KernelOptions,
  kernelWeights,
  knnWeights,
  pointsFromAreas,
  type WeightsPoints,
} from './distance.js';
export type { CoordinateMode, PointMethod } from './features.js';
export { parseGal, parseGwt, writeGal, writeGwt } from './formats.js';
