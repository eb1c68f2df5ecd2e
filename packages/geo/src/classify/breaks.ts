import { CohesionError } from '../errors.js';
import { quantileSorted } from '../stats/summary.js';
import { ckmeans } from './simple-statistics.vendor.js';

/** Classification schemes understood by {@link classifyValues}. */
export type ClassScheme = 'ckmeans' | 'quantile' | 'equal' | 'threshold';

/** The classification schemes, in the order they are documented. */
export const CLASS_SCHEMES: readonly ClassScheme[] = ['ckmeans', 'quantile', 'equal', 'threshold'];

/**
 * Copies the finite values of `values` into a sorted Float64Array. NaN (and `null`/`undefined` in a
 * plain array) means "no data" and is skipped; ±Infinity is a data error.
 */
export function sortedFinite(values: ArrayLike<number | null | undefined>): Float64Array {
  const out = new Float64Array(values.length);
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || Number.isNaN(v)) continue;
    if (typeof v !== 'number') {
      throw new CohesionError('NON_NUMERIC', `value at row ${i} is not a number: ${String(v)}`, {
        row: i,
        value: String(v),
      });
    }
    if (!Number.isFinite(v)) {
      throw new CohesionError('NON_FINITE', `value at row ${i} is ${v}`, { row: i, value: v });
    }
    out[m++] = v;
  }
  if (m === 0) throw new CohesionError('EMPTY_INPUT', 'no finite values to classify', {});
  return out.subarray(0, m).sort();
}

function checkClasses(k: number): void {
  if (!Number.isInteger(k) || k < 1) {
    throw new CohesionError('INVALID_ARGUMENT', `number of classes must be a positive integer, got ${k}`, {
      value: k,
    });
  }
}

function distinctCount(sorted: Float64Array): number {
  let d = sorted.length > 0 ? 1 : 0;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1]) d++;
  return d;
}

/** Removes repeated break values (ties in the data can make two quantiles coincide). */
function dedupe(breaks: number[]): number[] {
  return breaks.filter((b, i) => i === 0 || b !== breaks[i - 1]);
}

/** @deprecated use `quantileSorted` (the same type-7 quantile, from `@cohesion/geo/stats`). */
export const sortedQuantile: (sorted: ArrayLike<number>, q: number) => number = quantileSorted;

/**
 * Quantile class upper bounds, as PySAL mapclassify `Quantiles`: the k-quantiles at
 * 1/k, 2/k, …, 1 with linear interpolation (numpy type 7); the last bound is the maximum.
 * Coinciding bounds (heavy ties) are merged, so fewer than k classes may result.
 */
export function quantileBreaks(values: ArrayLike<number>, k: number): number[] {
  checkClasses(k);
  const s = sortedFinite(values);
  const out: number[] = [];
  for (let i = 1; i <= k; i++) out.push(i === k ? (s[s.length - 1] as number) : quantileSorted(s, i / k));
  return dedupe(out);
}

/**
 * Equal-interval class upper bounds, as mapclassify `EqualInterval`: width w = (max − min)/k and
 * bounds min + w, min + 2w, …, with the last bound set exactly to the maximum. A constant input
 * gives one class.
 */
export function equalIntervalBreaks(values: ArrayLike<number>, k: number): number[] {
  checkClasses(k);
  const s = sortedFinite(values);
  const min = s[0] as number;
  const max = s[s.length - 1] as number;
  if (min === max) return [max];
  const w = (max - min) / k;
  const out: number[] = [];
  for (let i = 1; i < k; i++) out.push(min + i * w);
  out.push(max);
  return out;
}

/**
 * Optimal 1-D k-means class upper bounds (Wang & Song 2011, "Ckmeans.1d.dp"), computed by
 * simple-statistics `ckmeans`; each bound is the maximum of its cluster (as mapclassify's
 * `FisherJenks`, which minimises the same within-class sum of squares). k is reduced to the number of
 * distinct values when there are fewer.
 */
export function ckmeansBreaks(values: ArrayLike<number>, k: number): number[] {
  checkClasses(k);
  const s = sortedFinite(values);
  const kk = Math.min(k, distinctCount(s));
  const clusters = ckmeans(Array.from(s), kk);
  return clusters.map((c) => c[c.length - 1] as number);
}

/**
 * User-defined class upper bounds (mapclassify `UserDefined`): `thresholds` must be strictly
 * increasing and finite; when the data maximum exceeds the last threshold, the maximum is appended
 * as the bound of a final class.
 */
export function thresholdBreaks(values: ArrayLike<number>, thresholds: readonly number[]): number[] {
  if (thresholds.length === 0) {
    throw new CohesionError('INVALID_ARGUMENT', 'threshold classification needs at least one break', {});
  }
  for (let i = 0; i < thresholds.length; i++) {
    const t = thresholds[i] as number;
    if (typeof t !== 'number' || !Number.isFinite(t)) {
      throw new CohesionError('INVALID_ARGUMENT', `break ${i} is not a finite number: ${String(t)}`, {
        row: i,
        value: String(t),
      });
    }
    if (i > 0 && t <= (thresholds[i - 1] as number)) {
      throw new CohesionError('INVALID_ARGUMENT', `breaks must increase strictly; break ${i} is ${t}`, {
        row: i,
        value: t,
      });
    }
  }
  const s = sortedFinite(values);
  const max = s[s.length - 1] as number;
  const out = [...thresholds];
  if (max > (out[out.length - 1] as number)) out.push(max);
  return out;
}

/**
 * Index of the class of `value` given upper bounds `breaks`: the first i with value ≤ breaks[i]
 * (classes are right-closed intervals (b[i−1], b[i]], the first one also holding everything below it,
 * mapclassify's convention). Values above the last bound go to the last class. NaN gives −1.
 */
export function classIndex(value: number, breaks: readonly number[]): number {
  if (Number.isNaN(value)) return -1;
  let lo = 0;
  let hi = breaks.length - 1;
  if (hi < 0) return -1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (value <= (breaks[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
