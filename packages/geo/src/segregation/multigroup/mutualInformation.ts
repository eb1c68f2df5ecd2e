import {
  checkMultiGroupDefined,
  type GroupTable,
  type MultiGroupResult,
  type SegregationInputOptions,
} from '../input.js';
import { entropyOf, marginals } from './marginals.js';

/**
 * Mutual information index M (Theil & Finizza 1971; Mora & Ruiz-Castillo 2011; Elbers 2023), pure
 * formula: M = Σᵢ Σ_m p_im ln(p_im / (p_i· p_·m)) with p_im = x_im / T (natural log, 0 ln 0 = 0).
 * Equals elbersb/segregation `mutual_total()` M, and PySAL `MultiDivergence` (Roberto 2015), which is
 * the same quantity written as Σᵢ (tᵢ/T) Σ_m π_im ln(π_im/π_m).
 */
export function mutualInformationValue(counts: ArrayLike<number>, k: number): number {
  const { rowTotals, groupTotals, total } = marginals(counts, k);
  let s = 0;
  for (let i = 0, o = 0; i < rowTotals.length; i++, o += k) {
    const ti = rowTotals[i]!;
    if (!(ti > 0)) continue;
    for (let m = 0; m < k; m++) {
      const v = counts[o + m]!;
      if (v > 0) s += v * Math.log((v * total) / (ti * groupTotals[m]!));
    }
  }
  return s / total;
}

/**
 * Information theory index H (Theil 1972; Reardon & Firebaugh 2002) = M / E, E = −Σ π_m ln π_m.
 * Equals PySAL `MultiInfoTheory` (Σ tᵢ(E − Eᵢ)/(E T)) and elbersb's H.
 */
export function informationTheoryValue(counts: ArrayLike<number>, k: number): number {
  const { groupTotals, total } = marginals(counts, k);
  return mutualInformationValue(counts, k) / entropyOf(groupTotals, total);
}

/** Divergence index (Roberto 2015) = Σᵢ (tᵢ/T) Σ_m π_im ln(π_im/π_m); identical to M. */
export const divergenceValue: (counts: ArrayLike<number>, k: number) => number = mutualInformationValue;

/** Mutual information M of a validated table (formula in {@link mutualInformationValue}). */
export function mutualInformation(table: GroupTable, opts?: SegregationInputOptions): MultiGroupResult {
  const s = checkMultiGroupDefined(table, opts);
  return { value: mutualInformationValue(table.counts, table.k), ...s };
}

/** Information theory index H = M/E of a validated table (see {@link informationTheoryValue}). */
export function informationTheory(table: GroupTable, opts?: SegregationInputOptions): MultiGroupResult {
  const s = checkMultiGroupDefined(table, opts);
  return { value: informationTheoryValue(table.counts, table.k), ...s };
}

/** Divergence index of a validated table (equals M; see {@link divergenceValue}). */
export function divergence(table: GroupTable, opts?: SegregationInputOptions): MultiGroupResult {
  const s = checkMultiGroupDefined(table, opts);
  return { value: mutualInformationValue(table.counts, table.k), ...s };
}

/** M split by clusters of areas (e.g. schools within states, LSOAs within councils). */
export interface MutualInformationWithin {
  /** M over all areas. */
  total: number;
  /** M between clusters: M of the cluster × group table. */
  between: number;
  /** M within clusters: Σ_c p_c M_c, p_c the cluster's population share. total = between + within. */
  within: number;
  /** Each cluster's own M_c, by cluster index. */
  withinByCluster: Float64Array;
  /** Each cluster's population share p_c. */
  clusterShares: Float64Array;
  /** H versions: each M divided by the entropy E of the overall group marginals (elbersb's convention). */
  hTotal: number;
  hBetween: number;
  hWithin: number;
}

/**
 * Decomposes M into between- and within-cluster parts (Theil 1972; Elbers `mutual_total(within=)`):
 * M = M_between + Σ_c p_c M_c. `cluster[i]` is the 0-based cluster index of area i.
 */
export function mutualInformationWithin(
  table: GroupTable,
  cluster: ArrayLike<number>,
  opts?: SegregationInputOptions,
): MutualInformationWithin {
  const summary = checkMultiGroupDefined(table, opts);
  const { counts, k } = table;
  const n = summary.areas;
  let nc = 0;
  for (let i = 0; i < n; i++) nc = Math.max(nc, cluster[i]! + 1);
  const between = new Float64Array(nc * k);
  for (let i = 0; i < n; i++) {
    const c = cluster[i]!;
    for (let m = 0; m < k; m++) between[c * k + m] = between[c * k + m]! + counts[i * k + m]!;
  }
  const { rowTotals: clusterTotals } = marginals(between, k);
  // M_c with one pass per cluster over its own rows.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => cluster[a]! - cluster[b]!);
  const withinByCluster = new Float64Array(nc);
  const clusterShares = new Float64Array(nc);
  let start = 0;
  while (start < n) {
    const c = cluster[order[start]!]!;
    let end = start;
    while (end < n && cluster[order[end]!] === c) end++;
    const sub = new Float64Array((end - start) * k);
    for (let r = start; r < end; r++) {
      const i = order[r]!;
      for (let m = 0; m < k; m++) sub[(r - start) * k + m] = counts[i * k + m]!;
    }
    withinByCluster[c] = clusterTotals[c]! > 0 ? mutualInformationValue(sub, k) : 0;
    start = end;
  }
  let within = 0;
  for (let c = 0; c < nc; c++) {
    clusterShares[c] = clusterTotals[c]! / summary.populationTotal;
    within += clusterShares[c]! * withinByCluster[c]!;
  }
  const total = mutualInformationValue(counts, k);
  const b = mutualInformationValue(between, k);
  const E = entropyOf(summary.groupTotals, summary.populationTotal);
  return {
    total,
    between: b,
    within,
    withinByCluster,
    clusterShares,
    hTotal: total / E,
    hBetween: b / E,
    hWithin: within / E,
  };
}
