import { describe, expect, it } from 'vitest';
import { CohesionError } from '../errors.js';
import {
  ckmeansBreaks,
  classIndex,
  classifyValues,
  equalIntervalBreaks,
  hotspotBins,
  lisaClusters,
  quantileBreaks,
  thresholdBreaks,
} from './index.js';

const one2ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof CohesionError ? e.code : 'not a CohesionError';
  }
  return undefined;
}

describe('quantileBreaks', () => {
  it('matches numpy type-7 percentiles (mapclassify Quantiles), hand-worked for 1..10, k=4', () => {
    // h = 9q: q=.25 → 3.25, q=.5 → 5.5, q=.75 → 7.75, q=1 → 10.
    expect(quantileBreaks(one2ten, 4)).toEqual([3.25, 5.5, 7.75, 10]);
    const c = classifyValues(one2ten, { scheme: 'quantile', classes: 4 });
    expect(Array.from(c.counts)).toEqual([3, 2, 2, 3]);
  });
  it('merges coinciding bounds from ties', () => {
    expect(quantileBreaks([1, 1, 1, 1, 1, 1, 2], 4)).toEqual([1, 2]);
  });
});

describe('equalIntervalBreaks', () => {
  it('splits the range evenly, last bound exactly the max', () => {
    expect(equalIntervalBreaks([0, 3, 10], 5)).toEqual([2, 4, 6, 8, 10]);
    expect(equalIntervalBreaks([4, 4], 3)).toEqual([4]);
  });
  it('classes are right-closed: a value on a bound belongs to the lower class', () => {
    const c = classifyValues([0, 2, 2.0001, 10], { scheme: 'equal', classes: 5 });
    expect(Array.from(c.classOf)).toEqual([0, 0, 1, 4]);
  });
});

describe('ckmeansBreaks', () => {
  it('reproduces the simple-statistics / Ckmeans.1d.dp documented example', () => {
    // ckmeans([-1, 2, -1, 2, 4, 5, 6, -1, 2, -1], 3) → [[-1,-1,-1,-1], [2,2,2], [4,5,6]]
    const v = [-1, 2, -1, 2, 4, 5, 6, -1, 2, -1];
    expect(ckmeansBreaks(v, 3)).toEqual([-1, 2, 6]);
    const c = classifyValues(v, { scheme: 'ckmeans', classes: 3 });
    expect(Array.from(c.counts)).toEqual([4, 3, 3]);
    expect(c.min).toBe(-1);
  });
  it('reduces k to the number of distinct values', () => {
    expect(ckmeansBreaks([1, 1, 2], 5)).toEqual([1, 2]);
  });
});

describe('thresholdBreaks', () => {
  it('appends the maximum as a final class when data exceed the last break', () => {
    expect(thresholdBreaks([100, 350, 700, 1200], [300, 600])).toEqual([300, 600, 1200]);
    const c = classifyValues([100, 350, 700, 1200], { breaks: [300, 600] });
    expect(c.scheme).toBe('threshold');
    expect(Array.from(c.counts)).toEqual([1, 1, 2]);
  });
  it('rejects non-increasing or non-finite breaks', () => {
    expect(codeOf(() => thresholdBreaks([1], [3, 2]))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => thresholdBreaks([1], [Number.NaN]))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => thresholdBreaks([1], []))).toBe('INVALID_ARGUMENT');
  });
});

describe('classifyValues', () => {
  it('treats NaN and null as no data', () => {
    const c = classifyValues([1, Number.NaN, 3, null, 5], { scheme: 'equal', classes: 2 });
    // bounds [3, 5]: 3 sits on the first bound, so it is in class 0 (right-closed).
    expect(Array.from(c.classOf)).toEqual([0, -1, 0, -1, 1]);
    expect(c.missing).toBe(2);
    expect(Array.from(c.counts)).toEqual([2, 1]);
  });
  it('throws typed errors on bad input, naming the row', () => {
    expect(codeOf(() => classifyValues([]))).toBe('EMPTY_INPUT');
    expect(codeOf(() => classifyValues([Number.NaN]))).toBe('EMPTY_INPUT');
    expect(codeOf(() => classifyValues([1, 2], { classes: 0 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => classifyValues([1, 2], { classes: 2.5 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => classifyValues([1, 2], { scheme: 'threshold' }))).toBe('INVALID_ARGUMENT');
    try {
      classifyValues([1, Number.POSITIVE_INFINITY]);
      expect.unreachable();
    } catch (e) {
      expect((e as CohesionError).code).toBe('NON_FINITE');
      expect((e as CohesionError).detail.row).toBe(1);
      expect((e as CohesionError).message).toContain('row 1');
    }
  });
  it('classIndex puts values below the first bound in class 0 and above the last in the last', () => {
    expect(classIndex(-5, [0, 1])).toBe(0);
    expect(classIndex(5, [0, 1])).toBe(1);
    expect(classIndex(Number.NaN, [0, 1])).toBe(-1);
  });
});

describe('hotspotBins', () => {
  it('bins signed z by two-sided normal p at 90/95/99% (ArcGIS Gi_Bin convention)', () => {
    // Two-sided p: z=2.58 → 0.00988; 1.96 → 0.049996; 1.645 → 0.09996; 1.6 → 0.1096.
    const { bins, counts, missing } = hotspotBins([2.58, 1.96, 1.645, 1.6, -1.7, -2.0, -3, Number.NaN]);
    expect(Array.from(bins)).toEqual([3, 2, 1, 0, -1, -2, -3, 0]);
    expect(counts).toEqual({ '-3': 1, '-2': 1, '-1': 1, '0': 1, '1': 1, '2': 1, '3': 1 });
    expect(missing).toBe(1);
  });
  it('uses supplied (permutation) p-values when given', () => {
    expect(Array.from(hotspotBins([3, -3], [0.2, 0.04]).bins)).toEqual([0, -2]);
    expect(codeOf(() => hotspotBins([1, 2], [0.1]))).toBe('LENGTH_MISMATCH');
  });
});

describe('lisaClusters', () => {
  it('keeps esda quadrant codes where p ≤ alpha', () => {
    expect(Array.from(lisaClusters([1, 2, 3, 4], [0.01, 0.2, 0.05, 0.051]))).toEqual([1, 0, 3, 0]);
    expect(codeOf(() => lisaClusters([5], [0.01]))).toBe('INVALID_ARGUMENT');
  });
});
