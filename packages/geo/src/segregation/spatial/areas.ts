import type { FeatureCollection, Geometry, Position } from 'geojson';
import { CohesionError } from '../../errors.js';
import { type Areas, areasModel, type LonLatToBng, type PrepareAreasOptions } from '../../geography/areas.js';
import { inAreaOrder } from '../../validate/align.js';
import { checkSingleGroupDefined, type SegregationInputOptions } from '../input.js';

/**
 * Areas prepared for spatial segregation indices: the areas model (`Areas`: ids and their index,
 * points, areas and geometries, everything in British National Grid metres) plus perimeters.
 * Built once by {@link spatialAreas} and shared by every index (distances, areas and perimeters are
 * never computed on degrees).
 */
export interface SpatialAreas extends Omit<Areas, 'index'> {
  /** Position of each id (set by {@link spatialAreas}; optional so hand-built areas stay valid). */
  readonly index?: ReadonlyMap<string, number>;
  /** Perimeter of each area (all rings, holes included, as GEOS `length`), metres. */
  readonly perimeters: Float64Array;
  /**
   * The WGS84 → BNG projection the areas were prepared with, if any: it turns a `{lon, lat}`
   * centre (centralisation indices) into metres. Absent when no projection was given.
   */
  readonly project?: LonLatToBng;
}

export type { LonLatToBng };

/**
 * Options for {@link spatialAreas}: those of the areas model. `project` projects WGS84 input to
 * British National Grid: pass `lonLatToBng` (from `@cohesion/geo` or `@cohesion/geo/geography`).
 * `spatialAreas` from the package root passes it for you; the `@cohesion/geo/segregation/spatial`
 * subpath does not, so a browser bundle of the spatial indices leaves proj4 (about 43 KB gzipped)
 * out unless you project.
 */
export type SpatialAreasOptions = PrepareAreasOptions;

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
 * Prepares areas for the spatial segregation indices: the areas model (`prepareAreas`: ids, WGS84
 * lon/lat projected to British National Grid so every distance is in metres and every area in m²,
 * each area's representative point and area) plus each area's perimeter, computed once.
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
  const a = areasModel(fc, options);
  const project = options.project;
  return {
    ...a,
    perimeters: Float64Array.from(a.geometries, polygonPerimeter),
    ...(project ? { project } : {}),
  };
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
