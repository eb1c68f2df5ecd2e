/**
 * The one home of the small summary statistics every module uses (quantile, median, mean, sd), so
 * that each convention is chosen once. They are written here rather than taken from simple-statistics
 * or d3-array because those differ in convention (simple-statistics' `quantileSorted` is not type 7;
 * d3-array's `median` and `quantile` skip NaN, hiding a missing value), take only plain arrays or throw
 * plain errors on short input, and, for the median, cost the browser subpaths a kilobyte gzipped
 * (`@cohesion/geo/segregation/spatial` uses it for the median centre) for a sort and a midpoint.
 */

/**
 * Type-7 quantile (Hyndman & Fan; R's default, numpy's `linear`, pandas `Series.quantile`,
 * `scipy.stats.scoreatpercentile`) of values already sorted ascending, `q` in [0, 1]: linear
 * interpolation between the order statistics around (n − 1)·q. The interpolation is numpy's `_lerp`
 * (from the upper value when t ≥ ½), so results match PySAL and mapclassify to the last bit.
 * NaN for no values.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const t = h - lo;
  const a = sorted[lo] as number;
  const b = sorted[Math.min(n - 1, lo + 1)] as number;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/**
 * Median, the mean of the two middle values for an even count (numpy's convention). NaN for no
 * values or when any value is NaN (numpy's `median` too). Leaves the input untouched; O(n log n) by a
 * typed-array sort of a copy.
 */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort(); // numeric order; NaN sorts last
  if (Number.isNaN(sorted[n - 1] as number)) return Number.NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Arithmetic mean (NaN for no values, or when any value is NaN). */
export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] as number;
  return s / values.length;
}

/**
 * Mean and sample standard deviation with the n − 1 divisor (as esda, PySAL `segregation` and R `sd`
 * report for simulated statistics). The sd is NaN for fewer than two values.
 */
export function meanSd(values: ArrayLike<number>): { mean: number; sd: number } {
  const m = mean(values);
  let ss = 0;
  for (let i = 0; i < values.length; i++) ss += ((values[i] as number) - m) ** 2;
  return { mean: m, sd: Math.sqrt(ss / (values.length - 1)) };
}
