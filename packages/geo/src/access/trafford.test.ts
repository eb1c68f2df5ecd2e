import { readFileSync } from 'node:fs';
import { booleanPointInPolygon, area as turfArea } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { bngToLonLat, toBng } from '../geography/project.js';
import { analyseGreenSpaceAccess } from './analyse.js';
import { linkAccessPoints, nearestGreenSpace, sitesWithinDistance } from './measures.js';
import { prepareOrigins, preparePoints } from './origins.js';
import { createSiteIndex } from './site-index.js';
import { prepareGreenSpaceSites } from './sites.js';

const DATA = new URL('../../../../data/trafford/', import.meta.url);
const load = (name: string) => JSON.parse(readFileSync(new URL(name, DATA), 'utf8')) as FeatureCollection;

const sitesFc = load('greenspace_sites.geojson');
const pointsFc = load('greenspace_access_points.geojson');
const lsoaFc = load('lsoa21_boundaries_generalised.geojson');

// Independent brute force (no spatial index): every ring segment of every site, and turf's
// point-in-polygon, on the same BNG coordinates.
function bruteNearest(features: Feature[], x: number, y: number): { site: number; distance: number } {
  let best = { site: -1, distance: Number.POSITIVE_INFINITY };
  features.forEach((f, s) => {
    const g = f.geometry as Polygon | MultiPolygon;
    if (booleanPointInPolygon([x, y], f as Feature<Polygon | MultiPolygon>)) {
      if (best.distance > 0) best = { site: s, distance: 0 };
      return;
    }
    const polys: Position[][][] = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const poly of polys)
      for (const ring of poly)
        for (let i = 0; i + 1 < ring.length; i++) {
          const [ax, ay] = ring[i] as [number, number];
          const [bx, by] = ring[i + 1] as [number, number];
          const dx = bx - ax;
          const dy = by - ay;
          const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
          const d = Math.hypot(ax + t * dx - x, ay + t * dy - y);
          if (d < best.distance) best = { site: s, distance: d };
        }
  });
  return best;
}

describe('Trafford end to end (427 sites, 893 access points, 139 LSOAs)', () => {
  const sites = prepareGreenSpaceSites(sitesFc);
  const index = createSiteIndex(sites);
  const origins = prepareOrigins(lsoaFc, { idProperty: 'area_code' });
  const sitesBng = toBng(sitesFc).features;

  it('reads every site and origin', () => {
    expect(sites.count).toBe(427);
    expect(origins.ids.length).toBe(139);
    expect(new Set(sites.types).size).toBe(10);
  });

  it('site areas agree with turf spherical areas once the BNG-vs-sphere scale is calibrated', () => {
    let planar = 0;
    let spherical = 0;
    sitesFc.features.forEach((f, s) => {
      planar += sites.areaHa[s]!;
      spherical += turfArea(f) / 10_000;
    });
    // A 1 km BNG square in Trafford is 0.3% smaller on turf's sphere (R = 6378137 m, vs BNG's
    // Airy ellipsoid and scale factor): the sites' ratio must be the same scale.
    const x = 378000;
    const y = 395000;
    const ring = [
      [x, y],
      [x + 1000, y],
      [x + 1000, y + 1000],
      [x, y + 1000],
      [x, y],
    ].map(([a, b]) => bngToLonLat(a!, b!));
    const scale = 1e6 / turfArea({ type: 'Polygon', coordinates: [ring] });
    expect(Math.abs(planar / spherical / scale - 1)).toBeLessThan(1e-4);
  });

  it('nearest-site distances match a brute force over all 427 sites for every LSOA', () => {
    const near = nearestGreenSpace(origins, index);
    for (let i = 0; i < 139; i++) {
      const b = bruteNearest(sitesBng, origins.xs[i]!, origins.ys[i]!);
      expect(near.distance[i]).toBeCloseTo(b.distance, 6);
    }
  });

  it('counts within 1 km match a brute force', () => {
    const w = sitesWithinDistance(origins, index, 1000);
    for (let i = 0; i < 139; i += 7) {
      let c = 0;
      for (let s = 0; s < 427; s++)
        if (bruteNearest([sitesBng[s]!], origins.xs[i]!, origins.ys[i]!).distance <= 1000) c++;
      expect(w.count[i]).toBe(c);
    }
  });

  it('matches R sf / GEOS: site areas, nearest distances by size class, sites and hectares within 1 km', () => {
    const ref = JSON.parse(
      readFileSync(new URL('./trafford.sf-reference.json', import.meta.url), 'utf8'),
    ) as {
      ids: string[];
      x: number[];
      y: number[];
      site_ha: number[];
      nearest_m_min0ha: number[];
      nearest_m_min2ha: number[];
      nearest_m_min20ha: number[];
      sites_within_1km: number[];
      area_within_1km_ha: number[];
    };
    sites.areaHa.forEach((ha, s) => {
      expect(Math.abs(ha - ref.site_ha[s]!) / ref.site_ha[s]!).toBeLessThan(1e-11);
    });
    const o = { ids: ref.ids, xs: Float64Array.from(ref.x), ys: Float64Array.from(ref.y) };
    const cases: [number, number[]][] = [
      [0, ref.nearest_m_min0ha],
      [2, ref.nearest_m_min2ha],
      [20, ref.nearest_m_min20ha],
    ];
    for (const [minHa, want] of cases) {
      const got = nearestGreenSpace(o, index, minHa).distance;
      got.forEach((d, i) => {
        expect(Math.abs(d - want[i]!)).toBeLessThan(1e-6);
      });
    }
    const w = sitesWithinDistance(o, index, 1000);
    expect(Array.from(w.count)).toEqual(ref.sites_within_1km);
    w.areaHa.forEach((a, i) => {
      expect(a).toBeCloseTo(ref.area_within_1km_ha[i]!, 9);
    });
  });

  it('links all 893 access points (they are digitised on site boundaries)', () => {
    const pts = preparePoints(pointsFc);
    expect(pts.xs.length).toBe(893);
    const link = linkAccessPoints(pts, index);
    expect(link.linked).toBe(893);
    for (let k = 0; k < 893; k += 37) {
      const b = bruteNearest(sitesBng, pts.xs[k]!, pts.ys[k]!);
      expect(b.distance).toBeLessThanOrEqual(20);
      expect(link.distance[k]).toBeCloseTo(b.distance, 6);
    }
  });

  it('reaching sites at access points never brings a site nearer than its edge', () => {
    const link = linkAccessPoints(preparePoints(pointsFc), index);
    const viaPoints = nearestGreenSpace(origins, createSiteIndex(sites, link));
    const viaEdges = nearestGreenSpace(origins, index);
    for (let i = 0; i < 139; i++)
      expect(viaPoints.distance[i]).toBeGreaterThanOrEqual(viaEdges.distance[i]! - 1e-9);
  });

  it('analyses the whole borough with population (234,987 residents)', () => {
    const csv = readFileSync(new URL('ethnicity_2021_lsoa_wide.csv', DATA), 'utf8').trim().split('\n');
    const pop = new Map(csv.slice(1).map((l) => [l.split(',')[0]!, Number(l.split(',')[2])]));
    const population = origins.ids.map((id) => pop.get(id)!);
    const r = analyseGreenSpaceAccess(origins, index, { population });
    expect(r.summary.population).toBe(234987);
    expect(r.results).toHaveLength(139);
    // Σ P_i A_i equals the hectares of sites with someone within 1 km (2SFCA conservation).
    let used = 0;
    for (const row of r.results) used += (row.population as number) * (row.fca_ha_per_1000 as number);
    expect(used / 1000).toBeLessThanOrEqual(r.summary.sites_total_ha as number);
    expect(used / 1000).toBeGreaterThan(0.9 * (r.summary.sites_total_ha as number));
  });
});
