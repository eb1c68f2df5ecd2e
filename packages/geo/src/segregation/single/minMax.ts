import { checkSingleGroupDefined, type SegregationInputOptions, type SingleGroupResult } from '../input.js';
import { groupAndRest } from './totals.js';

/**
 * MinMax index (O'Sullivan & Wong 2007), aspatial form, pure formula:
 * MM = 1 − Σᵢ min(xᵢ/X, yᵢ/Y) / Σᵢ max(xᵢ/X, yᵢ/Y), yᵢ = tᵢ − xᵢ. Equals 2D / (1 + D).
 * Equals PySAL `segregation.singlegroup.MinMax` without a kernel.
 */
export function minMaxValue(x: ArrayLike<number>, t: ArrayLike<number>): number {
  const [X, Y] = groupAndRest(x, t);
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < t.length; i++) {
    const ti = t[i]!;
    if (!(ti > 0)) continue;
    const a = x[i]! / X;
    const c = (ti - x[i]!) / Y;
    if (a < c) {
      lo += a;
      hi += c;
    } else {
      lo += c;
      hi += a;
    }
  }
  return 1 - lo / hi;
}

/** MinMax index of a group (formula in {@link minMaxValue}). */
export function minMax(
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: SegregationInputOptions,
): SingleGroupResult {
  const s = checkSingleGroupDefined(group, total, opts);
  return { value: minMaxValue(group, total), ...s };
}
