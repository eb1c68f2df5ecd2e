// Public API of alerts/ — re-exported from the package entry point.

export {
  type AlertMethod,
  type AlertReport,
  type AlertRow,
  type DetectAlertsOptions,
  detectAlerts,
  type MultipleTestingNote,
} from './detect.js';
export { type EarsMethod, type EarsOptions, ears } from './ears.js';
export { type FarringtonOptions, type FarringtonResult, farrington } from './farrington.js';
export type { QuasiPoissonFit } from './glm.js';
export type { PeriodKind } from './periods.js';
export type { SurveillanceResult } from './result.js';
export {
  type AreaSeries,
  type CountsTableOptions,
  type PointSeriesOptions,
  seriesFromCounts,
  seriesFromPoints,
  totalSeries,
} from './series.js';
