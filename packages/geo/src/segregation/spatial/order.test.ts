// Issue 15, row order, for the spatial segregation indices: counts come from a table and the areas
// from a boundary file. With the table's codes (`ids`) a table in another order is ORDER_MISMATCH,
// or, with `reorder: true`, matched to the areas by code with exactly the in-order results.
import { describe, expect, it } from 'vitest';
import { CohesionError } from '../../errors.js';
import { queenWeights } from '../../weights/contiguity.js';
import { spatialAreas } from './areas.js';
import { sharedBoundaryWeights } from './boundary.js';
import { localEnvironment, localEnvironmentSingle } from './environment.js';
import {
  absoluteCentralization,
  absoluteConcentration,
  boundarySpatialDissimilarity,
  deltaIndex,
  distanceDecayIndices,
  perimeterAreaRatioDissimilarity,
  proximitySums,
  relativeCentralization,
  relativeConcentration,
  spatialDissimilarity,
  spatialProximityProfile,
} from './explicit.js';
import { localDistortion, localEnvironmentIndices, localRelativeCentralization } from './local.js';
import {
  multiGroupProfile,
  singleGroupProfile,
  singleGroupProfiles,
  spatialMultiGroupIndex,
  spatialSingleGroupIndex,
} from './profile.js';
import { squareGrid } from './testgrid.js';

const grid = squareGrid(4, 4);
const A = spatialAreas(grid, { idProperty: 'id' });
const W = queenWeights(grid, { idProperty: 'id' });
const n = A.n;
// Uneven counts so that any mix-up of rows changes the numbers.
const group = Float64Array.from({ length: n }, (_, i) => (i * 37) % 23);
const total = Float64Array.from({ length: n }, (_, i) => 40 + ((i * 11) % 17));
const other = Float64Array.from({ length: n }, (_, i) => total[i]! - group[i]!);
const table = {
  counts: Float64Array.from({ length: 2 * n }, (_, q) => (q % 2 ? other : group)[q >> 1]!),
  k: 2,
};
// The table sorted by total, as a spreadsheet might hand it over.
const ORDER = [...Array(n).keys()].sort((a, b) => total[a]! - total[b]! || b - a);
const perm = <T>(x: ArrayLike<T>) => ORDER.map((i) => x[i]!);
const IDS = perm(A.ids);
const shuffledTable = { counts: Float64Array.from(ORDER.flatMap((i) => [group[i]!, other[i]!])), k: 2 };
const dissim = (x: ArrayLike<number>, t: ArrayLike<number>) => {
  let X = 0;
  let T = 0;
  for (let i = 0; i < x.length; i++) {
    X += x[i]!;
    T += t[i]!;
  }
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.abs(x[i]! / X - (t[i]! - x[i]!) / (T - X));
  return s / 2;
};
const entropyOf = (c: ArrayLike<number>, k: number) => c.length / k;

type Run = (
  g: ArrayLike<number>,
  t: ArrayLike<number>,
  o: { ids?: readonly string[]; reorder?: boolean },
) => unknown;
const SINGLE: [string, Run][] = [
  ['spatialDissimilarity', (g, t, o) => spatialDissimilarity(W, g, t, o)],
  ['boundarySpatialDissimilarity', (g, t, o) => boundarySpatialDissimilarity(A, g, t, o)],
  ['perimeterAreaRatioDissimilarity', (g, t, o) => perimeterAreaRatioDissimilarity(A, g, t, o)],
  ['proximitySums', (g, t, o) => proximitySums(A, g, t, o)],
  ['distanceDecayIndices', (g, t, o) => distanceDecayIndices(A, g, t, o)],
  ['delta', (g, t, o) => deltaIndex(A, g, t, o)],
  ['relativeConcentration', (g, t, o) => relativeConcentration(A, g, t, o)],
  ['absoluteConcentration', (g, t, o) => absoluteConcentration(A, g, t, o)],
  ['relativeCentralization', (g, t, o) => relativeCentralization(A, g, t, o)],
  ['absoluteCentralization', (g, t, o) => absoluteCentralization(A, g, t, o)],
  ['spatialProximityProfile', (g, t, o) => spatialProximityProfile(W, g, t, { ...o, m: 50 })],
  ['localRelativeCentralization', (g, t, o) => localRelativeCentralization(A, g, t, { ...o, k: 4 })],
  ['localEnvironmentSingle', (g, t, o) => localEnvironmentSingle(A, g, t, { ...o, distance: 250 })],
  ['singleGroupProfile', (g, t, o) => singleGroupProfile(A, g, t, { ...o, distances: [150, 300] })],
  [
    'singleGroupProfiles',
    (g, t, o) =>
      singleGroupProfiles(A, { g, rest: Float64Array.from(t, (v, i) => v - g[i]!) }, t, {
        ...o,
        distances: [300],
      }),
  ],
  ['spatialSingleGroupIndex', (g, t, o) => spatialSingleGroupIndex(dissim, A, g, t, { ...o, distance: 300 })],
];
type TableRun = (
  t: { counts: Float64Array; k: number },
  o: { ids?: readonly string[]; reorder?: boolean },
) => unknown;
const MULTI: [string, TableRun][] = [
  ['localEnvironment', (t, o) => localEnvironment(A, t, { ...o, distance: 250 })],
  ['localEnvironmentIndices', (t, o) => localEnvironmentIndices(A, t, { ...o, distance: 250 })],
  ['localDistortion', (t, o) => localDistortion(A, t, o)],
  ['multiGroupProfile', (t, o) => multiGroupProfile(A, t, { ...o, distances: [150, 300] })],
  ['spatialMultiGroupIndex', (t, o) => spatialMultiGroupIndex(entropyOf, A, t, { ...o, distance: 300 })],
];

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof CohesionError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('spatial segregation and row order', () => {
  it.each(SINGLE)('%s: a table in another order is ORDER_MISMATCH; reorder matches by code', (_n, run) => {
    expect(codeOf(() => run(perm(group), perm(total), { ids: IDS }))).toBe('ORDER_MISMATCH');
    const inOrder = run(group, total, {});
    expect(run(perm(group), perm(total), { ids: IDS, reorder: true })).toEqual(inOrder);
    expect(run(group, total, { ids: A.ids })).toEqual(inOrder);
  });
  it.each(MULTI)('%s: the same for a multigroup table', (_n, run) => {
    expect(codeOf(() => run(shuffledTable, { ids: IDS }))).toBe('ORDER_MISMATCH');
    const inOrder = run(table, {});
    expect(run(shuffledTable, { ids: IDS, reorder: true })).toEqual(inOrder);
  });
  it('a code that is not an area is UNMATCHED_CODE; ids of another length than the counts LENGTH_MISMATCH', () => {
    const ids = [...IDS];
    ids[2] = 'E01999999';
    expect(codeOf(() => deltaIndex(A, perm(group), perm(total), { ids, reorder: true }))).toBe(
      'UNMATCHED_CODE',
    );
    expect(codeOf(() => deltaIndex(A, perm(group).slice(1), perm(total), { ids: IDS, reorder: true }))).toBe(
      'LENGTH_MISMATCH',
    );
  });
  it('precomputed boundary weights in another order than the areas are ORDER_MISMATCH', () => {
    const b = sharedBoundaryWeights(A);
    expect(boundarySpatialDissimilarity(A, group, total, { boundary: b })).toEqual(
      boundarySpatialDissimilarity(A, group, total),
    );
    const reversed = { ...A, ids: [...A.ids].reverse() };
    const other = sharedBoundaryWeights(reversed);
    expect(codeOf(() => boundarySpatialDissimilarity(A, group, total, { boundary: other }))).toBe(
      'ORDER_MISMATCH',
    );
    expect(codeOf(() => perimeterAreaRatioDissimilarity(A, group, total, { boundary: other }))).toBe(
      'ORDER_MISMATCH',
    );
  });
  it('after reordering, errors name the area the bad row belongs to', () => {
    const bad = perm(group);
    bad[0] = -1; // the first table row, which belongs to area IDS[0]
    try {
      deltaIndex(A, bad, perm(total), { ids: IDS, reorder: true });
      expect.unreachable();
    } catch (e) {
      expect((e as CohesionError).code).toBe('NEGATIVE_COUNT');
      expect((e as CohesionError).message).toContain(IDS[0]);
    }
  });
});
