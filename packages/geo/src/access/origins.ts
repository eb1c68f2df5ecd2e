import type { FeatureCollection, Position } from 'geojson';
import { CohesionError } from '../errors.js';
import { assertInGb, featuresInBng, polygonAreaM2 } from './sites.js';

/** Demand points in BNG metres: one per area (point on surface) or per input point. */
export interface AccessOrigins {
  ids: string[];
  xs: Float64Array;
  ys: Float64Array;
}

/** Options for {@link prepareOrigins}. */
export interface PrepareOriginsOptions {
  /** Property holding a unique id (e.g. `area_code`); default: feature `id`, else the index. */
  idProperty?: string;
  source?: string;
}

/**
 * A point guaranteed to lie inside a polygon (BNG metres): on the horizontal line through the
 * centroid of the largest part, the midpoint of the widest interior interval (the PostGIS
 * `ST_PointOnSurface` idea). Used so every origin of a concave or doughnut area lies in it.
 */
export function interiorPoint(polygons: Position[][][]): [number, number] {
  let bestPoly: Position[][] | undefined;
  let bestArea = -1;
  for (const poly of polygons) {
    const a = polygonAreaM2([poly]);
    if (a > bestArea) {
      bestArea = a;
      bestPoly = poly;
    }
  }
  const outer = bestPoly?.[0];
  if (!bestPoly || !outer || outer.length < 3) throw new Error('empty polygon');
  // Mid-height of the bounding box, nudged off any vertex so no ring vertex lies on the scanline.
  let y0 = Number.POSITIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const p of outer) {
    y0 = Math.min(y0, p[1] as number);
    y1 = Math.max(y1, p[1] as number);
  }
  let y = (y0 + y1) / 2;
  const onVertex = () => bestPoly.some((ring) => ring.some((p) => p[1] === y));
  for (let k = 1; onVertex() && k < 50; k++) y = (y0 + y1) / 2 + ((y1 - y0) * k) / 1e4;
  const xsCross: number[] = [];
  for (const ring of bestPoly) {
    for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) {
      const a = ring[i]!;
      const b = ring[j]!;
      const ay = a[1] as number;
      const by = b[1] as number;
      if (ay > y !== by > y) {
        const ax = a[0] as number;
        const bx = b[0] as number;
        xsCross.push(ax + ((y - ay) * (bx - ax)) / (by - ay));
      }
    }
  }
  xsCross.sort((p, q) => p - q);
  let bestW = -1;
  let bx = Number.NaN;
  for (let i = 0; i + 1 < xsCross.length; i += 2) {
    const w = xsCross[i + 1]! - xsCross[i]!;
    if (w > bestW) {
      bestW = w;
      bx = (xsCross[i]! + xsCross[i + 1]!) / 2;
    }
  }
  return [bx, y];
}

/**
 * Turns areas (Polygon/MultiPolygon → interior point, see {@link interiorPoint}) or points into
 * demand origins in BNG metres. WGS84 input is reprojected.
 *
 * Errors: `EMPTY_INPUT`, `INVALID_GEOMETRY` (lines, null or zero-area geometry), `OUTSIDE_GB`,
 * `MISSING_PROPERTY` / `BLANK_CODE` / `DUPLICATE_CODE` for ids.
 */
export function prepareOrigins(fc: FeatureCollection, options: PrepareOriginsOptions = {}): AccessOrigins {
  const what = options.source ? `origins (${options.source})` : 'origins';
  const bng = featuresInBng(fc, what);
  const n = bng.features.length;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  const ids: string[] = [];
  const seen = new Map<string, number>();
  bng.features.forEach((f, i) => {
    let id: string;
    if (options.idProperty) {
      const v = f.properties?.[options.idProperty];
      if (v === undefined) {
        throw new CohesionError('MISSING_PROPERTY', `${what}: feature ${i} has no "${options.idProperty}"`, {
          feature: i,
          column: options.idProperty,
        });
      }
      id = v === null ? '' : String(v).trim();
      if (id === '') {
        throw new CohesionError('BLANK_CODE', `${what}: feature ${i} has a blank "${options.idProperty}"`, {
          feature: i,
          column: options.idProperty,
        });
      }
    } else id = f.id !== undefined && f.id !== null ? String(f.id) : String(i);
    const prev = seen.get(id);
    if (prev !== undefined) {
      throw new CohesionError(
        'DUPLICATE_CODE',
        `${what}: id "${id}" appears twice (features ${prev}, ${i})`,
        {
          feature: i,
          id,
        },
      );
    }
    seen.set(id, i);
    ids.push(id);
    const g = f.geometry;
    let p: [number, number];
    if (g?.type === 'Point') p = [g.coordinates[0] as number, g.coordinates[1] as number];
    else if (g?.type === 'Polygon' || g?.type === 'MultiPolygon') {
      const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      if (!(polygonAreaM2(polys) > 0)) {
        throw new CohesionError('INVALID_GEOMETRY', `${what}: area "${id}" (feature ${i}) has no area`, {
          feature: i,
          id,
        });
      }
      p = interiorPoint(polys);
    } else {
      throw new CohesionError(
        'INVALID_GEOMETRY',
        `${what}: feature ${i} ("${id}") is a ${g?.type ?? 'null geometry'}; origins must be points or polygons`,
        { feature: i, id, value: g?.type ?? null },
      );
    }
    assertInGb(p[0], p[1], `${what}: "${id}" (feature ${i})`, { feature: i, id });
    xs[i] = p[0];
    ys[i] = p[1];
  });
  return { ids, xs, ys };
}

/** Plain points (e.g. access points) in BNG metres with their properties. */
export interface AccessPointSet {
  xs: Float64Array;
  ys: Float64Array;
  properties: (Record<string, unknown> | null)[];
}

/** Reads Point features (WGS84 or BNG) into BNG arrays. Errors: EMPTY_INPUT, INVALID_GEOMETRY, OUTSIDE_GB. */
export function preparePoints(fc: FeatureCollection, what = 'access points'): AccessPointSet {
  const bng = featuresInBng(fc, what);
  const n = bng.features.length;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  const properties: (Record<string, unknown> | null)[] = [];
  bng.features.forEach((f, i) => {
    const g = f.geometry;
    if (g?.type !== 'Point') {
      throw new CohesionError(
        'INVALID_GEOMETRY',
        `${what}: feature ${i} is a ${g?.type ?? 'null geometry'}, not a Point`,
        {
          feature: i,
          value: g?.type ?? null,
        },
      );
    }
    const x = g.coordinates[0] as number;
    const y = g.coordinates[1] as number;
    assertInGb(x, y, `${what}: feature ${i}`, { feature: i });
    xs[i] = x;
    ys[i] = y;
    properties.push(f.properties);
  });
  return { xs, ys, properties };
}
