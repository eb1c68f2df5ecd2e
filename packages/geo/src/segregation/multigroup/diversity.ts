import {
  checkMultiGroup,
  type GroupTable,
  type MultiGroupResult,
  type SegregationInputOptions,
} from '../input.js';
import { entropyOf, interactionOf, marginals } from './marginals.js';

/**
 * Simpson's interaction index (Simpson 1949; Reardon & Firebaugh 2002): I = Σ_m π_m (1 − π_m), the
 * chance two people drawn at random belong to different groups. Equals PySAL `SimpsonsInteraction`.
 */
export function simpsonsInteractionValue(counts: ArrayLike<number>, k: number): number {
  const { groupTotals, total } = marginals(counts, k);
  return interactionOf(groupTotals, total);
}

/** Simpson's concentration index λ = Σ_m π_m² = 1 − I. Equals PySAL `SimpsonsConcentration`. */
export function simpsonsConcentrationValue(counts: ArrayLike<number>, k: number): number {
  const { groupTotals, total } = marginals(counts, k);
  let s = 0;
  for (let m = 0; m < k; m++) {
    const p = groupTotals[m]! / total;
    s += p * p;
  }
  return s;
}

/**
 * Diversity (Theil's entropy of the group marginals; Reardon & Firebaugh 2002):
 * E = −Σ_m π_m ln π_m (natural log); with `normalized`, E / ln K (K = number of groups, as PySAL
 * `MultiDiversity(normalized=True)`).
 */
export function diversityValue(counts: ArrayLike<number>, k: number, normalized = false): number {
  const { groupTotals, total } = marginals(counts, k);
  const e = entropyOf(groupTotals, total);
  if (!normalized) return e;
  return k > 1 ? e / Math.log(k) : 0;
}

/** Simpson's interaction of a validated table (formula in {@link simpsonsInteractionValue}). */
export function simpsonsInteraction(table: GroupTable, opts?: SegregationInputOptions): MultiGroupResult {
  const s = checkMultiGroup(table, opts);
  return { value: simpsonsInteractionValue(table.counts, table.k), ...s };
}

/** Simpson's concentration of a validated table (formula in {@link simpsonsConcentrationValue}). */
export function simpsonsConcentration(table: GroupTable, opts?: SegregationInputOptions): MultiGroupResult {
  const s = checkMultiGroup(table, opts);
  return { value: simpsonsConcentrationValue(table.counts, table.k), ...s };
}

/** Diversity E of a validated table, optionally normalised by ln K (see {@link diversityValue}). */
export function diversity(
  table: GroupTable,
  opts?: SegregationInputOptions & { normalized?: boolean },
): MultiGroupResult {
  const s = checkMultiGroup(table, opts);
  return { value: diversityValue(table.counts, table.k, opts?.normalized ?? false), ...s };
}
