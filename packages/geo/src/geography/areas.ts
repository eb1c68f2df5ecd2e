import type { FeatureCollection, Geometry, Position } from 'geojson';
import { CohesionError } from '../errors.js';
import { type Crs, detectCrs } from './crs.js';
import { centroid, flatPolygon, mapPositions, planarArea, pointOnSurface } from './geometry.js';
import { areaIdIndex } from './ids.js';

// Cohesion's one areas model (issue 16): a FeatureCollection turned, once, into ids with their
// index, British National Grid geometries, representative points and areas. The spatial
// segregation indices (spatialAreas), distance weights (pointsFromAreas) and access origins
// (prepareOrigins) are thin wrappers over it, so there is one id rule (areaIdIndex), one CRS rule
// (detectCrs) and one projection path. No proj4 here: WGS84 is projected only through an injected
// `project`, so the `@cohesion/geo/segregation/spatial` subpath bundles without proj4; the package
// root's `prepareAreas` (prepare-areas.ts) passes `lonLatToBng`.

/** Projects one WGS84 longitude/latitude to British National Grid `[easting, northing]` metres. */
export type LonLatToBng = (lon: number, lat: number) => [number, number];

/**
 * Areas read once, where the data is read: everything in British National Grid metres, in feature
 * order. Build with `prepareAreas`; join a table's numeric columns onto it with `joinTableToAreas`.
 */
export interface Areas {
  /** Area ids (trimmed codes) in feature order. */
  readonly ids: readonly string[];
  /** Position of each id in {@link ids}. */
  readonly index: ReadonlyMap<string, number>;
  /** Number of areas. */
  readonly n: number;
  /** Representative point of each area (centroid or point on surface), BNG metres. */
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  /** Planar area of each area, m² (0 for point features). */
  readonly areas: Float64Array;
  /** The geometries in BNG metres. */
  readonly geometries: readonly Geometry[];
  /** CRS of the input: `EPSG:4326` input was projected to BNG. */
  readonly sourceCrs: Crs;
}

/** Options for `prepareAreas`. */
export interface PrepareAreasOptions {
  /** Property holding each area's id (ONS code); `'$id'` for the feature's own `id`. */
  idProperty: string;
  /**
   * Representative point: `centroid` (default; the area-weighted planar centroid of GEOS, PySAL and
   * `sf::st_centroid`) or `pointOnSurface` (a point guaranteed inside the polygon).
   */
  points?: 'centroid' | 'pointOnSurface';
  /**
   * The CRS of the input when it cannot be detected (e.g. a made-up planar grid in metres, taken
   * as it is); default: the declared CRS if the coordinates agree, else the coordinate range
   * (`detectCrs`, the Great Britain check).
   */
  crs?: Crs;
  /**
   * Projects WGS84 input to British National Grid (`lonLatToBng`). `prepareAreas` from
   * `@cohesion/geo` and `@cohesion/geo/geography` passes it for you.
   */
  project?: LonLatToBng;
  /** File or URL, named in messages. */
  source?: string;
}

/**
 * What the wrappers over the model vary (internal): how the CRS is resolved and ids read (access
 * origins keep their default ids and their `OUTSIDE_GB` reading of an unknown CRS; distance weights
 * their `coordinates` mode), and checks of their own on each area (access origins: a positive area,
 * a point in Great Britain). Hooks, not flags, so that the spatial subpath's bundle carries none of
 * these checks.
 */
export interface AreasHooks {
  /** Resolves the input's CRS (default `options.crs`, else `detectCrs`). */
  detect?: (fc: FeatureCollection) => Crs;
  /** Reads the ids (default `areaIdIndex` on `options.idProperty`). */
  ids?: (fc: FeatureCollection) => { ids: readonly string[]; index: ReadonlyMap<string, number> };
  /** Called for each area in BNG with its planar area and point, before the point is checked finite. */
  check?: (i: number, id: string, g: Geometry, area: number, x: number, y: number) => void;
}

/**
 * The areas model without proj4: ids by the one id rule, the CRS by the Great Britain check, WGS84
 * projected with `options.project` (`WRONG_CRS` without it), then each area's point and area.
 *
 * @throws CohesionError EMPTY_INPUT; MISSING_PROPERTY / BLANK_CODE / DUPLICATE_CODE / INVALID_CODE
 *   (ids); UNKNOWN_CRS / WRONG_CRS / OUTSIDE_GB (the CRS check); WRONG_CRS (WGS84 and no `project`);
 *   INVALID_GEOMETRY naming the feature (not a Polygon/MultiPolygon/Point, or no usable point).
 */
export function areasModel(
  fc: FeatureCollection,
  options: PrepareAreasOptions,
  hooks: AreasHooks = {},
): Areas {
  const at = options.source ? `${options.source}: ` : '';
  if (!fc || !Array.isArray(fc.features) || fc.features.length === 0)
    throw new CohesionError('EMPTY_INPUT', `${at}the areas have no features`);
  const { ids, index } = hooks.ids ? hooks.ids(fc) : areaIdIndex(fc, options.idProperty, options.source);
  const sourceCrs = hooks.detect ? hooks.detect(fc) : (options.crs ?? detectCrs(fc, options.source));
  const project = options.project;
  if (sourceCrs === 'EPSG:4326' && !project) {
    throw new CohesionError(
      'WRONG_CRS',
      // Only the spatial subpath's spatialAreas gets here: every other caller passes lonLatToBng.
      'these areas are WGS84 lon/lat; spatialAreas from /segregation/spatial takes BNG metres: pass { project: lonLatToBng } (from /geography), reproject with toBng, or import it from @cohesion/geo',
      { value: sourceCrs },
    );
  }
  const toMetres =
    sourceCrs === 'EPSG:4326' && project
      ? (p: Position): Position => {
          const q = project(p[0] as number, p[1] as number);
          return p.length > 2 ? [q[0], q[1], ...p.slice(2)] : q;
        }
      : undefined;
  const n = ids.length;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  const areas = new Float64Array(n);
  const geometries: Geometry[] = new Array(n);
  fc.features.forEach((f, i) => {
    const id = ids[i];
    const g = toMetres ? (mapPositions(f.geometry, toMetres) as Geometry | null) : f.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon' && g.type !== 'Point')) {
      throw new CohesionError(
        'INVALID_GEOMETRY',
        `${at}feature ${i} (${id}) has ${g ? `a ${g.type}` : 'no geometry'}; polygons or points are required`,
        { feature: i, id, value: g?.type ?? null },
      );
    }
    const area = g.type === 'Point' ? 0 : planarArea(g);
    if (g.type !== 'Point' && !(area > 0)) throw flatPolygon(i, id as string, g.type);
    const [x, y] = options.points === 'pointOnSurface' ? pointOnSurface(g) : centroid(g);
    hooks.check?.(i, id as string, g, area, x, y);
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      throw new CohesionError('INVALID_GEOMETRY', `${at}feature ${i} (${id}) has no usable coordinates`, {
        feature: i,
        id,
      });
    }
    xs[i] = x;
    ys[i] = y;
    areas[i] = area;
    geometries[i] = g;
  });
  return { ids, index, n, xs, ys, areas, geometries, sourceCrs };
}
