import { CohesionError } from '../errors.js';
import { normalTwoSided } from '../stats/normal.js';
import { checkAlpha } from '../validate/args.js';

/** Result of {@link empiricalBayesRates}. */
export interface EmpiricalBayesResult {
  /** Raw rates p_i = events_i / population_i. */
  raw: Float64Array;
  /** Smoothed rates b + a(p_i − b) / (a + b/n_i). */
  smoothed: Float64Array;
  /** Prior mean b = Σ events / Σ population. */
  b: number;
  /** Prior variance a (method of moments, truncated at 0). */
  a: number;
}

/**
 * Global empirical-Bayes rate smoothing (Marshall 1991), exactly spdep `EBest(n, x)` (Poisson):
 * b = Σe/Σn, s² = Σ n_i (p_i − b)² / Σn, a = s² − b/(Σn / N) (0 if negative),
 * smoothed_i = b + a (p_i − b) / (a + b/n_i). Rates in small populations shrink towards b.
 * @param events counts per area (≥ 0)
 * @param population denominators per area (> 0)
 * @throws CohesionError LENGTH_MISMATCH, NON_FINITE, NEGATIVE_COUNT, ZERO_POPULATION (naming the row).
 */
export function empiricalBayesRates(
  events: ArrayLike<number>,
  population: ArrayLike<number>,
  ids?: readonly string[],
): EmpiricalBayesResult {
  const N = events.length;
  if (population.length !== N)
    throw new CohesionError('LENGTH_MISMATCH', `${N} event counts but ${population.length} populations`);
  if (N === 0) throw new CohesionError('EMPTY_INPUT', 'no areas to smooth');
  let se = 0;
  let sn = 0;
  for (let i = 0; i < N; i++) {
    const e = events[i] as number;
    const n = population[i] as number;
    const id = ids?.[i];
    if (!Number.isFinite(e) || !Number.isFinite(n))
      throw new CohesionError('NON_FINITE', `row ${i}${id ? ` (${id})` : ''}: events ${e}, population ${n}`, {
        row: i,
        id,
      });
    if (e < 0)
      throw new CohesionError(
        'NEGATIVE_COUNT',
        `row ${i}${id ? ` (${id})` : ''}: negative event count ${e}`,
        {
          row: i,
          id,
          value: e,
        },
      );
    if (!(n > 0))
      throw new CohesionError(
        'ZERO_POPULATION',
        `row ${i}${id ? ` (${id})` : ''}: population ${n} must be > 0`,
        {
          row: i,
          id,
          value: n,
        },
      );
    se += e;
    sn += n;
  }
  const b = se / sn;
  const raw = new Float64Array(N);
  let s2 = 0;
  for (let i = 0; i < N; i++) {
    raw[i] = (events[i] as number) / (population[i] as number);
    s2 += (population[i] as number) * ((raw[i] as number) - b) ** 2;
  }
  s2 /= sn;
  let a = s2 - b / (sn / N);
  if (a < 0) a = 0;
  const smoothed = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const p = raw[i] as number;
    smoothed[i] = b + (a * (p - b)) / (a + b / (population[i] as number));
  }
  return { raw, smoothed, b, a };
}

/** Mann–Kendall trend test result. */
export interface MannKendallResult {
  /** S = Σ_{k<l} sign(x_l − x_k). */
  S: number;
  /** Var(S) with the tie correction. */
  varS: number;
  /** Continuity-corrected z: (S − sign S)/√Var(S). */
  z: number;
  /** Two-sided normal p. */
  p: number;
  /** Kendall's tau-a = S / (n(n−1)/2). */
  tau: number;
}

/**
 * Mann–Kendall monotonic trend test (Mann 1945; Kendall 1975), as used by the emerging hot-spot
 * analysis: Var(S) = [n(n−1)(2n+5) − Σ_t t(t−1)(2t+5)]/18 over tie groups t, z with continuity
 * correction, two-sided normal p. NaN values are skipped. Fewer than 3 values give z = 0, p = 1.
 */
export function mannKendall(series: ArrayLike<number>): MannKendallResult {
  const x = Array.from(series).filter((v) => Number.isFinite(v));
  const n = x.length;
  let S = 0;
  for (let k = 0; k < n; k++)
    for (let l = k + 1; l < n; l++) S += Math.sign((x[l] as number) - (x[k] as number));
  const ties = new Map<number, number>();
  for (const v of x) ties.set(v, (ties.get(v) ?? 0) + 1);
  let tieSum = 0;
  for (const t of ties.values()) if (t > 1) tieSum += t * (t - 1) * (2 * t + 5);
  const varS = (n * (n - 1) * (2 * n + 5) - tieSum) / 18;
  if (n < 3 || varS <= 0) return { S, varS, z: 0, p: 1, tau: n > 1 ? S / ((n * (n - 1)) / 2) : 0 };
  const z = S > 0 ? (S - 1) / Math.sqrt(varS) : S < 0 ? (S + 1) / Math.sqrt(varS) : 0;
  return { S, varS, z, p: normalTwoSided(z), tau: S / ((n * (n - 1)) / 2) };
}

/**
 * Emerging hot-spot categories (the ESRI space–time typology, after Mann–Kendall on each area's
 * Gi* z series), for hot and cold spots. `none` = no pattern.
 */
export type EmergingCategory =
  | 'new'
  | 'consecutive'
  | 'intensifying'
  | 'persistent'
  | 'diminishing'
  | 'sporadic'
  | 'oscillating'
  | 'historical';

/** The label of one area: e.g. `new hot`, `persistent cold`, or `none`. */
export type EmergingLabel = `${EmergingCategory} ${'hot' | 'cold'}` | 'none';

/**
 * Classifies one area from its per-period Gi* z-scores and p-values (oldest first):
 * a period is a significant hot (cold) spot when p ≤ α and z > 0 (< 0). With H = hot periods of T:
 * - **new**: only the final period is hot;
 * - **consecutive**: a single unbroken run of ≥ 2 hot periods ending at the final one, none before, and < 90 % of periods hot;
 * - **intensifying / persistent / diminishing**: ≥ 90 % of periods hot including the final one, and the Mann–Kendall
 *   trend of z is significantly increasing / not significant / significantly decreasing (p ≤ α);
 * - **sporadic**: final period hot, < 90 % hot, on-and-off, never a significant cold spot;
 * - **oscillating**: final period hot, < 90 % hot, and some period was a significant cold spot;
 * - **historical**: final period not hot but ≥ 90 % of periods were.
 * Cold categories mirror these (trend signs reversed: intensifying cold = z decreasing).
 */
export function emergingCategory(z: ArrayLike<number>, p: ArrayLike<number>, alpha = 0.05): EmergingLabel {
  checkAlpha(alpha);
  const T = z.length;
  if (T === 0 || p.length !== T) return 'none';
  const trend = mannKendall(z);
  for (const kind of ['hot', 'cold'] as const) {
    const sgn = kind === 'hot' ? 1 : -1;
    const isSpot = (t: number) => (p[t] as number) <= alpha && sgn * (z[t] as number) > 0;
    const isOpp = (t: number) => (p[t] as number) <= alpha && -sgn * (z[t] as number) > 0;
    let H = 0;
    for (let t = 0; t < T; t++) if (isSpot(t)) H++;
    if (H === 0) continue;
    const last = isSpot(T - 1);
    const share = H / T;
    if (!last) {
      if (share >= 0.9) return `historical ${kind}`;
      continue;
    }
    if (share >= 0.9) {
      if (trend.p <= alpha && sgn * trend.z > 0) return `intensifying ${kind}`;
      if (trend.p <= alpha && sgn * trend.z < 0) return `diminishing ${kind}`;
      return `persistent ${kind}`;
    }
    if (H === 1) return `new ${kind}`;
    let run = 0;
    while (run < T && isSpot(T - 1 - run)) run++;
    if (run === H && run >= 2) return `consecutive ${kind}`;
    let opp = false;
    for (let t = 0; t < T; t++) if (isOpp(t)) opp = true;
    return opp ? `oscillating ${kind}` : `sporadic ${kind}`;
  }
  return 'none';
}
