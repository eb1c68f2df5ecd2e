import { describe, expect, it } from 'vitest';
import { iterativeProportionalFitting, mutualInformationDifference } from './decomposition.js';
import { mutualInformationValue } from './multigroup/mutualInformation.js';

// 4 areas × 3 groups, row-major.
const base = Float64Array.from([50, 30, 20, 10, 60, 30, 40, 10, 50, 25, 25, 50]);

describe('iterativeProportionalFitting', () => {
  it('hits the target margins and keeps the odds ratios', () => {
    const rows = [100, 200, 300, 400];
    const cols = [500, 300, 200];
    const r = iterativeProportionalFitting(base, 3, rows, cols);
    expect(r.converged).toBe(true);
    for (let i = 0; i < 4; i++)
      expect(r.table[i * 3]! + r.table[i * 3 + 1]! + r.table[i * 3 + 2]!).toBeCloseTo(rows[i]! / 1000, 12);
    // Odds ratio (area 0 vs 1, group 0 vs 1) is unchanged by IPF: (50·60)/(30·10) = 10.
    const t = r.table;
    expect((t[0]! * t[4]!) / (t[1]! * t[3]!)).toBeCloseTo(10, 9);
  });
});

describe('mutualInformationDifference (Elbers 2023 Shapley decomposition)', () => {
  it('follows elbersb shapley_compute: structural = ½[m(AAB) − m(AAA)] + ½[m(BBB) − m(BBA)]', () => {
    const other = Float64Array.from([40, 40, 20, 20, 50, 30, 30, 20, 50, 35, 15, 50]);
    const d = mutualInformationDifference({ counts: base, k: 3 }, { counts: other, k: 3 });
    const total = (c: Float64Array) => {
      const rows = [0, 1, 2, 3].map((i) => c[i * 3]! + c[i * 3 + 1]! + c[i * 3 + 2]!);
      const cols = [0, 1, 2].map((m) => c[m]! + c[3 + m]! + c[6 + m]! + c[9 + m]!);
      return { rows, cols };
    };
    const a = total(base);
    const b = total(other);
    const m = (seed: Float64Array, rows: number[], cols: number[]) =>
      mutualInformationValue(iterativeProportionalFitting(seed, 3, rows, cols).table, 3);
    const AAB = m(other, a.rows, a.cols);
    const BBA = m(base, b.rows, b.cols);
    const want = 0.5 * (AAB - d.m1) + 0.5 * (d.m2 - BBA);
    expect(d.structural).toBeCloseTo(want, 12);
    expect(d.marginal).toBeCloseTo(0.5 * (BBA - d.m1) + 0.5 * (d.m2 - AAB), 12);
  });

  it('parts add up to M₂ − M₁', () => {
    const other = Float64Array.from([40, 40, 20, 20, 50, 30, 30, 20, 50, 35, 15, 50]);
    const d = mutualInformationDifference({ counts: base, k: 3 }, { counts: other, k: 3 });
    expect(d.m1).toBeCloseTo(mutualInformationValue(base, 3), 15);
    expect(d.m2).toBeCloseTo(mutualInformationValue(other, 3), 15);
    expect(d.groupMarginal + d.unitMarginal + d.structural).toBeCloseTo(d.difference, 14);
    expect(d.groupMarginal + d.unitMarginal).toBeCloseTo(d.marginal, 14);
    expect(d.converged).toBe(true);
  });
  it('same table scaled: no difference at all', () => {
    const d = mutualInformationDifference({ counts: base, k: 3 }, { counts: base.map((v) => v * 3), k: 3 });
    expect(Math.abs(d.difference)).toBeLessThan(1e-15);
    expect(Math.abs(d.structural)).toBeLessThan(1e-12);
  });
  it('only the group mix changed (IPF of table 1 to new group margins): all of it is group marginal', () => {
    // Same structure and area margins, new group shares: f(S) depends only on whether g ∈ S, so
    // the Shapley value of g is M₂ − M₁ and the others are 0.
    const rowTotals = [100, 100, 100, 100];
    const fitted = iterativeProportionalFitting(base, 3, rowTotals, [200, 100, 100]).table;
    const start = iterativeProportionalFitting(base, 3, rowTotals, [150, 125, 125]).table;
    const d = mutualInformationDifference({ counts: start, k: 3 }, { counts: fitted, k: 3 });
    expect(Math.abs(d.difference)).toBeGreaterThan(1e-3);
    expect(d.groupMarginal).toBeCloseTo(d.difference, 10);
    expect(Math.abs(d.unitMarginal)).toBeLessThan(1e-10);
    expect(Math.abs(d.structural)).toBeLessThan(1e-10);
  });
  it('different shapes or supports are rejected', () => {
    expect(() =>
      mutualInformationDifference({ counts: base, k: 3 }, { counts: base.subarray(0, 9), k: 3 }),
    ).toThrow(/same areas/);
    const gone = Float64Array.from(base);
    gone.set([0, 0, 0], 3);
    expect(() => mutualInformationDifference({ counts: base, k: 3 }, { counts: gone, k: 3 })).toThrow(
      /row 2/,
    );
  });
});
