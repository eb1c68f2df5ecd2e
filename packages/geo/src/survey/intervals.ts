import { CohesionError } from '../errors.js';
import { normalQuantile } from '../stats/normal.js';
import tQuantile from './t-quantile.vendor.js';

/**
 * Confidence interval methods for a survey proportion, named as R `survey::svyciprop`:
 * - `logit` / `xlogit`: Wald interval on the log-odds, logit(p) ± t·se/(p(1−p)), back-transformed
 *   (R's `logit` fits a quasi-binomial `svyglm` whose intercept is logit(p̂), so both agree to
 *   the glm's convergence, ~1e-10; `xlogit` is the SUDAAN / SPSS Complex Samples method);
 * - `wilson`: Wilson's (1927) score interval with the design's effective sample size
 *   n* = p(1−p)/V (Kish 1965; Korn & Graubard 1998), the Wilson method of newer `survey` releases;
 * - `mean`: the plain Wald interval p ± t·se (R `confint(svymean())`), also used for means.
 * The quantile t is Student's t on the design degrees of freedom (R's default `df=degf(design)`);
 * pass `df: Infinity` for the normal.
 */
export type IntervalMethod = 'logit' | 'xlogit' | 'wilson' | 'mean';

export interface IntervalOptions {
  method?: IntervalMethod;
  /** Confidence level, default 0.95. */
  level?: number;
  /** Degrees of freedom for the t quantile (default Infinity: normal). */
  df?: number;
  /**
   * Respondents behind the estimate. When every answer is the same (variance 0, p = 0 or 1) the
   * logit and Wilson intervals are undefined; the classic Wilson interval for n respondents is
   * returned instead, so a unanimous small area never shows a zero-width interval.
   */
  n?: number;
}

/** The two-sided critical value: Student's t on `df` degrees of freedom, or the normal when df = ∞. */
export function criticalValue(level: number, df: number): number {
  if (!(level > 0 && level < 1))
    throw new CohesionError('INVALID_ARGUMENT', `confidence level must be between 0 and 1, got ${level}`, {
      value: level,
    });
  const p = 1 - (1 - level) / 2;
  if (df === Number.POSITIVE_INFINITY) return normalQuantile(p);
  if (!(df > 0)) return Number.NaN;
  return tQuantile(p, df);
}

const expit = (x: number) => 1 / (1 + Math.exp(-x));

function wilson(p: number, nEff: number, z: number): [number, number] {
  const z2n = (z * z) / nEff;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / nEff + (z * z) / (4 * nEff * nEff));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * Confidence interval for a proportion `p` with standard error `se` (see {@link IntervalMethod}).
 * Returns [NaN, NaN] when the degrees of freedom are 0 (one PSU per stratum in the domain).
 */
export function proportionInterval(p: number, se: number, options: IntervalOptions = {}): [number, number] {
  const method = options.method ?? 'logit';
  const z = criticalValue(options.level ?? 0.95, options.df ?? Number.POSITIVE_INFINITY);
  if (!Number.isFinite(z) || !Number.isFinite(p) || !Number.isFinite(se)) return [Number.NaN, Number.NaN];
  if (method === 'mean') return [p - z * se, p + z * se];
  const degenerate = !(p > 0 && p < 1) || !(se > 0);
  if (degenerate) {
    const n = options.n ?? Number.NaN;
    return n > 0 ? wilson(p, n, z) : [Number.NaN, Number.NaN];
  }
  if (method === 'wilson') return wilson(p, (p * (1 - p)) / (se * se), z);
  if (method === 'logit' || method === 'xlogit') {
    const eta = Math.log(p / (1 - p));
    const h = (z * se) / (p * (1 - p));
    return [expit(eta - h), expit(eta + h)];
  }
  throw new CohesionError(
    'INVALID_ARGUMENT',
    `interval method "${method as string}" is not one of logit, xlogit, wilson, mean`,
    { value: method },
  );
}
