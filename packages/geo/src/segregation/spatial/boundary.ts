import Flatbush from 'flatbush';
import type { Geometry, Position } from 'geojson';
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
 * rook neighbours). Computed from collinear overlapping edges: every boundary segment is put in a
 * flatbush index, and for each pair of segments of different areas that lie on the same line
 * (within `tolerance` metres) the length of their overlap is added to w_ij. Areas that only touch
 * at a point get no link; islands have empty rows. O(S log S) in the number of segments S.
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
  if (s > 0) {
    const index = new Flatbush(s);
    for (let k = 0; k < s; k++) {
      const x0 = coords[4 * k]!;
      const y0 = coords[4 * k + 1]!;
      const x1 = coords[4 * k + 2]!;
      const y1 = coords[4 * k + 3]!;
      index.add(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
    }
    index.finish();
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
      const hits = index.search(
        Math.min(ax, bx) - tolerance,
        Math.min(ay, by) - tolerance,
        Math.max(ax, bx) + tolerance,
        Math.max(ay, by) + tolerance,
      );
      for (const m of hits) {
        const j = segOwner[m]!;
        if (j === i) continue;
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
          const row = rows[i]!;
          row.set(j, (row.get(j) ?? 0) + overlap);
        }
      }
    }
  }
  const lists = rows.map((r) => [...r.keys()].sort((p, q) => p - q));
  const values = rows.map((r, i) => lists[i]!.map((j) => r.get(j)!));
  return weightsFromLists(a.ids, lists, values);
}
