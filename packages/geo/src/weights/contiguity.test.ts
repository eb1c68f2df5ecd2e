import type { FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import { CohesionError } from '../errors.js';
import { contiguityWeights, queenWeights } from './contiguity.js';
import { weightsToNeighbourList } from './csr.js';
import { repoAreas, repoJson } from './testdata.js';

const columbus = repoAreas('data/reference/columbus/columbus.geojson');
const colExp = repoJson('data/reference/columbus/expected.json');
const trafford = repoAreas('data/reference/trafford_lsoa21/lsoa21_boundaries_generalised.geojson');
const trafExp = repoJson('data/reference/trafford_lsoa21/expected.json');

function expectedList(ids: (string | number)[], lists: (string | number)[][]): Record<string, string[]> {
  return Object.fromEntries(ids.map((id, i) => [String(id), (lists[i] ?? []).map(String)]));
}

describe('contiguity weights reproduce spdep poly2nb', () => {
  it.each([
    ['queen', 'queen_spdep', 236],
    ['rook', 'rook_spdep', 200],
  ] as const)('columbus %s: identical neighbour sets, %s', (rule, key, links) => {
    const r = contiguityWeights(columbus, { idProperty: 'POLYID', rule });
    expect(r.weights.neighbors.length).toBe(links);
    expect(weightsToNeighbourList(r.weights)).toEqual(expectedList(colExp.ids, colExp.neighbours[key]));
    expect(r.islands).toEqual([]);
    expect(r.snapped).toEqual([]);
  });

  it.each([
    ['queen', 748],
    ['rook', 736],
  ] as const)('Trafford LSOA 2021 %s on lon/lat as stored', (rule, links) => {
    const r = contiguityWeights(trafford, { idProperty: 'area_code', rule });
    expect(r.weights.neighbors.length).toBe(links);
    expect(weightsToNeighbourList(r.weights)).toEqual(expectedList(trafExp.ids, trafExp.neighbours[rule]));
  });

  it('snap in metres on lon/lat: a 20 cm shift of one LSOA breaks exact contiguity, a 50 cm snap restores it and reports it', () => {
    const moved = structuredClone(trafford);
    const f0 = moved.features[0] as { geometry: { coordinates: number[][][][] } };
    // 3e-6 degrees of longitude at 53.4°N ≈ 0.2 m.
    f0.geometry.coordinates = f0.geometry.coordinates.map((poly) =>
      poly.map((ring) => ring.map(([x, y]) => [(x as number) + 3e-6, y as number])),
    );
    const exact = contiguityWeights(moved, { idProperty: 'area_code' });
    expect(exact.islands).toEqual(['E01006074']);
    const snapped = contiguityWeights(moved, { idProperty: 'area_code', snap: 0.5 });
    expect(snapped.islands).toEqual([]);
    expect(snapped.snapped).toEqual(trafExp.neighbours.queen[0].map((nb: string) => ['E01006074', nb]));
    expect(weightsToNeighbourList(snapped.weights)).toEqual(
      expectedList(trafExp.ids, trafExp.neighbours.queen),
    );
    // 10 cm is not enough.
    expect(contiguityWeights(moved, { idProperty: 'area_code', snap: 0.1 }).islands).toEqual(['E01006074']);
  });

  it('a 10 cm snap on Trafford changes nothing (spdep snap = 1e-6 degrees agrees)', () => {
    const r = contiguityWeights(trafford, { idProperty: 'area_code', snap: 0.1 });
    expect(r.weights.neighbors.length).toBe(748);
    expect(r.snapped).toEqual([]);
    expect(r.tolerance).toBe(0.1);
  });
});

const square = (x: number, y: number, s = 1): number[][][] => [
  [
    [x, y],
    [x + s, y],
    [x + s, y + s],
    [x, y + s],
    [x, y],
  ],
];
const fc = (polys: number[][][][]): FeatureCollection => ({
  type: 'FeatureCollection',
  features: polys.map((coordinates, i) => ({
    type: 'Feature',
    properties: { id: `A${i}` },
    geometry: { type: 'Polygon', coordinates },
  })),
});

describe('hand-worked contiguity', () => {
  // 2×2 grid: A0 A1 / A2 A3 (bottom row first) + diagonal-only contacts.
  const grid = fc([square(0, 0), square(1, 0), square(0, 1), square(1, 1)]);
  it('queen links diagonals, rook does not', () => {
    expect(weightsToNeighbourList(queenWeights(grid, { idProperty: 'id', coordinates: 'planar' }))).toEqual({
      A0: ['A1', 'A2', 'A3'],
      A1: ['A0', 'A2', 'A3'],
      A2: ['A0', 'A1', 'A3'],
      A3: ['A0', 'A1', 'A2'],
    });
    const rook = contiguityWeights(grid, { idProperty: 'id', rule: 'rook', coordinates: 'planar' });
    expect(weightsToNeighbourList(rook.weights)).toEqual({
      A0: ['A1', 'A2'],
      A1: ['A0', 'A3'],
      A2: ['A0', 'A3'],
      A3: ['A1', 'A2'],
    });
  });

  it('snap in metres joins a 0.4 m gap and reports it; islands are reported and optionally joined', () => {
    const gap = fc([square(0, 0, 100), square(100.4, 0, 100), square(1000, 1000, 100)]);
    const exact = contiguityWeights(gap, { idProperty: 'id', coordinates: 'planar' });
    expect(exact.weights.neighbors.length).toBe(0);
    expect(exact.islands).toEqual(['A0', 'A1', 'A2']);
    const snapped = contiguityWeights(gap, {
      idProperty: 'id',
      coordinates: 'planar',
      snap: 0.5,
      joinIslands: true,
    });
    expect(snapped.snapped).toEqual([['A0', 'A1']]);
    expect(snapped.islands).toEqual(['A2']);
    expect(snapped.joined).toEqual([['A2', 'A1']]);
    expect(weightsToNeighbourList(snapped.weights)).toEqual({ A0: ['A1'], A1: ['A0', 'A2'], A2: ['A1'] });
  });

  it('bad input is a CohesionError naming the feature', () => {
    const bad = fc([square(0, 0)]);
    (bad.features[0] as { geometry: unknown }).geometry = { type: 'Point', coordinates: [0, 0] };
    expect(() => queenWeights(bad, { idProperty: 'id' })).toThrow(/feature 0 \(A0\) has a Point/);
    const dup = fc([square(0, 0), square(1, 0)]);
    (dup.features[1] as { properties: Record<string, string> }).properties.id = 'A0';
    expect(() => queenWeights(dup, { idProperty: 'id' })).toThrowError(CohesionError);
    expect(() => queenWeights(dup, { idProperty: 'nope' })).toThrow(/no property "nope"/);
    expect(() => queenWeights({ type: 'FeatureCollection', features: [] }, { idProperty: 'id' })).toThrow(
      /no features/,
    );
  });
});
