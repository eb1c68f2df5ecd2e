import { describe, expect, it } from 'vitest';
import { CohesionError } from '../errors.js';
import { createRandom } from '../stats/random.js';
import { fc, point, polygon, rect, twoSites } from './fixtures.test-helpers.js';
import { linkAccessPoints, nearestAccessPoint, nearestGreenSpace, sitesWithinDistance } from './measures.js';
import { prepareOrigins, preparePoints } from './origins.js';
import { createSiteIndex } from './site-index.js';
import { distanceToSite, prepareGreenSpaceSites } from './sites.js';

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof CohesionError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('prepareGreenSpaceSites', () => {
  it('computes planar areas in hectares with holes subtracted', () => {
    const sites = prepareGreenSpaceSites(twoSites(), { idProperty: 'id' });
    expect(sites.ids).toEqual(['A', 'B']);
    expect(Array.from(sites.areaHa)).toEqual([1, 9]);
    expect(sites.types).toEqual(['Play Space', 'Public Park Or Garden']);
  });

  it('filters by site type and rejects a filter that leaves nothing', () => {
    const sites = prepareGreenSpaceSites(twoSites(), { idProperty: 'id', types: ['public park or garden'] });
    expect(sites.ids).toEqual(['B']);
    expect(
      code(() => prepareGreenSpaceSites(twoSites(), { types: ['Allotments Or Community Growing Spaces'] })),
    ).toBe('EMPTY_INPUT');
  });

  it('rejects empty sets, sites without area, non-polygons, duplicates and points outside GB', () => {
    expect(code(() => prepareGreenSpaceSites(fc([])))).toBe('EMPTY_INPUT');
    const flat = polygon([
      [
        [400000, 300000],
        [400100, 300000],
        [400200, 300000],
        [400000, 300000],
      ],
    ]);
    expect(code(() => prepareGreenSpaceSites(fc([flat])))).toBe('INVALID_GEOMETRY');
    expect(code(() => prepareGreenSpaceSites(fc([point(400000, 300000)])))).toBe('INVALID_GEOMETRY');
    const dup = fc([polygon([rect(400000, 300000, 400100, 300100)], { id: 'A' }), ...twoSites().features]);
    expect(code(() => prepareGreenSpaceSites(dup, { idProperty: 'id' }))).toBe('DUPLICATE_CODE');
    expect(code(() => prepareGreenSpaceSites(fc([polygon([rect(900000, 300000, 900100, 300100)])])))).toBe(
      'OUTSIDE_GB',
    );
  });
});

describe('SiteIndex nearest and within (hand-computed BNG distances)', () => {
  const sites = prepareGreenSpaceSites(twoSites(), { idProperty: 'id' });
  const index = createSiteIndex(sites);

  it('is 0 inside a site, to the edge or a corner outside, and to the hole edge inside a hole', () => {
    expect(index.nearest(400050, 300050)).toEqual({ site: 0, distance: 0 });
    expect(index.nearest(400150, 300050)).toEqual({ site: 0, distance: 50 });
    // Nearest is A's corner (400100, 300100): √(100² + 100²).
    expect(index.nearest(400200, 300200).distance).toBeCloseTo(Math.SQRT2 * 100, 9);
    // Centre of B's 100 m hole: 50 m to the hole's edge, so not inside B.
    expect(index.nearest(401100, 300250)).toEqual({ site: 1, distance: 50 });
  });

  it('breaks ties towards the lower site index and honours a search radius', () => {
    // (400550, 300050) is 450 m from A's east edge and 450 m from B's west edge.
    expect(index.nearest(400550, 300050)).toEqual({ site: 0, distance: 450 });
    expect(index.nearest(400550, 300050, 0, false, 449)).toEqual({
      site: -1,
      distance: Number.POSITIVE_INFINITY,
    });
    expect(index.nearest(400550, 300050, 0, false, 450)).toEqual({ site: 0, distance: 450 });
  });

  it('honours a minimum site size', () => {
    // Only B (9 ha) is ≥ 5 ha: from (400150, 300050) to B's west edge x = 401000.
    expect(index.nearest(400150, 300050, 5)).toEqual({ site: 1, distance: 850 });
    expect(index.nearest(400150, 300050, 50)).toEqual({ site: -1, distance: Number.POSITIVE_INFINITY });
  });

  it('counts sites and their area within a distance (ONS parks within 1 km)', () => {
    const origins = prepareOrigins(fc([point(400150, 300050), point(401100, 300250), point(399000, 300050)]));
    const w1k = sitesWithinDistance(origins, index, 1000);
    // P1: A at 50 m and B at 850 m; P2: B at 50 m and A at 1000.0-ish? A's corner is (400100, 300100):
    // √(1000² + 150²) = 1011.2 m > 1 km; P3: A at 1000 m exactly (edge x = 400000), B beyond.
    expect(Array.from(w1k.count)).toEqual([2, 1, 1]);
    expect(Array.from(w1k.areaHa)).toEqual([10, 9, 1]);
    const w100 = sitesWithinDistance(origins, index, 100);
    expect(Array.from(w100.count)).toEqual([1, 1, 0]);
    const near = nearestGreenSpace(origins, index);
    expect(Array.from(near.site)).toEqual([0, 1, 0]);
    expect(Array.from(near.distance)).toEqual([50, 50, 1000]);
  });
});

describe('access points', () => {
  const sites = prepareGreenSpaceSites(twoSites(), { idProperty: 'id' });

  it('links points spatially within the tolerance and leaves far points unlinked', () => {
    const pts = preparePoints(fc([point(400110, 300050), point(400500, 300500), point(401000, 300400)]));
    const link = linkAccessPoints(pts, createSiteIndex(sites));
    expect(Array.from(link.site)).toEqual([0, -1, 1]);
    expect(link.distance[0]).toBe(10);
    expect(link.linked).toBe(2);
    expect(link.unlinked).toBe(1);
    expect(link.sitesWithAccessPoints).toBe(2);
  });

  it('links by reference and reaches a linked site only at its access point', () => {
    const pts = preparePoints(fc([point(400100, 300000, { site: 'A' })]));
    const link = linkAccessPoints(pts, createSiteIndex(sites), { siteRef: 'site' });
    expect(Array.from(link.site)).toEqual([0]);
    const index = createSiteIndex(sites, link);
    // From (400150, 300050) to the gate at A's SE corner (400100, 300000): 50√2.
    expect(index.nearest(400150, 300050).distance).toBeCloseTo(50 * Math.SQRT2, 9);
    // Inside A is still 0; B (no access point) is still reached at its edge.
    expect(index.nearest(400050, 300050).distance).toBe(0);
    expect(index.nearest(401300, 300250)).toEqual({ site: 1, distance: 100 });
    const bad = preparePoints(fc([point(400100, 300000, { site: 'Z' })]));
    expect(code(() => linkAccessPoints(bad, createSiteIndex(sites), { siteRef: 'site' }))).toBe(
      'UNMATCHED_CODE',
    );
  });

  it('finds the nearest access point', () => {
    const origins = prepareOrigins(fc([point(400000, 300000), point(401000, 300400)]));
    const pts = preparePoints(fc([point(400030, 300040), point(401000, 300300)]));
    const r = nearestAccessPoint(origins, pts);
    expect(Array.from(r.point)).toEqual([0, 1]);
    expect(Array.from(r.distance)).toEqual([50, 100]);
  });
});

describe('prepareOrigins', () => {
  it('puts an interior point inside concave areas and rejects bad origins', () => {
    // A U shape whose centroid is in the notch.
    const u = polygon([
      [
        [400000, 300000],
        [400300, 300000],
        [400300, 300300],
        [400200, 300300],
        [400200, 300100],
        [400100, 300100],
        [400100, 300300],
        [400000, 300300],
        [400000, 300000],
      ],
    ]);
    const o = prepareOrigins(fc([u]));
    const sites = prepareGreenSpaceSites(fc([u]));
    expect(createSiteIndex(sites).nearest(o.xs[0]!, o.ys[0]!).distance).toBe(0);
    expect(code(() => prepareOrigins(fc([point(800000, 300000)])))).toBe('OUTSIDE_GB');
    const paris = { type: 'FeatureCollection', features: [point(2.35, 48.85)] } as never;
    expect(code(() => prepareOrigins(paris))).toBe('OUTSIDE_GB');
    expect(code(() => prepareOrigins(fc([])))).toBe('EMPTY_INPUT');
  });
});

describe('SiteIndex against brute force on generated data', () => {
  // 300 random 12-gons (some with holes) and 400 random origins over 20 km, seeded.
  const rnd = createRandom(424242);
  const features = Array.from({ length: 300 }, () => {
    const cx = 400000 + rnd.next() * 20000;
    const cy = 300000 + rnd.next() * 20000;
    const r = 20 + rnd.next() * 800;
    const ring = (scale: number) => {
      const pts = Array.from({ length: 12 }, (_, k) => {
        const a = (2 * Math.PI * k) / 12;
        const rr = scale * r * (0.6 + 0.4 * rnd.next());
        return [cx + rr * Math.cos(a), cy + rr * Math.sin(a)];
      });
      return [...pts, pts[0]!];
    };
    return polygon(rnd.next() < 0.2 ? [ring(1), ring(0.3).reverse()] : [ring(1)]);
  });
  const sites = prepareGreenSpaceSites(fc(features));
  const xs = Array.from({ length: 400 }, () => 399000 + rnd.next() * 22000);
  const ys = Array.from({ length: 400 }, () => 299000 + rnd.next() * 22000);

  function brute(minAreaHa: number, dist: (s: number) => number) {
    let best = { site: -1, distance: Number.POSITIVE_INFINITY };
    for (let s = 0; s < sites.count; s++) {
      if (sites.areaHa[s]! < minAreaHa) continue;
      const d = dist(s);
      if (d < best.distance) best = { site: s, distance: d };
    }
    return best;
  }

  it('finds the exact nearest site for every size threshold', () => {
    const index = createSiteIndex(sites);
    for (const minAreaHa of [0, 2, 20, 100]) {
      for (let i = 0; i < 400; i++) {
        const b = brute(minAreaHa, (s) => distanceToSite(sites, s, xs[i]!, ys[i]!));
        const r = index.nearest(xs[i]!, ys[i]!, minAreaHa);
        expect(r.distance).toBe(b.distance);
        if (b.distance > 0) expect(r.site).toBe(b.site);
      }
    }
  });

  it('gives the same answer through the fallback that uses only the public flatbush API', () => {
    const index = createSiteIndex(sites);
    type Internals = {
      sub(min: number): unknown;
      nearestPublicApi(
        sub: unknown,
        x: number,
        y: number,
        max: number,
        minAreaHa: number,
      ): { site: number; distance: number };
    };
    const raw = index as unknown as Internals;
    for (const minAreaHa of [0, 20]) {
      const sub = raw.sub(minAreaHa);
      for (let i = 0; i < 400; i++) {
        const r = index.nearest(xs[i]!, ys[i]!, minAreaHa);
        if (r.distance === 0) continue; // the fallback only covers the outside-every-site search
        expect(raw.nearestPublicApi(sub, xs[i]!, ys[i]!, Number.POSITIVE_INFINITY, minAreaHa)).toEqual(r);
      }
    }
  });

  it('finds the exact nearest site when sites are reached at access points', () => {
    // Access points at the first vertex of every other site.
    const chosen = Array.from({ length: 150 }, (_, k) => 2 * k);
    const apx = Float64Array.from(chosen, (s) => sites.xs[sites.ringStart[sites.siteRingStart[s]!]!]!);
    const apy = Float64Array.from(chosen, (s) => sites.ys[sites.ringStart[sites.siteRingStart[s]!]!]!);
    const index = createSiteIndex(sites, { xs: apx, ys: apy, site: Int32Array.from(chosen) });
    for (let i = 0; i < 400; i++) {
      const b = brute(0, (s) => index.distanceTo(s, xs[i]!, ys[i]!));
      expect(index.nearest(xs[i]!, ys[i]!).distance).toBe(b.distance);
    }
  });

  it('lists exactly the sites within a distance', () => {
    const index = createSiteIndex(sites);
    for (let i = 0; i < 400; i += 5) {
      const got: number[] = [];
      index.eachWithin(xs[i]!, ys[i]!, 1500, (s) => got.push(s));
      const want: number[] = [];
      for (let s = 0; s < sites.count; s++)
        if (distanceToSite(sites, s, xs[i]!, ys[i]!) <= 1500) want.push(s);
      expect(got.sort((a, b) => a - b)).toEqual(want);
    }
  });
});
