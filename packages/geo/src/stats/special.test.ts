// Against R 4.2.2: qnbinom, qpois, pnbinom, ppois and 2*pt(-|t|, df).
import { describe, expect, it } from 'vitest';
import {
  negativeBinomialCdf,
  negativeBinomialQuantile,
  poissonCdf,
  poissonQuantile,
  studentTwoSided,
} from './special.js';

const rel = (a: number, e: number) => Math.abs(a - e) / Math.abs(e);

describe('special distributions match R', () => {
  it('CDFs to 1e-13', () => {
    expect(rel(negativeBinomialCdf(7, 2.5, 0.4), 0.88611074394106093)).toBeLessThan(1e-13);
    expect(rel(poissonCdf(5, 3.7), 0.83008829507595716)).toBeLessThan(1e-13);
    expect(rel(studentTwoSided(2.1, 17), 0.050959847229134013)).toBeLessThan(1e-13);
    expect(rel(studentTwoSided(-0.3, 3), 0.78376329203991901)).toBeLessThan(1e-13);
  });

  it('discrete quantiles exactly, small and very large means', () => {
    expect(negativeBinomialQuantile(0.95, 2.5, 0.4)).toBe(10);
    expect(negativeBinomialQuantile(0.99, 1e6, 0.5)).toBe(1003292);
    expect(poissonQuantile(0.95, 3.7)).toBe(7);
    expect(poissonQuantile(0.999, 2e5)).toBe(201383);
  });
});
