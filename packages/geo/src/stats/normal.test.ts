import { describe, expect, it } from 'vitest';
import { erfc, normalCdf, normalQuantile, normalTwoSided, normalUpperTail } from './normal.js';

// Reference values from R 4.2 (`pnorm`, `2*pnorm(-x)` for erfc(x/√2)) printed with %.17g.
describe('normal distribution', () => {
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
  it('matches R pnorm in the body and far tails', () => {
    expect(rel(normalCdf(-1.96), 0.024997895148220435)).toBeLessThan(1e-14);
    expect(rel(normalCdf(1), 0.84134474606854293)).toBeLessThan(1e-15);
    expect(rel(normalUpperTail(5), 2.8665157187919333e-7)).toBeLessThan(1e-13);
    expect(rel(normalUpperTail(10), 7.6198530241604696e-24)).toBeLessThan(1e-12);
    expect(rel(normalCdf(0.3), 0.61791142218895256)).toBeLessThan(1e-15);
    expect(rel(normalCdf(-3), 0.0013498980316300946)).toBeLessThan(1e-13);
  });
  it('erfc at known points', () => {
    expect(rel(erfc(1), 0.15729920705028513)).toBeLessThan(1e-15);
    expect(rel(erfc(0.5), 0.47950012218695346)).toBeLessThan(1e-15);
    expect(rel(erfc(3), 2.2090496998585441e-5)).toBeLessThan(1e-13);
    expect(erfc(0)).toBe(1);
  });
  it('two-sided p and quantile round trip', () => {
    expect(rel(normalTwoSided(-1.959963984540054), 0.05)).toBeLessThan(1e-13);
    for (const p of [1e-10, 0.001, 0.025, 0.3, 0.5, 0.9, 0.999]) {
      expect(rel(normalCdf(normalQuantile(p)), p)).toBeLessThan(1e-12);
    }
  });
});
