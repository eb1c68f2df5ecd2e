import Flatbush from 'flatbush';
import { CohesionError } from '../errors.js';
import type { AccessOrigins, AccessPointSet } from './origins.js';
import type { LinkedAccessPoints, SiteIndex } from './site-index.js';
import { dist2d, type GreenSpaceSites } from './sites.js';

/** Options for {@link linkAccessPoints}. */
export interface LinkAccessPointsOptions {
  /** Property of each access point naming its site's id; when absent, points are linked spatially. */
  siteRef?: string;
  /** Spatial linking: an access point belongs to the nearest site within this many metres (default 20). */
  maxDistance?: number;
}

/** Access points with their site, plus how the link went. */
export interface AccessPointLink extends LinkedAccessPoints {
  /** Distance (m) from each point to the edge of its site (0 inside; NaN when unlinked). */
  distance: Float64Array;
  linked: number;
  unlinked: number;
  /** Number of sites with at least one linked access point. */
  sitesWithAccessPoints: number;
  method: 'reference' | 'spatial';
}

/**
 * Links access points to sites. With `siteRef`, each point's property must name a site id
 * (`UNMATCHED_CODE` / `BLANK_CODE` otherwise). Without it — OS Open Greenspace access points carry
 * no site id — each point goes to the site whose boundary is nearest, if within `maxDistance`
 * metres (default 20 m: entrances are digitised on or just off the boundary); farther points stay
 * unlinked (`site = -1`) and are reported, never silently attached to a distant site.
 */
export function linkAccessPoints(
  points: AccessPointSet,
  index: SiteIndex,
  options: LinkAccessPointsOptions = {},
): AccessPointLink {
  const n = points.xs.length;
  const sites = index.sites;
  const site = new Int32Array(n).fill(-1);
  const distance = new Float64Array(n).fill(Number.NaN);
  let method: AccessPointLink['method'];
  if (options.siteRef) {
    method = 'reference';
    const ref = options.siteRef;
    const byId = new Map<string, number>();
    sites.ids.forEach((id, s) => {
      byId.set(id, s);
    });
    for (let k = 0; k < n; k++) {
      const v = points.properties[k]?.[ref];
      if (v === undefined || v === null || String(v).trim() === '') {
        throw new CohesionError('BLANK_CODE', `access point ${k} has no site reference "${ref}"`, {
          row: k,
          column: ref,
        });
      }
      const s = byId.get(String(v).trim());
      if (s === undefined) {
        throw new CohesionError(
          'UNMATCHED_CODE',
          `access point ${k} refers to site "${v}", which is not a site`,
          {
            row: k,
            column: ref,
            id: String(v),
          },
        );
      }
      site[k] = s;
      distance[k] = index.nearestTo(s, points.xs[k]!, points.ys[k]!);
    }
  } else {
    method = 'spatial';
    const maxD = options.maxDistance ?? 20;
    if (!(maxD >= 0)) {
      throw new CohesionError('INVALID_ARGUMENT', `maxDistance must be ≥ 0, got ${maxD}`, { value: maxD });
    }
    for (let k = 0; k < n; k++) {
      const near = index.nearest(points.xs[k]!, points.ys[k]!, 0, true);
      if (near.site >= 0 && near.distance <= maxD) {
        site[k] = near.site;
        distance[k] = near.distance;
      }
    }
  }
  let linked = 0;
  const has = new Uint8Array(sites.count);
  for (let k = 0; k < n; k++)
    if (site[k]! >= 0) {
      linked++;
      has[site[k]!] = 1;
    }
  let sitesWithAccessPoints = 0;
  for (const h of has) sitesWithAccessPoints += h;
  return {
    xs: points.xs,
    ys: points.ys,
    site,
    distance,
    linked,
    unlinked: n - linked,
    sitesWithAccessPoints,
    method,
  };
}

/** Per-origin nearest site: index into the sites (-1 if none qualifies) and distance in metres. */
export interface NearestSiteResult {
  site: Int32Array;
  distance: Float64Array;
}

/**
 * Distance from every origin to the nearest site of at least `minAreaHa` hectares (0 inside a
 * site, else to its edge or, for sites with linked access points, to the nearest access point).
 * Distance is `Infinity` and site −1 when no site is that large. O(n log m) via {@link SiteIndex}.
 */
export function nearestGreenSpace(
  origins: AccessOrigins,
  index: SiteIndex,
  minAreaHa = 0,
): NearestSiteResult {
  const n = origins.xs.length;
  const site = new Int32Array(n);
  const distance = new Float64Array(n);
  for (const i of spatialOrder(origins.xs, origins.ys)) {
    const r = index.nearest(origins.xs[i]!, origins.ys[i]!, minAreaHa);
    site[i] = r.site;
    distance[i] = r.distance;
  }
  return { site, distance };
}

/** Per-origin nearest access point (index into the points) and straight-line distance in metres. */
export interface NearestPointResult {
  point: Int32Array;
  distance: Float64Array;
}

/**
 * Straight-line distance from every origin to the nearest access point (any site, linked or not),
 * by flatbush best-first k-NN (exact for points). Errors: `EMPTY_INPUT` when there are no points.
 */
export function nearestAccessPoint(origins: AccessOrigins, points: { xs: Float64Array; ys: Float64Array }) {
  const m = points.xs.length;
  if (m === 0) throw new CohesionError('EMPTY_INPUT', 'no access points');
  const tree = new Flatbush(m);
  for (let k = 0; k < m; k++) tree.add(points.xs[k]!, points.ys[k]!, points.xs[k]!, points.ys[k]!);
  tree.finish();
  const n = origins.xs.length;
  const point = new Int32Array(n);
  const distance = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = origins.xs[i]!;
    const y = origins.ys[i]!;
    const k = tree.neighbors(x, y, 1)[0]!;
    point[i] = k;
    distance[i] = dist2d(points.xs[k]! - x, points.ys[k]! - y);
  }
  return { point, distance } satisfies NearestPointResult;
}

/** Count and total area of sites within a distance of each origin. */
export interface SitesWithinResult {
  count: Int32Array;
  areaHa: Float64Array;
}

/**
 * For each origin, the number of sites of at least `minAreaHa` whose distance (as in
 * {@link nearestGreenSpace}) is ≤ `distance` metres, and their total area in hectares — the ONS
 * "parks within 1 km and their area" measure (`distance = 1000`).
 */
export function sitesWithinDistance(
  origins: AccessOrigins,
  index: SiteIndex,
  distance: number,
  minAreaHa = 0,
): SitesWithinResult {
  const n = origins.xs.length;
  const count = new Int32Array(n);
  const areaHa = new Float64Array(n);
  const area = index.sites.areaHa;
  for (const i of spatialOrder(origins.xs, origins.ys)) {
    let c = 0;
    let a = 0;
    index.eachWithin(
      origins.xs[i]!,
      origins.ys[i]!,
      distance,
      (s) => {
        c++;
        a += area[s]!;
      },
      minAreaHa,
    );
    count[i] = c;
    areaHa[i] = a;
  }
  return { count, areaHa };
}

/** Site ids for an array of site indices (−1 → null). */
export function siteIdsOf(sites: GreenSpaceSites, site: Int32Array): (string | null)[] {
  return Array.from(site, (s) => (s >= 0 ? sites.ids[s]! : null));
}

function spreadBits(v: number): number {
  v &= 0xffff;
  v = (v | (v << 8)) & 0x00ff00ff;
  v = (v | (v << 4)) & 0x0f0f0f0f;
  v = (v | (v << 2)) & 0x33333333;
  v = (v | (v << 1)) & 0x55555555;
  return v;
}

/**
 * Indices of the points in Z-order (Morton order on a 65,536² grid over their extent), so that
 * consecutive queries touch the same parts of the spatial indexes; results do not depend on it.
 */
export function spatialOrder(xs: Float64Array, ys: Float64Array): Uint32Array {
  const n = xs.length;
  // The index is packed into the low 20 bits of each sort key; beyond that keep input order.
  if (n >= 2 ** 20) return Uint32Array.from({ length: n }, (_, i) => i);
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    x0 = Math.min(x0, xs[i]!);
    x1 = Math.max(x1, xs[i]!);
    y0 = Math.min(y0, ys[i]!);
    y1 = Math.max(y1, ys[i]!);
  }
  const sx = x1 > x0 ? 65535 / (x1 - x0) : 0;
  const sy = y1 > y0 ? 65535 / (y1 - y0) : 0;
  const code = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const cx = Math.floor((xs[i]! - x0) * sx);
    const cy = Math.floor((ys[i]! - y0) * sy);
    code[i] = ((spreadBits(cx) | (spreadBits(cy) << 1)) >>> 0) * 2 ** 20 + i;
  }
  code.sort();
  const order = new Uint32Array(n);
  for (let k = 0; k < n; k++) order[k] = code[k]! % 2 ** 20;
  return order;
}
