import type { FeatureCollection } from 'geojson';
import { CohesionError } from '../errors.js';
import { areasModel } from '../geography/areas.js';
import { lonLatToBng } from '../geography/project.js';
import { accessCrs, accessIds, assertInGb, featuresInBng } from './sites.js';

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
 * Turns areas or points into demand origins in BNG metres: the areas model (`prepareAreas`) with
 * `pointOnSurface` points, so every origin lies in its own area (the centroid of the largest part
 * when it lies inside, else the midpoint of the widest interior interval on a horizontal scan
 * line). WGS84 input is reprojected. On top of the model: ids default to the feature `id`, else
 * the index; polygons must have an area; every origin must lie in Great Britain.
 *
 * Errors: `EMPTY_INPUT`, `INVALID_GEOMETRY` (lines, null or zero-area geometry), `OUTSIDE_GB`,
 * `MISSING_PROPERTY` / `BLANK_CODE` / `DUPLICATE_CODE` for ids.
 */
export function prepareOrigins(fc: FeatureCollection, options: PrepareOriginsOptions = {}): AccessOrigins {
  const what = options.source ? `origins (${options.source})` : 'origins';
  const crs = accessCrs(fc, what);
  const model = areasModel(
    fc,
    {
      idProperty: options.idProperty ?? '',
      points: 'pointOnSurface',
      crs,
      project: lonLatToBng,
      source: what,
    },
    {
      ids: (f) => {
        const ids = accessIds(f, options.idProperty, what);
        return { ids, index: new Map(ids.map((id, i) => [id, i])) };
      },
      check: (i, id, g, area, x, y) => {
        if (g.type !== 'Point' && !(area > 0)) {
          throw new CohesionError('INVALID_GEOMETRY', `${what}: area "${id}" (feature ${i}) has no area`, {
            feature: i,
            id,
          });
        }
        assertInGb(x, y, `${what}: "${id}" (feature ${i})`, { feature: i, id });
      },
    },
  );
  return { ids: model.ids as string[], xs: model.xs, ys: model.ys };
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
