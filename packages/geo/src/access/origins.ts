import type { FeatureCollection } from 'geojson';
import { CohesionError } from '../errors.js';
import { pointOnSurface } from '../geography/geometry.js';
import { accessIds, assertInGb, featuresInBng, polygonAreaM2 } from './sites.js';

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
 * Turns areas or points into demand origins in BNG metres. Areas are represented by
 * `pointOnSurface` (the centroid of the largest part when it lies inside, else the midpoint of the
 * widest interior interval on a horizontal scan line), so every origin lies in its own area.
 * WGS84 input is reprojected.
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
  const ids = accessIds(bng, options.idProperty, what);
  bng.features.forEach((f, i) => {
    const id = ids[i] as string;
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
      p = pointOnSurface(g);
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
