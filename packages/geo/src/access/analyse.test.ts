import type { Feature } from 'geojson';
import { describe, expect, it } from 'vitest';
import { analyseGreenSpaceAccess } from './analyse.js';
import { fc, point, polygon, rect } from './fixtures.test-helpers.js';
import { buildAccessNetwork } from './network.js';
import { prepareOrigins } from './origins.js';
import { createSiteIndex } from './site-index.js';
import { prepareGreenSpaceSites } from './sites.js';
import { GI_FRAMEWORK } from './standards.js';

// Site P: 300 × 100 m = 3 ha at x 400000–400300, y 300000–300100.
const sites = prepareGreenSpaceSites(fc([polygon([rect(400000, 300000, 400300, 300100)], { name: 'P' })]), {
  idProperty: 'name',
});
const index = createSiteIndex(sites);
// A is 200 m north of P; B is 600 m north of P.
const origins = prepareOrigins(fc([point(400150, 300300, { id: 'A' }), point(400150, 300700, { id: 'B' })]), {
  idProperty: 'id',
});

describe('analyseGreenSpaceAccess', () => {
  it('gives the contract keys with hand-computed values (straight line)', () => {
    const r = analyseGreenSpaceAccess(origins, index, { population: [1000, 500], standards: [GI_FRAMEWORK] });
    const [a, b] = r.results;
    expect(a).toMatchObject({
      id: 'A',
      nearest_m: 200,
      nearest_site: 'P',
      sites_within_1km: 1,
      area_within_1km_ha: 3,
      angst_2ha_300m: true,
      angst_20ha_2km: false,
      gi_doorstep_0_5ha_200m: true,
      gi_local_2ha_300m: true,
      gi_neighbourhood_10ha_1km: false,
    });
    expect(b).toMatchObject({ nearest_m: 600, angst_2ha_300m: false, gi_doorstep_0_5ha_200m: false });
    // 2SFCA, 1 km: both reach P; 3 ha / 1,500 people = 2 ha per 1,000 each.
    expect(a!.fca_ha_per_1000).toBeCloseTo(2, 12);
    expect(b!.fca_ha_per_1000).toBeCloseTo(2, 12);
    const angst = (r.summary.standards as { rules: { key: string; share_of_population: number }[] }[])[0]!;
    expect(angst.rules[0]).toMatchObject({ key: 'angst_2ha_300m', share_of_population: 1000 / 1500 });
    expect(r.equity.available).toBe(true);
  });

  it('supports E2SFCA and gravity for the supply-to-demand score', () => {
    const population = [1000, 500];
    // E2SFCA, W = 1 within 300 m and 0.5 to 1 km: R = 3 / (1000 + 250); A = 2.4 and 1.2 ha per 1,000.
    const steps = [
      { maxDistanceM: 300, weight: 1 },
      { maxDistanceM: 1000, weight: 0.5 },
    ];
    const e = analyseGreenSpaceAccess(origins, index, { population, model: { type: 'e2sfca', steps } });
    expect(e.results[0]!.fca_ha_per_1000).toBeCloseTo(2.4, 12);
    expect(e.results[1]!.fca_ha_per_1000).toBeCloseTo(1.2, 12);
    // Gravity, f(d) = 1000/d: V = 1000·5 + 500·5/3 = 17500/3; A = 3·5/V and 3·(5/3)/V (× 1000).
    const g = analyseGreenSpaceAccess(origins, index, { population, model: { type: 'gravity', alpha: -1 } });
    expect(g.results[0]!.fca_ha_per_1000).toBeCloseTo(45000 / 17500, 12);
    expect(g.results[1]!.fca_ha_per_1000).toBeCloseTo(15000 / 17500, 12);
  });

  it('uses network distances when a network is given', () => {
    const line = (...pts: [number, number][]): Feature => ({
      type: 'Feature',
      properties: {},
      geometry: { type: 'LineString', coordinates: pts },
    });
    // A path from A east 500 m, south 200 m and back west to P's north-east corner (400300, 300100).
    const network = buildAccessNetwork(
      fc([line([400150, 300300], [400650, 300300], [400650, 300100], [400300, 300100])]),
    );
    const r = analyseGreenSpaceAccess(origins, index, { network });
    // A: 500 + 200 + 350 = 1050 m along the path; the entry node is on P's boundary (cost 0).
    expect(r.results[0]!.nearest_m).toBe(1050);
    expect(r.results[0]!.nearest_straight_m).toBe(200);
    expect(r.results[0]!.sites_within_1km).toBe(0);
    expect(r.summary.distance).toBe('network');
    expect(r.equity.available).toBe(false);
  });
});
