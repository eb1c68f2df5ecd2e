import type { FeatureCollection, Geometry, Position } from 'geojson';
import { CohesionError } from '../../errors.js';
import { type Crs, detectCrs } from '../../geography/crs.js';
import { centroid, mapPositions, planarArea, pointOnSurface } from '../../geography/geometry.js';
import { inAreaOrder } from '../../validate/align.js';
import { featureIdsOf } from '../../weights/features.js';
import { checkSingleGroupDefined, type SegregationInputOptions } from '../input.js';

/**
 * Areas prepared for spatial segregation indices: everything in British National Grid metres.
 * Built once by {@link spatialAreas} and shared by every index (distances, areas and perimeters are
 * never computed on degrees).
 */
export interface SpatialAreas {
  /** Area ids in feature order. */
  readonly ids: readonly string[];
  /** Number of areas. */
  readonly n: number;
  /** Representative point of each area (centroid by default), BNG metres. */
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  /** Planar area of each area, m² (0 for point features). */
  readonly areas: Float64Array;
  /** Perimeter of each area (all rings, holes included, as GEOS `length`), metres. */
  readonly perimeters: Float64Array;
  /** The geometries in BNG metres (for shared-boundary lengths). */
  readonly geometries: readonly Geometry[];
  /** CRS of the input: `EPSG:4326` input was projected to BNG. */
  readonly sourceCrs: Crs;
  /**
   * The WGS84 → BNG projection the areas were prepared with, if any: it turns a `{lon, lat}`
   * centre (centralisation indices) into metres. Absent when no projection was given.
   */
  readonly project?: LonLatToBng;
}

/** Projects one WGS84 longitude/latitude to British National Grid `[easting, northing]` metres. */
export type LonLatToBng = (lon: number, lat: number) => [number, number];

/** Options for {@link spatialAreas}. */
export interface SpatialAreasOptions {
  /** Property holding each area's id (ONS code). */
  idProperty: string;
  /** Representative point: `centroid` (default; what PySAL and libpysal use) or `pointOnSurface`. */
  points?: 'centroid' | 'pointOnSurface';
  /**
   * The CRS of the input when it cannot be detected (e.g. a made-up planar grid in metres);
   * default: the declared CRS, else detected from the coordinate range (`detectCrs`).
   */
  crs?: Crs;
  /**
   * Projects WGS84 input to British National Grid: pass `lonLatToBng` (from `@cohesion/geo` or
   * `@cohesion/geo/geography`). `spatialAreas` from the package root passes it for you; the
   * `@cohesion/geo/segregation/spatial` subpath does not, so a browser bundle of the spatial
   * indices leaves proj4 (about 43 KB gzipped) out unless you project.
   */
  project?: LonLatToBng;
}

function ringLength(ring: Position[]): number {
  let s = 0;
  for (let k = 0; k + 1 < ring.length; k++) {
    const p = ring[k] as Position;
    const q = ring[k + 1] as Position;
    s += Math.hypot((q[0] as number) - (p[0] as number), (q[1] as number) - (p[1] as number));
  }
  return s;
}

/** Perimeter of a polygon or multipolygon (every ring, holes included), in its own units. */
export function polygonPerimeter(g: Geometry): number {
  if (g.type === 'Polygon') return g.coordinates.reduce((s, r) => s + ringLength(r), 0);
  if (g.type === 'MultiPolygon')
    return g.coordinates.reduce((s, poly) => s + poly.reduce((t, r) => t + ringLength(r), 0), 0);
  return 0;
}

/**
 * Prepares areas for the spatial segregation indices: reads ids, projects WGS84 lon/lat to British
 * National Grid (EPSG:27700) so every distance is in metres and every area in m², and computes each
 * area's representative point, area and perimeter once.
 *
 * This is the `@cohesion/geo/segregation/spatial` subpath's version: it takes British National Grid
 * as it is, and WGS84 only with `options.project` (`lonLatToBng`), so the subpath never loads proj4
 * by itself. `spatialAreas` from the package root projects WGS84 without being asked.
 *
 * @throws CohesionError EMPTY_INPUT, MISSING_PROPERTY / BLANK_CODE / DUPLICATE_CODE (ids),
 *   UNKNOWN_CRS (coordinates neither UK lon/lat nor BNG; pass `crs` for a planar grid),
 *   WRONG_CRS (WGS84 input and no `project`),
 *   INVALID_GEOMETRY naming the feature (not a Polygon/MultiPolygon/Point, or non-finite point).
 */
export function spatialAreas(fc: FeatureCollection, options: SpatialAreasOptions): SpatialAreas {
  const ids = featureIdsOf(fc, options.idProperty);
  const sourceCrs = options.crs ?? detectCrs(fc);
  const project = options.project;
  let bng = fc;
  if (sourceCrs === 'EPSG:4326') {
    if (!project) {
      throw new CohesionError(
        'WRONG_CRS',
        'these areas are WGS84 longitude/latitude, and spatialAreas from @cohesion/geo/segregation/spatial takes British National Grid metres: pass { project: lonLatToBng } (from @cohesion/geo/geography), reproject first with toBng, or import spatialAreas from @cohesion/geo',
        { value: sourceCrs },
      );
    }
    const toMetres = (p: Position): Position => {
      const q = project(p[0] as number, p[1] as number);
      return p.length > 2 ? [q[0], q[1], ...p.slice(2)] : q;
    };
    bng = {
      ...fc,
      features: fc.features.map((f) => ({ ...f, geometry: mapPositions(f.geometry, toMetres) as Geometry })),
    };
  }
  const n = ids.length;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  const areas = new Float64Array(n);
  const perimeters = new Float64Array(n);
  const geometries: Geometry[] = [];
  bng.features.forEach((f, i) => {
    const g = f.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon' && g.type !== 'Point')) {
      throw new CohesionError(
        'INVALID_GEOMETRY',
        `feature ${i} (${ids[i]}) has ${g ? `a ${g.type}` : 'no geometry'}; polygons or points are required`,
        { feature: i, id: ids[i], value: g?.type ?? null },
      );
    }
    const [x, y] = options.points === 'pointOnSurface' ? pointOnSurface(g) : centroid(g);
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      throw new CohesionError('INVALID_GEOMETRY', `feature ${i} (${ids[i]}) has no usable coordinates`, {
        feature: i,
        id: ids[i],
      });
    }
    xs[i] = x;
    ys[i] = y;
    areas[i] = g.type === 'Point' ? 0 : planarArea(g);
    perimeters[i] = polygonPerimeter(g);
    geometries.push(g);
  });
  return { ids, n, xs, ys, areas, perimeters, geometries, sourceCrs, ...(project ? { project } : {}) };
}

/** Throws INVALID_GEOMETRY naming the first area with no positive area (needed by area-based indices). */
export function requirePositiveAreas(a: SpatialAreas, index: string): void {
  for (let i = 0; i < a.n; i++) {
    if (!(a.areas[i]! > 0)) {
      throw new CohesionError(
        'INVALID_GEOMETRY',
        `${index} needs polygon areas, but area ${a.ids[i]} (feature ${i}) has an area of ${a.areas[i]} m²`,
        { feature: i, id: a.ids[i], value: a.areas[i] },
      );
    }
  }
}

/** Throws LENGTH_MISMATCH unless `values` has one entry per area. */
export function requireAligned(a: { n: number }, values: ArrayLike<number>, what: string): void {
  if (values.length !== a.n) {
    throw new CohesionError('LENGTH_MISMATCH', `${what} has ${values.length} values for ${a.n} areas`, {
      value: [values.length, a.n],
    });
  }
}

/**
 * The counts of a spatial index in area order and checked: the row-order check (`opts.ids`,
 * `reorder`; see `inAreaOrder`), one value per area (LENGTH_MISMATCH) and the usual count checks.
 * `options` come back with `ids` set to the areas', for inner calls on the reordered counts.
 */
export function countsInAreaOrder<O extends SegregationInputOptions | undefined>(
  a: { n: number; ids: readonly string[] },
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts: O,
) {
  const {
    columns: [x, t],
    options,
  } = inAreaOrder(a.ids, opts, [group, total]);
  requireAligned(a, x, 'group');
  requireAligned(a, t, 'total');
  return { x, t, options, s: checkSingleGroupDefined(x, t, { ids: a.ids, ...options }) };
}
