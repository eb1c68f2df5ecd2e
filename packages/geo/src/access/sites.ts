import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { CohesionError } from '../errors.js';
import { assertInGb, type Crs, detectCrs } from '../geography/crs.js';
import { planarArea } from '../geography/geometry.js';
import { readIds } from '../geography/ids.js';
import { toBng } from '../geography/project.js';

// The Great Britain point check moved to geography/crs.ts (the areas model uses it); kept here by name.
export { assertInGb };

/**
 * Green-space sites flattened into typed arrays in British National Grid metres, ready for the
 * spatial indexes of {@link createSiteIndex}. Build with {@link prepareGreenSpaceSites}.
 *
 * Rings are stored back to back: ring `r` holds the points `ringStart[r] .. ringStart[r+1]-1` of
 * `xs`/`ys` (closed: first point repeated last); site `s` owns the rings
 * `siteRingStart[s] .. siteRingStart[s+1]-1` (outer rings and holes alike).
 */
export interface GreenSpaceSites {
  /** Number of sites. */
  count: number;
  /** Site ids (from `idProperty`, else the feature `id`, else the feature index as a string). */
  ids: string[];
  /** Site type (e.g. OS Open Greenspace `site_type`), `null` when absent. */
  types: (string | null)[];
  /** Site name (`site_name`), `null` when absent. */
  names: (string | null)[];
  /** Planar area in hectares (BNG), holes subtracted. Always > 0. */
  areaHa: Float64Array;
  /** Index of each site's feature in the input collection (before any type filter). */
  feature: Int32Array;
  /** Per site [minX, minY, maxX, maxY] in metres, 4 numbers per site. */
  bbox: Float64Array;
  /** Ring vertex eastings (m), all rings back to back. */
  xs: Float64Array;
  /** Ring vertex northings (m). */
  ys: Float64Array;
  /** First vertex of each ring; one extra entry at the end. */
  ringStart: Uint32Array;
  /** First ring of each site; one extra entry at the end. */
  siteRingStart: Uint32Array;
}

/** Options for {@link prepareGreenSpaceSites}. */
export interface PrepareSitesOptions {
  /** Property holding a unique site id; default: feature `id`, else the feature index. */
  idProperty?: string;
  /** Property holding the site type; default `site_type` (OS Open Greenspace). */
  typeProperty?: string;
  /** Keep only sites whose type is in this list, ignoring case (e.g. `['Public Park Or Garden', 'Playing Field']`). */
  types?: readonly string[];
  /** Property holding the site name; default `site_name`. */
  nameProperty?: string;
  /** Where the data came from, for error messages. */
  source?: string;
}

/**
 * Ids of access origins or sites by the one id rule (`readIds`): from `idProperty` when given
 * (`MISSING_PROPERTY`, `BLANK_CODE`, `INVALID_CODE`, `DUPLICATE_CODE` naming the feature), else each
 * feature's own `id`, else its index. `featureIndex` maps positions back to the input's features.
 */
export function accessIds(
  fc: FeatureCollection,
  idProperty: string | undefined,
  what: string,
  featureIndex?: readonly number[],
): string[] {
  const fi = (k: number) => featureIndex?.[k] ?? k;
  const raw = fc.features.map((f, k) => {
    if (!idProperty) return f.id !== undefined && f.id !== null ? String(f.id) : String(fi(k));
    const props = f.properties ?? {};
    if (!(idProperty in props)) {
      throw new CohesionError('MISSING_PROPERTY', `${what}: feature ${fi(k)} has no "${idProperty}"`, {
        feature: fi(k),
        column: idProperty,
      });
    }
    return props[idProperty];
  });
  try {
    return readIds(raw, { kind: 'feature', ...(idProperty ? { column: idProperty } : {}) }).ids;
  } catch (err) {
    if (!(err instanceof CohesionError)) throw err;
    const k = err.detail.feature as number;
    throw new CohesionError(
      err.code,
      `${what}: ${err.message.replace(/feature (\d+)/g, (_, d) => `feature ${fi(Number(d))}`)}`,
      {
        ...err.detail,
        feature: fi(k),
      },
    );
  }
}

/**
 * The CRS of access input by the Great Britain check (`detectCrs`), after the FeatureCollection and
 * EMPTY_INPUT checks: coordinates that fit neither CRS, with no declared CRS, are for UK data almost
 * always outside GB, so UNKNOWN_CRS is reported as OUTSIDE_GB.
 */
export function accessCrs(fc: FeatureCollection, what: string): Crs {
  if (!fc || !Array.isArray(fc.features)) {
    throw new CohesionError('INVALID_GEOMETRY', `${what}: not a GeoJSON FeatureCollection`);
  }
  if (fc.features.length === 0) throw new CohesionError('EMPTY_INPUT', `${what}: no features`);
  try {
    return detectCrs(fc);
  } catch (err) {
    if (err instanceof CohesionError && err.code === 'UNKNOWN_CRS' && !('crs' in fc)) {
      throw new CohesionError('OUTSIDE_GB', `${what}: ${err.message}`, err.detail);
    }
    throw err;
  }
}

/** Reprojects to BNG unless it already is; WGS84 points outside the UK are rejected with OUTSIDE_GB. */
export function featuresInBng(fc: FeatureCollection, what: string): FeatureCollection {
  return accessCrs(fc, what) === 'EPSG:27700' ? fc : toBng(fc);
}

function isClosed(ring: Position[]): boolean {
  const a = ring[0];
  const b = ring[ring.length - 1];
  return !a || !b || (a[0] === b[0] && a[1] === b[1]);
}

function polygonsOf(g: Geometry | null): Position[][][] | undefined {
  if (!g) return undefined;
  if (g.type === 'Polygon') return [g.coordinates];
  if (g.type === 'MultiPolygon') return g.coordinates;
  return undefined;
}

/**
 * Planar area (m²) of a Polygon/MultiPolygon in metres: |outer| − Σ|holes| per polygon (shoelace).
 * Ring orientation is ignored, so both RFC 7946 and GIS (clockwise) winding give the same area.
 */
export function polygonAreaM2(polygons: Position[][][]): number {
  return planarArea({ type: 'MultiPolygon', coordinates: polygons });
}

/**
 * Validates green-space site polygons, reprojects them to British National Grid and flattens them
 * into typed arrays with each site's planar area in hectares.
 *
 * Errors (CohesionError): `EMPTY_INPUT` (no sites, or none of the requested types),
 * `INVALID_GEOMETRY` (a site that is not a polygon or has no area), `OUTSIDE_GB`,
 * `DUPLICATE_CODE` / `BLANK_CODE` for ids.
 */
export function prepareGreenSpaceSites(
  fc: FeatureCollection,
  options: PrepareSitesOptions = {},
): GreenSpaceSites {
  const what = options.source ? `sites (${options.source})` : 'sites';
  const bng = featuresInBng(fc, what);
  const typeProp = options.typeProperty ?? 'site_type';
  const nameProp = options.nameProperty ?? 'site_name';
  // Type names match case-insensitively ("public park or garden" finds "Public Park Or Garden").
  const keep = options.types ? new Set(options.types.map((t) => t.trim().toLowerCase())) : undefined;
  const chosen: { f: Feature; i: number; polys: Position[][][]; area: number; type: string | null }[] = [];
  const seenTypes = new Set<string>();
  bng.features.forEach((f, i) => {
    const rawType = f.properties?.[typeProp];
    const type = rawType === undefined || rawType === null ? null : String(rawType);
    if (type !== null) seenTypes.add(type);
    if (keep && (type === null || !keep.has(type.trim().toLowerCase()))) return;
    const polys = polygonsOf(f.geometry);
    if (!polys) {
      throw new CohesionError(
        'INVALID_GEOMETRY',
        `${what}: feature ${i} is a ${f.geometry?.type ?? 'null geometry'}, not a polygon; a site needs an area`,
        { feature: i, value: f.geometry?.type ?? null },
      );
    }
    for (const poly of polys)
      for (const ring of poly)
        for (const p of ring)
          assertInGb(p[0] as number, p[1] as number, `${what}: feature ${i}`, { feature: i });
    const area = polygonAreaM2(polys);
    if (!(area > 0)) {
      throw new CohesionError('INVALID_GEOMETRY', `${what}: feature ${i} has no area (${area} m²)`, {
        feature: i,
        value: area,
      });
    }
    chosen.push({ f, i, polys, area, type });
  });
  if (chosen.length === 0) {
    const msg = keep
      ? `${what}: no site has ${typeProp} in [${(options.types ?? []).join(', ')}] (types present: ${[...seenTypes].join(', ') || 'none'})`
      : `${what}: no sites`;
    throw new CohesionError('EMPTY_INPUT', msg, { column: typeProp, value: options.types });
  }

  let nPts = 0;
  let nRings = 0;
  for (const c of chosen)
    for (const poly of c.polys)
      for (const ring of poly) {
        nRings++;
        nPts += ring.length + (isClosed(ring) ? 0 : 1);
      }
  const n = chosen.length;
  const xs = new Float64Array(nPts);
  const ys = new Float64Array(nPts);
  const ringStart = new Uint32Array(nRings + 1);
  const siteRingStart = new Uint32Array(n + 1);
  const bbox = new Float64Array(4 * n);
  const areaHa = new Float64Array(n);
  const feature = new Int32Array(n);
  const ids: string[] = [];
  const types: (string | null)[] = [];
  const names: (string | null)[] = [];
  const idIndex = new Map<string, number>();
  const siteIds = accessIds(
    { type: 'FeatureCollection', features: chosen.map((c) => c.f) },
    options.idProperty,
    what,
    chosen.map((c) => c.i),
  );
  let p = 0;
  let r = 0;
  chosen.forEach((c, s) => {
    const id = siteIds[s] as string;
    idIndex.set(id, c.i);
    ids.push(id);
    types.push(c.type);
    const nm = c.f.properties?.[nameProp];
    names.push(nm === undefined || nm === null ? null : String(nm));
    areaHa[s] = c.area / 10_000;
    feature[s] = c.i;
    siteRingStart[s] = r;
    let x0 = Number.POSITIVE_INFINITY;
    let y0 = Number.POSITIVE_INFINITY;
    let x1 = Number.NEGATIVE_INFINITY;
    let y1 = Number.NEGATIVE_INFINITY;
    for (const poly of c.polys)
      for (const ring of poly) {
        ringStart[r++] = p;
        // Closed rings throughout, so consecutive points always form the boundary segments.
        for (const q of isClosed(ring) ? ring : [...ring, ring[0]!]) {
          const x = q[0] as number;
          const y = q[1] as number;
          xs[p] = x;
          ys[p] = y;
          p++;
          if (x < x0) x0 = x;
          if (x > x1) x1 = x;
          if (y < y0) y0 = y;
          if (y > y1) y1 = y;
        }
      }
    bbox[4 * s] = x0;
    bbox[4 * s + 1] = y0;
    bbox[4 * s + 2] = x1;
    bbox[4 * s + 3] = y1;
  });
  ringStart[r] = p;
  siteRingStart[n] = r;
  return { count: n, ids, types, names, areaHa, feature, bbox, xs, ys, ringStart, siteRingStart };
}

/**
 * Even–odd point-in-polygon test over every ring of site `s` (holes included), so a point in a
 * hole is outside. Points exactly on an edge may fall either way; their edge distance is 0 anyway.
 */
export function pointInSite(sites: GreenSpaceSites, s: number, x: number, y: number): boolean {
  const { xs, ys, ringStart, siteRingStart } = sites;
  let inside = false;
  for (let r = siteRingStart[s]!, r1 = siteRingStart[s + 1]!; r < r1; r++) {
    const a = ringStart[r]!;
    const b = ringStart[r + 1]!;
    for (let i = a, j = b - 1; i < b; j = i++) {
      const yi = ys[i]!;
      const yj = ys[j]!;
      if (yi > y !== yj > y) {
        const xi = xs[i]!;
        const xj = xs[j]!;
        if (x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}

/**
 * Squared Euclidean distance from (px, py) to the segment (ax, ay)–(bx, by); a point when both ends
 * coincide. Squared, because searches compare it (the square root once, at the end).
 */
export function pointSegmentDistance2(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  const ex = ax + t * dx - px;
  const ey = ay + t * dy - py;
  return ex * ex + ey * ey;
}

/** Distance (m) from a point to site `s`: 0 inside, else to the nearest boundary segment. Linear in vertices. */
export function distanceToSite(sites: GreenSpaceSites, s: number, x: number, y: number): number {
  if (pointInSite(sites, s, x, y)) return 0;
  const { xs, ys, ringStart, siteRingStart } = sites;
  let best = Number.POSITIVE_INFINITY;
  for (let r = siteRingStart[s]!, r1 = siteRingStart[s + 1]!; r < r1; r++) {
    for (let i = ringStart[r]!, b = ringStart[r + 1]! - 1; i < b; i++) {
      const d2 = pointSegmentDistance2(x, y, xs[i]!, ys[i]!, xs[i + 1]!, ys[i + 1]!);
      if (d2 < best) best = d2;
    }
  }
  // √ is monotonic, so the root of the least square is the least distance, bit for bit.
  return Math.sqrt(best);
}

/**
 * √(dx² + dy²) with plain IEEE arithmetic. Used instead of `Math.hypot`, whose last bits differ
 * between JavaScript engines (Node 20 and Deno 2 disagree), so distances are identical everywhere.
 */
export function dist2d(dx: number, dy: number): number {
  return Math.sqrt(dx * dx + dy * dy);
}
