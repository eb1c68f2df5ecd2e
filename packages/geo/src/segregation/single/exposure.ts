import { checkSingleGroupDefined, type SegregationInputOptions, type SingleGroupResult } from '../input.js';
import { groupAndTotal } from './totals.js';

/**
 * Exposure (interaction) index xPy of the group to the rest (Bell 1954; Massey & Denton 1988),
 * pure formula: xPy = Σᵢ (xᵢ/X)(yᵢ/tᵢ), yᵢ = tᵢ − xᵢ. Equals 1 − xPx. Areas with tᵢ = 0 contribute
 * nothing. Equals PySAL `segregation.singlegroup.Exposure` / `Interaction` with the rest as y.
 */
export function exposureValue(x: ArrayLike<number>, t: ArrayLike<number>): number {
  const [X] = groupAndTotal(x, t);
  let s = 0;
  for (let i = 0; i < t.length; i++) {
    const ti = t[i]!;
    if (!(ti > 0)) continue;
    const xi = x[i]!;
    s += (xi / X) * ((ti - xi) / ti);
  }
  return s;
}

/** Exposure index xPy of a group to the rest (formula in {@link exposureValue}). */
export function exposure(
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: SegregationInputOptions,
): SingleGroupResult {
  const s = checkSingleGroupDefined(group, total, opts);
  return { value: exposureValue(group, total), ...s };
}
