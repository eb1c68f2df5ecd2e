// Gi* rows formed in place (row-wise transforms) against building them with includeSelf + transformWeights.
import { describe, expect, it } from 'vitest';
import { transformWeights, weightsFromLists } from '../weights/csr.js';
import { getisOrdRows } from './localGetisOrd.js';

// Unequal original weights and an area without neighbours (row 5).
const base = weightsFromLists(
  ['a', 'b', 'c', 'd', 'e', 'f'],
  [[1, 3], [0, 2, 4], [1, 3], [0, 2], [1], []],
  [[0.5, 2], [0.5, 1.25, 3], [1.25, 0.1], [2, 0.1], [3], []],
);
const x = Float64Array.of(3.1, -2, 10.5, 0.25, 7, 1);

describe('getisOrdRows', () => {
  for (const t of ['O', 'B', 'R'] as const)
    it(`Gi* rows in place under transform ${t} equal the built ones bit for bit`, () => {
      const w = transformWeights(base, t);
      const direct = getisOrdRows(w, x, true);
      const built = getisOrdRows(w, x, true, false);
      for (const k of ['lags', 'rowW', 'rowW2', 'selfTerm', 'channel'] as const)
        expect(Array.from(direct[k]).map((v) => (Object.is(v, 0) ? 0 : v))).toEqual(
          Array.from(built[k]).map((v) => (Object.is(v, 0) ? 0 : v)),
        );
      // Row 0 by hand: self weight 1 first, then the row's own weights.
      const own = t === 'R' ? 1 / 3.5 : 1;
      const v = t === 'B' ? [1, 1] : t === 'R' ? [0.5 / 3.5, 2 / 3.5] : [0.5, 2];
      expect(direct.lags[0]).toBeCloseTo(own * 3.1 + (v[0] as number) * -2 + (v[1] as number) * 0.25, 14);
      expect(direct.selfTerm[5]).toBe(1); // an island under Gi* still has itself
    });
});
