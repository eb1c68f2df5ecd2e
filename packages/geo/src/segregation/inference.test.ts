import { describe, expect, it } from 'vitest';
import { dissimilarityExpected } from './expected.js';
import { bootstrapIndex, quantileSorted, singleValueTest, twoValueTest } from './inference.js';
import { dissimilarityValue } from './single/dissimilarity.js';

describe('dissimilarityExpected (D under no segregation, fixed margins)', () => {
  it('two areas of one person, one group member: every table has D = 1', () => {
    const r = dissimilarityExpected([1, 0], [1, 1], { iterations: 50 });
    expect(r.expected).toBe(1);
    expect(r.standardError).toBe(0);
  });
  it('two areas of two, two group members: E[D] = 1·(1/6 + 1/6) + 0·4/6 = 1/3 (hypergeometric)', () => {
    // Tables (2,0) and (0,2) each have probability C(2,2)C(2,0)/C(4,2) = 1/6 and D = 1; (1,1) has D = 0.
    const r = dissimilarityExpected([2, 0], [2, 2], { iterations: 20000, seed: 5 });
    const se = Math.sqrt((1 / 3) * (2 / 3)) / Math.sqrt(20000);
    expect(Math.abs(r.expected - 1 / 3)).toBeLessThan(4 * se);
    expect(r.observed).toBe(1);
  });
  it('is seeded and small for large areas', () => {
    const x = [120, 300, 80, 500];
    const t = [1000, 1200, 900, 1500];
    const a = dissimilarityExpected(x, t, { seed: 1 });
    expect(dissimilarityExpected(x, t, { seed: 1 })).toEqual(a);
    expect(a.expected).toBeLessThan(0.05);
    expect(a.observed).toBe(dissimilarityValue(x, t));
    const free = dissimilarityExpected(x, t, { seed: 1, fixedMargins: false });
    expect(free.expected).toBeLessThan(0.05);
  });
});

describe('singleValueTest (PySAL SingleValueTest nulls)', () => {
  const segX = [50, 0, 50, 0, 40, 0];
  const segT = [50, 50, 50, 50, 40, 60];
  it('complete segregation is far outside every null: the smallest p of R = 99, 2·(0+1)/(99+1)', () => {
    // The engine's rule: no simulated D reaches 1, so k = 0 and the two-sided p is 2(k+1)/(R+1)
    // (PySAL's 2·min(#above, #below)/N says 0 here, which a finite simulation cannot show).
    for (const nul of ['systematic', 'evenness', 'personPermutation'] as const) {
      const r = singleValueTest(segX, segT, { null: nul, replicates: 99, seed: 2 });
      expect(r.statistic).toBe(1);
      expect(r.p_sim).toBe(0.02);
      expect(r.replicates).toBe(99);
      expect(r.mean).toBeLessThan(0.3);
      expect(r.z).toBeGreaterThan(5);
    }
  });
  it('an even spread is not significant', () => {
    const r = singleValueTest([10, 20, 30, 40], [100, 200, 300, 400], {
      null: 'evenness',
      replicates: 199,
      seed: 2,
    });
    expect(r.statistic).toBe(0);
    // Every simulated D is > 0 = statistic, so the lower tail is empty and a two-sided p is its
    // smallest, 2·(0+1)/(199+1); D ≥ 0, so the upper tail (`greater`) is the meaningful one.
    expect(r.p_sim).toBe(0.01);
    const one = singleValueTest([10, 20, 30, 40], [100, 200, 300, 400], {
      null: 'evenness',
      replicates: 199,
      seed: 2,
      alternative: 'greater',
    });
    expect(one.p_sim).toBe(1);
    // The deprecated spellings give the same test.
    const old = singleValueTest([10, 20, 30, 40], [100, 200, 300, 400], {
      null: 'evenness',
      iterations: 199,
      seed: 2,
      twoTailed: false,
    });
    expect(old.pValue).toBe(one.p_sim);
    expect(old.iterations).toBe(199);
    expect(Array.from(old.simulated)).toEqual(Array.from(one.simulated));
  });
  it('same seed, same result; other indices by name', () => {
    const a = singleValueTest(segX, segT, { null: 'bootstrap', iterations: 50, seed: 9, index: 'gini' });
    const b = singleValueTest(segX, segT, { null: 'bootstrap', iterations: 50, seed: 9, index: 'gini' });
    expect(Array.from(a.simulated)).toEqual(Array.from(b.simulated));
  });
});

describe('bootstrapIndex', () => {
  it('standard error, percentile CI and bias correction, seeded', () => {
    const x = [5, 12, 0, 30, 8, 22, 3];
    const t = [50, 40, 30, 60, 45, 70, 40];
    const r = bootstrapIndex(x, t, { iterations: 400, seed: 4 });
    expect(r.estimate).toBe(dissimilarityValue(x, t));
    expect(r.standardError).toBeGreaterThan(0);
    expect(r.ci[0]).toBeLessThan(r.ci[1]);
    expect(r.biasCorrected).toBeCloseTo(2 * r.estimate - r.mean, 15);
    // Small areas: bootstrap D is biased upwards.
    expect(r.bias).toBeGreaterThan(0);
    expect(bootstrapIndex(x, t, { iterations: 400, seed: 4 }).ci).toEqual(r.ci);
    const areas = bootstrapIndex(x, t, { iterations: 100, seed: 4, resample: 'areas' });
    expect(areas.standardError).toBeGreaterThan(0);
  });
  it('type-7 quantiles as R', () => {
    // quantile(1:5, 0.1) = 1.4 in R.
    expect(quantileSorted(Float64Array.from([1, 2, 3, 4, 5]), 0.1)).toBeCloseTo(1.4, 15);
  });
});

describe('twoValueTest', () => {
  const a = { group: [50, 0, 50, 0, 40, 0, 30, 2], total: [50, 50, 50, 50, 40, 60, 35, 40] };
  const b = { group: [10, 12, 9, 11, 8, 10, 9, 10], total: [50, 50, 50, 50, 40, 60, 35, 40] };
  it('random labelling: a strongly segregated place differs from an even one', () => {
    const r = twoValueTest(a, b, { null: 'randomLabel', iterations: 199, seed: 3 });
    expect(r.statistic).toBeCloseTo(
      dissimilarityValue(a.group, a.total) - dissimilarityValue(b.group, b.total),
      15,
    );
    expect(r.pValue).toBeLessThan(0.05);
  });
  it('bootstrap: the difference never changes sign, so p is the smallest of R = 199', () => {
    const r = twoValueTest(a, b, { null: 'bootstrap', replicates: 199, seed: 3 });
    expect(Math.min(...r.simulated)).toBeGreaterThan(0);
    expect(r.p_sim).toBe(0.01);
    // A bootstrap counts from 0: "a's D is greater" is supported by every replicate.
    expect(
      twoValueTest(a, b, { null: 'bootstrap', replicates: 199, seed: 3, alternative: 'greater' }).p_sim,
    ).toBe(1 / 200);
    expect(
      twoValueTest(a, b, { null: 'bootstrap', replicates: 199, seed: 3, alternative: 'less' }).p_sim,
    ).toBe(1);
  });
  it('a place against itself: difference 0, not significant', () => {
    const r = twoValueTest(b, b, { null: 'randomLabel', iterations: 199, seed: 3 });
    expect(r.statistic).toBe(0);
    expect(r.pValue).toBeGreaterThan(0.1);
  });
});
