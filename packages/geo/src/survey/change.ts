import { normalQuantile, normalTwoSided } from '../stats/normal.js';

/** What a change needs from each wave's estimate. */
export interface WaveEstimate {
  estimate: number | null;
  se: number | null;
}

/** Change from one wave to the next. */
export interface WaveChange {
  /** after − before (in proportion units: 0.05 is five percentage points). */
  difference: number | null;
  /** √(se_before² + se_after²): the waves are independent samples. */
  se: number | null;
  ci: [number, number] | null;
  /** z = difference / se. */
  z: number | null;
  /** Two-sided p-value of "no change" against the normal. */
  p: number | null;
  /** The interval excludes 0. */
  significant: boolean | null;
}

/**
 * Difference between two independent survey estimates (two waves, fresh samples), with a normal
 * interval difference ± z·√(se₁² + se₂²) and a two-sided z-test (Korn & Graubard 1999 §3.6; the
 * covariance is 0 because the samples are independent). When either wave is missing or
 * suppressed the change is null: a change is never shown where a level is not.
 */
export function compareWaves(before: WaveEstimate, after: WaveEstimate, level = 0.95): WaveChange {
  const none: WaveChange = { difference: null, se: null, ci: null, z: null, p: null, significant: null };
  if (before.estimate === null || after.estimate === null || before.se === null || after.se === null)
    return none;
  if (!(Number.isFinite(before.se) && Number.isFinite(after.se))) return none;
  const difference = after.estimate - before.estimate;
  const se = Math.sqrt(before.se * before.se + after.se * after.se);
  const zc = normalQuantile(1 - (1 - level) / 2);
  const ci: [number, number] = [difference - zc * se, difference + zc * se];
  const z = se > 0 ? difference / se : Number.NaN;
  const p = se > 0 ? normalTwoSided(z) : Number.NaN;
  return {
    difference,
    se,
    ci,
    z: Number.isFinite(z) ? z : null,
    p: Number.isFinite(p) ? p : null,
    significant: se > 0 ? ci[0] > 0 || ci[1] < 0 : null,
  };
}

/** One area's change between two survey waves, with both levels. */
export interface AreaChange extends WaveChange {
  area: string;
  before: number | null;
  after: number | null;
}

/**
 * Change per area and overall between two waves estimated separately (e.g. 2022 and 2024).
 * Areas present in only one wave, or suppressed in either, get a null change. Areas are sorted by code.
 */
export function compareSurveys(
  before: { results: readonly (WaveEstimate & { area: string })[]; overall: WaveEstimate },
  after: { results: readonly (WaveEstimate & { area: string })[]; overall: WaveEstimate },
  level = 0.95,
): { results: AreaChange[]; overall: WaveChange } {
  const b = new Map(before.results.map((r) => [r.area, r]));
  const a = new Map(after.results.map((r) => [r.area, r]));
  const codes = [...new Set([...b.keys(), ...a.keys()])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const missing: WaveEstimate = { estimate: null, se: null };
  const results = codes.map((area) => {
    const x = b.get(area) ?? missing;
    const y = a.get(area) ?? missing;
    return { area, before: x.estimate, after: y.estimate, ...compareWaves(x, y, level) };
  });
  return { results, overall: compareWaves(before.overall, after.overall, level) };
}
