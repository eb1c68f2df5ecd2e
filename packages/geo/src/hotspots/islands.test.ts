// Global statistics on weights with islands, against spdep 1.2-7 with adjust.n (and General G's
// adjust.x) TRUE and FALSE: data/reference/islands_trafford (make.R there), and the small-n and
// zero-denominator errors.
import { describe, expect, it } from 'vitest';
import { CohesionError } from '../errors.js';
import { transformWeights, weightsFromLists } from '../weights/csr.js';
import { repoJson } from '../weights/testdata.js';
import { gearyGlobal, getisOrdGlobal, joinCounts, moranGlobal } from './global.js';

type Est = { statistic: number; expectation: number; variance: number; z: number; p_greater: number };
type Block = Record<
  'moran_W_randomisation' | 'moran_W_normality' | 'geary_W_randomisation' | 'geary_W_normality' | 'globalG_B',
  Est
>;
const ref = repoJson<{
  ids: string[];
  islands: string[];
  neighbours: string[][];
  x: number[];
  adjust_n_TRUE: Block;
  adjust_n_FALSE: Block;
}>('data/reference/islands_trafford/expected.json');

function close(actual: number, expected: number, tol = 1e-10): void {
  const rel = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  if (!(rel <= tol)) expect.fail(`${actual} differs from ${expected} (relative ${rel.toExponential(2)})`);
}

const index = new Map(ref.ids.map((id, i) => [id, i]));
const B = weightsFromLists(
  ref.ids,
  ref.neighbours.map((list) => list.map((id) => index.get(id) as number)),
);
const W = transformWeights(B, 'R');
const base = { permutations: 0, allowIslands: true } as const;

describe.each([
  [true, ref.adjust_n_TRUE],
  [false, ref.adjust_n_FALSE],
])('global statistics with 3 islands, adjustN %s = spdep adjust.n', (adjustN, r) => {
  const opts = { ...base, adjustN };
  it('Moran: I, E[I], both variances, z, one-sided p', () => {
    const m = moranGlobal(W, ref.x, opts);
    close(m.I, r.moran_W_randomisation.statistic);
    close(m.EI, r.moran_W_randomisation.expectation);
    close(m.VI_rand, r.moran_W_randomisation.variance);
    close(m.z_rand, r.moran_W_randomisation.z);
    close(m.p_rand_greater, r.moran_W_randomisation.p_greater, 1e-8);
    close(m.VI_norm, r.moran_W_normality.variance);
    close(m.z_norm, r.moran_W_normality.z);
    close(m.p_norm_greater, r.moran_W_normality.p_greater, 1e-8);
  });
  it("Geary: C, both variances, z (spdep's sign)", () => {
    const g = gearyGlobal(W, ref.x, opts);
    close(g.C, r.geary_W_randomisation.statistic);
    close(g.VC_rand, r.geary_W_randomisation.variance);
    close(g.z_rand, r.geary_W_randomisation.z);
    close(g.VC_norm, r.geary_W_normality.variance);
    close(g.z_norm, r.geary_W_normality.z);
    close(g.p_rand_greater, r.geary_W_randomisation.p_greater, 1e-8);
  });
  it('General G on binary weights: G, E[G], Var, z', () => {
    const g = getisOrdGlobal(B, ref.x, opts);
    close(g.G, r.globalG_B.statistic);
    close(g.EG, r.globalG_B.expectation);
    close(g.VG, r.globalG_B.variance);
    close(g.z, r.globalG_B.z);
    close(g.p_norm_greater, r.globalG_B.p_greater, 1e-8);
  });
});

describe('adjustN', () => {
  it('changes nothing without islands, and permutation p-values are defined with it', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const w = weightsFromLists(ids, [[1], [0, 2], [1, 3], [2, 4], [3]]);
    const x = [1, 2, 4, 3, 7];
    expect(moranGlobal(w, x, { adjustN: true, seed: 3 })).toEqual(moranGlobal(w, x, { seed: 3 }));
    expect(getisOrdGlobal(w, x, { adjustN: true, seed: 3 })).toEqual(getisOrdGlobal(w, x, { seed: 3 }));
    const withIsland = weightsFromLists([...ids, 'f'], [[1], [0, 2], [1, 3], [2, 4], [3], []]);
    const g = getisOrdGlobal(withIsland, [...x, 50], { adjustN: true, allowIslands: true, permutations: 99 });
    expect(g.p_sim).toBeGreaterThan(0);
    expect(g.p_sim).toBeLessThanOrEqual(1);
  });
});

describe('too few areas and a zero denominator are errors, not NaN', () => {
  const three = weightsFromLists(['a', 'b', 'c'], [[1], [0, 2], [1]]);
  const code = (f: () => unknown): string | undefined => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(CohesionError);
      return (e as CohesionError).code;
    }
    return undefined;
  };
  it('n = 3 → TOO_FEW_AREAS for every global statistic (Var_R divides by (n−3))', () => {
    expect(code(() => moranGlobal(three, [1, 2, 5]))).toBe('TOO_FEW_AREAS');
    expect(code(() => gearyGlobal(three, [1, 2, 5]))).toBe('TOO_FEW_AREAS');
    expect(code(() => getisOrdGlobal(three, [1, 2, 5]))).toBe('TOO_FEW_AREAS');
    expect(code(() => joinCounts(three, [1, 0, 1]))).toBe('TOO_FEW_AREAS');
  });
  it('adjustN counts the areas with neighbours: 4 areas, one an island → TOO_FEW_AREAS', () => {
    const w = weightsFromLists(['a', 'b', 'c', 'd'], [[1], [0, 2], [1], []]);
    const x = [1, 2, 5, 3];
    expect(Number.isFinite(moranGlobal(w, x, { allowIslands: true, permutations: 0 }).z_rand)).toBe(true);
    expect(code(() => moranGlobal(w, x, { allowIslands: true, adjustN: true }))).toBe('TOO_FEW_AREAS');
  });
  it('General G with a single non-zero value → INVALID_ARGUMENT', () => {
    const line = weightsFromLists(['a', 'b', 'c', 'd', 'e'], [[1], [0, 2], [1, 3], [2, 4], [3]]);
    expect(code(() => getisOrdGlobal(line, [0, 0, 5, 0, 0]))).toBe('INVALID_ARGUMENT');
    expect(Number.isFinite(getisOrdGlobal(line, [0, 1, 5, 0, 0], { permutations: 0 }).z)).toBe(true);
  });
});
