import type { FeatureCollection, Geometry, Position } from 'geojson';
import { CohesionError } from '../errors.js';
import { detectCrs, reproject } from '../geography/crs.js';
import { centroid, pointOnSurface } from '../geography/geometry.js';

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

/** Representative point of each area used by distance-based weights. */
export type PointMethod = 'centroid' | 'pointOnSurface';

/**
 * One point per feature in planar metres (lon/lat is projected to British National Grid first):
 * the area-weighted centroid (`centroid` from the geography module — the planar centroid GEOS /
 * `sf::st_centroid` computes), or a point guaranteed inside the polygon (`pointOnSurface`).
 */
export function featurePoints(
  fc: FeatureCollection,
  options: { method?: PointMethod; coordinates?: CoordinateMode } = {},
): { xs: Float64Array; ys: Float64Array } {
  const mode = resolveCoordinateMode(fc, options.coordinates);
  const planar = mode === 'lonlat' ? reproject(fc, 'EPSG:27700', 'EPSG:4326') : fc;
  const n = planar.features.length;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  planar.features.forEach((f, i) => {
    if (f.geometry?.type !== 'Point') polygonParts(f.geometry, i);
    const c = options.method === 'pointOnSurface' ? pointOnSurface(f.geometry) : centroid(f.geometry);
    if (!Number.isFinite(c[0]) || !Number.isFinite(c[1]))
      throw new CohesionError('INVALID_GEOMETRY', `feature ${i} has no usable coordinates`, { feature: i });
    xs[i] = c[0];
    ys[i] = c[1];
  });
  return { xs, ys };
}
