import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { CohesionError } from '../errors.js';

// Which CRS a file is in, and the Great Britain check. No projection here (that is project.ts, with
// proj4): code that only needs to know the CRS must not pull proj4's ~43 KB into a browser bundle.

/** The two coordinate reference systems UK open data comes in. */
export type Crs = 'EPSG:27700' | 'EPSG:4326';

/** Bounding box of Great Britain (with its islands) in BNG metres, used to reject nonsense coordinates. */
export const GB_BNG_EXTENT = [-10_000, -20_000, 710_000, 1_250_000] as const;
/** Bounding box of Great Britain and Northern Ireland in WGS84 degrees. */
export const UK_WGS84_EXTENT = [-9.0, 49.0, 2.5, 61.5] as const;

/** A GeoJSON object with an optional (2008-style) `crs` member. */
export type WithCrs = { crs?: { type?: string; properties?: { name?: string } } };

/** Reads a declared `crs` member (GeoJSON 2008 style, as written by GDAL/QGIS). Returns undefined if none. */
export function declaredCrs(fc: object): Crs | undefined {
  const name = (fc as WithCrs).crs?.properties?.name;
  if (typeof name !== 'string') return undefined;
  if (/(EPSG:{1,2}27700)$/i.test(name)) return 'EPSG:27700';
  if (/CRS84$|EPSG:{1,2}4326$/i.test(name)) return 'EPSG:4326';
  throw new CohesionError('UNKNOWN_CRS', `declared CRS "${name}" is neither EPSG:27700 nor WGS84`, {
    value: name,
  });
}

/** Calls `fn` for every coordinate position in a geometry. */
export function eachPosition(geometry: Geometry | null, fn: (p: Position) => void): void {
  if (!geometry) return;
  switch (geometry.type) {
    case 'Point':
      fn(geometry.coordinates);
      return;
    case 'MultiPoint':
    case 'LineString':
      for (const p of geometry.coordinates) fn(p);
      return;
    case 'MultiLineString':
    case 'Polygon':
      for (const l of geometry.coordinates) for (const p of l) fn(p);
      return;
    case 'MultiPolygon':
      for (const poly of geometry.coordinates) for (const l of poly) for (const p of l) fn(p);
      return;
    case 'GeometryCollection':
      for (const g of geometry.geometries) eachPosition(g, fn);
      return;
  }
}

/**
 * [minX, minY, maxX, maxY] over the positions `each` visits; `undefined` when there are none. The one
 * bounding-box loop, behind {@link coordinateExtent} and `geometryBBox`.
 */
export function positionsExtent(
  each: (fn: (p: Position) => void) => void,
): [number, number, number, number] | undefined {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  each((p) => {
    const x = p[0] as number;
    const y = p[1] as number;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  });
  return x0 <= x1 ? [x0, y0, x1, y1] : undefined;
}

/** [minX, minY, maxX, maxY] over every coordinate; `undefined` when there are none. */
export function coordinateExtent(fc: FeatureCollection): [number, number, number, number] | undefined {
  return positionsExtent((fn) => {
    for (const f of fc.features) eachPosition(f.geometry, fn);
  });
}

/** Which CRS an extent's numbers fit: degrees within the UK, or metres within GB's grid. */
export function crsFromExtent(extent: readonly [number, number, number, number]): Crs | undefined {
  const [x0, y0, x1, y1] = extent;
  const [lx0, ly0, lx1, ly1] = UK_WGS84_EXTENT;
  if (x0 >= lx0 && x1 <= lx1 && y0 >= ly0 && y1 <= ly1) return 'EPSG:4326';
  const [bx0, by0, bx1, by1] = GB_BNG_EXTENT;
  // Metres: the extent must be wider than a few degrees could ever be, to tell it from lon/lat.
  if (x0 >= bx0 && x1 <= bx1 && y0 >= by0 && y1 <= by1 && Math.max(x1, y1) > 360) return 'EPSG:27700';
  return undefined;
}

const within = (e: readonly number[], box: readonly number[]) =>
  (e[0] as number) >= (box[0] as number) &&
  (e[2] as number) <= (box[2] as number) &&
  (e[1] as number) >= (box[1] as number) &&
  (e[3] as number) <= (box[3] as number);

/** What an extent's numbers look like, for the Great Britain check. */
type ExtentShape = 'lonlat' | 'latlon' | 'bng' | 'other';

function extentShape(e: readonly [number, number, number, number]): ExtentShape {
  if (within(e, UK_WGS84_EXTENT)) return 'lonlat';
  const [lx0, ly0, lx1, ly1] = UK_WGS84_EXTENT;
  if (within(e, [ly0, lx0, ly1, lx1])) return 'latlon';
  if (within(e, GB_BNG_EXTENT) && Math.max(e[2], e[3]) > 360) return 'bng';
  return 'other';
}

const fmtExtent = (e: readonly number[]) => `[${e.map((v) => +v.toFixed(3)).join(', ')}]`;

/**
 * The Great Britain coordinate check, the one every consumer of geometry goes through (via
 * {@link detectCrs}): the CRS a file declares (or, without a declaration, the one its coordinate
 * range implies) must put its features in Great Britain. Returns that CRS, or throws an error
 * that says what was probably wrong:
 * - `WRONG_CRS`: WGS84 degrees labelled EPSG:27700 ("degrees labelled as metres"), BNG metres
 *   labelled WGS84, or latitude/longitude in swapped order (with or without a declaration);
 * - `OUTSIDE_GB`: a declared CRS whose coordinates fall outside Great Britain;
 * - `UNKNOWN_CRS`: no declaration and a range that is neither (e.g. Web Mercator metres).
 *
 * @param source file or URL named in the message.
 */
export function checkGreatBritain(fc: FeatureCollection, source?: string): Crs {
  const declared = declaredCrs(fc);
  // One pass: the file's extent, and which features start in degree range (metres on the grid
  // exceed 360) — a feature left in degrees inside a metre file, checked below.
  const features = fc.features;
  const degreeLike = new Uint8Array(features.length);
  const extent = positionsExtent((fn) => {
    for (let i = 0; i < features.length; i++) {
      const g = (features[i] as Feature).geometry;
      const first = firstPosition(g);
      if (first && Math.abs(first[0] as number) <= 360 && Math.abs(first[1] as number) <= 360)
        degreeLike[i] = 1;
      eachPosition(g, fn);
    }
  });
  const at = source ? `${source}: ` : '';
  const src = source ? { source } : {};
  if (!extent) {
    if (declared) return declared;
    throw new CohesionError('EMPTY_INPUT', `${at}no coordinates to detect a CRS from`, src);
  }
  const shape = extentShape(extent);
  const span = fmtExtent(extent);
  if (shape === 'bng') checkNoDegreeFeatures(fc, degreeLike, at, src);
  if (shape === 'latlon') {
    throw new CohesionError(
      'WRONG_CRS',
      `${at}coordinates span ${span}: these look like latitude/longitude in swapped order (GeoJSON wants longitude first); swap the axes`,
      { ...src, value: extent },
    );
  }
  if (declared === 'EPSG:27700') {
    // Declared metres: any extent on the grid will do (small synthetic grids included).
    if (shape === 'bng' || (shape === 'other' && within(extent, GB_BNG_EXTENT))) return declared;
    if (shape === 'lonlat') {
      throw new CohesionError(
        'WRONG_CRS',
        `${at}the file declares EPSG:27700 but its coordinates span ${span}, WGS84 degrees: degrees labelled as metres; drop or fix the "crs" member`,
        { ...src, value: extent },
      );
    }
    throw new CohesionError(
      'OUTSIDE_GB',
      `${at}the file declares EPSG:27700 but its coordinates span ${span}, outside Great Britain's national grid`,
      { ...src, value: extent },
    );
  }
  if (declared === 'EPSG:4326') {
    if (shape === 'lonlat') return declared;
    if (shape === 'bng') {
      throw new CohesionError(
        'WRONG_CRS',
        `${at}the file declares WGS84 but its coordinates span ${span}, BNG metres; declare EPSG:27700`,
        { ...src, value: extent },
      );
    }
    throw new CohesionError(
      'OUTSIDE_GB',
      `${at}the file declares WGS84 but its coordinates span ${span}, outside the UK`,
      { ...src, value: extent },
    );
  }
  if (shape === 'lonlat') return 'EPSG:4326';
  if (shape === 'bng') return 'EPSG:27700';
  throw new CohesionError(
    'UNKNOWN_CRS',
    `${at}coordinates span ${span}, which is neither WGS84 in the UK nor British National Grid metres`,
    { ...src, value: extent },
  );
}

/**
 * A file whose coordinates as a whole are grid metres can still hold a feature left in degrees
 * (a layer merged from two sources): the whole-file extent hides it, and its polygon would sit a
 * few metres from the grid's origin, far out at sea. Such a feature (among those `degreeLike`
 * marks) is `WRONG_CRS`, named by position (and id, when it has one).
 */
function firstPosition(g: Geometry | null): Position | undefined {
  if (!g) return undefined;
  switch (g.type) {
    case 'Point':
      return g.coordinates;
    case 'MultiPoint':
    case 'LineString':
      return g.coordinates[0];
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates[0]?.[0];
    case 'MultiPolygon':
      return g.coordinates[0]?.[0]?.[0];
    case 'GeometryCollection':
      for (const x of g.geometries) {
        const p = firstPosition(x);
        if (p) return p;
      }
      return undefined;
  }
}

function checkNoDegreeFeatures(
  fc: FeatureCollection,
  degreeLike: Uint8Array,
  at: string,
  src: { source?: string },
): void {
  for (let i = degreeLike.indexOf(1); i >= 0; i = degreeLike.indexOf(1, i + 1)) {
    const f = fc.features[i] as Feature;
    const e = positionsExtent((fn) => eachPosition(f.geometry, fn));
    const shape = e ? extentShape(e) : 'other';
    if (!e || (shape !== 'lonlat' && shape !== 'latlon')) continue;
    throw new CohesionError(
      'WRONG_CRS',
      `${at}feature ${i + 1}${f.id !== undefined ? ` (id ${String(f.id)})` : ''} is in WGS84 degrees ${fmtExtent(e)}, the rest of the file in BNG metres; reproject it`,
      { ...src, feature: i, ...(f.id !== undefined ? { id: String(f.id) } : {}), value: e },
    );
  }
}

/**
 * Detects whether a FeatureCollection is in British National Grid or WGS84 and checks that its
 * features are in Great Britain ({@link checkGreatBritain}): a declared `crs` member must agree with
 * the coordinates; otherwise the coordinate ranges decide. Throws `UNKNOWN_CRS` when neither fits
 * (e.g. Web Mercator metres, or data outside the UK), `WRONG_CRS` for swapped axes or a declaration
 * the numbers contradict.
 */
export function detectCrs(fc: FeatureCollection, source?: string): Crs {
  return checkGreatBritain(fc, source);
}

/** Throws OUTSIDE_GB unless (x, y) lies within Great Britain's national grid extent. */
export function assertInGb(x: number, y: number, what: string, detail: Record<string, unknown>): void {
  const [x0, y0, x1, y1] = GB_BNG_EXTENT;
  if (!(Number.isFinite(x) && Number.isFinite(y))) {
    throw new CohesionError('NON_FINITE', `${what} has a non-finite coordinate (${x}, ${y})`, detail);
  }
  if (x < x0 || x > x1 || y < y0 || y > y1) {
    throw new CohesionError(
      'OUTSIDE_GB',
      `${what} at (${Math.round(x)}, ${Math.round(y)}) m is outside Great Britain's national grid`,
      { ...detail, value: [x, y] },
    );
  }
}
