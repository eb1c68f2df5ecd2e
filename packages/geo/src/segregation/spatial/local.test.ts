import { describe, expect, it } from 'vitest';
import { CohesionError } from '../../errors.js';
import { queenWeights } from '../../weights/contiguity.js';
import { dissimilarityValue } from '../single/dissimilarity.js';
import type { SpatialAreas } from './areas.js';
import { spatialAreas } from './areas.js';
import {
  localEnvironmentFromWeights,
  localEnvironmentSingle,
  localEnvironmentWeights,
} from './environment.js';
import { spatialDissimilarity } from './explicit.js';
import { spatialIndexTest } from './inference.js';
import { localDistortion, localEnvironmentIndices, localRelativeCentralization } from './local.js';
import { singleGroupProfile } from './profile.js';
import { gridCounts, squareGrid } from './testgrid.js';

/** Three areas on a line at x = 0, 1, 3 km (points; no land area needed here). */
function line(): SpatialAreas {
  return {
    ids: ['A', 'B', 'C'],
    n: 3,
    xs: Float64Array.from([400000, 401000, 403000]),
    ys: new Float64Array(3).fill(300000),
    areas: new Float64Array(3),
    perimeters: new Float64Array(3),
    geometries: [],
    sourceCrs: 'EPSG:27700',
  };
}
// Two groups: A = [10, 0], B = [0, 10], C = [5, 5]; overall r = [½, ½].
const table = { counts: Float64Array.from([10, 0, 0, 10, 5, 5]), k: 2 };

describe('local distortion (worked by hand)', () => {
  it('sums KL(cumulative ‖ overall) over the expanding neighbourhoods', () => {
    // A: {A} → ln 2, {A,B} → 0, all → 0. B likewise. C: {C} → 0, {C,B} = [5,15] → ¼ln½ + ¾ln(3/2), all → 0.
    const r = localDistortion(line(), table);
    expect(r.values[0]).toBeCloseTo(Math.LN2, 14);
    expect(r.values[1]).toBeCloseTo(Math.LN2, 14);
    expect(r.values[2]).toBeCloseTo(0.25 * Math.log(0.5) + 0.75 * Math.log(1.5), 14);
  });
  it('skips steps with no population yet and reports empty areas', () => {
    const t = { counts: Float64Array.from([0, 0, 0, 10, 5, 5]), k: 2 };
    const r = localDistortion(line(), t);
    expect(r.droppedAreas).toEqual([0]);
    expect(Number.isFinite(r.values[0]!)).toBe(true);
  });
});

describe('local relative centralisation (worked by hand)', () => {
  it('context = the area and its 2 nearest neighbours, centred on the area', () => {
    // A's context {A, B, C} ordered A, B, C: X = [⅔, ⅔, 1], Y = [0, ⅔, 1] ⇒ RCE = 4/9.
    const r = localRelativeCentralization(line(), [10, 0, 5], [10, 10, 10], { k: 2 });
    expect(r.values[0]).toBeCloseTo(4 / 9, 14);
    // B's context ordered B, A, C: X = [0, ⅔, 1], Y = [⅔, ⅔, 1] ⇒ 0·⅔ − ⅔·⅔ + ⅔·1 − 1·⅔ = −4/9.
    expect(r.values[1]).toBeCloseTo(-4 / 9, 14);
  });
  it('is NaN (undefined) where the context has no group members', () => {
    const r = localRelativeCentralization(line(), [0, 0, 0], [10, 10, 10], { k: 1 });
    expect(r.values.every(Number.isNaN)).toBe(true);
  });
});

describe('multigroup local indices on local environments', () => {
  it('at a bandwidth below the spacing each environment is the area itself', () => {
    const r = localEnvironmentIndices(line(), table, { distance: 500 });
    expect(r.environment.counts).toEqual(table.counts);
    expect(r.entropy.values[0]).toBeCloseTo(0, 15);
    expect(r.entropy.values[2]).toBeCloseTo(1, 15); // [5, 5] → ln 2 / ln 2
    expect(r.simpsonsInteraction.values[2]).toBeCloseTo(0.5, 15);
    expect(r.locationQuotients[0]).toBeCloseTo(2, 15); // share 1 over ½
  });
  it('uniform kernel at 1.5 km: A and B pool half-weight counts', () => {
    // uniform K = ½ for neighbours within h, self weight 1: env(A) = [10, 0] + ½[0, 10] = [10, 5].
    const r = localEnvironmentIndices(line(), table, { distance: 1500, kernel: 'uniform' });
    expect([...r.environment.counts.subarray(0, 2)]).toEqual([10, 5]);
    expect(r.simpsonsConcentration.values[0]).toBeCloseTo((2 / 3) ** 2 + (1 / 3) ** 2, 15);
    expect(r.locationQuotients[0]).toBeCloseTo(2 / 3 / 0.5, 15);
  });
});

describe('local environments on a grid (hand-worked kernel sums)', () => {
  const grid = squareGrid(4, 4);
  const areas = spatialAreas(grid, { idProperty: 'id' });
  it('corner cell, triangular kernel, 150 m: 1 + 2·(1 − 100/150) + (1 − 100√2/150) times 100 people', () => {
    const { total } = gridCounts(4, 4, 'halves');
    const env = localEnvironmentSingle(areas, total, total, { distance: 150 });
    expect(env.total[0]).toBeCloseTo(100 * (1 + 2 * (1 / 3) + (1 - (100 * Math.SQRT2) / 150)), 9);
    const w = localEnvironmentWeights(areas, { distance: 150 });
    expect(w.neighbors.subarray(w.offsets[0], w.offsets[1])).toEqual(Int32Array.from([0, 1, 4, 5]));
  });
  it('a contiguity weights object as the environment (PySAL w=): own counts plus the queen neighbours', () => {
    const queen = queenWeights(grid, { idProperty: 'id' });
    const ones = new Float64Array(16).fill(1);
    // Corner cell: itself + 3 queen neighbours; inner cell: itself + 8.
    const env = localEnvironmentFromWeights(queen, ones, 1, { selfWeight: 1 });
    expect(env[0]).toBe(4);
    expect(env[5]).toBe(9);
    // selfWeight 0 leaves the area's own people out.
    expect(localEnvironmentFromWeights(queen, ones, 1, { selfWeight: 0 })[5]).toBe(8);
    const w0 = localEnvironmentSingle(areas, ones, ones, { distance: 150, selfWeight: 0, kernel: 'uniform' });
    expect(w0.total[0]).toBeCloseTo(3 * 0.5, 15); // three neighbours within 150 m, K = ½
  });

  it('spatially implicit D: the chequerboard smooths away, the halves do not', () => {
    const cheq = gridCounts(4, 4, 'chequerboard');
    const halves = gridCounts(4, 4, 'halves');
    expect(dissimilarityValue(cheq.group, cheq.total)).toBe(1);
    expect(dissimilarityValue(halves.group, halves.total)).toBe(1);
    const c = singleGroupProfile(areas, cheq.group, cheq.total, {
      distances: [150],
      indices: ['dissimilarity'],
    });
    const h = singleGroupProfile(areas, halves.group, halves.total, {
      distances: [150],
      indices: ['dissimilarity'],
    });
    expect(c[0]!.indices.dissimilarity!).toBeLessThan(0.2);
    expect(h[0]!.indices.dissimilarity!).toBeGreaterThan(0.5);
  });
  it('zero-population cells get the environment of their neighbours (no NaN)', () => {
    const { group, total } = gridCounts(4, 4, 'halves');
    group[5] = 0;
    total[5] = 0;
    const p = singleGroupProfile(areas, group, total, { distances: [150, 300] });
    for (const s of p) for (const v of Object.values(s.indices)) expect(Number.isFinite(v)).toBe(true);
  });
  it('rejects a bad bandwidth or kernel', () => {
    const { group, total } = gridCounts(4, 4, 'halves');
    expect(() => singleGroupProfile(areas, group, total, { distances: [0] })).toThrow(CohesionError);
    expect(() =>
      localEnvironmentSingle(areas, group, total, { distance: 100, kernel: 'cosine' as 'uniform' }),
    ).toThrow(/unknown kernel/);
  });
});

describe('inference for spatial indices', () => {
  const grid = squareGrid(4, 4);
  const queen = queenWeights(grid, { idProperty: 'id' });
  const halves = gridCounts(4, 4, 'halves');
  const index = (x: Float64Array, t: Float64Array) => spatialDissimilarity(queen, x, t).value;
  it('geographic permutation: the halves are more clustered than random arrangements', () => {
    const r = spatialIndexTest(index, halves.group, halves.total, { iterations: 199, seed: 7 });
    expect(r.statistic).toBeCloseTo(1 - 20 / 84, 14);
    // Every permutation keeps aspatial D = 1, so D(adj) only moves with the arrangement.
    expect(r.mean).toBeLessThan(r.statistic);
    expect(r.pValue).toBeLessThan(0.05);
    const again = spatialIndexTest(index, halves.group, halves.total, { iterations: 199, seed: 7 });
    expect(again.simulated).toEqual(r.simulated);
  });
  it('systematic and evenness draws followed by a geographic permutation', () => {
    for (const kind of ['systematicPermutation', 'evenPermutation'] as const) {
      const r = spatialIndexTest(index, halves.group, halves.total, { null: kind, iterations: 99, seed: 3 });
      // Random counts at random places: far less structure than two solid halves.
      expect(r.mean).toBeLessThan(r.statistic);
      expect(r.pValue).toBeLessThan(0.05);
      const again = spatialIndexTest(index, halves.group, halves.total, {
        null: kind,
        iterations: 99,
        seed: 3,
      });
      expect(again.simulated).toEqual(r.simulated);
    }
    expect(() => spatialIndexTest(index, halves.group, halves.total, { null: 'nope' as 'evenness' })).toThrow(
      CohesionError,
    );
  });
  it('evenness null via the segregation module (counts redrawn in place)', () => {
    const r = spatialIndexTest(index, halves.group, halves.total, {
      null: 'evenness',
      iterations: 99,
      seed: 1,
    });
    expect(r.iterations).toBe(99);
    expect(r.statistic).toBeGreaterThan(r.mean);
  });
});
