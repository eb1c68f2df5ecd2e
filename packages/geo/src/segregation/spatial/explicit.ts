import { rowOrder } from '../../validate/align.js';
import { type SpatialWeights, transformWeights } from '../../weights/csr.js';
import type { SegregationInputOptions, SingleGroupResult } from '../input.js';
import { dissimilarityValue } from '../single/dissimilarity.js';
import { countsInAreaOrder, requirePositiveAreas, type SpatialAreas } from './areas.js';
import { sharedBoundaryWeights } from './boundary.js';

// Spatially explicit single-group indices (Massey & Denton's dimensions, PySAL `segregation`):
// the dissimilarity family, delta and concentration here; centralisation, distance decay and the
// proximity profile in their own modules.

/**
 * Σ c_ij |p_i − p_j| and Σ c_ij over the links of `w` between two populated areas (pᵢ = xᵢ/tᵢ).
 * Links touching an area with tᵢ = 0 are left out of both sums (PySAL would count such an area as
 * pᵢ = 0, i.e. as if it were all "rest"; we do not make up a composition for an empty area).
 */
function linkContrast(
  w: SpatialWeights,
  x: ArrayLike<number>,
  t: ArrayLike<number>,
  factor?: (i: number, j: number) => number,
): [number, number] {
  let num = 0;
  let den = 0;
  for (let i = 0; i < w.n; i++) {
    const ti = t[i]!;
    if (!(ti > 0)) continue;
    const pi = x[i]! / ti;
    for (let q = w.offsets[i]!; q < w.offsets[i + 1]!; q++) {
      const j = w.neighbors[q]!;
      const tj = t[j]!;
      if (!(tj > 0)) continue;
      const c = w.weights[q]! * (factor ? factor(i, j) : 1);
      num += c * Math.abs(pi - x[j]! / tj);
      den += w.weights[q]!;
    }
  }
  return [num, den];
}

/**
 * Morrill's adjusted dissimilarity D(adj) (Morrill 1991), PySAL `SpatialDissim`:
 * D(adj) = D − Σᵢ Σⱼ c_ij |pᵢ − pⱼ| / Σᵢ Σⱼ c_ij, with c_ij the spatial weights (binary queen
 * contiguity in PySAL's default; row-standardised when `standardize`, as R `seg`). Lower than D
 * when neighbouring areas differ in composition (a chequerboard), equal to D when they do not.
 * Build `w` with `queenWeights` (weights module). Links touching a zero-population area are left
 * out (see docs).
 * Row order: counts in the areas' order, else checked or matched by code via `ids` / `reorder`.
 */
export function spatialDissimilarity(
  w: SpatialWeights,
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: SegregationInputOptions & { standardize?: boolean },
): SingleGroupResult {
  const { x, t, s } = countsInAreaOrder(w, group, total, opts);
  const ww = opts?.standardize ? transformWeights(w, 'R') : w;
  const [num, den] = linkContrast(ww, x, t);
  const D = dissimilarityValue(x, t);
  return { value: den > 0 ? D - num / den : D, ...s };
}

/** Options of the boundary-based dissimilarity indices. */
export interface BoundaryDissimilarityOptions extends SegregationInputOptions {
  /** Row-standardise (D(w)) or sum-standardise (D(s)) the boundary lengths; default true (PySAL). */
  standardize?: boolean;
  /**
   * Precomputed {@link sharedBoundaryWeights}; computed from the areas when omitted. Their ids must
   * be the areas' ids in order (`ORDER_MISMATCH` / `UNMATCHED_CODE` otherwise).
   */
  boundary?: SpatialWeights;
}

/**
 * The start of both boundary indices: the counts in area order (validated); with `positiveAreasFor`,
 * the check that every area has a positive land area (named for that index); then the
 * shared-boundary weights of `opts.boundary` (checked to be in the areas' order) or of the areas.
 */
function boundaryInputs(
  a: SpatialAreas,
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts: BoundaryDissimilarityOptions | undefined,
  positiveAreasFor?: string,
) {
  const { x, t, s } = countsInAreaOrder(a, group, total, opts);
  if (positiveAreasFor) requirePositiveAreas(a, positiveAreasFor);
  const w = opts?.boundary ?? sharedBoundaryWeights(a);
  rowOrder(a.ids, { ids: w.ids }, { what: 'boundary weights' });
  return { x, t, s, w };
}

/**
 * Wong's boundary spatial dissimilarity D(w) (Wong 1993; Hong, O'Sullivan & Sadahiro 2014), PySAL
 * `BoundarySpatialDissim`: D(w) = D − Σᵢ Σⱼ c_ij |pᵢ − pⱼ| / Σ c_ij with c_ij the length of the
 * boundary shared by i and j ({@link sharedBoundaryWeights}), row-standardised by default.
 * Row order: counts in the areas' order, else checked or matched by code via `ids` / `reorder`.
 */
export function boundarySpatialDissimilarity(
  a: SpatialAreas,
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: BoundaryDissimilarityOptions,
): SingleGroupResult {
  const { x, t, s, w } = boundaryInputs(a, group, total, opts);
  const ww = (opts?.standardize ?? true) ? transformWeights(w, 'R') : w;
  const [num, den] = linkContrast(ww, x, t);
  const D = dissimilarityValue(x, t);
  return { value: den > 0 ? D - num / den : D, ...s };
}

/**
 * Wong's perimeter/area-ratio spatial dissimilarity D(s) (Wong 1993), in the corrected form of
 * Tivadar (2019, OasisR appendix) that PySAL `PARDissim` follows:
 * D(s) = D − Σᵢ Σⱼ c_ij |pᵢ − pⱼ| (PAᵢ + PAⱼ) / (2 max PA), c_ij = shared boundary length divided
 * by the total of all shared lengths (`standardize`, default) and PAᵢ = perimeterᵢ / areaᵢ (1/m).
 * Row order: counts in the areas' order, else checked or matched by code via `ids` / `reorder`.
 */
export function perimeterAreaRatioDissimilarity(
  a: SpatialAreas,
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: BoundaryDissimilarityOptions,
): SingleGroupResult {
  const { x, t, s, w } = boundaryInputs(a, group, total, opts, 'perimeter/area-ratio dissimilarity');
  let sum = 0;
  if (opts?.standardize ?? true) for (let q = 0; q < w.weights.length; q++) sum += w.weights[q]!;
  else sum = 1;
  const pa = new Float64Array(a.n);
  let maxPa = 0;
  for (let i = 0; i < a.n; i++) {
    pa[i] = a.perimeters[i]! / a.areas[i]!;
    maxPa = Math.max(maxPa, pa[i]!);
  }
  const [num] = linkContrast(w, x, t, (i, j) => (pa[i]! + pa[j]!) / sum);
  return { value: dissimilarityValue(x, t) - num / (2 * maxPa), ...s };
}

/**
 * Delta index (Hoover 1941; Massey & Denton 1988), PySAL `Delta`:
 * Δ = ½ Σᵢ |xᵢ/X − aᵢ/A| — the share of the group that would have to move to have a uniform
 * density over the land. Every area counts in A, including unpopulated ones.
 * Row order: counts in the areas' order, else checked or matched by code via `ids` / `reorder`.
 */
export function deltaIndex(
  a: SpatialAreas,
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: SegregationInputOptions,
): SingleGroupResult {
  const { x, s } = countsInAreaOrder(a, group, total, opts);
  requirePositiveAreas(a, 'deltaIndex');
  let A = 0;
  for (let i = 0; i < a.n; i++) A += a.areas[i]!;
  let d = 0;
  for (let i = 0; i < a.n; i++) d += Math.abs(x[i]! / s.groupTotal - a.areas[i]! / A);
  return { value: 0.5 * d, ...s };
}

/** Indices of the areas sorted by area, ascending (ties by feature order). */
function byArea(a: SpatialAreas): Int32Array {
  const idx = Int32Array.from({ length: a.n }, (_, i) => i);
  return idx.sort((p, q) => a.areas[p]! - a.areas[q]! || p - q);
}

/**
 * n₁ (count of the smallest areas whose cumulative population first reaches X) and n₂ (the same
 * from the largest areas), as in PySAL (issue #43 there) and Massey & Denton (1988): their
 * populations T₁, T₂ and their Σ tᵢaᵢ (`low`, `high`).
 */
function concentrationSplit(
  order: Int32Array,
  t: ArrayLike<number>,
  areas: ArrayLike<number>,
  X: number,
  T: number,
) {
  const n = order.length;
  let acc = 0;
  let n1 = n;
  for (let r = 0; r < n; r++) {
    acc += t[order[r]!]!;
    if (!(acc / T < X / T)) {
      n1 = r + 1;
      break;
    }
  }
  acc = 0;
  let n2aux = n;
  for (let r = n - 1; r >= 0; r--) {
    acc += t[order[r]!]!;
    if (!(acc / T < X / T)) {
      n2aux = n - r;
      break;
    }
  }
  let T1 = 0;
  for (let r = 0; r < n1; r++) T1 += t[order[r]!]!;
  let T2 = 0;
  for (let r = n - n2aux; r < n; r++) T2 += t[order[r]!]!;
  const n2 = n - n2aux;
  // Σ tᵢaᵢ over the n₁ smallest areas and over the areas from n₂ on (the largest).
  let low = 0;
  let high = 0;
  for (let r = 0; r < n1; r++) low += t[order[r]!]! * areas[order[r]!]!;
  for (let r = n2; r < n; r++) high += t[order[r]!]! * areas[order[r]!]!;
  return { T1, T2, low, high };
}

/**
 * The counts in area order (validated), the check that every area has a positive land area, and the
 * {@link concentrationSplit} of the areas sorted from smallest to largest: the start of both
 * concentration indices.
 */
function concentrationInputs(
  a: SpatialAreas,
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts: SegregationInputOptions | undefined,
  what: string,
) {
  const { x, t, s } = countsInAreaOrder(a, group, total, opts);
  requirePositiveAreas(a, what);
  const split = concentrationSplit(byArea(a), t, a.areas, s.groupTotal, s.populationTotal);
  return { x, t, s, ...split };
}

/**
 * Relative concentration RCO (Massey & Denton 1988), PySAL `RelativeConcentration`, with areas
 * sorted from smallest to largest:
 * RCO = [(Σ xᵢaᵢ/X) / (Σ yᵢaᵢ/Y) − 1] / [(Σ_{i≤n₁} tᵢaᵢ/T₁) / (Σ_{i>n₂} tᵢaᵢ/T₂) − 1],
 * n₁ = number of smallest areas whose population first reaches X (T₁ their population), and the
 * n − n₂ largest areas likewise (T₂). Ranges −1..1; positive = the group occupies less land.
 * Row order: counts in the areas' order, else checked or matched by code via `ids` / `reorder`.
 */
export function relativeConcentration(
  a: SpatialAreas,
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: SegregationInputOptions,
): SingleGroupResult {
  const { x, t, s, T1, T2, low, high } = concentrationInputs(a, group, total, opts, 'relative concentration');
  const X = s.groupTotal;
  const Y = s.populationTotal - X;
  let xa = 0;
  let ya = 0;
  for (let i = 0; i < a.n; i++) {
    xa += (x[i]! * a.areas[i]!) / X;
    ya += ((t[i]! - x[i]!) * a.areas[i]!) / Y;
  }
  return { value: (xa / ya - 1) / (low / T1 / (high / T2) - 1), ...s };
}

/**
 * Absolute concentration ACO (Massey & Denton 1988), PySAL `AbsoluteConcentration`, with the same
 * n₁, n₂, T₁, T₂ as {@link relativeConcentration}:
 * ACO = 1 − [Σ xᵢaᵢ/X − Σ_{i≤n₁} tᵢaᵢ/T₁] / [Σ_{i>n₂} tᵢaᵢ/T₂ − Σ_{i≤n₁} tᵢaᵢ/T₁]. 0..1.
 * Row order: counts in the areas' order, else checked or matched by code via `ids` / `reorder`.
 */
export function absoluteConcentration(
  a: SpatialAreas,
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: SegregationInputOptions,
): SingleGroupResult {
  const { x, s, T1, T2, low, high } = concentrationInputs(a, group, total, opts, 'absolute concentration');
  const X = s.groupTotal;
  let xa = 0;
  for (let i = 0; i < a.n; i++) xa += (x[i]! * a.areas[i]!) / X;
  return { value: 1 - (xa - low / T1) / (high / T2 - low / T1), ...s };
}

// The rest of the explicit family, one module each; re-exported so `explicit.js` stays the entry.
export * from './centralization.js';
export * from './decay.js';
export * from './proximityProfile.js';
