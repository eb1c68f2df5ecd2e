import type { Feature, FeatureCollection, Position } from 'geojson';
import { CohesionError } from '../errors.js';
import { type SpatialWeights, weightsFromLists } from './csr.js';
import {
  type CoordinateMode,
  featureIdsOf,
  featurePoints,
  type PointMethod,
  polygonParts,
  resolveCoordinateMode,
} from './features.js';
import { matchVertices } from './vertices.js';

/** spdep `poly2nb`'s default snap: `sqrt(.Machine$double.eps)` in the data's own units. */
export const SPDEP_DEFAULT_SNAP = Math.sqrt(2 ** -52);

/** Options for {@link contiguityWeights}. */
export interface ContiguityOptions {
  /** Feature property holding the area id. */
  idProperty: string;
  /** `queen` (≥ 1 shared boundary point) or `rook` (≥ 2 shared boundary points). Default `queen`. */
  rule?: 'queen' | 'rook';
  /**
   * Snap tolerance in **metres**: vertices of two areas closer than this count as shared. Omit for
   * spdep's default (`sqrt(double eps)` ≈ 1.5e-8 in the data's own units — exact matching). For
   * lon/lat data, coordinates are scaled to local metres first (equirectangular about the mean
   * latitude: x = lon·111 320·cos φ̄, y = lat·110 574), which is within 1 % over a county.
   */
  snap?: number;
  /** How to read coordinates; default `auto`. */
  coordinates?: CoordinateMode;
  /**
   * Join each island to its nearest area (by centroid distance in metres), symmetrically. The
   * added links are listed in the result. Default false.
   */
  joinIslands?: boolean;
  /** Point used for island joining; default `centroid`. */
  points?: PointMethod;
}

/** Weights plus what the builder decided along the way. */
export interface ContiguityResult {
  weights: SpatialWeights;
  /** Ids of areas with no neighbours (before any island joining). */
  islands: string[];
  /** Neighbour pairs [a, b] (a before b) that exist only because of the snap tolerance. */
  snapped: [string, string][];
  /** Links [island, nearest] added by `joinIslands`. */
  joined: [string, string][];
  /** The tolerance actually used, in the units compared (metres, or native units for the default). */
  tolerance: number;
}

/**
 * Queen or rook contiguity from Polygon/MultiPolygon features, reproducing spdep `poly2nb` exactly:
 * two areas are queen neighbours if any vertex of one lies within the snap distance of a vertex of
 * the other, rook neighbours if at least two (distinct) vertices do. Vertices are bucketed into
 * columns of width `snap` and sorted by (column, y), so only same/adjacent-column vertices within
 * `snap` in y are compared — O(V log V), never all pairs of areas.
 * Rows list neighbours in feature order, like spdep.
 *
 * @throws CohesionError EMPTY_INPUT, MISSING_PROPERTY, BLANK_CODE, DUPLICATE_CODE, INVALID_GEOMETRY
 *   (non-polygon or non-finite coordinates, naming the feature), INVALID_ARGUMENT for a bad snap.
 */
export function contiguityWeights(fc: FeatureCollection, options: ContiguityOptions): ContiguityResult {
  const ids = featureIdsOf(fc, options.idProperty);
  const n = ids.length;
  const crit = (options.rule ?? 'queen') === 'queen' ? 1 : 2;
  if (options.rule && options.rule !== 'queen' && options.rule !== 'rook')
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `contiguity rule must be queen or rook, got "${options.rule}"`,
      {
        value: options.rule,
      },
    );
  if (options.snap !== undefined && !(options.snap >= 0 && Number.isFinite(options.snap)))
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `snap must be a finite distance ≥ 0 metres, got ${options.snap}`,
      {
        value: options.snap,
      },
    );
  const mode = resolveCoordinateMode(fc, options.coordinates, { planarFallback: true });

  // Gather every vertex with its feature index (two plain passes: count, then fill).
  const features = fc.features;
  const partsOf: Position[][][][] = new Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const parts = polygonParts((features[i] as Feature).geometry, i, ids[i]);
    partsOf[i] = parts;
    for (const poly of parts) for (const ring of poly) count += ring.length;
  }
  let xs = new Float64Array(count);
  let ys = new Float64Array(count);
  const fs = new Int32Array(count);
  let v = 0;
  let latSum = 0;
  for (let i = 0; i < n; i++)
    for (const poly of partsOf[i] as Position[][][])
      for (const ring of poly)
        for (const p of ring) {
          const x = p[0] as number;
          const y = p[1] as number;
          if (!Number.isFinite(x) || !Number.isFinite(y))
            throw new CohesionError(
              'INVALID_GEOMETRY',
              `feature ${i} (${ids[i]}) has a non-finite coordinate`,
              {
                feature: i,
                id: ids[i],
                value: [x, y],
              },
            );
          xs[v] = x;
          ys[v] = y;
          fs[v++] = i;
          latSum += y;
        }

  let tol = SPDEP_DEFAULT_SNAP;
  if (options.snap !== undefined) {
    tol = options.snap;
    if (mode === 'lonlat') {
      const phi = ((latSum / Math.max(count, 1)) * Math.PI) / 180;
      const kx = 111_320 * Math.cos(phi);
      const sx = new Float64Array(count);
      const sy = new Float64Array(count);
      for (let k = 0; k < count; k++) {
        sx[k] = (xs[k] as number) * kx;
        sy[k] = (ys[k] as number) * 110_574;
      }
      xs = sx;
      ys = sy;
    }
  }

  const pairs = matchVertices(xs, ys, fs, n, tol);
  // Links in (lo, hi) order: row i receives its lower neighbours in ascending order (while the
  // lower rows are visited), then its higher ones in ascending order, so rows come out sorted.
  const degree = new Int32Array(n);
  const keep = new Uint8Array(pairs.count);
  const snapped: [string, string][] = [];
  for (let q = 0; q < pairs.count; q++) {
    if ((pairs.total[q] as number) < crit) continue;
    keep[q] = 1;
    const i = pairs.lo[q] as number;
    const j = pairs.hi[q] as number;
    degree[i] = (degree[i] as number) + 1;
    degree[j] = (degree[j] as number) + 1;
    if ((pairs.exact[q] as number) < crit) snapped.push([ids[i] as string, ids[j] as string]);
  }
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = (offsets[i] as number) + (degree[i] as number);
  const neighbors = new Int32Array(offsets[n] as number);
  const fill = offsets.slice(0, n);
  for (let q = 0; q < pairs.count; q++) {
    if (!keep[q]) continue;
    const i = pairs.lo[q] as number;
    const j = pairs.hi[q] as number;
    neighbors[fill[i] as number] = j;
    fill[i] = (fill[i] as number) + 1;
    neighbors[fill[j] as number] = i;
    fill[j] = (fill[j] as number) + 1;
  }
  snapped.sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : p[1] < q[1] ? -1 : p[1] > q[1] ? 1 : 0));
  const islands: string[] = [];
  for (let i = 0; i < n; i++) if (degree[i] === 0) islands.push(ids[i] as string);
  const joined: [string, string][] = [];
  if (!(options.joinIslands && islands.length > 0 && n > 1)) {
    // ids were checked by featureIdsOf and rows built above: no second pass through weightsFromLists.
    const weights = new Float64Array(neighbors.length).fill(1);
    const w: SpatialWeights = { n, ids, offsets, neighbors, weights, original: weights, transform: 'O' };
    return { weights: w, islands, snapped, joined, tolerance: tol };
  }
  const lists: number[][] = Array.from({ length: n }, (_, i) =>
    Array.from(neighbors.subarray(offsets[i] as number, offsets[i + 1] as number)),
  );
  const { xs: cx, ys: cy } = featurePoints(fc, {
    idProperty: options.idProperty,
    method: options.points,
    coordinates: mode,
  });
  lists.forEach((row, i) => {
    if (row.length > 0) return;
    let best = -1;
    let bestD = Number.POSITIVE_INFINITY;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = Math.hypot((cx[j] as number) - (cx[i] as number), (cy[j] as number) - (cy[i] as number));
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    }
    if (best < 0) return;
    row.push(best);
    if (!(lists[best] as number[]).includes(i)) (lists[best] as number[]).push(i);
    joined.push([ids[i] as string, ids[best] as string]);
  });
  for (const row of lists) row.sort((a, b) => a - b);
  return { weights: weightsFromLists(ids, lists), islands, snapped, joined, tolerance: tol };
}

/** Queen contiguity weights (binary, original transform); see {@link contiguityWeights}. */
export function queenWeights(
  fc: FeatureCollection,
  options: Omit<ContiguityOptions, 'rule'>,
): SpatialWeights {
  return contiguityWeights(fc, { ...options, rule: 'queen' }).weights;
}

/** Rook contiguity weights (binary, original transform); see {@link contiguityWeights}. */
export function rookWeights(fc: FeatureCollection, options: Omit<ContiguityOptions, 'rule'>): SpatialWeights {
  return contiguityWeights(fc, { ...options, rule: 'rook' }).weights;
}
