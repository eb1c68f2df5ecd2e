// The engine's permutation pieces: draws, the neighbour bound and the seeded global null.
import { describe, expect, it } from 'vitest';
import { weightsFromLists } from '../weights/csr.js';
import { DEFAULT_SEED } from './defaults.js';
import { globalPermutations, maxNeighbours, permutationDraws, pseudoP } from './permutation.js';
import { createRandom } from './random.js';

describe('permutationDraws', () => {
  it('R rows of k distinct indices in 0..m−1, the same for the same seed', () => {
    const d = permutationDraws(7, 4, 50, 3);
    expect(d.length).toBe(200);
    for (let r = 0; r < 50; r++) {
      const row = Array.from(d.subarray(r * 4, r * 4 + 4));
      expect(new Set(row).size).toBe(4);
      for (const j of row) expect(j >= 0 && j < 7).toBe(true);
    }
    expect(Array.from(permutationDraws(7, 4, 50, 3))).toEqual(Array.from(d));
    expect(Array.from(permutationDraws(7, 4, 50, 4))).not.toEqual(Array.from(d));
  });
  it('every index is about equally likely (no bias from the partial shuffle)', () => {
    const d = permutationDraws(5, 2, 5000, 1);
    const counts = new Array(5).fill(0);
    for (const j of d) counts[j]++;
    // Each index is expected 2000 times; the sd of a count is about 40.
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(200);
  });
});

describe('maxNeighbours', () => {
  it('counts non-self links and rejects impossible rows', () => {
    const w = weightsFromLists(['a', 'b', 'c'], [[1], [0, 2], [1]]);
    expect(maxNeighbours(w)).toBe(2);
    expect(() => maxNeighbours({ n: 2, offsets: [0, 2, 2], neighbors: [1, 1] })).toThrow(/only 1 other/);
  });
});

describe('globalPermutations', () => {
  it('is the seeded Fisher–Yates stream of createRandom, DEFAULT_SEED by default', () => {
    const x = [1, 2, 3, 4, 5];
    const first = (p: Float64Array) => p[0] as number;
    const sims = globalPermutations(x, 20, undefined, first);
    const rng = createRandom(DEFAULT_SEED);
    const copy = Float64Array.from(x);
    const expected = Array.from({ length: 20 }, () => rng.shuffle(copy)[0]);
    expect(Array.from(sims)).toEqual(expected);
    // A permutation keeps the multiset: the sum never changes.
    const sums = globalPermutations(x, 20, 9, (p) => p.reduce((s, v) => s + v, 0));
    expect(new Set(sums)).toEqual(new Set([15]));
  });
  it('pseudoP returns NaN without simulations', () => {
    expect(pseudoP([], 1)).toBeNaN();
  });
});
