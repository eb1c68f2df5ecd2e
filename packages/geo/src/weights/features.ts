import type { FeatureCollection, Geometry, Position } from 'geojson';
import { CohesionError } from '../errors.js';
import { detectCrs, lonLatToBng } from '../geography/crs.js';

/**
 * How coordinates are read: `lonlat` (WGS84 degrees), `planar` (metres, e.g. British National Grid,
 * or arbitrary planar units as in the columbus shapefile), or `auto` (declared CRS, else the
 * coordinate range: UK lon/lat → `lonlat`, BNG → `planar`; anything else is treated as planar units).
 */
export type CoordinateMode = 'auto' | 'lonlat' | 'planar';

/** Resolves `auto` to `lonlat` or `planar`. */
export function resolveCoordinateMode(
  fc: FeatureCollection,
  mode: CoordinateMode = 'auto',
): 'lonlat' | 'planar' {
  if (mode !== 'auto') return mode;
  try {
    return detectCrs(fc) === 'EPSG:4326' ? 'lonlat' : 'planar';
  } catch (e) {
    if ((e as { code?: string }).code === 'UNKNOWN_CRS') return 'planar';
    throw e;
  }
}

/**
 * Reads the id of every feature from `idProperty` (numbers become strings).
 * @throws CohesionError EMPTY_INPUT, MISSING_PROPERTY, BLANK_CODE or DUPLICATE_CODE naming the feature.
 */
export function featureIdsOf(fc: FeatureCollection, idProperty: string): string[] {
  if (!fc || !Array.isArray(fc.features) || fc.features.length === 0)
    throw new CohesionError('EMPTY_INPUT', 'the areas have no features');
  const seen = new Map<string, number>();
  return fc.features.map((f, i) => {
    const v = f.properties?.[idProperty];
    if (v === undefined || v === null)
      throw new CohesionError('MISSING_PROPERTY', `feature ${i} has no property "${idProperty}"`, {
        feature: i,
        column: idProperty,
      });
    const id = String(v).trim();
    if (id === '')
      throw new CohesionError('BLANK_CODE', `feature ${i} has a blank "${idProperty}"`, {
        feature: i,
        column: idProperty,
      });
    const prev = seen.get(id);
    if (prev !== undefined)
      throw new CohesionError('DUPLICATE_CODE', `id ${id} appears on features ${prev} and ${i}`, {
        feature: i,
        id,
        column: idProperty,
      });
    seen.set(id, i);
    return id;
  });
}

/** The polygons of a Polygon/MultiPolygon geometry; throws INVALID_GEOMETRY for anything else. */
export function polygonParts(g: Geometry | null | undefined, feature: number, id?: string): Position[][][] {
  if (g?.type === 'Polygon') return [g.coordinates];
  if (g?.type === 'MultiPolygon') return g.coordinates;
  throw new CohesionError(
    'INVALID_GEOMETRY',
    `feature ${feature}${id ? ` (${id})` : ''} has ${g ? `a ${g.type}` : 'no geometry'}; polygons are required`,
    { feature, id, value: g?.type ?? null },
  );
}

/**
 * Area-weighted centroid of a polygon or multipolygon (holes subtract), in the coordinates given —
 * the planar centroid that GEOS/`sf::st_centroid` computes. Degenerate (zero-area) shapes fall
 * back to the mean of their vertices.
 */
export function planarCentroidOf(
  parts: Position[][][],
  project?: (p: Position) => [number, number],
): [number, number] {
  let a = 0;
  let cx = 0;
  let cy = 0;
  let sx = 0;
  let sy = 0;
  let m = 0;
  // Shift to the first vertex so the cross products do not lose precision on large coordinates.
  const first = parts[0]?.[0]?.[0];
  if (!first) return [Number.NaN, Number.NaN];
  const [ox, oy] = project ? project(first) : [first[0] as number, first[1] as number];
  for (const poly of parts)
    poly.forEach((ring, r) => {
      const pts = ring.map((p) => (project ? project(p) : [p[0] as number, p[1] as number]));
      let ra = 0;
      let rx = 0;
      let ry = 0;
      for (let k = 0; k + 1 < pts.length; k++) {
        const p = pts[k] as number[];
        const q = pts[k + 1] as number[];
        const x0 = (p[0] as number) - ox;
        const y0 = (p[1] as number) - oy;
        const x1 = (q[0] as number) - ox;
        const y1 = (q[1] as number) - oy;
        const c = x0 * y1 - x1 * y0;
        ra += c;
        rx += (x0 + x1) * c;
        ry += (y0 + y1) * c;
        sx += x0;
        sy += y0;
        m++;
      }
      // Outer rings add and holes subtract whatever their winding order.
      const sign = (ra < 0 ? -1 : 1) * (r === 0 ? 1 : -1);
      a += sign * ra;
      cx += sign * rx;
      cy += sign * ry;
    });
  if (Math.abs(a) > 0) return [ox + cx / (3 * a), oy + cy / (3 * a)];
  return m > 0 ? [ox + sx / m, oy + sy / m] : [Number.NaN, Number.NaN];
}

/** Representative point of each area used by distance-based weights. */
export type PointMethod = 'centroid' | 'pointOnSurface';

/**
 * One point per feature in planar metres (lon/lat is projected to British National Grid first):
 * the area-weighted centroid, or (for `pointOnSurface`) the centroid when it falls inside the
 * polygon and otherwise the midpoint of the widest interior span on the horizontal line through it.
 */
export function featurePoints(
  fc: FeatureCollection,
  options: { method?: PointMethod; coordinates?: CoordinateMode } = {},
): { xs: Float64Array; ys: Float64Array } {
  const mode = resolveCoordinateMode(fc, options.coordinates);
  const project =
    mode === 'lonlat' ? (p: Position) => lonLatToBng(p[0] as number, p[1] as number) : undefined;
  const n = fc.features.length;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  fc.features.forEach((f, i) => {
    const parts = polygonPartsOrPoint(f.geometry, i);
    let c = planarCentroidOf(parts, project);
    if (options.method === 'pointOnSurface') c = pointOnSurfaceOf(parts, c, project);
    if (!Number.isFinite(c[0]) || !Number.isFinite(c[1]))
      throw new CohesionError('INVALID_GEOMETRY', `feature ${i} has no usable coordinates`, { feature: i });
    xs[i] = c[0];
    ys[i] = c[1];
  });
  return { xs, ys };
}

function polygonPartsOrPoint(g: Geometry | null, i: number): Position[][][] {
  if (g?.type === 'Point') return [[[g.coordinates, g.coordinates]]];
  return polygonParts(g, i);
}

function pointOnSurfaceOf(
  parts: Position[][][],
  c: [number, number],
  project?: (p: Position) => [number, number],
): [number, number] {
  const rings = parts.map((poly) =>
    poly.map((r) => r.map((p) => (project ? project(p) : [p[0] as number, p[1] as number]))),
  );
  const inside = (x: number, y: number) => {
    let count = 0;
    for (const poly of rings)
      for (const r of poly)
        for (let k = 0, l = r.length - 1; k < r.length; l = k++) {
          const [xk, yk] = r[k] as [number, number];
          const [xl, yl] = r[l] as [number, number];
          if (yk > y !== yl > y && x < ((xl - xk) * (y - yk)) / (yl - yk) + xk) count++;
        }
    return count % 2 === 1;
  };
  if (inside(c[0], c[1])) return c;
  // Horizontal scanline through the middle of the largest part's bounding box.
  let best: [number, number] = c;
  let bestW = -1;
  for (const poly of rings) {
    let y0 = Number.POSITIVE_INFINITY;
    let y1 = Number.NEGATIVE_INFINITY;
    for (const p of poly[0] ?? []) {
      y0 = Math.min(y0, p[1] as number);
      y1 = Math.max(y1, p[1] as number);
    }
    const y = (y0 + y1) / 2;
    const xsx: number[] = [];
    for (const r of poly)
      for (let k = 0, l = r.length - 1; k < r.length; l = k++) {
        const [xk, yk] = r[k] as [number, number];
        const [xl, yl] = r[l] as [number, number];
        if (yk > y !== yl > y) xsx.push(((xl - xk) * (y - yk)) / (yl - yk) + xk);
      }
    xsx.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xsx.length; k += 2) {
      const w = (xsx[k + 1] as number) - (xsx[k] as number);
      if (w > bestW) {
        bestW = w;
        best = [((xsx[k] as number) + (xsx[k + 1] as number)) / 2, y];
      }
    }
  }
  return best;
}
