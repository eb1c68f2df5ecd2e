import { CohesionError } from '../../errors.js';
import type { SpatialWeights } from '../../weights/csr.js';
import type { SegregationInputOptions, SingleGroupResult } from '../input.js';
import { countsInAreaOrder } from './areas.js';

// Hong & Sadahiro's spatial proximity profile over contiguity hop distances.

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
  const { x, t, s } = countsInAreaOrder(w, group, total, opts);
  const m = opts?.m ?? 1000;
  if (!Number.isInteger(m) || m < 2) {
    throw new CohesionError('INVALID_ARGUMENT', `the profile needs m ≥ 2 thresholds, got ${m}`, { value: m });
  }
  const n = w.n;
  const delta = hopDistances(w);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) p[i] = t[i]! > 0 ? x[i]! / t[i]! : Number.NaN;
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
