import {
  checkMultiGroupDefined,
  type GroupTable,
  type MultiGroupResult,
  type SegregationInputOptions,
} from '../input.js';
import { interactionOf, marginals } from './marginals.js';

/**
 * Multigroup dissimilarity (Morgan 1975; Sakoda 1981; Reardon & Firebaugh 2002), pure formula
 * over a row-major n × k table: D = Σᵢ Σ_m tᵢ |π_im − π_m| / (2 T I), I = Σ_m π_m(1 − π_m),
 * tᵢ = row sum. Equals PySAL `MultiDissim`; for k = 2 it is Duncan's D. Empty areas contribute
 * nothing.
 */
export function multiDissimilarityValue(counts: ArrayLike<number>, k: number): number {
  const { rowTotals, groupTotals, total } = marginals(counts, k);
  const I = interactionOf(groupTotals, total);
  let s = 0;
  for (let i = 0, o = 0; i < rowTotals.length; i++, o += k) {
    const ti = rowTotals[i]!;
    if (!(ti > 0)) continue;
    for (let m = 0; m < k; m++) s += Math.abs(counts[o + m]! - (ti * groupTotals[m]!) / total);
  }
  // Σ tᵢ|π_im − π_m| = Σ |x_im − tᵢ π_m|.
  return s / (2 * total * I);
}

/** Multigroup dissimilarity of a validated table (formula in {@link multiDissimilarityValue}). */
export function multiDissimilarity(table: GroupTable, opts?: SegregationInputOptions): MultiGroupResult {
  const s = checkMultiGroupDefined(table, opts);
  return { value: multiDissimilarityValue(table.counts, table.k), ...s };
}
