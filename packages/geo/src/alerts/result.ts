import { CohesionError } from '../errors.js';

/**
 * The result shape shared by every outbreak-detection method in alerts/: one entry per evaluated
 * time point, from `start` to the end of the series.
 */
export interface SurveillanceResult {
  /** 'c1' | 'c2' | 'c3' | 'farrington'. */
  method: string;
  /** 0-based index of the first evaluated time point; element j is time point start + j. */
  start: number;
  observed: Float64Array;
  /** Expected count (baseline mean for EARS; GLM prediction for Farrington); NaN where none. */
  expected: Float64Array;
  /** Alarm threshold (R's `upperbound`): an alarm is raised when observed > threshold. NaN where none can be given. */
  threshold: Float64Array;
  /** 1 when observed > threshold (and, for Farrington, enough recent cases). */
  alarm: Uint8Array;
  /** Upper-tail p-value of the observed count under the baseline model; NaN where none. */
  p: Float64Array;
  /** One-sided significance level of the threshold. */
  alpha: number;
}

/** Copies a count series, rejecting missing, negative and (when `integers`) fractional values. */
export function checkSeries(observed: ArrayLike<number>, integers: boolean): Float64Array {
  const x = Float64Array.from(observed);
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (Number.isNaN(v))
      throw new CohesionError('MISSING_PERIOD', `time point ${i + 1} of the series has no count`, { row: i });
    if (!Number.isFinite(v))
      throw new CohesionError('NON_FINITE', `count ${v} at time point ${i + 1}`, { row: i, value: v });
    if (v < 0)
      throw new CohesionError('NEGATIVE_COUNT', `negative count ${v} at time point ${i + 1}`, {
        row: i,
        value: v,
      });
    if (integers && v !== Math.floor(v))
      throw new CohesionError('NON_NUMERIC', `count ${v} at time point ${i + 1} is not a whole number`, {
        row: i,
        value: v,
      });
  }
  return x;
}

/** Checks an alpha in (0, 1). */
export function checkAlpha(alpha: number): number {
  if (!(alpha > 0 && alpha < 1))
    throw new CohesionError('INVALID_ARGUMENT', `alpha must be between 0 and 1; got ${alpha}`, {
      value: alpha,
    });
  return alpha;
}
