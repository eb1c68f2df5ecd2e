// Hand-worked checks: analytic moments against exact enumeration of all n! permutations, multiple-testing
// adjustments against R's p.adjust, and seeded determinism of permutation inference.
import { describe, expect, it } from 'vitest';
import { transformWeights, weightsFromLists } from '../weights/csr.js';
import { gearyGlobal, joinCounts, moranGlobal } from './global.js';
import { localGeary, localGetisOrd, localHotspots, localMoran } from './local.js';
import { bonferroniAdjust, fdrAdjust, fdrThreshold } from './multiple.js';
import { pseudoP } from './permutation.js';

function permutations(a: number[]): number[][] {
  if (a.length <= 1) return [a];
  const out: number[][] = [];
  a.forEach((v, i) => {
    for (const rest of permutations([...a.slice(0, i), ...a.slice(i + 1)])) out.push([v, ...rest]);
  });
  return out;
}

function meanVar(a: number[]): [number, number] {
  const m = a.reduce((s, v) => s + v, 0) / a.length;
  return [m, a.reduce((s, v) => s + (v - m) ** 2, 0) / a.length];
}

// Six areas; asymmetric links (a KNN-like graph) so S1 and S2 are exercised in general form.
const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
const lists = [[1, 2], [0, 2, 3], [3], [4, 5], [3, 5], [0, 4]];
const wR = transformWeights(weightsFromLists(ids, lists), 'R');
const x = [3.2, 1.5, 4.8, 0.7, 2.2, 6.1];

describe('analytic moments equal exact permutation moments', () => {
  const perms = permutations(x);
  it('Moran: E[I] = −1/(n−1) and Var_R is the exact permutation variance', () => {
    const I = perms.map((p) => moranGlobal(wR, p, { permutations: 0 }).I);
    const [m, v] = meanVar(I);
    const r = moranGlobal(wR, x, { permutations: 0 });
    expect(m).toBeCloseTo(r.EI, 12);
    expect(v).toBeCloseTo(r.VI_rand, 12);
  });
  it('Geary: E[C] = 1 and Var_R is the exact permutation variance', () => {
    const C = perms.map((p) => gearyGlobal(wR, p, { permutations: 0 }).C);
    const [m, v] = meanVar(C);
    expect(m).toBeCloseTo(1, 12);
    expect(v).toBeCloseTo(gearyGlobal(wR, x, { permutations: 0 }).VC_rand, 12);
  });
  it('join counts: BB, WW, BW moments under non-free sampling', () => {
    const wB = transformWeights(wR, 'B');
    const b = [1, 1, 0, 1, 0, 0];
    const all = permutations([0, 1, 2, 3, 4, 5]).map((p) => p.map((k) => b[k] as number));
    const r = joinCounts(wB, b, { permutations: 0 });
    for (const key of ['BB', 'WW', 'BW'] as const) {
      const vals = all.map((v) => joinCounts(wB, v, { permutations: 0 })[key].count);
      const [m, v] = meanVar(vals);
      expect(m).toBeCloseTo(r[key].expectation, 12);
      expect(v).toBeCloseTo(r[key].variance, 12);
    }
    // Black areas a, b, d; black–black links a→b, b→a, b→d: BB = ½ · 3.
    expect(r.BB.count).toBe(1.5);
    expect(() => joinCounts(wB, [0, 1, 2, 0, 1, 0])).toThrow(/0\/1 values; area c has 2/);
  });
});

describe('multiple testing', () => {
  // By hand (= R p.adjust(c(0.01, 0.04, 0.03, 0.2, NA), "BH")): sorted p·m/k = 0.04, 0.06, 0.0533, 0.2,
  // cumulative minimum from the top → 0.04, 0.0533, 0.0533, 0.2.
  it('Benjamini–Hochberg and Bonferroni as R p.adjust', () => {
    const p = [0.01, 0.04, 0.03, 0.2, Number.NaN];
    const q = fdrAdjust(p);
    expect(Array.from(q.subarray(0, 4)).map((v) => +v.toFixed(12))).toEqual([
      0.04, 0.053333333333, 0.053333333333, 0.2,
    ]);
    expect(q[4]).toBeNaN();
    expect(Array.from(bonferroniAdjust(p).subarray(0, 4)).map((v) => +v.toFixed(12))).toEqual([
      0.04, 0.16, 0.12, 0.8,
    ]);
    // Only p_(1) = 0.01 ≤ 1·0.05/4.
    expect(fdrThreshold(p, 0.05)).toBe(0.01);
  });
  it('clusters after FDR / Bonferroni are a subset of the uncorrected clusters', () => {
    const xs = Array.from({ length: 80 }, (_, i) => (i < 20 ? 10 + (i % 3) : i % 5));
    const lists80 = xs.map((_, i) => [i - 1, i + 1].filter((j) => j >= 0 && j < 80));
    const w = transformWeights(
      weightsFromLists(
        xs.map((_, i) => `A${i}`),
        lists80,
      ),
      'R',
    );
    const plain = localGetisOrd(w, xs, { seed: 2 });
    const fdr = localGetisOrd(w, xs, { seed: 2, correction: 'fdr' });
    const bonf = localGetisOrd(w, xs, { seed: 2, correction: 'bonferroni' });
    const count = (c: string[]) => c.filter((v) => v !== 'ns').length;
    expect(count(plain.cluster)).toBeGreaterThan(0);
    fdr.cluster.forEach((c, i) => {
      if (c !== 'ns') expect(plain.cluster[i]).toBe(c);
    });
    expect(count(bonf.cluster)).toBeLessThanOrEqual(count(fdr.cluster));
    expect(() => localMoran(w, xs, { correction: 'holm' as 'fdr' })).toThrow(/unknown correction "holm"/);
  });
});

describe('permutation inference', () => {
  it('pseudo-p: (M+1)/(R+1) by tail', () => {
    const sims = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(pseudoP(sims, 8.5, 'greater')).toBe(0.2);
    expect(pseudoP(sims, 8.5, 'less')).toBe(0.9);
    expect(pseudoP(sims, 8.5, 'folded')).toBe(0.2);
    expect(pseudoP(sims, 8.5, 'two-sided')).toBe(0.4);
  });
  it('seeded: same seed same p; different seed differs; p in [1/(R+1), 1]', () => {
    const xs = Array.from({ length: 40 }, (_, i) => Math.sin(i) * 10 + i / 3);
    const lists40 = xs.map((_, i) => [i > 0 ? i - 1 : 39, i < 39 ? i + 1 : 0].sort((a, b) => a - b));
    const w = transformWeights(
      weightsFromLists(
        xs.map((_, i) => `A${i}`),
        lists40,
      ),
      'R',
    );
    const a = localMoran(w, xs, { seed: 7 });
    const b = localMoran(w, xs, { seed: 7 });
    const c = localMoran(w, xs, { seed: 8 });
    expect(Array.from(a.p_sim)).toEqual(Array.from(b.p_sim));
    expect(Array.from(a.p_sim)).not.toEqual(Array.from(c.p_sim));
    for (const p of a.p_sim) expect(p >= 1 / 1000 && p <= 1).toBe(true);
    // Gi* and local Geary share the engine: same seed → same draws → deterministic too.
    expect(Array.from(localGetisOrd(w, xs, { seed: 3 }).p_sim)).toEqual(
      Array.from(localGetisOrd(w, xs, { seed: 3 }).p_sim),
    );
    expect(localGeary(w, xs, { seed: 3 }).C.length).toBe(40);
    expect(moranGlobal(w, xs, { seed: 1 }).p_sim).toBe(moranGlobal(w, xs, { seed: 1 }).p_sim);
  });
  it('localHotspots (one shared pass) equals localMoran and localGetisOrd run separately', () => {
    const xs = Array.from({ length: 60 }, (_, i) => Math.cos(i / 4) * 5 + (i % 7));
    const lists60 = xs.map((_, i) => [i - 2, i - 1, i + 1, i + 2].filter((j) => j >= 0 && j < 60));
    const w = transformWeights(
      weightsFromLists(
        xs.map((_, i) => `A${i}`),
        lists60,
      ),
      'R',
    );
    const both = localHotspots(w, xs, { seed: 11, permutations: 199 });
    expect(Array.from(both.lisa.p_sim)).toEqual(
      Array.from(localMoran(w, xs, { seed: 11, permutations: 199 }).p_sim),
    );
    expect(Array.from(both.gi.p_sim)).toEqual(
      Array.from(localGetisOrd(w, xs, { seed: 11, permutations: 199 }).p_sim),
    );
    expect(both.gi.star).toBe(true);
  });

  it('local Geary c_i by hand on a path', () => {
    // z = scale(x) with sd (n−1); c_b = Σ_j w_bj (z_b − z_j)² with row-standardised weights.
    const w = transformWeights(weightsFromLists(['a', 'b', 'c'], [[1], [0, 2], [1]]), 'R');
    const v = [1, 2, 4];
    const m = 7 / 3;
    const sd = Math.sqrt(((1 - m) ** 2 + (2 - m) ** 2 + (4 - m) ** 2) / 2);
    const z = v.map((t) => (t - m) / sd);
    const C = localGeary(w, v, { permutations: 0 }).C;
    expect(C[1]).toBeCloseTo(
      0.5 * (((z[1] as number) - (z[0] as number)) ** 2 + ((z[1] as number) - (z[2] as number)) ** 2),
      14,
    );
  });
});
