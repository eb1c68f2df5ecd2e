import {
  checkMultiGroupDefined,
  type GroupTable,
  type MultiGroupResult,
  type SegregationInputOptions,
} from '../input.js';
import { weightedAbsoluteDifferenceSum } from '../single/gini.js';
import { interactionOf, marginals } from './marginals.js';

/**
 * Multigroup Gini (Reardon & Firebaugh 2002), pure formula:
 * G = Σ_m Σᵢ Σⱼ tᵢ tⱼ |π_im − π_jm| / (2 T² I), I = Σ_m π_m(1 − π_m). Equals PySAL `MultiGini`;
 * computed by sorting each group's shares (O(k n log n)). Empty areas contribute nothing.
 */
export function multiGiniValue(counts: ArrayLike<number>, k: number): number {
  const { rowTotals, groupTotals, total } = marginals(counts, k);
  const I = interactionOf(groupTotals, total);
  const n = rowTotals.length;
  const share = new Float64Array(n);
  let s = 0;
  for (let m = 0; m < k; m++) {
    for (let i = 0; i < n; i++) share[i] = rowTotals[i]! > 0 ? counts[i * k + m]! / rowTotals[i]! : 0;
    s += weightedAbsoluteDifferenceSum(share, rowTotals);
  }
  return s / (2 * total * total * I);
}

/** Multigroup Gini of a validated table (formula in {@link multiGiniValue}). */
export function multiGini(table: GroupTable, opts?: SegregationInputOptions): MultiGroupResult {
  const s = checkMultiGroupDefined(table, opts);
  return { value: multiGiniValue(table.counts, table.k), ...s };
}
