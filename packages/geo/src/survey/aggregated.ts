import { CohesionError } from '../errors.js';
import type { AreaEstimate } from './by-area.js';
import type { SurveyEstimate } from './estimate.js';
import { type IntervalMethod, proportionInterval } from './intervals.js';

/** One published row: respondents in an area, how many agreed, and optionally the design effect. */
export interface AggregatedRow {
  area: string;
  respondents: number;
  /** Respondents who agreed (may be a weighted count: agreeing / respondents is the estimate). */
  agreeing: number;
  /** Design effect of the area's estimate (default 1: a simple random sample). */
  deff?: number;
}

export interface AggregatedOptions {
  method?: IntervalMethod;
  level?: number;
  /** For messages. */
  source?: string;
}

function estimateOf(respondents: number, agreeing: number, deff: number): SurveyEstimate {
  const n = respondents;
  const p = agreeing / n;
  // Same convention as the respondent-level estimator on a simple random sample: V = p(1−p)/(n−1),
  // scaled by the design effect.
  const variance = n > 1 ? (deff * p * (1 - p)) / (n - 1) : Number.NaN;
  return {
    estimate: p,
    variance,
    se: Math.sqrt(variance),
    n,
    weightSum: n,
    df: n - 1,
    deff,
    deffWithoutReplacement: Number.NaN,
    effectiveN: n / deff,
  };
}

/**
 * Estimates from aggregated rows, as councils often publish them. Each area's proportion is
 * agreeing / respondents with variance deff · p(1 − p)/(n − 1) and n − 1 degrees of freedom — what
 * {@link surveyMean} gives for a simple random sample, inflated by the design effect (Kish 1965).
 * The overall estimate pools the areas as strata of one sample: p = Σ agreeing / Σ respondents,
 * V = Σ (n_h / n)² V_h, df = Σ (n_h − 1). Bad rows throw naming the row: `NEGATIVE_COUNT`,
 * `GROUP_EXCEEDS_TOTAL` (agreeing above respondents), `DUPLICATE_CODE`, `INVALID_ARGUMENT` (deff ≤ 0).
 */
export function aggregatedEstimates(
  rows: readonly AggregatedRow[],
  options: AggregatedOptions = {},
): { results: AreaEstimate[]; overall: SurveyEstimate & { ci: [number, number] } } {
  const source = options.source ?? 'aggregated rows';
  if (rows.length === 0) throw new CohesionError('EMPTY_INPUT', `${source}: no rows`, { source });
  const seen = new Set<string>();
  const ci = (e: SurveyEstimate) =>
    proportionInterval(e.estimate, e.se, {
      method: options.method ?? 'logit',
      level: options.level ?? 0.95,
      df: e.df,
      n: e.n,
    });
  let N = 0;
  let A = 0;
  let df = 0;
  const results: AreaEstimate[] = rows.map((r, row) => {
    const bad = (code: 'NEGATIVE_COUNT' | 'GROUP_EXCEEDS_TOTAL' | 'INVALID_ARGUMENT', what: string) =>
      new CohesionError(code, `${source}: row ${row + 1} (area ${r.area}) ${what}`, {
        row,
        id: r.area,
        source,
      });
    if (seen.has(r.area))
      throw new CohesionError('DUPLICATE_CODE', `${source}: area ${r.area} appears twice (row ${row + 1})`, {
        row,
        id: r.area,
        source,
      });
    seen.add(r.area);
    if (!(Number.isFinite(r.respondents) && r.respondents > 0))
      throw bad('NEGATIVE_COUNT', `has ${r.respondents} respondents; it must be a positive number`);
    if (!(Number.isFinite(r.agreeing) && r.agreeing >= 0))
      throw bad('NEGATIVE_COUNT', `has ${r.agreeing} agreeing; it must be zero or more`);
    if (r.agreeing > r.respondents)
      throw bad('GROUP_EXCEEDS_TOTAL', `has ${r.agreeing} agreeing out of ${r.respondents} respondents`);
    const deff = r.deff ?? 1;
    if (!(Number.isFinite(deff) && deff > 0)) throw bad('INVALID_ARGUMENT', `has design effect ${deff}`);
    N += r.respondents;
    A += r.agreeing;
    df += r.respondents - 1;
    const e = estimateOf(r.respondents, r.agreeing, deff);
    return { area: r.area, ...e, ci: ci(e) };
  });
  let variance = 0;
  for (const r of results) variance += (r.n / N) ** 2 * r.variance;
  const p = A / N;
  const s2 = (p * (1 - p) * N) / (N - 1);
  const deff = variance / (s2 / N);
  const overall: SurveyEstimate = {
    estimate: p,
    variance,
    se: Math.sqrt(variance),
    n: N,
    weightSum: N,
    df,
    deff,
    deffWithoutReplacement: Number.NaN,
    effectiveN: deff > 0 && Number.isFinite(deff) ? N / deff : N,
  };
  return { results, overall: { ...overall, ci: ci(overall) } };
}

/**
 * The rows to publish for each area: respondents, agreeing (estimate × respondents, a weighted
 * count when the survey is weighted) and the design effect, so that {@link aggregatedEstimates}
 * gives back the same estimate and standard error.
 */
export function toAggregatedRows(estimates: readonly (SurveyEstimate & { area: string })[]): AggregatedRow[] {
  return estimates.map((e) => ({ area: e.area, respondents: e.n, agreeing: e.estimate * e.n, deff: e.deff }));
}
