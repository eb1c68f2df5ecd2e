import KDBush from 'kdbush';
import { CohesionError } from '../../errors.js';
import { inAreaOrder } from '../../validate/align.js';
import type { SegregationInputOptions, SingleGroupResult } from '../input.js';
import { countsInAreaOrder, type SpatialAreas } from './areas.js';

// Massey & Denton's distance-decay family (proximity, clustering, decay isolation/interaction).

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
  const { x, t, s, options: inOrder } = countsInAreaOrder(a, group, total, opts);
  const { sx, sy, st, sc } = proximitySums(a, x, t, inOrder);
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
    const xi = x[i]!;
    const ti = t[i]!;
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
