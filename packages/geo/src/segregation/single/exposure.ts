import { checkSingleGroupDefined, type SegregationInputOptions, type SingleGroupResult } from '../input.js';
import { pStarValue } from './isolation.js';

/**
 * Exposure (interaction) index xPy of the group to the rest (Bell 1954; Massey & Denton 1988),
 * pure formula: xPy = Σᵢ (xᵢ/X)(yᵢ/tᵢ), yᵢ = tᵢ − xᵢ. Equals 1 − xPx. Areas with tᵢ = 0 contribute
 * nothing. Equals PySAL `segregation.singlegroup.Exposure` / `Interaction` with the rest as y.
 */
export function exposureValue(x: ArrayLike<number>, t: ArrayLike<number>): number {
  return pStarValue(x, t, true);
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
