import type { FeatureCollection, Geometry, Position } from 'geojson';
import { CohesionError } from '../errors.js';
import { type Areas, areasModel } from '../geography/areas.js';
import { detectCrs } from '../geography/crs.js';
import { flatPolygon } from '../geography/geometry.js';
import { areaIds } from '../geography/ids.js';
import { lonLatToBng } from '../geography/project.js';

/**
 * How coordinates are read: `lonlat` (WGS84 degrees), `planar` (metres, e.g. British National Grid,
 * or arbitrary planar units as in the columbus shapefile), or `auto` (the Great Britain check,
 * `checkGreatBritain`: the declared CRS if the coordinates agree with it, else the coordinate range:
 * UK lon/lat → `lonlat`, BNG → `planar`). With `auto`, coordinates that fit neither are an error
 * (`UNKNOWN_CRS`; say `planar` for a non-GB planar grid), as are swapped axes or a declaration the
 * numbers contradict (`WRONG_CRS`).
 */
export type CoordinateMode = 'auto' | 'lonlat' | 'planar';

/**
 * Resolves `auto` to `lonlat` or `planar` through the Great Britain check. `planarFallback` keeps
 * coordinates of unknown CRS as planar units instead of failing: only for consumers whose answer
 * does not depend on distances (contiguity, where shared vertices decide).
 */
export function resolveCoordinateMode(
  fc: FeatureCollection,
  mode: CoordinateMode = 'auto',
  options: { planarFallback?: boolean } = {},
): 'lonlat' | 'planar' {
  if (mode !== 'auto') return mode;
  try {
    return detectCrs(fc) === 'EPSG:4326' ? 'lonlat' : 'planar';
  } catch (e) {
    if (e instanceof CohesionError && e.code === 'UNKNOWN_CRS') {
      if (options.planarFallback) return 'planar';
      throw new CohesionError(
        'UNKNOWN_CRS',
        `${e.message}; distances would be meaningless. Reproject to EPSG:27700, or pass coordinates: 'planar' if these are planar units on purpose`,
        e.detail,
      );
    }
    throw e;
  }
}

/**
 * Reads the id of every feature from `idProperty` (numbers become strings) by the one id rule
 * (`areaIds` in the geography module).
 * @throws CohesionError EMPTY_INPUT, MISSING_PROPERTY, BLANK_CODE, INVALID_CODE or DUPLICATE_CODE naming the feature.
 */
export function featureIdsOf(fc: FeatureCollection, idProperty: string): string[] {
  if (!fc || !Array.isArray(fc.features) || fc.features.length === 0)
    throw new CohesionError('EMPTY_INPUT', 'the areas have no features');
  return areaIds(fc, idProperty);
}

/** The polygons of a Polygon/MultiPolygon geometry; throws INVALID_GEOMETRY for anything else. */
export function polygonParts(g: Geometry | null | undefined, feature: number, id?: string): Position[][][] {
  if (g?.type === 'Polygon' || g?.type === 'MultiPolygon') {
    // An empty polygon, or one whose rings enclose nothing (all points on a line or the same
    // point), has no boundary to share: an error here, not a silent island.
    if (!enclosesArea(g.type === 'Polygon' ? [g.coordinates] : g.coordinates))
      throw flatPolygon(feature, id, g.type);
    return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  }
  throw new CohesionError(
    'INVALID_GEOMETRY',
    `feature ${feature}${id ? ` (${id})` : ''} has ${g ? `a ${g.type}` : 'no geometry'}; polygons are required`,
    { feature, id, value: g?.type ?? null },
  );
}

/**
 * Whether some exterior ring has three points not on one line. A real polygon answers on its
 * first three vertices, so the check costs nothing beside contiguity's own pass over them.
 */
function enclosesArea(parts: Position[][][]): boolean {
  for (const poly of parts) {
    const ring = poly[0] ?? [];
    const a = ring[0];
    if (!a) continue;
    const [ax, ay] = a as [number, number];
    let b: Position | undefined;
    for (const p of ring) {
      if (!b) {
        if (p[0] !== ax || p[1] !== ay) b = p;
      } else if (
        ((b[0] as number) - ax) * ((p[1] as number) - ay) !==
        ((b[1] as number) - ay) * ((p[0] as number) - ax)
      )
        return true;
    }
  }
  return false;
}

/** Representative point of each area used by distance-based weights. */
export type PointMethod = 'centroid' | 'pointOnSurface';

/**
 * The areas model (`prepareAreas`) as distance weights read it: ids by the one id rule, one point
 * per feature in planar metres (lon/lat projected to British National Grid first) — the
 * area-weighted centroid (the planar centroid GEOS / `sf::st_centroid` computes), or a point
 * guaranteed inside the polygon (`pointOnSurface`) — with the CRS resolved by `coordinates`
 * ({@link resolveCoordinateMode}: `planar` takes the numbers as they are).
 */
export function featurePoints(
  fc: FeatureCollection,
  options: { idProperty: string; method?: PointMethod; coordinates?: CoordinateMode },
): Areas {
  return areasModel(
    fc,
    { idProperty: options.idProperty, points: options.method ?? 'centroid', project: lonLatToBng },
    {
      detect: (f) =>
        resolveCoordinateMode(f, options.coordinates) === 'lonlat' ? 'EPSG:4326' : 'EPSG:27700',
    },
  );
}
