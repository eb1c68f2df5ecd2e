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
  it('complete segregation is far outside every null: p = 0', () => {
    for (const nul of ['systematic', 'evenness', 'personPermutation'] as const) {
      const r = singleValueTest(segX, segT, { null: nul, iterations: 99, seed: 2 });
      expect(r.statistic).toBe(1);
      expect(r.pValue).toBe(0);
      expect(r.mean).toBeLessThan(0.3);
      expect(r.z).toBeGreaterThan(5);
    }
  });
  it('an even spread is not significant', () => {
    const r = singleValueTest([10, 20, 30, 40], [100, 200, 300, 400], {
      null: 'evenness',
      iterations: 199,
      seed: 2,
    });
    expect(r.statistic).toBe(0);
    // Every simulated D is ≥ 0 = statistic, so PySAL's two-tailed 2·min(#above, #below)/N is 0 here;
    // the one-tailed p = #above/N is the meaningful one for D.
    expect(r.pValue).toBe(0);
    const one = singleValueTest([10, 20, 30, 40], [100, 200, 300, 400], {
      null: 'evenness',
      iterations: 199,
      seed: 2,
      twoTailed: false,
    });
    expect(one.pValue).toBeGreaterThan(0.9);
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
  it('bootstrap: the difference never changes sign', () => {
    const r = twoValueTest(a, b, { null: 'bootstrap', iterations: 199, seed: 3 });
    expect(r.pValue).toBe(0);
  });
  it('a place against itself: difference 0, not significant', () => {
    const r = twoValueTest(b, b, { null: 'randomLabel', iterations: 199, seed: 3 });
    expect(r.statistic).toBe(0);
    expect(r.pValue).toBeGreaterThan(0.1);
  });
});
