// Public API of hotspots/ — re-exported from the package entry point.

export { evaluateExpression, parseValueExpression, type ValueExpression } from './expression.js';
export {
  type GearyResult,
  type GetisOrdGlobalResult,
  type GlobalOptions,
  gearyGlobal,
  getisOrdGlobal,
  type IslandOption,
  type JoinCount,
  type JoinCountResult,
  joinCounts,
  type MoranResult,
  moranGlobal,
} from './global.js';
export {
  type IncidentHotspotOptions,
  type IncidentHotspotResult,
  type IncidentPeriod,
  incidentHotspots,
  incidentHotspotsToGeoJSON,
} from './incidents.js';
export {
  type Correction,
  type LocalGearyOptions,
  type LocalGearyResult,
  type LocalGetisOrdOptions,
  type LocalGetisOrdResult,
  type LocalHotspotsOptions,
  type LocalMoranOptions,
  type LocalMoranResult,
  type LocalMoranVariant,
  localGeary,
  localGearyParallel,
  localGetisOrd,
  localGetisOrdParallel,
  localHotspots,
  localHotspotsParallel,
  localMoran,
  localMoranParallel,
  QUADRANT_LABELS,
  type Quadrant,
  type QuadrantCentre,
} from './local.js';
export { bonferroniAdjust, fdrAdjust, fdrThreshold } from './multiple.js';
export { type PartialPeriod, type PeriodUnit, type WholePeriods, wholePeriods } from './periods.js';
// The permutation engine's defaults and option types; its kernels (conditional and global draws,
// pseudo p-values) are internal here and importable from `@cohesion/geo/stats`.
export {
  DEFAULT_PERMUTATIONS,
  DEFAULT_SEED,
  type PermutationAlternative,
  type PermutationOptions,
} from './permutation.js';
export {
  type EmergingCategory,
  type EmergingLabel,
  type EmpiricalBayesResult,
  emergingCategory,
  empiricalBayesRates,
  type MannKendallResult,
  mannKendall,
} from './rates.js';
export { releaseThreads, type ThreadOptions } from './threads.js';
