import { checkSingleGroupDefined, type SegregationInputOptions, type SingleGroupResult } from '../input.js';
import { groupAndTotal } from './totals.js';

/**
 * Σᵢ Σⱼ wᵢ wⱼ |vᵢ − vⱼ| over the areas with w > 0, in
 * O(n log n): sort by v and accumulate, instead of the O(n²) double loop.
 */
export function weightedAbsoluteDifferenceSum(v: ArrayLike<number>, w: ArrayLike<number>): number {
  const n = w.length;
  let count = 0;
  for (let i = 0; i < n; i++) if (w[i]! > 0) count++;
  const idx = new Uint32Array(count);
  const vv = v instanceof Float64Array ? v : Float64Array.from(v);
  for (let i = 0, j = 0; i < n; i++) if (w[i]! > 0) idx[j++] = i;
  // Order among equal values does not change the sum, so an unstable sort is fine.
  idx.sort((a, b) => vv[a]! - vv[b]!);
  let wBefore = 0;
  let wvBefore = 0;
  let s = 0;
  for (let j = 0; j < count; j++) {
    const i = idx[j]!;
    const wi = w[i]!;
    const vi = vv[i]!;
    s += wi * (vi * wBefore - wvBefore);
    wBefore += wi;
    wvBefore += wi * vi;
  }
  return 2 * s;
}

/**
 * Gini segregation index (Massey & Denton 1988), pure formula:
 * G = Σᵢ Σⱼ tᵢ tⱼ |pᵢ − pⱼ| / (2 T² P (1 − P)), pᵢ = xᵢ/tᵢ, P = X/T.
 * Computed by sorting (O(n log n)); equal to PySAL `segregation.singlegroup.Gini`.
 * Areas with tᵢ = 0 contribute nothing. Returns NaN when P is 0 or 1.
 */
export function giniValue(x: ArrayLike<number>, t: ArrayLike<number>): number {
  const [X, T] = groupAndTotal(x, t);
  const P = X / T;
  const p = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) p[i] = t[i]! > 0 ? x[i]! / t[i]! : 0;
  return weightedAbsoluteDifferenceSum(p, t) / (2 * T * T * P * (1 - P));
}

/** Gini segregation index of a group against the rest (formula in {@link giniValue}). */
export function gini(
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: SegregationInputOptions,
): SingleGroupResult {
  const s = checkSingleGroupDefined(group, total, opts);
  return { value: giniValue(group, total), ...s };
}
