import {
  checkMultiGroupDefined,
  type GroupTable,
  type MultiGroupResult,
  type SegregationInputOptions,
} from '../input.js';
import { interactionOf, marginals } from './marginals.js';

/** Σᵢ tᵢ (π_im − π_m)² for each group m (groups with X_m = 0 give 0). */
function squaredDeviations(counts: ArrayLike<number>, k: number) {
  const mg = marginals(counts, k);
  const { rowTotals, groupTotals, total } = mg;
  const dev = new Float64Array(k);
  for (let i = 0, o = 0; i < rowTotals.length; i++, o += k) {
    const ti = rowTotals[i]!;
    if (!(ti > 0)) continue;
    for (let m = 0; m < k; m++) {
      const d = counts[o + m]! / ti - groupTotals[m]! / total;
      dev[m] = dev[m]! + ti * d * d;
    }
  }
  return { ...mg, dev };
}

/**
 * Normalised exposure P* (James 1986; Reardon & Firebaugh 2002), pure formula:
 * NE = Σ_m Σᵢ tᵢ (π_im − π_m)² / ((1 − π_m) T). Equals PySAL `MultiNormExposure`.
 */
export function normalizedExposureValue(counts: ArrayLike<number>, k: number): number {
  const { dev, groupTotals, total } = squaredDeviations(counts, k);
  let s = 0;
  for (let m = 0; m < k; m++) {
    const p = groupTotals[m]! / total;
    if (p > 0 && p < 1) s += dev[m]! / (1 - p);
  }
  return s / total;
}

/**
 * Relative diversity (Carlson 1992; Reardon & Firebaugh 2002), pure formula:
 * RD = Σ_m Σᵢ tᵢ (π_im − π_m)² / (T I), I = Σ π_m(1 − π_m). Equals PySAL `MultiRelativeDiversity`.
 */
export function relativeDiversityValue(counts: ArrayLike<number>, k: number): number {
  const { dev, groupTotals, total } = squaredDeviations(counts, k);
  let s = 0;
  for (let m = 0; m < k; m++) s += dev[m]!;
  return s / (total * interactionOf(groupTotals, total));
}

/**
 * Squared coefficient of variation (Reardon & Firebaugh 2002), pure formula:
 * C = Σ_m Σᵢ tᵢ (π_im − π_m)² / (T (K − 1) π_m), K = number of groups with members (groups with
 * X_m = 0 are dropped rather than dividing by π_m = 0). Equals PySAL `MultiSquaredCoefVar` when
 * every group has members.
 */
export function squaredCoefficientOfVariationValue(counts: ArrayLike<number>, k: number): number {
  const { dev, groupTotals, total, groupsPresent } = squaredDeviations(counts, k);
  let s = 0;
  for (let m = 0; m < k; m++) {
    const p = groupTotals[m]! / total;
    if (p > 0) s += dev[m]! / p;
  }
  return s / (total * (groupsPresent - 1));
}

/** Normalised exposure of a validated table (formula in {@link normalizedExposureValue}). */
export function normalizedExposure(table: GroupTable, opts?: SegregationInputOptions): MultiGroupResult {
  const s = checkMultiGroupDefined(table, opts);
  return { value: normalizedExposureValue(table.counts, table.k), ...s };
}

/** Relative diversity of a validated table (formula in {@link relativeDiversityValue}). */
export function relativeDiversity(table: GroupTable, opts?: SegregationInputOptions): MultiGroupResult {
  const s = checkMultiGroupDefined(table, opts);
  return { value: relativeDiversityValue(table.counts, table.k), ...s };
}

/** Squared coefficient of variation of a validated table (see {@link squaredCoefficientOfVariationValue}). */
export function squaredCoefficientOfVariation(
  table: GroupTable,
  opts?: SegregationInputOptions,
): MultiGroupResult {
  const s = checkMultiGroupDefined(table, opts);
  return { value: squaredCoefficientOfVariationValue(table.counts, table.k), ...s };
}
