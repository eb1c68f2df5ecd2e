import { describe, expect, it } from 'vitest';
import { CohesionError } from '../errors.js';
import { fc, point, polygon, rect } from './fixtures.test-helpers.js';
import { prepareOrigins } from './origins.js';
import { createSiteIndex } from './site-index.js';
import { prepareGreenSpaceSites } from './sites.js';
import {
  ANGST,
  defineAccessStandard,
  evaluateAccessStandard,
  evaluateCapacity,
  GI_FRAMEWORK,
  RULE_3_30_300,
} from './standards.js';

// Site S: 200 × 100 m = 2 ha at x 400000–400200, y 300000–300100.
// Site L: 500 × 500 m = 25 ha at x 402000–402500, y 300000–300500.
const sites = prepareGreenSpaceSites(
  fc([polygon([rect(400000, 300000, 400200, 300100)]), polygon([rect(402000, 300000, 402500, 300500)])]),
);
const index = createSiteIndex(sites);
// O1 is 300 m east of S (meets 2 ha/300 m); O2 is 301 m west of S (fails); O3 is 1,900 m west of L.
const origins = prepareOrigins(fc([point(400500, 300050), point(399699, 300050), point(400100, 300250)]));

describe('ANGSt', () => {
  it('flags 2 ha within 300 m and 20 ha within 2 km at hand-computed distances', () => {
    const r = evaluateAccessStandard(origins, index, ANGST, [100, 300, 600]);
    expect(r.rules.map((x) => x.rule.key)).toEqual([
      'angst_2ha_300m',
      'angst_20ha_2km',
      'angst_100ha_5km',
      'angst_500ha_10km',
    ]);
    const [r2, r20, r100] = r.rules;
    expect(Array.from(r2!.distance)).toEqual([300, 301, 150]);
    expect(Array.from(r2!.meets)).toEqual([1, 0, 1]);
    expect(r2!.shareOfPopulation).toBeCloseTo(700 / 1000, 15);
    expect(r2!.shareOfAreas).toBeCloseTo(2 / 3, 15);
    // To L's west edge x = 402000: 1500, 2301 and √(1900² + 0²) since y = 300250 lies within L.
    expect(Array.from(r20!.distance)).toEqual([1500, 2301, 1900]);
    expect(Array.from(r20!.meets)).toEqual([1, 0, 1]);
    expect(Array.from(r100!.meets)).toEqual([0, 0, 0]);
    expect(r100!.distance[0]).toBe(Number.POSITIVE_INFINITY);
  });

  it('reports area shares without population and rejects an all-zero population', () => {
    expect(evaluateAccessStandard(origins, index, RULE_3_30_300).rules[0]!.shareOfPopulation).toBeNull();
    expect(() => evaluateAccessStandard(origins, index, ANGST, [0, 0, 0])).toThrowError(CohesionError);
  });
});

describe('GI Framework', () => {
  it('has doorstep, local and neighbourhood rules and a capacity test by 2SFCA', () => {
    expect(GI_FRAMEWORK.rules.map((r) => r.key)).toEqual([
      'gi_doorstep_0_5ha_200m',
      'gi_local_2ha_300m',
      'gi_neighbourhood_10ha_1km',
    ]);
    // 1 km catchment: S reaches all three origins (300, 301, 150 m); L reaches none (≥ 1,500 m).
    // 2 ha / 1,000 people = 2 ha per 1,000 for everyone: below the 3 ha standard.
    const cap = evaluateCapacity(origins, index, GI_FRAMEWORK.capacity!, [100, 300, 600]);
    for (const v of cap.haPer1000) expect(v).toBeCloseTo(2, 12);
    expect(Array.from(cap.meets)).toEqual([0, 0, 0]);
    expect(cap.overallHaPer1000).toBeCloseTo(27, 12);
  });
});

describe('custom standards', () => {
  it('accepts rules as data and validates them', () => {
    const s = defineAccessStandard({ name: 'trafford', rules: [{ minAreaHa: 1, maxDistanceM: 400 }] });
    expect(s.rules[0]!.key).toBe('trafford_1ha_400m');
    const r = evaluateAccessStandard(origins, index, s);
    expect(Array.from(r.rules[0]!.meets)).toEqual([1, 1, 1]);
    expect(() =>
      defineAccessStandard({ name: 'x', rules: [{ minAreaHa: -1, maxDistanceM: 3 }] }),
    ).toThrowError(/minAreaHa/);
    expect(() => defineAccessStandard({ name: 'x', rules: [] })).toThrowError(CohesionError);
  });
});
