import { checkSingleGroupDefined, type SegregationInputOptions, type SingleGroupResult } from '../input.js';
import { groupAndTotal } from './totals.js';

/**
 * Isolation index xPx (Bell 1954; Massey & Denton 1988), pure formula:
 * xPx = Σᵢ (xᵢ/X)(xᵢ/tᵢ) — the share of the group in the area of the average group member.
 * Areas with tᵢ = 0 contribute nothing. Equals PySAL `segregation.singlegroup.Isolation`.
 */
export function isolationValue(x: ArrayLike<number>, t: ArrayLike<number>): number {
  return pStarValue(x, t, false);
}

/**
 * Bell's P* of the group to itself (isolation, `toRest` false) or to the rest (exposure):
 * Σᵢ (xᵢ/X)(zᵢ/tᵢ) with zᵢ = xᵢ or tᵢ − xᵢ, over areas with tᵢ > 0. One loop for both indices.
 */
export function pStarValue(x: ArrayLike<number>, t: ArrayLike<number>, toRest: boolean): number {
  const [X] = groupAndTotal(x, t);
  let s = 0;
  for (let i = 0; i < t.length; i++) {
    const ti = t[i]!;
    if (!(ti > 0)) continue;
    const xi = x[i]!;
    s += (xi / X) * ((toRest ? ti - xi : xi) / ti);
  }
  return s;
}

/** Isolation index xPx of a group (formula in {@link isolationValue}). */
export function isolation(
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: SegregationInputOptions,
): SingleGroupResult {
  const s = checkSingleGroupDefined(group, total, opts);
  return { value: isolationValue(group, total), ...s };
}
