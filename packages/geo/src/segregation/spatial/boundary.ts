import type { Geometry, Position } from 'geojson';
import KDBush from 'kdbush';
import { type SpatialWeights, weightsFromLists } from '../../weights/csr.js';
import type { SpatialAreas } from './areas.js';

function ringsOf(g: Geometry): Position[][] {
  if (g.type === 'Polygon') return g.coordinates;
  if (g.type === 'MultiPolygon') return g.coordinates.flat();
  return [];
}

/**
 * Shared-boundary-length weights: w_ij = length (metres) of the boundary that areas i and j have
 * in common, as PySAL `segregation`'s `_return_length_weighted_w` (GEOS intersection length of
 * rook neighbours). Computed from collinear overlapping edges: the end points of every boundary
 * segment go in one kdbush index; two collinear segments that overlap always have an end point of
 * one inside the other's bounding box, so each segment's box query finds every candidate. For each
 * pair of segments of different areas on the same line (within `tolerance` metres) the length of
 * their overlap is added to w_ij and w_ji. Areas that only touch at a point get no link; islands
 * have empty rows. O(S log S) in the number of segments S.
 *
 * (kdbush rather than an R-tree of segment boxes: the spatial indices already bundle kdbush, and
 * this keeps `@cohesion/geo/segregation/spatial` within its browser-bundle budget.)
 *
 * This is a weights *values* builder on top of the weights module's CSR type
 * ({@link SpatialWeights}); contiguity itself (queen/rook sets) comes from `queenWeights`.
 */
export function sharedBoundaryWeights(a: SpatialAreas, tolerance = 1e-3): SpatialWeights {
  const segOwner: number[] = [];
  const coords: number[] = [];
  a.geometries.forEach((g, i) => {
    for (const ring of ringsOf(g)) {
      for (let k = 0; k + 1 < ring.length; k++) {
        const p = ring[k] as Position;
        const q = ring[k + 1] as Position;
        const x0 = p[0] as number;
        const y0 = p[1] as number;
        const x1 = q[0] as number;
        const y1 = q[1] as number;
        if (x0 === x1 && y0 === y1) continue;
        segOwner.push(i);
        coords.push(x0, y0, x1, y1);
      }
    }
  });
  const s = segOwner.length;
  const rows: Map<number, number>[] = Array.from({ length: a.n }, () => new Map());
  // Is an end point of segment m inside segment k's bounding box (grown by the tolerance)?
  const endInBox = (m: number, k: number): boolean => {
    const x0 = Math.min(coords[4 * k]!, coords[4 * k + 2]!) - tolerance;
    const x1 = Math.max(coords[4 * k]!, coords[4 * k + 2]!) + tolerance;
    const y0 = Math.min(coords[4 * k + 1]!, coords[4 * k + 3]!) - tolerance;
    const y1 = Math.max(coords[4 * k + 1]!, coords[4 * k + 3]!) + tolerance;
    for (let e = 0; e < 4; e += 2) {
      const x = coords[4 * m + e]!;
      const y = coords[4 * m + e + 1]!;
      if (x >= x0 && x <= x1 && y >= y0 && y <= y1) return true;
    }
    return false;
  };
  if (s > 0) {
    const index = new KDBush(2 * s);
    for (let k = 0; k < s; k++) {
      index.add(coords[4 * k]!, coords[4 * k + 1]!);
      index.add(coords[4 * k + 2]!, coords[4 * k + 3]!);
    }
    index.finish();
    const seen = new Int32Array(s).fill(-1); // a segment's two end points are one candidate
    for (let k = 0; k < s; k++) {
      const i = segOwner[k]!;
      const ax = coords[4 * k]!;
      const ay = coords[4 * k + 1]!;
      const bx = coords[4 * k + 2]!;
      const by = coords[4 * k + 3]!;
      const dx = bx - ax;
      const dy = by - ay;
      const len = Math.hypot(dx, dy);
      const ux = dx / len;
      const uy = dy / len;
      const hits = index.range(
        Math.min(ax, bx) - tolerance,
        Math.min(ay, by) - tolerance,
        Math.max(ax, bx) + tolerance,
        Math.max(ay, by) + tolerance,
      );
      for (const h of hits) {
        const m = h >> 1;
        if (seen[m] === k) continue;
        seen[m] = k;
        const j = segOwner[m]!;
        if (j === i) continue;
        // Each pair once: from k when only k's box holds an end of m, else from the lower index.
        if (m < k && endInBox(k, m)) continue;
        const cx = coords[4 * m]!;
        const cy = coords[4 * m + 1]!;
        const ex = coords[4 * m + 2]!;
        const ey = coords[4 * m + 3]!;
        // Both end points of segment m must lie on the line of segment k.
        const off0 = Math.abs((cx - ax) * uy - (cy - ay) * ux);
        const off1 = Math.abs((ex - ax) * uy - (ey - ay) * ux);
        if (off0 > tolerance || off1 > tolerance) continue;
        const t0 = (cx - ax) * ux + (cy - ay) * uy;
        const t1 = (ex - ax) * ux + (ey - ay) * uy;
        const overlap = Math.min(Math.max(t0, t1), len) - Math.max(Math.min(t0, t1), 0);
        if (overlap > tolerance) {
          rows[i]!.set(j, (rows[i]!.get(j) ?? 0) + overlap);
          rows[j]!.set(i, (rows[j]!.get(i) ?? 0) + overlap);
        }
      }
    }
  }
  const lists = rows.map((r) => [...r.keys()].sort((p, q) => p - q));
  const values = rows.map((r, i) => lists[i]!.map((j) => r.get(j)!));
  return weightsFromLists(a.ids, lists, values);
}
