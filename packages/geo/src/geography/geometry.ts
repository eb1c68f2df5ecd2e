import type { Geometry, Position } from 'geojson';
import { CohesionError } from '../errors.js';
import { eachPosition, positionsExtent } from './crs.js';

/** [minX, minY, maxX, maxY]. */
export type Extent = [number, number, number, number];

/** Bounding box of a geometry, or undefined when it has no coordinates. */
export function geometryBBox(g: Geometry | null | undefined): Extent | undefined {
  return g ? positionsExtent((fn) => eachPosition(g, fn)) : undefined;
}

/** True when two extents overlap or touch. */
export function extentsMeet(a: Extent, b: Extent): boolean {
  return a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];
}

/** The polygons of a Polygon or MultiPolygon as arrays of rings; throws for other types. */
export function polygonsOf(g: Geometry | null, feature?: number): Position[][][] {
  if (g?.type === 'Polygon') return [g.coordinates];
  if (g?.type === 'MultiPolygon') return g.coordinates;
  throw new CohesionError(
    'INVALID_GEOMETRY',
    `feature ${feature ?? '?'} is ${g ? `a ${g.type}` : 'empty'}, not a Polygon or MultiPolygon`,
    { feature },
  );
}

/**
 * Signed area of a ring by the shoelace formula (positive when counter-clockwise), computed
 * relative to the ring's first vertex so BNG coordinates in the hundreds of kilometres do not
 * cost digits.
 */
export function ringSignedArea(ring: Position[]): number {
  const n = ring.length;
  if (n < 3) return 0;
  const x0 = (ring[0] as Position)[0] as number;
  const y0 = (ring[0] as Position)[1] as number;
  let s = 0;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = ring[j] as Position;
    const b = ring[i] as Position;
    s +=
      ((a[0] as number) - x0) * ((b[1] as number) - y0) - ((b[0] as number) - x0) * ((a[1] as number) - y0);
  }
  return s / 2;
}

/**
 * Planar area in square units of the coordinates — square metres for British National Grid.
 * Outer rings add, holes subtract, whatever their winding. BNG's scale factor varies by at most
 * ±0.04% across Great Britain, so areas are within 0.08% of geodesic: well inside data accuracy.
 */
export function planarArea(g: Geometry | null): number {
  if (!g) return 0;
  if (g.type === 'GeometryCollection') return g.geometries.reduce((s, x) => s + planarArea(x), 0);
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return 0;
  let total = 0;
  for (const poly of polygonsOf(g)) {
    poly.forEach((ring, i) => {
      const a = Math.abs(ringSignedArea(ring));
      total += i === 0 ? a : -a;
    });
  }
  return total;
}

/** INVALID_GEOMETRY for a polygon with no area (empty, or its points on one line). */
export function flatPolygon(feature: number, id: string | undefined, type: string): CohesionError {
  return new CohesionError(
    'INVALID_GEOMETRY',
    `feature ${feature}${id ? ` (${id})` : ''} has a ${type} with no area (empty, or points on a line)`,
    { feature, id, value: type },
  );
}

/** Area-weighted centroid of a (multi)polygon; vertex mean for points and lines. */
export function centroid(g: Geometry | null): [number, number] {
  if (!g) throw new CohesionError('INVALID_GEOMETRY', 'cannot take the centroid of an empty geometry');
  if (g.type === 'Point') return [g.coordinates[0] as number, g.coordinates[1] as number];
  if (g.type === 'Polygon' || g.type === 'MultiPolygon') {
    let a = 0;
    let cx = 0;
    let cy = 0;
    const polys = polygonsOf(g);
    // Work relative to the first vertex: exact translation, fewer digits lost to large BNG values.
    const origin = polys[0]?.[0]?.[0] ?? [0, 0];
    const ox = origin[0] as number;
    const oy = origin[1] as number;
    for (const poly of polys) {
      poly.forEach((ring, ri) => {
        const sign = ri === 0 ? 1 : -1;
        const orient = ringSignedArea(ring) >= 0 ? 1 : -1;
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          const px = ((ring[j] as Position)[0] as number) - ox;
          const py = ((ring[j] as Position)[1] as number) - oy;
          const qx = ((ring[i] as Position)[0] as number) - ox;
          const qy = ((ring[i] as Position)[1] as number) - oy;
          const w = sign * orient * (px * qy - qx * py);
          a += w;
          cx += (px + qx) * w;
          cy += (py + qy) * w;
        }
      });
    }
    if (a !== 0) return [ox + cx / (3 * a), oy + cy / (3 * a)];
  }
  let n = 0;
  let sx = 0;
  let sy = 0;
  const visit = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') {
      sx += (c as number[])[0] as number;
      sy += (c as number[])[1] as number;
      n++;
    } else for (const d of c as unknown[]) visit(d);
  };
  if (g.type === 'GeometryCollection') visit(g.geometries.map((x) => centroid(x)));
  else visit(g.coordinates);
  if (n === 0) throw new CohesionError('INVALID_GEOMETRY', 'cannot take the centroid of an empty geometry');
  return [sx / n, sy / n];
}

/** Even–odd ray casting against one polygon's rings (outer + holes). Boundary points count as inside. */
export function pointInRings(x: number, y: number, rings: Position[][]): boolean {
  let inside = false;
  for (const ring of rings) {
    const n = ring.length;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const xi = (ring[i] as Position)[0] as number;
      const yi = (ring[i] as Position)[1] as number;
      const xj = (ring[j] as Position)[0] as number;
      const yj = (ring[j] as Position)[1] as number;
      if (yi > y !== yj > y) {
        const xCross = ((xj - xi) * (y - yi)) / (yj - yi) + xi;
        if (x === xCross) return true;
        if (x < xCross) inside = !inside;
      } else if (yi === y && yj === y && x >= Math.min(xi, xj) && x <= Math.max(xi, xj)) {
        return true;
      }
    }
  }
  return inside;
}

/** True when (x, y) lies in a Polygon or MultiPolygon (holes excluded, boundary included). */
export function pointInPolygon(x: number, y: number, g: Geometry): boolean {
  for (const poly of polygonsOf(g)) if (pointInRings(x, y, poly)) return true;
  return false;
}

/**
 * A point guaranteed to lie inside a (multi)polygon — the area's representative point for
 * distances (as ONS uses population-weighted or inside points rather than centroids, which can
 * fall outside a crescent-shaped area). Method: on the horizontal line through the largest
 * polygon's centroid height, take the midpoint of the widest interior interval (as GEOS
 * `PointOnSurface`). Falls back to the centroid when the polygon is degenerate.
 */
export function pointOnSurface(g: Geometry | null): [number, number] {
  if (!g) throw new CohesionError('INVALID_GEOMETRY', 'cannot find a point on an empty geometry');
  if (g.type === 'Point') return [g.coordinates[0] as number, g.coordinates[1] as number];
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return centroid(g);
  const polys = polygonsOf(g);
  let best = polys[0] as Position[][];
  let bestArea = -1;
  for (const p of polys) {
    const a = Math.abs(ringSignedArea(p[0] as Position[]));
    if (a > bestArea) {
      bestArea = a;
      best = p;
    }
  }
  const [cx, cy] = centroid({ type: 'Polygon', coordinates: best });
  if (pointInRings(cx, cy, best)) return [cx, cy];
  const bb = geometryBBox({ type: 'Polygon', coordinates: best }) as Extent;
  // Scan line at the bbox mid-height (nudged off vertices), midpoint of the widest inside interval.
  for (const frac of [0.5, 0.4999, 0.25, 0.75, 0.1, 0.9]) {
    const y = bb[1] + (bb[3] - bb[1]) * frac;
    const xs: number[] = [];
    for (const ring of best) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const a = ring[j] as Position;
        const b = ring[i] as Position;
        const ya = a[1] as number;
        const yb = b[1] as number;
        if (ya > y !== yb > y)
          xs.push((((b[0] as number) - (a[0] as number)) * (y - ya)) / (yb - ya) + (a[0] as number));
      }
    }
    xs.sort((p, q) => p - q);
    let w = -1;
    let px = Number.NaN;
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const d = (xs[i + 1] as number) - (xs[i] as number);
      if (d > w) {
        w = d;
        px = ((xs[i] as number) + (xs[i + 1] as number)) / 2;
      }
    }
    if (w > 0) return [px, y];
  }
  return [cx, cy];
}

/** True when a geometry's bounding box meets `box`. */
export function geometryMeetsExtent(g: Geometry | null | undefined, box: Extent): boolean {
  const b = geometryBBox(g);
  return b !== undefined && extentsMeet(b, box);
}

/** A copy of a geometry with every position replaced by `f(position)` (nested collections included). */
export function mapPositions(g: Geometry | null, f: (p: Position) => Position): Geometry | null {
  if (!g) return g;
  switch (g.type) {
    case 'Point':
      return { ...g, coordinates: f(g.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { ...g, coordinates: g.coordinates.map(f) };
    case 'MultiLineString':
    case 'Polygon':
      return { ...g, coordinates: g.coordinates.map((l) => l.map(f)) };
    case 'MultiPolygon':
      return { ...g, coordinates: g.coordinates.map((poly) => poly.map((l) => l.map(f))) };
    case 'GeometryCollection':
      return { ...g, geometries: g.geometries.map((x) => mapPositions(x, f) as Geometry) };
  }
}
