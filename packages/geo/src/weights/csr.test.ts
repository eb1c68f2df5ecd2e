import { describe, expect, it } from 'vitest';
import {
  higherOrderWeights,
  includeSelf,
  spatialLag,
  symmetrizeWeights,
  transformWeights,
  weightsFromLists,
  weightsFromNeighbourList,
  weightsIslands,
  weightsSums,
  weightsSymmetry,
  weightsToNeighbourList,
} from './csr.js';
import { parseGal, parseGwt, writeGal, writeGwt } from './formats.js';
import { repoJson, repoText } from './testdata.js';

// Path graph a - b - c - d plus island e.
const path = weightsFromLists(['a', 'b', 'c', 'd', 'e'], [[1], [0, 2], [1, 3], [2], []]);

describe('CSR weights', () => {
  it('stores rows in CSR form and reports islands', () => {
    expect(Array.from(path.offsets)).toEqual([0, 1, 3, 5, 6, 6]);
    expect(Array.from(path.neighbors)).toEqual([1, 0, 2, 1, 3, 2]);
    expect(weightsIslands(path)).toEqual(['e']);
  });

  it('transforms: R rows sum to 1, D sums to 1, C sums to n, V by hand, never compounding', () => {
    const r = transformWeights(path, 'R');
    expect(Array.from(r.weights)).toEqual([1, 0.5, 0.5, 0.5, 0.5, 1]);
    expect(transformWeights(r, 'B').weights).toEqual(path.weights);
    const d = transformWeights(path, 'D');
    expect(d.weights.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 15);
    expect(transformWeights(path, 'C').weights.reduce((s, v) => s + v, 0)).toBeCloseTo(5, 14);
    // V: rows scaled by 1/sqrt(Σ w²): a,d → 1; b,c → 1/√2 each (two links); total Q = 2 + 4/√2; × n/Q.
    const v = transformWeights(path, 'V');
    const q = 2 + 4 / Math.SQRT2;
    expect(v.weights[0]).toBeCloseTo(5 / q, 15);
    expect(v.weights[1]).toBeCloseTo(5 / q / Math.SQRT2, 15);
  });

  it('spatial lag and S0/S1/S2 by hand', () => {
    const r = transformWeights(path, 'R');
    expect(Array.from(spatialLag(r, [1, 2, 3, 4, 5]))).toEqual([2, 2, 3, 3, 0]);
    // Binary symmetric: S0 = 6 links, S1 = ½ Σ (1+1)² = 12, S2 = Σ (2·deg)² = 4+16+16+4 = 40.
    expect(weightsSums(path)).toEqual({ s0: 6, s1: 12, s2: 40 });
    expect(() => spatialLag(r, [1, 2])).toThrow(/2 values for 5 areas/);
  });

  it('higher order: pure order 2 and cumulative up to 2', () => {
    expect(weightsToNeighbourList(higherOrderWeights(path, 2))).toEqual({
      a: ['c'],
      b: ['d'],
      c: ['a'],
      d: ['b'],
      e: [],
    });
    expect(weightsToNeighbourList(higherOrderWeights(path, 2, { cumulative: true }))).toEqual({
      a: ['b', 'c'],
      b: ['a', 'c', 'd'],
      c: ['a', 'b', 'd'],
      d: ['b', 'c'],
      e: [],
    });
  });

  it('symmetry check and symmetrize', () => {
    const knnLike = weightsFromNeighbourList({ a: ['b'], b: ['c'], c: ['b'] });
    const s = weightsSymmetry(knnLike);
    expect(s.neighborsSymmetric).toBe(false);
    expect(s.asymmetricLinks).toEqual([['a', 'b']]);
    expect(weightsToNeighbourList(symmetrizeWeights(knnLike))).toEqual({ a: ['b'], b: ['a', 'c'], c: ['b'] });
    expect(weightsSymmetry(path).weightsSymmetric).toBe(true);
    expect(weightsSymmetry(transformWeights(path, 'R')).weightsSymmetric).toBe(false);
  });

  it('includeSelf puts the area first and re-applies the transform', () => {
    const s = includeSelf(transformWeights(path, 'R'));
    expect(Array.from(s.neighbors.subarray(0, 2))).toEqual([0, 1]);
    expect(Array.from(s.weights.subarray(0, 5))).toEqual([0.5, 0.5, 1 / 3, 1 / 3, 1 / 3]);
  });

  it('rejects bad neighbour lists with CohesionError', () => {
    expect(() => weightsFromLists(['a', 'b'], [[1, 1], [0]])).toThrow(/lists neighbour b twice/);
    expect(() => weightsFromLists(['a', 'b'], [[0], []])).toThrow(/lists itself/);
    expect(() => weightsFromLists(['a', 'a'], [[], []])).toThrow(
      /"a" appears twice in "ids" \(row 1 and row 2\)/,
    );
    expect(() => weightsFromNeighbourList({ a: ['zz'] })).toThrow(/neighbour zz of area a is not an area id/);
  });
});

describe('GAL / GWT', () => {
  it('reads libpysal stl.gal and sids2.gal as the spdep reference lists', () => {
    const exp = repoJson('data/reference/esda_published/expected.json');
    for (const [file, key] of [
      ['stl.gal', 'stl'],
      ['sids2.gal', 'sids2'],
    ] as const) {
      const ids = exp[key].ids.map(String);
      const w = parseGal(repoText(`data/reference/esda_published/${file}`), { ids });
      const expected = Object.fromEntries(
        ids.map((id: string, i: number) => [id, exp[key].neighbours_from_gal[i].map(String).sort()]),
      );
      const got = weightsToNeighbourList(w);
      for (const id of ids) got[id]?.sort();
      expect(got).toEqual(expected);
    }
  });

  it('round-trips GAL and GWT', () => {
    const gal = writeGal(path, { shapefile: 'x', idVariable: 'id' });
    expect(gal.split('\n')[0]).toBe('0 5 x id');
    expect(weightsToNeighbourList(parseGal(gal))).toEqual(weightsToNeighbourList(path));
    const inv = transformWeights(path, 'R');
    const back = parseGwt(writeGwt(inv), { ids: path.ids });
    expect(Array.from(back.weights)).toEqual(Array.from(inv.weights));
    expect(() => parseGal('2\na 2\nb\nb 1\na\n')).toThrow(/declares 2 neighbours but lists 1/);
  });
});
