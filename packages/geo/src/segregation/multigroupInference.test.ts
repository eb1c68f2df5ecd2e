import { describe, expect, it } from 'vitest';
import { bootstrapIndex } from './inference.js';
import { groupTableFromColumns } from './input.js';
import { bootstrapMultigroup, multigroupExpected } from './multigroupInference.js';

describe('multigroupExpected (elbersb mutual_expected, fixed margins)', () => {
  it('one person per area and per group: every random table is a permutation, M = ln k exactly', () => {
    const two = groupTableFromColumns([
      [1, 0],
      [0, 1],
    ]);
    const r2 = multigroupExpected(two, { iterations: 30 });
    expect(r2.expected).toBeCloseTo(Math.log(2), 15);
    expect(r2.standardError).toBeLessThan(1e-15);
    const three = groupTableFromColumns([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(multigroupExpected(three, { iterations: 30 }).expected).toBeCloseTo(Math.log(3), 15);
  });
  it('keeps both margins and is seeded; large areas give an expected M near 0', () => {
    const t = groupTableFromColumns([
      [300, 500, 200, 800],
      [200, 100, 400, 300],
      [50, 60, 70, 80],
    ]);
    const a = multigroupExpected(t, { seed: 3, index: 'multiDissimilarity' });
    expect(multigroupExpected(t, { seed: 3, index: 'multiDissimilarity' })).toEqual(a);
    expect(a.expected).toBeLessThan(0.05);
    expect(a.observed).toBeGreaterThan(a.expected);
    expect(multigroupExpected(t, { seed: 3 }).expected).toBeLessThan(0.002);
  });
});

describe('bootstrapMultigroup (elbersb se = TRUE)', () => {
  const x = [5, 12, 0, 30, 8, 22, 3];
  const t = [50, 40, 30, 60, 45, 70, 40];
  const table = groupTableFromColumns([x, t.map((ti, i) => ti - x[i]!)]);
  it('with two groups it draws exactly the same people as the single-group person bootstrap', () => {
    const multi = bootstrapMultigroup(table, { index: 'multiDissimilarity', iterations: 200, seed: 8 });
    const single = bootstrapIndex(x, t, { iterations: 200, seed: 8 });
    for (let b = 0; b < 200; b++) expect(multi.replicates[b]).toBeCloseTo(single.replicates[b]!, 12);
    expect(multi.standardError).toBeCloseTo(single.standardError, 12);
  });
  it('M: SE > 0, CI brackets the replicate mean, bias correction', () => {
    const r = bootstrapMultigroup(table, { iterations: 300, seed: 1 });
    expect(r.standardError).toBeGreaterThan(0);
    expect(r.ci[0]).toBeLessThan(r.mean);
    expect(r.ci[1]).toBeGreaterThan(r.mean);
    expect(r.biasCorrected).toBeCloseTo(2 * r.estimate - r.mean, 15);
  });
  it('rejects non-integer counts', () => {
    expect(() => bootstrapMultigroup({ counts: Float64Array.from([1.5, 2, 3, 4]), k: 2 })).toThrow(
      /whole-number/,
    );
  });
});
