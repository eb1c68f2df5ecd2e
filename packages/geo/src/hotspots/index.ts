// Public API of hotspots/ — re-exported from the package entry point.
export {
  type GearyResult,
  type GetisOrdGlobalResult,
  gearyGlobal,
  getisOrdGlobal,
  type IslandOption,
  type JoinCount,
  type JoinCountResult,
  joinCounts,
  type MoranResult,
  meanSd,
  moranGlobal,
} from './global.js';
export {
  type LocalGearyOptions,
  type LocalGearyResult,
  type LocalGetisOrdOptions,
  type LocalGetisOrdResult,
  type LocalMoranOptions,
  type LocalMoranResult,
  type LocalMoranVariant,
  localGeary,
  localGetisOrd,
  localMoran,
  QUADRANT_LABELS,
  type Quadrant,
  type QuadrantCentre,
} from './local.js';
export { bonferroniAdjust, fdrAdjust, fdrThreshold } from './multiple.js';
export {
  conditionalPermutations,
  DEFAULT_PERMUTATIONS,
  DEFAULT_SEED,
  type PermutationAlternative,
  type PermutationOptions,
  pseudoP,
} from './permutation.js';
