import KDBush from 'kdbush';
import { CohesionError } from '../../errors.js';
import { lonLatToBng } from '../../geography/crs.js';
import { median } from '../../stats/summary.js';
import { inAreaOrder } from '../../validate/align.js';
import { type SpatialWeights, transformWeights } from '../../weights/csr.js';
import { checkSingleGroupDefined, type SegregationInputOptions, type SingleGroupResult } from '../input.js';
import { dissimilarityValue } from '../single/dissimilarity.js';
import { requireAligned, requirePositiveAreas, type SpatialAreas } from './areas.js';
import { sharedBoundaryWeights } from './boundary.js';

/** Validates counts against the areas (LENGTH_MISMATCH) and the usual count checks. */
function check(
  a: { n: number; ids: readonly string[] },
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: SegregationInputOptions,
) {
  requireAligned(a, group, 'group');
  requireAligned(a, total, 'total');
  return checkSingleGroupDefined(group, total, { ids: a.ids, ...opts });
}

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
  ({
    columns: [group, total],
    options: opts,
  } = inAreaOrder(w.ids, opts, [group, total]));
  const s = check(w, group, total, opts);
  const ww = opts?.standardize ? transformWeights(w, 'R') : w;
  const [num, den] = linkContrast(ww, group, total);
  const D = dissimilarityValue(group, total);
  return { value: den > 0 ? D - num / den : D, ...s };
}

/** Options of the boundary-based dissimilarity indices. */
export interface BoundaryDissimilarityOptions extends SegregationInputOptions {
  /** Row-standardise (D(w)) or sum-standardise (D(s)) the boundary lengths; default true (PySAL). */
  standardize?: boolean;
  /** Precomputed {@link sharedBoundaryWeights}; computed from the areas when omitted. */
  boundary?: SpatialWeights;
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
  ({
    columns: [group, total],
    options: opts,
  } = inAreaOrder(a.ids, opts, [group, total]));
  const s = check(a, group, total, opts);
  let w = opts?.boundary ?? sharedBoundaryWeights(a);
  if (opts?.standardize ?? true) w = transformWeights(w, 'R');
  const [num, den] = linkContrast(w, group, total);
  const D = dissimilarityValue(group, total);
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
  ({
    columns: [group, total],
    options: opts,
  } = inAreaOrder(a.ids, opts, [group, total]));
  const s = check(a, group, total, opts);
  requirePositiveAreas(a, 'perimeter/area-ratio dissimilarity');
  const w = opts?.boundary ?? sharedBoundaryWeights(a);
  let sum = 0;
  if (opts?.standardize ?? true) for (let q = 0; q < w.weights.length; q++) sum += w.weights[q]!;
  else sum = 1;
  const pa = new Float64Array(a.n);
  let maxPa = 0;
  for (let i = 0; i < a.n; i++) {
    pa[i] = a.perimeters[i]! / a.areas[i]!;
    maxPa = Math.max(maxPa, pa[i]!);
  }
  const [num] = linkContrast(w, group, total, (i, j) => (pa[i]! + pa[j]!) / sum);
  return { value: dissimilarityValue(group, total) - num / (2 * maxPa), ...s };
}

/** Distance-decay options shared by the proximity, clustering and distance-decay indices. */
export interface DecayOptions extends SegregationInputOptions {
  /**
   * Distance unit of the negative-exponential proximity c_ij = exp(−d_ij / scale), in metres;
   * default 1000 (distances in km). Massey & Denton (1988) write exp(−d_ij) for d in their map unit.
   */
  scale?: number;
  /** Self-distance d_ii = (α aᵢ)^β (White 1983), aᵢ in scale² units; α default 0.6. */
  alpha?: number;
  /** β default 0.5. */
  beta?: number;
}

/** Per-area sums of the proximity c_ij = exp(−d_ij/scale) against x, rest, total and 1. */
export interface ProximitySums {
  /** Σⱼ c_ij xⱼ */
  sx: Float64Array;
  /** Σⱼ c_ij yⱼ, yⱼ = tⱼ − xⱼ */
  sy: Float64Array;
  /** Σⱼ c_ij tⱼ */
  st: Float64Array;
  /** Σⱼ c_ij */
  sc: Float64Array;
}

/** exp(−36) ≈ 2.3e−16: pairs further apart than 36 scale units add less than rounding error. */
const DECAY_CUTOFF = 36;

/**
 * The sums Σⱼ c_ij vⱼ that every distance-decay index needs, with c_ij = exp(−d_ij/scale) and
 * c_ii = exp(−(α aᵢ/scale²)^β). Pairs beyond 36 scale units (c < 2.3e−16) are skipped via a kdbush
 * radius query, so the cost is O(n · neighbours), not O(n²), for a short scale.
 * Row order: counts in the areas' order, else checked or matched by code via `ids` / `reorder`.
 */
export function proximitySums(
  a: SpatialAreas,
  x: ArrayLike<number>,
  t: ArrayLike<number>,
  opts?: DecayOptions,
): ProximitySums {
  ({
    columns: [x, t],
    options: opts,
  } = inAreaOrder(a.ids, opts, [x, t]));
  const scale = opts?.scale ?? 1000;
  const alpha = opts?.alpha ?? 0.6;
  const beta = opts?.beta ?? 0.5;
  for (const [name, v, min] of [
    ['scale', scale, 0],
    ['alpha', alpha, -1],
    ['beta', beta, -1],
  ] as const) {
    if (!(v > min) || !Number.isFinite(v)) {
      throw new CohesionError('INVALID_ARGUMENT', `${name} must be a finite number > ${min}, got ${v}`, {
        value: v,
      });
    }
  }
  const n = a.n;
  const sx = new Float64Array(n);
  const sy = new Float64Array(n);
  const st = new Float64Array(n);
  const sc = new Float64Array(n);
  // Each unordered pair once (c is symmetric): a plain loop when the cut-off covers every pair,
  // otherwise a kdbush radius query.
  const r = DECAY_CUTOFF * scale;
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    x0 = Math.min(x0, a.xs[i]!);
    x1 = Math.max(x1, a.xs[i]!);
    y0 = Math.min(y0, a.ys[i]!);
    y1 = Math.max(y1, a.ys[i]!);
  }
  const pair = (i: number, j: number, c: number) => {
    const xi = x[i]!;
    const ti = t[i]!;
    const xj = x[j]!;
    const tj = t[j]!;
    sx[i] = sx[i]! + c * xj;
    sy[i] = sy[i]! + c * (tj - xj);
    st[i] = st[i]! + c * tj;
    sc[i] = sc[i]! + c;
    if (j === i) return;
    sx[j] = sx[j]! + c * xi;
    sy[j] = sy[j]! + c * (ti - xi);
    st[j] = st[j]! + c * ti;
    sc[j] = sc[j]! + c;
  };
  for (let i = 0; i < n; i++) pair(i, i, Math.exp(-(((alpha * a.areas[i]!) / (scale * scale)) ** beta)));
  const everything = Math.hypot(x1 - x0, y1 - y0) <= r;
  const tree = everything ? undefined : new KDBush(n, 64, Float64Array);
  if (tree) {
    for (let i = 0; i < n; i++) tree.add(a.xs[i]!, a.ys[i]!);
    tree.finish();
  }
  for (let i = 0; i < n; i++) {
    const xi = a.xs[i]!;
    const yi = a.ys[i]!;
    if (tree) {
      for (const j of tree.within(xi, yi, r)) {
        if (j > i) pair(i, j, Math.exp(-Math.hypot(a.xs[j]! - xi, a.ys[j]! - yi) / scale));
      }
    } else {
      for (let j = i + 1; j < n; j++) pair(i, j, Math.exp(-Math.hypot(a.xs[j]! - xi, a.ys[j]! - yi) / scale));
    }
  }
  return { sx, sy, st, sc };
}

/** All the distance-decay indices from one pass of {@link proximitySums}. */
export interface DistanceDecayIndices {
  /** White's spatial proximity SP. */
  spatialProximity: number;
  /** Relative clustering RCL = Pxx/Pyy − 1. */
  relativeClustering: number;
  /** Absolute clustering ACL. */
  absoluteClustering: number;
  /** Distance-decay isolation DPxx. */
  distanceDecayIsolation: number;
  /** Distance-decay interaction DPxy (= 1 − DPxx). */
  distanceDecayInteraction: number;
  /** Average proximities Pxx, Pyy, Ptt. */
  pxx: number;
  pyy: number;
  ptt: number;
}

/**
 * Massey & Denton's (1988) distance-decay family from one set of proximity sums, with
 * c_ij = exp(−d_ij/scale) and d_ii = (α aᵢ)^β:
 * - Pxx = ΣᵢΣⱼ xᵢxⱼc_ij / X², Pyy likewise for y = t − x, Ptt for t;
 * - spatial proximity SP = (X Pxx + Y Pyy) / (T Ptt) (White 1983): 1 = no clustering, > 1 = groups
 *   live nearer their own members;
 * - relative clustering RCL = Pxx / Pyy − 1;
 * - absolute clustering ACL = [Σ (xᵢ/X) Σⱼ c_ij xⱼ − (X/n²) ΣΣ c_ij] / [Σ (xᵢ/X) Σⱼ c_ij tⱼ − (X/n²) ΣΣ c_ij];
 * - distance-decay isolation DPxx = Σᵢ (xᵢ/X) Σⱼ K_ij xⱼ/tⱼ, K_ij = c_ij tⱼ / Σⱼ c_ij tⱼ (Morgan 1983),
 *   and interaction DPxy with yⱼ/tⱼ.
 * PySAL's implementations differ (they use 1 − exp(−d) in CRS units and normalise K by columns);
 * we follow the published formulas — see docs/methods/spatial-segregation.md.
 * Row order: counts in the areas' order, else checked or matched by code via `ids` / `reorder`.
 */
export function distanceDecayIndices(
  a: SpatialAreas,
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: DecayOptions,
): DistanceDecayIndices & SingleGroupResult {
  ({
    columns: [group, total],
    options: opts,
  } = inAreaOrder(a.ids, opts, [group, total]));
  const s = check(a, group, total, opts);
  const { sx, sy, st, sc } = proximitySums(a, group, total, opts);
  const X = s.groupTotal;
  const T = s.populationTotal;
  const Y = T - X;
  let xx = 0;
  let yy = 0;
  let tt = 0;
  let cc = 0;
  let xt = 0;
  let dpxx = 0;
  let dpxy = 0;
  for (let i = 0; i < a.n; i++) {
    const xi = group[i]!;
    const ti = total[i]!;
    xx += xi * sx[i]!;
    yy += (ti - xi) * sy[i]!;
    tt += ti * st[i]!;
    xt += xi * st[i]!;
    cc += sc[i]!;
    if (xi > 0 && st[i]! > 0) {
      dpxx += (xi / X) * (sx[i]! / st[i]!);
      dpxy += (xi / X) * (sy[i]! / st[i]!);
    }
  }
  const pxx = xx / (X * X);
  const pyy = yy / (Y * Y);
  const ptt = tt / (T * T);
  const n = a.n;
  const e = (X / (n * n)) * cc;
  const sp = (X * pxx + Y * pyy) / (T * ptt);
  return {
    ...s,
    value: sp,
    spatialProximity: sp,
    relativeClustering: pxx / pyy - 1,
    absoluteClustering: (xx / X - e) / (xt / X - e),
    distanceDecayIsolation: dpxx,
    distanceDecayInteraction: dpxy,
    pxx,
    pyy,
    ptt,
  };
}

function pick(key: keyof DistanceDecayIndices) {
  return (
    a: SpatialAreas,
    group: ArrayLike<number>,
    total: ArrayLike<number>,
    opts?: DecayOptions,
  ): SingleGroupResult => {
    const r = distanceDecayIndices(a, group, total, opts);
    return {
      value: r[key],
      groupTotal: r.groupTotal,
      populationTotal: r.populationTotal,
      proportion: r.proportion,
      areasUsed: r.areasUsed,
      droppedAreas: r.droppedAreas,
    };
  };
}

/** White's spatial proximity index SP (see {@link distanceDecayIndices}); PySAL `SpatialProximity`. */
export const spatialProximity = pick('spatialProximity');
/** Massey & Denton's relative clustering RCL (see {@link distanceDecayIndices}); PySAL `RelativeClustering`. */
export const relativeClustering = pick('relativeClustering');
/** Massey & Denton's absolute clustering ACL (see {@link distanceDecayIndices}); PySAL `AbsoluteClustering`. */
export const absoluteClustering = pick('absoluteClustering');
/** Morgan's distance-decay isolation DPxx (see {@link distanceDecayIndices}); PySAL `DistanceDecayIsolation`. */
export const distanceDecayIsolation = pick('distanceDecayIsolation');
/** Morgan's distance-decay interaction DPxy (see {@link distanceDecayIndices}); PySAL `DistanceDecayInteraction`. */
export const distanceDecayInteraction = pick('distanceDecayInteraction');

/**
 * Delta index (Hoover 1941; Massey & Denton 1988), PySAL `Delta`:
 * Δ = ½ Σᵢ |xᵢ/X − aᵢ/A| — the share of the group that would have to move to have a uniform
 * density over the land. Every area counts in A, including unpopulated ones.
 * Row order: counts in the areas' order, else checked or matched by code via `ids` / `reorder`.
 */
export function delta(
  a: SpatialAreas,
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: SegregationInputOptions,
): SingleGroupResult {
  ({
    columns: [group, total],
    options: opts,
  } = inAreaOrder(a.ids, opts, [group, total]));
  const s = check(a, group, total, opts);
  requirePositiveAreas(a, 'delta');
  let A = 0;
  for (let i = 0; i < a.n; i++) A += a.areas[i]!;
  let d = 0;
  for (let i = 0; i < a.n; i++) d += Math.abs(group[i]! / s.groupTotal - a.areas[i]! / A);
  return { value: 0.5 * d, ...s };
}

/** Indices of the areas sorted by area, ascending (ties by feature order). */
function byArea(a: SpatialAreas): Int32Array {
  const idx = Int32Array.from({ length: a.n }, (_, i) => i);
  return idx.sort((p, q) => a.areas[p]! - a.areas[q]! || p - q);
}

/**
 * n₁ (count of the smallest areas whose cumulative population first reaches X) and n₂ (the same
 * from the largest areas), as in PySAL (issue #43 there) and Massey & Denton (1988).
 */
function concentrationSplit(order: Int32Array, t: ArrayLike<number>, X: number, T: number) {
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
  return { n1, n2: n - n2aux, T1, T2 };
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
  ({
    columns: [group, total],
    options: opts,
  } = inAreaOrder(a.ids, opts, [group, total]));
  const s = check(a, group, total, opts);
  requirePositiveAreas(a, 'relative concentration');
  const X = s.groupTotal;
  const T = s.populationTotal;
  const Y = T - X;
  const order = byArea(a);
  const { n1, n2, T1, T2 } = concentrationSplit(order, total, X, T);
  let xa = 0;
  let ya = 0;
  for (let i = 0; i < a.n; i++) {
    xa += (group[i]! * a.areas[i]!) / X;
    ya += ((total[i]! - group[i]!) * a.areas[i]!) / Y;
  }
  let low = 0;
  let high = 0;
  for (let r = 0; r < n1; r++) low += total[order[r]!]! * a.areas[order[r]!]!;
  for (let r = n2; r < a.n; r++) high += total[order[r]!]! * a.areas[order[r]!]!;
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
  ({
    columns: [group, total],
    options: opts,
  } = inAreaOrder(a.ids, opts, [group, total]));
  const s = check(a, group, total, opts);
  requirePositiveAreas(a, 'absolute concentration');
  const X = s.groupTotal;
  const order = byArea(a);
  const { n1, n2, T1, T2 } = concentrationSplit(order, total, X, s.populationTotal);
  let xa = 0;
  for (let i = 0; i < a.n; i++) xa += (group[i]! * a.areas[i]!) / X;
  let low = 0;
  let high = 0;
  for (let r = 0; r < n1; r++) low += total[order[r]!]! * a.areas[order[r]!]!;
  for (let r = n2; r < a.n; r++) high += total[order[r]!]! * a.areas[order[r]!]!;
  return { value: 1 - (xa - low / T1) / (high / T2 - low / T1), ...s };
}

/**
 * The centre for centralisation: `populationWeighted` (default; the population-weighted mean of
 * the area points), `mean`, `median` (coordinate-wise, as numpy), `largestPopulation` (the point of
 * the most populous area; ties averaged), a BNG point `{x, y}` in metres, or a WGS84 point
 * `{lon, lat}` (e.g. the town hall), projected to BNG.
 */
export type CentreSpec =
  | 'populationWeighted'
  | 'mean'
  | 'median'
  | 'largestPopulation'
  | { x: number; y: number }
  | { lon: number; lat: number };

/** Resolves a {@link CentreSpec} to BNG metres. Throws INVALID_ARGUMENT for a bad point. */
export function resolveCentre(
  a: { xs: Float64Array; ys: Float64Array; n: number },
  total: ArrayLike<number>,
  centre: CentreSpec = 'populationWeighted',
): [number, number] {
  if (typeof centre === 'object') {
    const p: [number, number] = 'lon' in centre ? lonLatToBng(centre.lon, centre.lat) : [centre.x, centre.y];
    if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      throw new CohesionError('INVALID_ARGUMENT', `centre ${JSON.stringify(centre)} is not a finite point`, {
        value: centre,
      });
    }
    return p;
  }
  let sx = 0;
  let sy = 0;
  let sw = 0;
  switch (centre) {
    case 'mean':
      for (let i = 0; i < a.n; i++) {
        sx += a.xs[i]!;
        sy += a.ys[i]!;
      }
      return [sx / a.n, sy / a.n];
    case 'median':
      return [median(a.xs), median(a.ys)];
    case 'populationWeighted':
      for (let i = 0; i < a.n; i++) {
        sx += a.xs[i]! * total[i]!;
        sy += a.ys[i]! * total[i]!;
        sw += total[i]!;
      }
      return [sx / sw, sy / sw];
    case 'largestPopulation': {
      let max = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < a.n; i++) max = Math.max(max, total[i]!);
      for (let i = 0; i < a.n; i++) {
        if (total[i] === max) {
          sx += a.xs[i]!;
          sy += a.ys[i]!;
          sw++;
        }
      }
      return [sx / sw, sy / sw];
    }
    default:
      throw new CohesionError('INVALID_ARGUMENT', `unknown centre "${centre as string}"`, { value: centre });
  }
}

/** A centralisation result: the value and the centre used (BNG metres). */
export interface CentralizationResult extends SingleGroupResult {
  centre: [number, number];
}

/**
 * Σᵢ (U_{i−1} Vᵢ − Uᵢ V_{i−1}) over areas ordered by distance from the centre (nearest first),
 * with U, V the cumulative shares of u and v (U₀ = V₀ = 0). Ties in distance keep feature order.
 */
function centralizationCurve(
  a: { xs: Float64Array; ys: Float64Array; n: number },
  centre: [number, number],
  u: ArrayLike<number>,
  v: ArrayLike<number>,
  members?: ArrayLike<number>,
): number {
  const idx = members ? Int32Array.from(members) : Int32Array.from({ length: a.n }, (_, i) => i);
  const d = new Float64Array(a.n);
  for (const i of idx) d[i] = Math.hypot(a.xs[i]! - centre[0], a.ys[i]! - centre[1]);
  idx.sort((p, q) => d[p]! - d[q]! || p - q);
  let U = 0;
  let V = 0;
  for (const i of idx) {
    U += u[i]!;
    V += v[i]!;
  }
  let cu = 0;
  let cv = 0;
  let s = 0;
  for (const i of idx) {
    const nu = cu + u[i]! / U;
    const nv = cv + v[i]! / V;
    s += cu * nv - nu * cv;
    cu = nu;
    cv = nv;
  }
  return s;
}

/**
 * Relative centralisation RCE (Duncan & Duncan 1955; Massey & Denton 1988), PySAL
 * `RelativeCentralization`: with areas ordered by distance from the centre,
 * RCE = Σᵢ X_{i−1} Yᵢ − Σᵢ Xᵢ Y_{i−1}, X and Y the cumulative shares of the group and of the rest.
 * −1..1; positive = the group lives nearer the centre than the rest. Default centre: the
 * population-weighted centre of the area points; pass a town-hall point as `{lon, lat}`.
 * Row order: counts in the areas' order, else checked or matched by code via `ids` / `reorder`.
 */
export function relativeCentralization(
  a: SpatialAreas,
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: SegregationInputOptions & { centre?: CentreSpec },
): CentralizationResult {
  ({
    columns: [group, total],
    options: opts,
  } = inAreaOrder(a.ids, opts, [group, total]));
  const s = check(a, group, total, opts);
  const centre = resolveCentre(a, total, opts?.centre);
  const rest = new Float64Array(a.n);
  for (let i = 0; i < a.n; i++) rest[i] = total[i]! - group[i]!;
  return { value: centralizationCurve(a, centre, group, rest), centre, ...s };
}

/**
 * Absolute centralisation ACE (Massey & Denton 1988), PySAL `AbsoluteCentralization`:
 * ACE = Σᵢ X_{i−1} Aᵢ − Σᵢ Xᵢ A_{i−1} with areas ordered by distance from the centre and A the
 * cumulative share of land area. −1..1; positive = the group lives nearer the centre than the land.
 * Row order: counts in the areas' order, else checked or matched by code via `ids` / `reorder`.
 */
export function absoluteCentralization(
  a: SpatialAreas,
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: SegregationInputOptions & { centre?: CentreSpec },
): CentralizationResult {
  ({
    columns: [group, total],
    options: opts,
  } = inAreaOrder(a.ids, opts, [group, total]));
  const s = check(a, group, total, opts);
  requirePositiveAreas(a, 'absolute centralisation');
  const centre = resolveCentre(a, total, opts?.centre);
  return { value: centralizationCurve(a, centre, group, a.areas), centre, ...s };
}

/** Relative centralisation over a subset of areas around a centre (used by the local version). */
export function relativeCentralizationOf(
  a: { xs: Float64Array; ys: Float64Array; n: number },
  group: ArrayLike<number>,
  rest: ArrayLike<number>,
  centre: [number, number],
  members: ArrayLike<number>,
): number {
  return centralizationCurve(a, centre, group, rest, members);
}

/** Spatial proximity profile result: value and the curve η(τ) on the grid τ. */
export interface SpatialProximityProfileResult extends SingleGroupResult {
  grid: Float64Array;
  curve: Float64Array;
}

/** Hop counts between all pairs of areas over the links of `w` (BFS), row-major n × n; −1 = unreachable. */
export function hopDistances(w: SpatialWeights): Int32Array {
  const n = w.n;
  const out = new Int32Array(n * n).fill(-1);
  const queue = new Int32Array(n);
  const { offsets, neighbors } = w;
  for (let s = 0; s < n; s++) {
    const row = s * n;
    out[row + s] = 0;
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    while (head < tail) {
      const u = queue[head++]!;
      const du = out[row + u]! + 1;
      const end = offsets[u + 1]!;
      for (let q = offsets[u]!; q < end; q++) {
        const v = neighbors[q]!;
        if (out[row + v]! < 0) {
          out[row + v] = du;
          queue[tail++] = v;
        }
      }
    }
  }
  return out;
}

/**
 * Spatial proximity profile SPP (Hong & Sadahiro 2014), PySAL `SpatialProxProf`: for each
 * threshold τ on a grid of m points in [0, 1], G_τ = areas with pᵢ ≥ τ (k of them) and
 * η(τ) = (k² − k) / Σ_{i,j∈G_τ} δ_ij, δ the shortest-path length in contiguity steps over `w`
 * (queen in PySAL); η = 0 where undefined (k ≤ 1) or where G_τ is disconnected (δ = ∞, e.g.
 * islands). SPP = (P − (Σ_{τ<P} η/m − Σ_{τ≥P} η/m)) / (1 − P). O(n² + n·links); needs the
 * n × n hop matrix, so it is meant for council-sized inputs (a few thousand areas).
 * Row order: counts in the areas' order, else checked or matched by code via `ids` / `reorder`.
 */
export function spatialProximityProfile(
  w: SpatialWeights,
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: SegregationInputOptions & { m?: number },
): SpatialProximityProfileResult {
  ({
    columns: [group, total],
    options: opts,
  } = inAreaOrder(w.ids, opts, [group, total]));
  const s = check(w, group, total, opts);
  const m = opts?.m ?? 1000;
  if (!Number.isInteger(m) || m < 2) {
    throw new CohesionError('INVALID_ARGUMENT', `the profile needs m ≥ 2 thresholds, got ${m}`, { value: m });
  }
  const n = w.n;
  const delta = hopDistances(w);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) p[i] = total[i]! > 0 ? group[i]! / total[i]! : Number.NaN;
  // Add areas in decreasing p; after adding all areas with p ≥ τ, the pair sum is that of G_τ.
  const order = Int32Array.from({ length: n }, (_, i) => i)
    .filter((i) => !Number.isNaN(p[i]!))
    .sort((a, b) => p[b]! - p[a]! || a - b);
  const grid = new Float64Array(m);
  for (let j = 0; j < m - 1; j++) grid[j] = j / (m - 1);
  grid[m - 1] = 1;
  const curve = new Float64Array(m);
  let added = 0;
  let pairSum = 0;
  for (let j = m - 1; j >= 0; j--) {
    const tau = grid[j]!;
    while (added < order.length && p[order[added]!]! >= tau) {
      const i = order[added]!;
      for (let r = 0; r < added; r++) {
        const h = delta[i * n + order[r]!]!;
        pairSum += h < 0 ? Number.POSITIVE_INFINITY : 2 * h;
      }
      added++;
    }
    const k = added;
    const eta = (k * k - k) / pairSum;
    curve[j] = Number.isFinite(eta) ? eta : 0;
  }
  const P = s.proportion;
  let below = 0;
  let above = 0;
  for (let j = 0; j < m; j++) {
    if (grid[j]! < P) below += curve[j]!;
    else above += curve[j]!;
  }
  return { value: (P - (below / m - above / m)) / (1 - P), grid, curve, ...s };
}
