import { checkSingleGroupDefined, type SegregationInputOptions, type SingleGroupResult } from '../input.js';
import { groupAndRest } from './totals.js';

/**
 * Index of dissimilarity (Duncan & Duncan 1955), pure formula:
 * D = ½ Σᵢ |xᵢ/X − yᵢ/Y| with yᵢ = tᵢ − xᵢ ("the rest", everyone not in the group), X = Σx, Y = Σy.
 * Areas with tᵢ = 0 contribute nothing. Matches PySAL `segregation.singlegroup.Dissim` and
 * elbersb/segregation `dissimilarity()`. No validation: use {@link dissimilarity} for raw input.
 * Returns NaN when X = 0 or Y = 0.
 */
export function dissimilarityValue(x: ArrayLike<number>, t: ArrayLike<number>): number {
  const [X, Y] = groupAndRest(x, t);
  let s = 0;
  for (let i = 0; i < t.length; i++) {
    const ti = t[i]!;
    if (!(ti > 0)) continue;
    const xi = x[i]!;
    s += Math.abs(xi / X - (ti - xi) / Y);
  }
  return 0.5 * s;
}

/**
 * Index of dissimilarity D of a group against the rest of the population (see
 * {@link dissimilarityValue} for the formula). Validates the counts (typed CohesionError naming the
 * row) and reports totals and the zero-population rows it dropped.
 *
 * @param group people of the group in each area
 * @param total total population of each area (≥ group)
 */
export function dissimilarity(
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: SegregationInputOptions,
): SingleGroupResult {
  const s = checkSingleGroupDefined(group, total, opts);
  return { value: dissimilarityValue(group, total), ...s };
}
