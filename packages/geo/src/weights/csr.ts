import { CohesionError } from '../errors.js';
import { readIds } from '../geography/ids.js';

/**
 * Weight transformations (names follow libpysal; spdep `style` in brackets):
 * - `O` original weights as built (binary for contiguity/KNN, d^-α or kernel values otherwise);
 * - `B` binary, every link 1 (spdep "B");
 * - `R` row-standardised, each row sums to 1 (spdep "W", libpysal "r"/"R");
 * - `D` double-standardised, all weights sum to 1 (libpysal "D"; spdep "C" is `D` × n);
 * - `C` globally standardised, all weights sum to n (spdep "C");
 * - `V` variance-stabilising (Tiefelsdorf et al. 1999; spdep "S", libpysal "V"):
 *   w*_ij = w_ij / sqrt(Σ_j w_ij²), then scaled so that all weights sum to n.
 */
export type WeightsTransform = 'O' | 'B' | 'R' | 'D' | 'C' | 'V';

/**
 * The one sparse spatial-weights structure used by every statistic in Cohesion: compressed sparse
 * rows over typed arrays. Row i's neighbours are `neighbors[offsets[i] .. offsets[i+1])` (0-based
 * indices into `ids`) with weights at the same positions in `weights`. Immutable by convention:
 * transforms return a new object sharing `offsets`/`neighbors`.
 */
export interface SpatialWeights {
  /** Number of areas. */
  readonly n: number;
  /** Area ids in row order. */
  readonly ids: readonly string[];
  /** Row pointers, length n + 1. */
  readonly offsets: Int32Array;
  /** Column (neighbour) indices, length = number of directed links. */
  readonly neighbors: Int32Array;
  /** Weights under `transform`, aligned with `neighbors`. */
  readonly weights: Float64Array;
  /** The untransformed weights (transforms always start from these). */
  readonly original: Float64Array;
  /** Which transform `weights` holds. */
  readonly transform: WeightsTransform;
}

/** Neighbour list keyed by id, as read from / written to JSON: `{ "<id>": ["<id>", …] }`. */
export type NeighbourList = Record<string, string[]>;

/**
 * Builds CSR weights from per-row neighbour index lists (order within a row is kept).
 * @param ids area ids, one per row (must be unique and non-blank).
 * @param lists `lists[i]` = 0-based neighbour indices of row i.
 * @param values optional `values[i][k]` weight of link (i, lists[i][k]); default 1.
 * @throws CohesionError INVALID_WEIGHTS on out-of-range, self or repeated neighbours, or bad weights;
 *   LENGTH_MISMATCH when `lists` and `ids` differ in length; DUPLICATE_CODE for repeated ids.
 */
export function weightsFromLists(
  ids: readonly string[],
  lists: ArrayLike<ArrayLike<number>>,
  values?: ArrayLike<ArrayLike<number>>,
  options: { allowSelf?: boolean } = {},
): SpatialWeights {
  const n = ids.length;
  if (lists.length !== n)
    throw new CohesionError('LENGTH_MISMATCH', `${lists.length} neighbour lists for ${n} ids`, {
      value: lists.length,
    });
  checkIds(ids);
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++)
    offsets[i + 1] = (offsets[i] as number) + (lists[i] as ArrayLike<number>).length;
  const nnz = offsets[n] as number;
  const neighbors = new Int32Array(nnz);
  const weights = new Float64Array(nnz);
  const seen = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const row = lists[i] as ArrayLike<number>;
    const vals = values?.[i];
    if (vals && vals.length !== row.length)
      throw new CohesionError(
        'LENGTH_MISMATCH',
        `row ${ids[i]}: ${vals.length} weights for ${row.length} neighbours`,
        {
          row: i,
          id: ids[i],
        },
      );
    let p = offsets[i] as number;
    for (let k = 0; k < row.length; k++, p++) {
      const j = row[k] as number;
      if (!Number.isInteger(j) || j < 0 || j >= n)
        throw new CohesionError(
          'INVALID_WEIGHTS',
          `row ${ids[i]}: neighbour index ${j} is out of range 0..${n - 1}`,
          {
            row: i,
            id: ids[i],
            value: j,
          },
        );
      if (j === i && !options.allowSelf)
        throw new CohesionError('INVALID_WEIGHTS', `area ${ids[i]} lists itself as a neighbour`, {
          row: i,
          id: ids[i],
        });
      if (seen[j] === i)
        throw new CohesionError('INVALID_WEIGHTS', `area ${ids[i]} lists neighbour ${ids[j]} twice`, {
          row: i,
          id: ids[i],
          value: ids[j],
        });
      seen[j] = i;
      const v = vals ? (vals[k] as number) : 1;
      if (!Number.isFinite(v) || v < 0)
        throw new CohesionError(
          'INVALID_WEIGHTS',
          `weight ${v} of link ${ids[i]}→${ids[j]} is not finite and ≥ 0`,
          {
            row: i,
            id: ids[i],
            value: v,
          },
        );
      neighbors[p] = j;
      weights[p] = v;
    }
  }
  return { n, ids: [...ids], offsets, neighbors, weights, original: weights, transform: 'O' };
}

/**
 * Builds weights from a `{ id: [neighbour ids] }` list (e.g. parsed JSON). Row order is `ids` if
 * given, otherwise the key order of `list`.
 * @throws CohesionError UNMATCHED_CODE when a neighbour id is not a key.
 */
export function weightsFromNeighbourList(
  list: NeighbourList,
  ids: readonly string[] = Object.keys(list),
): SpatialWeights {
  const index = new Map<string, number>();
  ids.forEach((id, i) => {
    index.set(id, i);
  });
  const lists = ids.map((id, i) => {
    const row = list[id];
    if (!Array.isArray(row))
      throw new CohesionError('UNMATCHED_CODE', `no neighbour list for area ${id}`, { row: i, id });
    return row.map((nb) => {
      const j = index.get(String(nb));
      if (j === undefined)
        throw new CohesionError('UNMATCHED_CODE', `neighbour ${nb} of area ${id} is not an area id`, {
          row: i,
          id,
          value: nb,
        });
      return j;
    });
  });
  return weightsFromLists(ids, lists);
}

/** The neighbour list `{ id: [neighbour ids] }` in row order (what `cohesion weights --json` prints). */
export function weightsToNeighbourList(w: SpatialWeights): NeighbourList {
  const out: NeighbourList = {};
  for (let i = 0; i < w.n; i++) {
    const row: string[] = [];
    for (let p = w.offsets[i] as number; p < (w.offsets[i + 1] as number); p++)
      row.push(w.ids[w.neighbors[p] as number] as string);
    out[w.ids[i] as string] = row;
  }
  return out;
}

/** Neighbour counts per row. */
export function neighbourCounts(w: SpatialWeights): Int32Array {
  const c = new Int32Array(w.n);
  for (let i = 0; i < w.n; i++) c[i] = (w.offsets[i + 1] as number) - (w.offsets[i] as number);
  return c;
}

/** Ids of areas with no neighbours (islands), in row order. */
export function weightsIslands(w: SpatialWeights): string[] {
  const out: string[] = [];
  for (let i = 0; i < w.n; i++) if (w.offsets[i + 1] === w.offsets[i]) out.push(w.ids[i] as string);
  return out;
}

/** Number of directed links (non-zero entries). */
export function linkCount(w: SpatialWeights): number {
  return w.neighbors.length;
}

/**
 * Returns weights under another transform, always computed from `w.original` (so transforms never
 * compound). See {@link WeightsTransform} for definitions. Rows with no neighbours stay empty.
 */
export function transformWeights(w: SpatialWeights, transform: WeightsTransform): SpatialWeights {
  const o = w.original;
  const out = new Float64Array(o.length);
  const { offsets, n } = w;
  switch (transform) {
    case 'O':
      out.set(o);
      break;
    case 'B':
      out.fill(1);
      break;
    case 'R':
      for (let i = 0; i < n; i++) {
        const a = offsets[i] as number;
        const b = offsets[i + 1] as number;
        let s = 0;
        for (let p = a; p < b; p++) s += o[p] as number;
        for (let p = a; p < b; p++) out[p] = s > 0 ? (o[p] as number) / s : 0;
      }
      break;
    case 'D':
    case 'C': {
      let s0 = 0;
      for (let p = 0; p < o.length; p++) s0 += o[p] as number;
      const f = s0 > 0 ? (transform === 'C' ? n : 1) / s0 : 0;
      for (let p = 0; p < o.length; p++) out[p] = (o[p] as number) * f;
      break;
    }
    case 'V': {
      let q = 0;
      for (let i = 0; i < n; i++) {
        const a = offsets[i] as number;
        const b = offsets[i + 1] as number;
        let ss = 0;
        for (let p = a; p < b; p++) ss += (o[p] as number) ** 2;
        const r = ss > 0 ? 1 / Math.sqrt(ss) : 0;
        for (let p = a; p < b; p++) {
          out[p] = (o[p] as number) * r;
          q += out[p] as number;
        }
      }
      const f = q > 0 ? n / q : 0;
      for (let p = 0; p < out.length; p++) out[p] = (out[p] as number) * f;
      break;
    }
    default:
      throw new CohesionError(
        'INVALID_ARGUMENT',
        `unknown weights transform "${transform as string}" (O, B, R, D, C, V)`,
        {
          value: transform,
        },
      );
  }
  return { ...w, weights: out, transform };
}

/**
 * Spatial lag Wx: `out[i] = Σ_j w_ij x_j` (0 for islands).
 * @throws CohesionError LENGTH_MISMATCH when `x.length !== w.n`.
 */
export function spatialLag(
  w: SpatialWeights,
  x: ArrayLike<number>,
  out = new Float64Array(w.n),
): Float64Array {
  if (x.length !== w.n)
    throw new CohesionError('LENGTH_MISMATCH', `${x.length} values for ${w.n} areas`, { value: x.length });
  const { offsets, neighbors, weights } = w;
  for (let i = 0; i < w.n; i++) {
    let s = 0;
    for (let p = offsets[i] as number; p < (offsets[i + 1] as number); p++)
      s += (weights[p] as number) * (x[neighbors[p] as number] as number);
    out[i] = s;
  }
  return out;
}

/** Row sums Σ_j w_ij. */
export function rowSums(w: SpatialWeights): Float64Array {
  const out = new Float64Array(w.n);
  for (let i = 0; i < w.n; i++) {
    let s = 0;
    for (let p = w.offsets[i] as number; p < (w.offsets[i + 1] as number); p++) s += w.weights[p] as number;
    out[i] = s;
  }
  return out;
}

/** Key for a directed link i→j; exact in a double for n up to 2^26. */
function linkKey(i: number, j: number, n: number): number {
  return i * n + j;
}

/** Map from directed link to its weight (used for transposes and symmetry checks). */
function linkMap(w: SpatialWeights): Map<number, number> {
  const m = new Map<number, number>();
  for (let i = 0; i < w.n; i++)
    for (let p = w.offsets[i] as number; p < (w.offsets[i + 1] as number); p++)
      m.set(linkKey(i, w.neighbors[p] as number, w.n), w.weights[p] as number);
  return m;
}

/** Result of {@link weightsSymmetry}. */
export interface SymmetryReport {
  /** Every link i→j has a link j→i. */
  neighborsSymmetric: boolean;
  /** Additionally w_ij = w_ji within `tolerance`. */
  weightsSymmetric: boolean;
  /** Up to 20 links i→j with no j→i, as [id_i, id_j]. */
  asymmetricLinks: [string, string][];
}

/** Checks whether the neighbour relation and the weights are symmetric. */
export function weightsSymmetry(w: SpatialWeights, tolerance = 1e-12): SymmetryReport {
  const m = linkMap(w);
  let neighborsSymmetric = true;
  let weightsSymmetric = true;
  const asymmetricLinks: [string, string][] = [];
  for (let i = 0; i < w.n; i++)
    for (let p = w.offsets[i] as number; p < (w.offsets[i + 1] as number); p++) {
      const j = w.neighbors[p] as number;
      const back = m.get(linkKey(j, i, w.n));
      if (back === undefined) {
        neighborsSymmetric = false;
        weightsSymmetric = false;
        if (asymmetricLinks.length < 20) asymmetricLinks.push([w.ids[i] as string, w.ids[j] as string]);
      } else if (Math.abs(back - (w.weights[p] as number)) > tolerance) weightsSymmetric = false;
    }
  return { neighborsSymmetric, weightsSymmetric, asymmetricLinks };
}

/**
 * Makes the neighbour relation symmetric by adding j→i wherever only i→j exists (the added link takes
 * the original weight of i→j). Useful for KNN. Rows are re-sorted by neighbour index.
 */
export function symmetrizeWeights(w: SpatialWeights): SpatialWeights {
  const m = new Map<number, number>();
  for (let i = 0; i < w.n; i++)
    for (let p = w.offsets[i] as number; p < (w.offsets[i + 1] as number); p++)
      m.set(linkKey(i, w.neighbors[p] as number, w.n), w.original[p] as number);
  for (const [key, v] of [...m]) {
    const i = Math.floor(key / w.n);
    const j = key - i * w.n;
    if (!m.has(linkKey(j, i, w.n))) m.set(linkKey(j, i, w.n), v);
  }
  const lists: number[][] = Array.from({ length: w.n }, () => []);
  const vals: number[][] = Array.from({ length: w.n }, () => []);
  const keys = [...m.keys()].sort((a, b) => a - b);
  for (const key of keys) {
    const i = Math.floor(key / w.n);
    (lists[i] as number[]).push(key - i * w.n);
    (vals[i] as number[]).push(m.get(key) as number);
  }
  const out = weightsFromLists(w.ids, lists, vals);
  return w.transform === 'O' ? out : transformWeights(out, w.transform);
}

/**
 * Adds each area to its own neighbour set with original weight `selfWeight` (spdep `include.self`),
 * as needed for Getis–Ord Gi*. The self link is placed first in each row; then `w.transform` is re-applied.
 */
export function includeSelf(w: SpatialWeights, selfWeight = 1): SpatialWeights {
  const { n, offsets } = w;
  const off = new Int32Array(n + 1);
  const nb = new Int32Array(w.neighbors.length + n);
  const o = new Float64Array(w.neighbors.length + n);
  let q = 0;
  for (let i = 0; i < n; i++) {
    off[i] = q;
    nb[q] = i;
    o[q++] = selfWeight;
    for (let p = offsets[i] as number; p < (offsets[i + 1] as number); p++) {
      if (w.neighbors[p] === i) continue;
      nb[q] = w.neighbors[p] as number;
      o[q++] = w.original[p] as number;
    }
  }
  off[n] = q;
  const base: SpatialWeights = {
    n,
    ids: w.ids,
    offsets: off,
    neighbors: nb.subarray(0, q),
    weights: o.subarray(0, q),
    original: o.subarray(0, q),
    transform: 'O',
  };
  return w.transform === 'O' ? base : transformWeights(base, w.transform);
}

/**
 * Higher-order contiguity by shortest path length in the neighbour graph (breadth-first search).
 * `cumulative: false` (default) gives pure order-k neighbours (spdep `nblag(nb, k)[[k]]`, libpysal
 * `higher_order(w, k)`): areas exactly k steps away. `cumulative: true` gives everything 1..k steps
 * away (spdep `nblag_cumul`, libpysal `lower_order=True`). Result is binary, rows sorted by index.
 */
export function higherOrderWeights(
  w: SpatialWeights,
  k: number,
  options: { cumulative?: boolean } = {},
): SpatialWeights {
  if (!Number.isInteger(k) || k < 1)
    throw new CohesionError('INVALID_ARGUMENT', `order must be an integer ≥ 1, got ${k}`, { value: k });
  const { n, offsets, neighbors } = w;
  const dist = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  const lists: number[][] = [];
  for (let s = 0; s < n; s++) {
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    dist[s] = 0;
    const row: number[] = [];
    while (head < tail) {
      const u = queue[head++] as number;
      const du = dist[u] as number;
      if (du === k) continue;
      for (let p = offsets[u] as number; p < (offsets[u + 1] as number); p++) {
        const v = neighbors[p] as number;
        if (dist[v] !== -1) continue;
        dist[v] = du + 1;
        queue[tail++] = v;
        if (du + 1 === k || options.cumulative) row.push(v);
      }
    }
    for (let t = 0; t < tail; t++) dist[queue[t] as number] = -1;
    row.sort((a, b) => a - b);
    lists.push(row);
  }
  return weightsFromLists(w.ids, lists);
}

/** Dense copy (row-major n×n) for small problems and tests. */
export function weightsToDense(w: SpatialWeights): Float64Array {
  const d = new Float64Array(w.n * w.n);
  for (let i = 0; i < w.n; i++)
    for (let p = w.offsets[i] as number; p < (w.offsets[i + 1] as number); p++)
      d[i * w.n + (w.neighbors[p] as number)] = w.weights[p] as number;
  return d;
}

/**
 * Global sums used by every global statistic (Cliff & Ord 1981): S0 = Σ_ij w_ij,
 * S1 = ½ Σ_ij (w_ij + w_ji)², S2 = Σ_i (w_i· + w_·i)².
 */
export function weightsSums(w: SpatialWeights): { s0: number; s1: number; s2: number } {
  const { n, offsets, neighbors, weights } = w;
  const rowS = new Float64Array(n);
  const colS = new Float64Array(n);
  let s0 = 0;
  for (let i = 0; i < n; i++)
    for (let p = offsets[i] as number; p < (offsets[i + 1] as number); p++) {
      const v = weights[p] as number;
      s0 += v;
      rowS[i] = (rowS[i] as number) + v;
      colS[neighbors[p] as number] = (colS[neighbors[p] as number] as number) + v;
    }
  // S1 = ½ Σ_ij (w_ij + w_ji)² = Σ_ij w_ij² + Σ_ij w_ij·w_ji. The cross term pairs each link with
  // its reverse through the transpose (counting sort) and a dense scratch row: O(links), no hashing.
  const links = offsets[n] as number;
  const tStart = new Int32Array(n + 1);
  for (let p = 0; p < links; p++) tStart[(neighbors[p] as number) + 1]!++;
  for (let i = 0; i < n; i++) tStart[i + 1] = (tStart[i + 1] as number) + (tStart[i] as number);
  const fill = tStart.slice(0, n);
  const tFrom = new Int32Array(links);
  const tW = new Float64Array(links);
  for (let i = 0; i < n; i++)
    for (let p = offsets[i] as number; p < (offsets[i + 1] as number); p++) {
      const q = fill[neighbors[p] as number]!++;
      tFrom[q] = i;
      tW[q] = weights[p] as number;
    }
  const back = new Float64Array(n);
  let s1 = 0;
  for (let i = 0; i < n; i++) {
    const t0 = tStart[i] as number;
    const t1 = tStart[i + 1] as number;
    for (let q = t0; q < t1; q++) back[tFrom[q] as number] = tW[q] as number;
    for (let p = offsets[i] as number; p < (offsets[i + 1] as number); p++) {
      const v = weights[p] as number;
      s1 += v * v + v * (back[neighbors[p] as number] as number);
    }
    for (let q = t0; q < t1; q++) back[tFrom[q] as number] = 0;
  }
  let s2 = 0;
  for (let i = 0; i < n; i++) s2 += ((rowS[i] as number) + (colS[i] as number)) ** 2;
  return { s0, s1, s2 };
}

function checkIds(ids: readonly string[]): void {
  // The one id rule (trimmed, non-blank, unique); weights keep the ids exactly as given.
  readIds(ids, { kind: 'row', column: 'ids' });
}

// Deprecated spellings (docs/naming.md: our own names are British; `neighbors` stays as the CSR
// field because it is libpysal's `W.neighbors`). Kept so code written against 0.1 still compiles.
/** @deprecated Use {@link NeighbourList} (docs/naming.md). */
export type NeighborList = NeighbourList;
/** @deprecated Use {@link weightsFromNeighbourList} (docs/naming.md). */
export const weightsFromNeighborList = weightsFromNeighbourList;
/** @deprecated Use {@link weightsToNeighbourList} (docs/naming.md). */
export const weightsToNeighborList = weightsToNeighbourList;
/** @deprecated Use {@link neighbourCounts} (docs/naming.md). */
export const neighborCounts = neighbourCounts;
