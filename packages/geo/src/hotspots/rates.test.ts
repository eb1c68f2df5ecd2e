import { describe, expect, it } from 'vitest';
import { emergingCategory, empiricalBayesRates, mannKendall } from './rates.js';

describe('empirical-Bayes rates (spdep EBest, Poisson)', () => {
  it('hand-worked: events 30, 10, 0, 5 over populations 100, 1000, 50, 400', () => {
    // b = 45/1550; s² = Σ n(p−b)²/Σn = 0.005068418…; a = s² − b/(1550/4) = 0.004993496…
    const r = empiricalBayesRates([30, 10, 0, 5], [100, 1000, 50, 400]);
    expect(r.b).toBeCloseTo(45 / 1550, 15);
    expect(r.a).toBeCloseTo(0.004993496357960457, 15);
    const expected = [0.28511151592733003, 0.010110014192037955, 0.0030242217762635956, 0.012736854267228103];
    expected.forEach((v, i) => {
      expect(r.smoothed[i]).toBeCloseTo(v, 14);
    });
    expect(Array.from(r.raw)).toEqual([0.3, 0.01, 0, 0.0125]);
  });
  it('a < 0 is truncated to 0: every rate shrinks to the global rate', () => {
    const r = empiricalBayesRates([2, 10, 0, 5], [100, 1000, 50, 400]);
    expect(r.a).toBe(0);
    for (const v of r.smoothed) expect(v).toBeCloseTo(17 / 1550, 15);
  });
  it('bad input names the row', () => {
    expect(() => empiricalBayesRates([1, 2], [10, 0], ['A', 'B'])).toThrow(/row 1 \(B\): population 0/);
    expect(() => empiricalBayesRates([1, -2], [10, 5])).toThrow(/negative event count/);
    expect(() => empiricalBayesRates([1], [10, 5])).toThrow(/1 event counts but 2 populations/);
  });
});

describe('Mann–Kendall', () => {
  it('strictly increasing series of 5: S = 10, Var = 5·4·15/18, z = 9/√Var', () => {
    const r = mannKendall([1, 2, 3, 4, 5]);
    expect(r.S).toBe(10);
    expect(r.varS).toBeCloseTo(50 / 3, 14);
    expect(r.z).toBeCloseTo(9 / Math.sqrt(50 / 3), 14);
    expect(r.tau).toBe(1);
    expect(r.p).toBeCloseTo(0.0274863, 6); // 2·(1 − Φ(2.2045))
  });
  it('ties reduce the variance: [1, 1, 2] → S = 2, Var = (3·2·11 − 2·1·9)/18', () => {
    const r = mannKendall([1, 1, 2]);
    expect(r.S).toBe(2);
    expect(r.varS).toBeCloseTo((66 - 18) / 18, 14);
  });
});

describe('emerging hot-spot categories', () => {
  const hot = 3;
  const cold = -3;
  const ns = 0.2;
  const sig = (z: number[]) => z.map((v) => (Math.abs(v) >= 2 ? 0.01 : 0.5));
  const label = (z: number[]) => emergingCategory(z, sig(z));
  it('new, consecutive, sporadic, oscillating, historical', () => {
    expect(label([ns, ns, ns, ns, ns, hot])).toBe('new hot');
    expect(label([ns, ns, ns, ns, cold, cold])).toBe('consecutive cold');
    expect(label([hot, ns, hot, ns, ns, hot])).toBe('sporadic hot');
    expect(label([cold, ns, hot, ns, ns, hot])).toBe('oscillating hot');
    expect(label([hot, hot, hot, hot, hot, hot, hot, hot, hot, hot, ns])).toBe('historical hot');
    expect(label([ns, ns, ns])).toBe('none');
  });
  it('intensifying, persistent and diminishing follow the Mann–Kendall trend of z', () => {
    const up = Array.from({ length: 12 }, (_, t) => 2.5 + t / 2);
    const down = Array.from({ length: 12 }, (_, t) => 9 - t / 2);
    const flat = Array.from({ length: 12 }, (_, t) => (t % 2 ? 3 : 3.5));
    expect(label(up)).toBe('intensifying hot');
    expect(label(down)).toBe('diminishing hot');
    expect(label(flat)).toBe('persistent hot');
    expect(label(up.map((v) => -v))).toBe('intensifying cold');
  });
});
