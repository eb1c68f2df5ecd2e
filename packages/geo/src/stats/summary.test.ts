import { describe, expect, it } from 'vitest';
import { mean, meanSd, median, quantileSorted } from './summary.js';

describe('summary statistics', () => {
  it('type-7 quantile matches R quantile(x, type = 7)', () => {
    const s = Float64Array.from([1, 2, 3, 4, 5]);
    // R: quantile(1:5, c(0, 0.1, 0.25, 0.9, 1)) → 1.0 1.4 2.0 4.6 5.0
    expect(quantileSorted(s, 0)).toBe(1);
    expect(quantileSorted(s, 0.1)).toBeCloseTo(1.4, 15);
    expect(quantileSorted(s, 0.25)).toBe(2);
    expect(quantileSorted(s, 0.9)).toBeCloseTo(4.6, 15);
    expect(quantileSorted(s, 1)).toBe(5);
    expect(quantileSorted([7], 0.3)).toBe(7);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });

  it('median averages the two middle values and leaves the input alone', () => {
    const v = Float64Array.from([4, 1, 3, 2]);
    expect(median(v)).toBe(2.5);
    expect(Array.from(v)).toEqual([4, 1, 3, 2]);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([])).toBeNaN();
    expect(median([1, Number.NaN, 3])).toBeNaN();
    expect(median(new Float64Array([4, -1, 2.5, 10]))).toBe(3.25);
  });

  it('mean and the n − 1 standard deviation', () => {
    // R: sd(c(2, 4, 4, 4, 5, 5, 7, 9)) = 2.138089935299395
    const { mean: m, sd } = meanSd([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(m).toBe(5);
    expect(sd).toBeCloseTo(2.138089935299395, 14);
    expect(mean([1, Number.NaN])).toBeNaN();
    expect(meanSd([3]).sd).toBeNaN();
  });
});
