import { CohesionError } from '../errors.js';
import { normalQuantile, normalUpperTail } from '../stats/normal.js';
import { meanSd } from '../stats/summary.js';
import { checkAlpha, checkSeries, type SurveillanceResult } from './result.js';

/** Options for {@link ears}. */
export interface EarsOptions {
  /** Length of the moving baseline; default 7 (minimum 3). */
  baseline?: number;
  /** One-sided level; default 0.001 for C1 and C2, 0.025 for C3 (R `earsC`). */
  alpha?: number;
  /** Floor on the baseline standard deviation; default 0. */
  minSigma?: number;
  /** First time point to evaluate (0-based); default the first with a full baseline. */
  from?: number;
}

/** EARS variant: C1 (baseline the `baseline` periods just before), C2 (a 2-period guard band), C3 (C2 plus its two previous excesses). */
export type EarsMethod = 'c1' | 'c2' | 'c3';

/**
 * EARS C1, C2 and C3 (Hutwagner et al. 2003; R `surveillance::earsC`). With baseline mean x̄ and
 * standard deviation s (n − 1 divisor) of the `baseline` periods before t (C1: t−b … t−1; C2 and
 * C3: t−b−2 … t−3, leaving a two-period guard band):
 *
 * - C1 and C2: threshold x̄ + z₁₋α · max(s, minSigma);
 * - C3: with C2(u) = (x_u − x̄_u) / max(s_u, minSigma), threshold
 *   x_t + max(s_t, minSigma) · (z₁₋α − max(0, C2(t−2) − 1) − max(0, C2(t−1) − 1)), floored at 0.
 *   This is R's `upperbound` exactly; note that it is built on x_t itself, so a C3 alarm is raised
 *   when the carried excess of the two previous periods, max(0, C2 − 1) summed, exceeds z₁₋α.
 *
 * An alarm is raised when x_t is above the threshold. `expected` is the baseline mean x̄_t; the
 * p-value is the normal upper tail of the method's statistic.
 */
export function ears(
  observed: ArrayLike<number>,
  method: EarsMethod,
  options: EarsOptions = {},
): SurveillanceResult {
  const x = checkSeries(observed, false);
  const b = options.baseline ?? 7;
  if (!(Number.isInteger(b) && b >= 3))
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `the EARS baseline must be a whole number of at least 3; got ${b}`,
      {
        value: b,
      },
    );
  if (method !== 'c1' && method !== 'c2' && method !== 'c3')
    throw new CohesionError('INVALID_ARGUMENT', `unknown EARS method "${method}" (c1, c2 or c3)`, {
      value: method,
    });
  const alpha = checkAlpha(options.alpha ?? (method === 'c3' ? 0.025 : 0.001));
  const minSigma = options.minSigma ?? 0;
  if (!(minSigma >= 0))
    throw new CohesionError('INVALID_ARGUMENT', `minSigma must be 0 or more; got ${minSigma}`, {
      value: minSigma,
    });
  const maxLag = method === 'c1' ? b : method === 'c2' ? b + 2 : b + 4;
  const start = options.from ?? maxLag;
  if (start < maxLag || start >= x.length)
    throw new CohesionError(
      'SERIES_TOO_SHORT',
      `EARS ${method.toUpperCase()} with a baseline of ${b} needs ${maxLag} earlier periods before the first evaluated one; the series has ${x.length}`,
      { value: x.length },
    );
  const z = normalQuantile(1 - alpha);
  const lag = method === 'c1' ? 1 : 3;
  // Baseline mean and sd for time t: x[t−lag−b+1 … t−lag].
  const stats = (t: number): [number, number] => {
    const { mean, sd } = meanSd(x.subarray(t - lag - b + 1, t - lag + 1));
    return [mean, Math.max(sd, minSigma)];
  };
  const len = x.length - start;
  const out: SurveillanceResult = {
    method,
    start,
    observed: x.slice(start),
    expected: new Float64Array(len),
    threshold: new Float64Array(len),
    alarm: new Uint8Array(len),
    p: new Float64Array(len),
    alpha,
  };
  const c2 = (t: number) => {
    const [m, s] = stats(t);
    return ((x[t] as number) - m) / s;
  };
  for (let j = 0; j < len; j++) {
    const t = start + j;
    const xt = x[t] as number;
    const [m, s] = stats(t);
    out.expected[j] = m;
    let threshold: number;
    let statistic: number;
    if (method === 'c3') {
      const carry = Math.max(0, c2(t - 2) - 1) + Math.max(0, c2(t - 1) - 1);
      threshold = Math.max(0, xt + s * (z - carry));
      // R's threshold makes the alarm depend on the two earlier periods only (carry > z).
      statistic = carry;
    } else {
      threshold = m + z * s;
      statistic = (xt - m) / s;
    }
    out.threshold[j] = threshold;
    out.alarm[j] = xt > threshold ? 1 : 0;
    out.p[j] = normalUpperTail(statistic);
  }
  return out;
}
