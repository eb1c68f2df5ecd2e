import type { FeatureCollection } from 'geojson';
import KDBush from 'kdbush';
import { CohesionError } from '../errors.js';
import { type SpatialWeights, weightsFromLists } from './csr.js';
import { type CoordinateMode, featurePoints, type PointMethod } from './features.js';

/** Points in planar metres with their ids (see {@link pointsFromAreas}). */
export interface WeightsPoints {
  ids: readonly string[];
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
}

function checkPoints(p: WeightsPoints): number {
  const n = p.ids.length;
  if (n === 0) throw new CohesionError('EMPTY_INPUT', 'no points to build weights from');
  if (p.xs.length !== n || p.ys.length !== n)
    throw new CohesionError(
      'LENGTH_MISMATCH',
      `${p.ids.length} ids but ${p.xs.length} x and ${p.ys.length} y values`,
    );
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(p.xs[i]) || !Number.isFinite(p.ys[i]))
      throw new CohesionError('NON_FINITE', `point ${p.ids[i]} has non-finite coordinates`, {
        row: i,
        id: p.ids[i],
        value: [p.xs[i], p.ys[i]],
      });
  return n;
}

function buildIndex(p: WeightsPoints, n: number): KDBush {
  const index = new KDBush(n, 64, Float64Array);
  for (let i = 0; i < n; i++) index.add(p.xs[i] as number, p.ys[i] as number);
  return index.finish();
}

/**
 * The k nearest neighbours of every point, nearest first (ties broken by index), via a kd-tree
 * (kdbush) with an expanding radius search — O(n log n) for ordinary layouts. Returns the indices
 * and distances, row-major n×k.
 */
export function nearestNeighbors(p: WeightsPoints, k: number): { index: Int32Array; distance: Float64Array } {
  const n = checkPoints(p);
  if (!Number.isInteger(k) || k < 1 || k >= n)
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `k must be an integer in 1..${n - 1} for ${n} points, got ${k}`,
      {
        value: k,
      },
    );
  const tree = buildIndex(p, n);
  let x0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    x0 = Math.min(x0, p.xs[i] as number);
    x1 = Math.max(x1, p.xs[i] as number);
    y0 = Math.min(y0, p.ys[i] as number);
    y1 = Math.max(y1, p.ys[i] as number);
  }
  const span = Math.max(x1 - x0, y1 - y0);
  // Start from the radius that would hold ~k+1 points at uniform density.
  const r0 = Math.max(
    Math.sqrt((((x1 - x0) * (y1 - y0) || span * span || 1) * (k + 1)) / (Math.PI * n)),
    1e-9,
  );
  const index = new Int32Array(n * k);
  const distance = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const qx = p.xs[i] as number;
    const qy = p.ys[i] as number;
    let r = r0;
    let found: number[] = tree.within(qx, qy, r);
    while (found.length < k + 1 && r <= 2 * span + 1) {
      r *= 2;
      found = tree.within(qx, qy, r);
    }
    if (found.length < k + 1) found = Array.from({ length: n }, (_, j) => j);
    const cand = found
      .filter((j) => j !== i)
      .map((j) => ({ j, d: Math.hypot((p.xs[j] as number) - qx, (p.ys[j] as number) - qy) }));
    cand.sort((a, b) => a.d - b.d || a.j - b.j);
    for (let m = 0; m < k; m++) {
      const c = cand[m] as { j: number; d: number };
      index[i * k + m] = c.j;
      distance[i * k + m] = c.d;
    }
  }
  return { index, distance };
}

/**
 * K-nearest-neighbour weights (binary), neighbours listed nearest first as spdep `knearneigh`
 * + `knn2nb` does. Not symmetric in general (see `symmetrizeWeights`).
 * @throws CohesionError INVALID_ARGUMENT when k is not in 1..n−1; NON_FINITE for bad coordinates.
 */
export function knnWeights(p: WeightsPoints, k: number): SpatialWeights {
  const n = p.ids.length;
  const { index } = nearestNeighbors(p, k);
  const lists = Array.from({ length: n }, (_, i) => index.subarray(i * k, i * k + k));
  return weightsFromLists(p.ids, lists);
}

/** Options for {@link distanceBandWeights}. */
export interface DistanceBandOptions {
  /** Upper distance (metres): neighbours have 0 < d ≤ threshold (spdep `dnearneigh(0, threshold)`). */
  threshold: number;
  /** `binary` (default) or `inverse`: w_ij = d_ij^(−power). */
  kind?: 'binary' | 'inverse';
  /** Power α for inverse-distance weights; default 1. */
  power?: number;
}

/**
 * Distance-band weights: every pair with 0 < d ≤ threshold (libpysal `DistanceBand`, spdep
 * `dnearneigh`), binary or inverse-distance d^(−α). Coincident points (d = 0) are not linked, as
 * in spdep. Rows sorted by index.
 */
export function distanceBandWeights(p: WeightsPoints, options: DistanceBandOptions): SpatialWeights {
  const n = checkPoints(p);
  const { threshold } = options;
  if (!(threshold > 0) || !Number.isFinite(threshold))
    throw new CohesionError('INVALID_ARGUMENT', `distance threshold must be > 0 metres, got ${threshold}`, {
      value: threshold,
    });
  const power = options.power ?? 1;
  const tree = buildIndex(p, n);
  const lists: number[][] = [];
  const vals: number[][] = [];
  for (let i = 0; i < n; i++) {
    const qx = p.xs[i] as number;
    const qy = p.ys[i] as number;
    const row: number[] = [];
    const w: number[] = [];
    for (const j of tree.within(qx, qy, threshold).sort((a, b) => a - b)) {
      if (j === i) continue;
      const d = Math.hypot((p.xs[j] as number) - qx, (p.ys[j] as number) - qy);
      if (d === 0 || d > threshold) continue;
      row.push(j);
      w.push(options.kind === 'inverse' ? d ** -power : 1);
    }
    lists.push(row);
    vals.push(w);
  }
  return weightsFromLists(p.ids, lists, vals);
}

/** Kernel functions of z = d / h (libpysal `Kernel` definitions). */
export type KernelFunction = 'triangular' | 'uniform' | 'quadratic' | 'quartic' | 'gaussian';

/** Evaluates kernel `fn` at z = d/h (0 ≤ z ≤ 1). */
export function kernelValue(fn: KernelFunction, z: number): number {
  switch (fn) {
    case 'triangular':
      return 1 - z;
    case 'uniform':
      return 0.5;
    case 'quadratic':
      return 0.75 * (1 - z * z);
    case 'quartic':
      return (15 / 16) * (1 - z * z) ** 2;
    case 'gaussian':
      return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    default:
      throw new CohesionError('INVALID_ARGUMENT', `unknown kernel "${fn as string}"`, { value: fn });
  }
}

/** Options for {@link kernelWeights}. */
export interface KernelOptions {
  /** Kernel function; default `triangular` (libpysal default). */
  kernel?: KernelFunction;
  /** Fixed bandwidth in metres. Default: the largest k-th-neighbour distance (libpysal `fixed=True`). */
  bandwidth?: number;
  /** Adaptive bandwidth: each area's h_i is its distance to its k-th nearest neighbour. */
  adaptive?: boolean;
  /** k for the default / adaptive bandwidth; default 2 (libpysal default). */
  k?: number;
  /** Keep the diagonal K(0) (libpysal `diagonal=False` keeps it at K(0)); default true. */
  includeSelf?: boolean;
}

/**
 * Kernel weights w_ij = K(d_ij / h_i) for d_ij ≤ h_i (libpysal `Kernel`): fixed bandwidth h (given,
 * or the maximum k-th-nearest-neighbour distance ×1.0000001 as libpysal does) or adaptive h_i =
 * distance to the k-th nearest neighbour ×1.0000001. The self weight K(0) is kept by default, as in libpysal.
 */
export function kernelWeights(p: WeightsPoints, options: KernelOptions = {}): SpatialWeights {
  const n = checkPoints(p);
  const fn = options.kernel ?? 'triangular';
  kernelValue(fn, 0);
  const k = options.k ?? 2;
  const h = new Float64Array(n);
  if (options.bandwidth !== undefined && !options.adaptive) {
    if (!(options.bandwidth > 0) || !Number.isFinite(options.bandwidth))
      throw new CohesionError('INVALID_ARGUMENT', `bandwidth must be > 0 metres, got ${options.bandwidth}`, {
        value: options.bandwidth,
      });
    h.fill(options.bandwidth);
  } else {
    const { distance } = nearestNeighbors(p, k);
    let hmax = 0;
    for (let i = 0; i < n; i++) {
      h[i] = (distance[i * k + k - 1] as number) * 1.0000001;
      hmax = Math.max(hmax, h[i] as number);
    }
    if (!options.adaptive) h.fill(hmax);
  }
  const tree = buildIndex(p, n);
  const self = options.includeSelf ?? true;
  const lists: number[][] = [];
  const vals: number[][] = [];
  for (let i = 0; i < n; i++) {
    const qx = p.xs[i] as number;
    const qy = p.ys[i] as number;
    const hi = h[i] as number;
    const row: number[] = [];
    const w: number[] = [];
    for (const j of tree.within(qx, qy, hi).sort((a, b) => a - b)) {
      if (j === i && !self) continue;
      const d = Math.hypot((p.xs[j] as number) - qx, (p.ys[j] as number) - qy);
      if (d > hi) continue;
      row.push(j);
      w.push(kernelValue(fn, d / hi));
    }
    lists.push(row);
    vals.push(w);
  }
  return weightsFromLists(p.ids, lists, vals, { allowSelf: true });
}

/**
 * Representative points of polygon areas in planar metres, ready for {@link knnWeights},
 * {@link distanceBandWeights} or {@link kernelWeights}: area-weighted centroids (default) or points
 * on surface; lon/lat input is projected to British National Grid first. The areas model's ids and
 * points (`prepareAreas`), with the CRS read by `coordinates`.
 */
export function pointsFromAreas(
  fc: FeatureCollection,
  options: { idProperty: string; method?: PointMethod; coordinates?: CoordinateMode },
): WeightsPoints {
  const { ids, xs, ys } = featurePoints(fc, options);
  return { ids, xs, ys };
}
