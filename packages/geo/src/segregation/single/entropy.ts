import { checkSingleGroupDefined, type SegregationInputOptions, type SingleGroupResult } from '../input.js';
import { groupAndTotal } from './totals.js';

/** Binary entropy −p ln p − (1−p) ln(1−p) with 0 ln 0 = 0 (natural log). */
export function binaryEntropy(p: number): number {
  let e = 0;
  if (p > 0) e -= p * Math.log(p);
  if (p < 1) e -= (1 - p) * Math.log(1 - p);
  return e;
}

/**
 * Theil's entropy index H (information theory index; Theil 1972, Massey & Denton 1988), pure
 * formula: H = Σᵢ tᵢ (E − Eᵢ) / (E T), E = −P ln P − (1−P) ln(1−P), Eᵢ the same for pᵢ = xᵢ/tᵢ.
 * Natural logs, 0 ln 0 = 0 (the base cancels). Equals PySAL `segregation.singlegroup.Entropy`
 * and elbersb's H for two groups. Areas with tᵢ = 0 contribute nothing.
 */
export function entropyValue(x: ArrayLike<number>, t: ArrayLike<number>): number {
  const [X, T] = groupAndTotal(x, t);
  const E = binaryEntropy(X / T);
  let s = 0;
  for (let i = 0; i < t.length; i++) {
    const ti = t[i]!;
    if (!(ti > 0)) continue;
    s += ti * (E - binaryEntropy(x[i]! / ti));
  }
  return s / (E * T);
}

/** Theil's entropy index H of a group against the rest (formula in {@link entropyValue}). */
export function entropy(
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: SegregationInputOptions,
): SingleGroupResult {
  const s = checkSingleGroupDefined(group, total, opts);
  return { value: entropyValue(group, total), ...s };
}
