import { describe, expect, it } from 'vitest';
import { CohesionError } from '../../errors.js';
import { createRandom } from '../../stats/random.js';
import { sampleBinomial, sampleHypergeometric, sampleMultinomial } from '../sampling.js';
import {
  atkinson,
  atkinsonValue,
  biasCorrectedDissimilarity,
  concentrationProfile,
  concentrationProfileCurve,
  concentrationProfileValue,
  correlationRatioValue,
  densityCorrectedDissimilarity,
  dissimilarity,
  dissimilarityValue,
  entropyValue,
  exposureValue,
  foldedNormalMode,
  gini,
  giniValue,
  isolationValue,
  minMaxValue,
  modifiedDissimilarity,
  modifiedGini,
} from './all.js';

const close = (a: number, b: number, tol = 1e-14) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol);

function thrown(fn: () => unknown): CohesionError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CohesionError) return e;
    throw e;
  }
  throw new Error('expected a CohesionError');
}

describe('two-area example worked on paper', () => {
  // Area 1: 30 of 40 people are in the group (10 others); area 2: 10 of 60 (50 others).
  // X = 40, Y = 60, T = 100, P = 0.4; shares p1 = 3/4, p2 = 1/6.
  const x = [30, 10];
  const t = [40, 60];

  it('D = ½(|30/40 − 10/60| + |10/40 − 50/60|) = ½(7/12 + 7/12) = 7/12', () => {
    close(dissimilarityValue(x, t), 7 / 12);
  });
  it('Gini = 2·40·60·(3/4 − 1/6) / (2·100²·0.4·0.6) = 2800/4800 = 7/12 (equals D with two areas)', () => {
    close(giniValue(x, t), 7 / 12);
  });
  it('xPx = (30/40)(30/40) + (10/40)(10/60) = 27/48 + 2/48 = 29/48; xPy = 19/48', () => {
    close(isolationValue(x, t), 29 / 48);
    close(exposureValue(x, t), 19 / 48);
  });
  it('η² = (29/48 − 0.4)/0.6 = 49/144', () => {
    close(correlationRatioValue(x, t), 49 / 144);
  });
  it('Atkinson b=½: Σ√((1−p)p)·t/(PT) = (10√3 + 10√5)/40, A = 1 − (2/3)(4+√15)/8 = (8 − √15)/12', () => {
    close(atkinsonValue(x, t, 0.5), (8 - Math.sqrt(15)) / 12);
  });
  it('Theil H = Σ tᵢ(E − Eᵢ)/(E T) with E = h(0.4), E₁ = h(3/4), E₂ = h(1/6)', () => {
    const h = (p: number) => -p * Math.log(p) - (1 - p) * Math.log(1 - p);
    const E = h(0.4);
    close(entropyValue(x, t), (40 * (E - h(0.75)) + 60 * (E - h(1 / 6))) / (E * 100));
  });
  it('MinMax = 1 − Σmin/Σmax = 1 − (5/12)/(19/12) = 14/19 (= 2D/(1+D))', () => {
    close(minMaxValue(x, t), 14 / 19);
  });
});

describe('complete segregation = 1, even spread = 0', () => {
  const segX = [10, 0, 25];
  const segT = [10, 20, 25];
  const evenX = [10, 20, 5];
  const evenT = [100, 200, 50];
  it('complete segregation', () => {
    for (const f of [
      dissimilarityValue,
      giniValue,
      entropyValue,
      isolationValue,
      minMaxValue,
      correlationRatioValue,
    ]) {
      close(f(segX, segT), 1);
    }
    close(atkinsonValue(segX, segT, 0.5), 1);
    close(exposureValue(segX, segT), 0);
    // n(θ) = θ·tanh(θ·n) falls short of θ by ~θe^(−2θ²), so this is 1 only to ~1e-13.
    close(densityCorrectedDissimilarity(segX, segT).value, 1, 1e-12);
    close(biasCorrectedDissimilarity(segX, segT, { iterations: 20 }).value, 1);
    close(modifiedDissimilarity(segX, segT, { iterations: 20 }).value, 1);
  });
  it('even spread', () => {
    for (const f of [dissimilarityValue, giniValue, entropyValue, minMaxValue, correlationRatioValue]) {
      close(f(evenX, evenT), 0);
    }
    close(atkinsonValue(evenX, evenT, 0.5), 0);
    close(isolationValue(evenX, evenT), 0.1);
    // Carrington–Troske: D = 0 lies below D* > 0, so (0 − D*)/D* = −1 exactly.
    close(modifiedDissimilarity(evenX, evenT, { iterations: 50 }).value, -1);
    close(modifiedGini(evenX, evenT, { iterations: 50 }).value, -1);
  });
});

describe('zero-population areas and summaries', () => {
  it('drops and reports areas with total 0, never NaN', () => {
    const r = dissimilarity([30, 0, 10], [40, 0, 60]);
    close(r.value, 7 / 12);
    expect(r.droppedAreas).toEqual([1]);
    expect(r.areasUsed).toBe(2);
    expect(r.groupTotal).toBe(40);
    expect(r.populationTotal).toBe(100);
    close(r.proportion, 0.4);
    const g = gini([30, 0, 10], [40, 0, 60]);
    close(g.value, 7 / 12);
    expect(Number.isNaN(atkinson([30, 0, 10], [40, 0, 60]).value)).toBe(false);
  });
});

describe('bad input gives a CohesionError naming the row', () => {
  const ids = ['E01000001', 'E01000002', 'E01000003'];
  it('negative count', () => {
    const e = thrown(() => dissimilarity([1, -2, 3], [5, 5, 5], { ids, groupColumn: 'Pakistani' }));
    expect(e.code).toBe('NEGATIVE_COUNT');
    expect(e.detail.row).toBe(1);
    expect(e.detail.id).toBe('E01000002');
    expect(e.detail.column).toBe('Pakistani');
    expect(e.message).toContain('row 2 (E01000002)'); // messages count rows from 1
  });
  it('NaN and Infinity', () => {
    expect(thrown(() => dissimilarity([1, Number.NaN], [5, 5])).code).toBe('NON_NUMERIC');
    expect(thrown(() => dissimilarity([1, 2], [5, Number.POSITIVE_INFINITY])).code).toBe('NON_FINITE');
  });
  it('group above total', () => {
    const e = thrown(() => dissimilarity([1, 7, 3], [5, 5, 5], { totalColumn: 'Persons' }));
    expect(e.code).toBe('GROUP_EXCEEDS_TOTAL');
    expect(e.detail.row).toBe(1);
    expect(e.message).toContain('Persons');
  });
  it('length mismatch, empty, all-zero, group absent', () => {
    expect(thrown(() => dissimilarity([1, 2], [5])).code).toBe('LENGTH_MISMATCH');
    expect(thrown(() => dissimilarity([], [])).code).toBe('EMPTY_INPUT');
    expect(thrown(() => dissimilarity([0, 0], [0, 0])).code).toBe('ZERO_POPULATION');
    expect(thrown(() => dissimilarity([0, 0], [3, 4])).code).toBe('ZERO_POPULATION');
    expect(thrown(() => dissimilarity([3, 4], [3, 4])).code).toBe('ZERO_POPULATION');
  });
  it('invalid Atkinson b and non-integer counts for simulations', () => {
    expect(thrown(() => atkinson([1, 2], [5, 5], { b: 1 })).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => modifiedDissimilarity([1.5, 2], [5, 5])).code).toBe('INVALID_ARGUMENT');
  });
});

describe('simulation-based indices are seeded', () => {
  const x = [5, 12, 0, 30, 8];
  const t = [50, 40, 30, 60, 45];
  it('same seed, same value; different seed, different value', () => {
    const a = biasCorrectedDissimilarity(x, t, { seed: 7, iterations: 100 }).value;
    expect(biasCorrectedDissimilarity(x, t, { seed: 7, iterations: 100 }).value).toBe(a);
    expect(biasCorrectedDissimilarity(x, t, { seed: 8, iterations: 100 }).value).not.toBe(a);
    // Small areas bias D upwards, so the correction lowers it.
    expect(a).toBeLessThan(dissimilarityValue(x, t));
    const m = modifiedDissimilarity(x, t, { seed: 7, iterations: 100 }).value;
    expect(m).toBeLessThan(dissimilarityValue(x, t));
  });
});

describe('density-corrected D', () => {
  it('folded-normal mode: 0 for θ ≤ 1, root of x = θ tanh(θx) above, → θ for large θ', () => {
    expect(foldedNormalMode(0.5)).toBe(0);
    expect(foldedNormalMode(1)).toBe(0);
    const r = foldedNormalMode(2);
    close(r, 2 * Math.tanh(2 * r), 1e-12);
    close(foldedNormalMode(40), 40, 1e-12);
  });
  it('is below D when areas are small', () => {
    const x = [5, 12, 0, 30, 8];
    const t = [50, 40, 30, 60, 45];
    expect(densityCorrectedDissimilarity(x, t).value).toBeLessThan(dissimilarityValue(x, t));
  });
});

describe('concentration profile', () => {
  it('complete segregation: v(τ) = 1 everywhere, R = (1/3 + (667 − 333)/1000)/(2/3) = 1.001 (PySAL grid)', () => {
    const r = concentrationProfile([10, 0], [10, 20]);
    close(r.value, (1 / 3 + 0.334) / (2 / 3), 1e-12);
    expect(r.curve.every((v) => v === 1)).toBe(true);
    expect(r.grid).toHaveLength(1000);
  });
});

describe('samplers', () => {
  it('binomial mean and variance (20,000 seeded draws, within 4 standard errors)', () => {
    const rng = createRandom(1);
    for (const [n, p] of [
      [1000, 0.3],
      [50_000_000, 0.001],
      [7, 0.9],
    ] as const) {
      let s = 0;
      let s2 = 0;
      const N = 20000;
      for (let i = 0; i < N; i++) {
        const v = sampleBinomial(rng, n, p);
        expect(v >= 0 && v <= n && Number.isInteger(v)).toBe(true);
        s += v;
        s2 += v * v;
      }
      const mean = s / N;
      const variance = s2 / N - mean * mean;
      const sd = Math.sqrt(n * p * (1 - p));
      expect(Math.abs(mean - n * p)).toBeLessThan((4 * sd) / Math.sqrt(N));
      expect(Math.abs(variance / (sd * sd) - 1)).toBeLessThan(0.05);
    }
  });
  it('hypergeometric mean (N=1000, K=300, n=100: mean 30)', () => {
    const rng = createRandom(2);
    let s = 0;
    const N = 20000;
    for (let i = 0; i < N; i++) s += sampleHypergeometric(rng, 1000, 300, 100);
    // sd = √(100·0.3·0.7·900/999) ≈ 4.35
    expect(Math.abs(s / N - 30)).toBeLessThan((4 * 4.35) / Math.sqrt(N));
  });
  it('multinomial keeps the total', () => {
    const out = new Float64Array(4);
    sampleMultinomial(createRandom(3), 1000, [1, 0, 2, 1], 4, out);
    expect(out.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(out[1]).toBe(0);
  });
});

describe('concentration profile: O(n) value equals the curve-based definition', () => {
  it('on random tables and on shares that fall exactly on grid points', () => {
    const rng = createRandom(11);
    for (let rep = 0; rep < 50; rep++) {
      const n = 1 + rng.int(40);
      const t = Array.from({ length: n }, () => rng.int(50));
      const x = t.map((ti) => (ti > 0 ? rng.int(ti + 1) : 0));
      if (x.reduce((a, b) => a + b, 0) === 0 || x.every((v, i) => v === t[i])) continue;
      for (const m of [2, 10, 999, 1000]) {
        const curve = concentrationProfileCurve(x, t, m).value;
        expect(Math.abs(concentrationProfileValue(x, t, m) - curve)).toBeLessThan(1e-12);
      }
    }
    // p = 0.5 lies on the grid when m = 3 (τ = 0, 0.5, 1), as does P = 0.5.
    const c = concentrationProfileCurve([1, 1], [2, 2], 3).value;
    expect(concentrationProfileValue([1, 1], [2, 2], 3)).toBeCloseTo(c, 14);
  });
});
