import { describe, expect, it } from 'vitest';
import { CohesionError } from '../errors.js';
import { createRandom } from '../stats/random.js';
import { enhancedTwoStepFca, gravityAccess, straightLineCatchment, twoStepFca } from './fca.js';
import { fc, point, polygon, rect } from './fixtures.test-helpers.js';
import { prepareOrigins } from './origins.js';
import { createSiteIndex } from './site-index.js';
import { prepareGreenSpaceSites } from './sites.js';

// O1 (400000, 300000) with 100 people, O2 (401000, 300000) with 300 people.
// Site A: 10 m square with west edge x = 400100 → d(O1,A) = 100, d(O2,A) = 890; supply 10.
// Site B: 10 m square with west edge x = 400250 → d(O1,B) = 250, d(O2,B) = 740; supply 30.
const origins = prepareOrigins(fc([point(400000, 300000), point(401000, 300000)]));
const sites = prepareGreenSpaceSites(
  fc([polygon([rect(400100, 299995, 400110, 300005)]), polygon([rect(400250, 299995, 400260, 300005)])]),
);
const index = createSiteIndex(sites);
const P = [100, 300];
const S = [10, 30];

describe('floating catchments: hand-worked case', () => {
  it('builds sparse pairs within the catchment with edge distances', () => {
    const pairs = straightLineCatchment(origins, index, 800);
    expect(Array.from(pairs.siteStart)).toEqual([0, 1, 3]);
    expect(Array.from(pairs.origin)).toEqual([0, 0, 1]);
    expect(Array.from(pairs.distance)).toEqual([100, 250, 740]);
  });

  it('2SFCA: R_A = 10/100, R_B = 30/400; A1 = 0.175, A2 = 0.075', () => {
    const r = twoStepFca(straightLineCatchment(origins, index, 800), S, P);
    expect(r.ratio[0]).toBeCloseTo(0.1, 15);
    expect(r.ratio[1]).toBeCloseTo(0.075, 15);
    expect(r.access[0]).toBeCloseTo(0.175, 15);
    expect(r.access[1]).toBeCloseTo(0.075, 15);
  });

  it('E2SFCA with steps ≤300 m → 1, ≤800 m → 0.5: R_B = 30/(100 + 150); A1 = 0.22, A2 = 0.06', () => {
    const steps = [
      { maxDistanceM: 300, weight: 1 },
      { maxDistanceM: 800, weight: 0.5 },
    ];
    const r = enhancedTwoStepFca(straightLineCatchment(origins, index, 800), S, P, steps);
    expect(r.ratio[1]).toBeCloseTo(0.12, 15);
    expect(r.access[0]).toBeCloseTo(0.22, 15);
    expect(r.access[1]).toBeCloseTo(0.06, 15);
  });

  it('gravity f(d) = 100/d: V_B = 40 + 30000/740; A1 = 0.1 + 8880/59600, A2 = 3000/59600', () => {
    const r = gravityAccess(straightLineCatchment(origins, index, 800), S, P, {
      alpha: -1,
      scale: 100,
      minDistance: 1,
    });
    expect(r.access[0]).toBeCloseTo(0.1 + 8880 / 59600, 14);
    expect(r.access[1]).toBeCloseTo(3000 / 59600, 14);
  });

  it('rejects missing or zero demand and bad supply', () => {
    const pairs = straightLineCatchment(origins, index, 800);
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e instanceof CohesionError ? e.code : 'other';
      }
      return 'none';
    };
    expect(codeOf(() => twoStepFca(pairs, S, [0, 0]))).toBe('ZERO_POPULATION');
    expect(codeOf(() => twoStepFca(pairs, S, [100]))).toBe('LENGTH_MISMATCH');
    expect(codeOf(() => twoStepFca(pairs, S, [100, -1]))).toBe('NEGATIVE_COUNT');
    expect(codeOf(() => twoStepFca(pairs, [10, Number.NaN], P))).toBe('NON_FINITE');
    expect(codeOf(() => straightLineCatchment(origins, index, -1))).toBe('INVALID_ARGUMENT');
  });
});

describe('floating catchments: PySAL access invariants on generated data', () => {
  // 300 origins and 40 square sites scattered over 10 km, seeded.
  const rnd = createRandom(20260601);
  const pts = Array.from({ length: 300 }, () =>
    point(400000 + rnd.next() * 10000, 300000 + rnd.next() * 10000),
  );
  const squares = Array.from({ length: 40 }, () => {
    const x = 400000 + rnd.next() * 10000;
    const y = 300000 + rnd.next() * 10000;
    const side = 20 + rnd.next() * 300;
    return polygon([rect(x, y, x + side, y + side)]);
  });
  const o = prepareOrigins(fc(pts));
  const idx = createSiteIndex(prepareGreenSpaceSites(fc(squares)));
  const demand = Array.from({ length: 300 }, () => 500 + rnd.int(2000));
  const supply = Array.from(idx.sites.areaHa);
  const totalS = supply.reduce((a, b) => a + b, 0);
  const totalP = demand.reduce((a, b) => a + b, 0);

  it('huge catchment gives total supply / total demand everywhere (2SFCA, one-step E2SFCA, flat gravity)', () => {
    const pairs = straightLineCatchment(o, idx, 1e7);
    expect(pairs.origin.length).toBe(300 * 40);
    const models = [
      twoStepFca(pairs, supply, demand),
      enhancedTwoStepFca(pairs, supply, demand, [{ maxDistanceM: 1e7, weight: 0.7 }]),
      gravityAccess(pairs, supply, demand, { alpha: 0 }),
    ];
    for (const r of models) for (const a of r.access) expect(a).toBeCloseTo(totalS / totalP, 14);
  });

  it('zero catchment gives no access outside sites', () => {
    const pairs = straightLineCatchment(o, idx, 0);
    const r = twoStepFca(pairs, supply, demand);
    for (let i = 0; i < 300; i++) {
      const inside = idx.nearest(o.xs[i]!, o.ys[i]!).distance === 0;
      if (!inside) expect(r.access[i]).toBe(0);
    }
  });

  it('conserves supply: Σ P_i A_i = Σ S_j over served sites, for every model and catchment', () => {
    for (const d0 of [300, 1000, 3000]) {
      const pairs = straightLineCatchment(o, idx, d0);
      const models = [
        twoStepFca(pairs, supply, demand),
        enhancedTwoStepFca(pairs, supply, demand, [
          { maxDistanceM: d0 / 3, weight: 1 },
          { maxDistanceM: d0, weight: 0.3 },
        ]),
        gravityAccess(pairs, supply, demand),
      ];
      for (const r of models) {
        let used = 0;
        for (let i = 0; i < 300; i++) used += demand[i]! * r.access[i]!;
        expect(used + r.unservedSupply).toBeCloseTo(totalS, 9);
      }
    }
  });
});
