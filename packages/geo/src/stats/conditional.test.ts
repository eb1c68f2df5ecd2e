// The conditional-permutation runner on a hand-checkable case, and the p-value rule from counts.
import { describe, expect, it } from 'vitest';
import { weightsFromLists } from '../weights/csr.js';
import { runConditional } from './conditional.js';
import { pValueFromCounts } from './permutation.js';
import { KERNEL_SCALE } from './permutationKernel.js';

describe('runConditional', () => {
  it('area 0 of a path, neighbour drawn from the other three: counts as worked by hand', () => {
    // x = 0, 1, 2, 3; area 0's one neighbour is replaced by one of x₁..x₃ (x₀ stays out of the
    // pool). With the statistic = the drawn value and obs = 3, every draw is ≤ 3 and only a draw
    // of area 3 is ≥ 3: le = R exactly, ge ≈ R/3.
    const w = weightsFromLists(['a', 'b', 'c', 'd'], [[1], [0, 2], [1, 3], [2]]);
    const x = Float64Array.of(0, 1, 2, 3);
    const R = 3000;
    const counts: [number, number][] = [];
    runConditional(
      w,
      x,
      [
        {
          kind: KERNEL_SCALE,
          channel: w.weights,
          a: new Float64Array(4),
          b: new Float64Array(4).fill(1),
          obs: Float64Array.of(3, 100, 100, 100),
          onCounts: (start, end, ge, le) => {
            for (let i = start; i < end; i++) counts[i] = [ge[i - start] as number, le[i - start] as number];
          },
        },
      ],
      R,
      7,
    );
    const [ge, le] = counts[0] as [number, number];
    expect(le).toBe(R);
    expect(Math.abs(ge - R / 3)).toBeLessThan(4 * Math.sqrt((R * 2) / 9));
    // Nothing reaches 100 in the other areas.
    expect((counts[1] as [number, number])[0]).toBe(0);
  });
  it('R = 0 runs nothing', () => {
    const w = weightsFromLists(['a', 'b', 'c'], [[1], [0, 2], [1]]);
    let called = false;
    const spec = {
      kind: KERNEL_SCALE,
      channel: w.weights,
      a: new Float64Array(3),
      b: new Float64Array(3),
      obs: new Float64Array(3),
      onCounts: () => {
        called = true;
      },
    };
    runConditional(w, Float64Array.of(1, 2, 3), [spec], 0);
    expect(called).toBe(false);
  });
});

describe('pValueFromCounts', () => {
  it('(k+1)/(R+1) per tail; two-sided doubles the smaller, capped at 1', () => {
    expect(pValueFromCounts(2, 8, 10, 'greater')).toBe(3 / 11);
    expect(pValueFromCounts(2, 8, 10, 'less')).toBe(9 / 11);
    expect(pValueFromCounts(2, 8, 10, 'folded')).toBe(3 / 11);
    expect(pValueFromCounts(2, 8, 10)).toBe(6 / 11);
    expect(pValueFromCounts(6, 6, 10)).toBe(1);
    expect(pValueFromCounts(0, 999, 999, 'greater')).toBe(0.001);
  });
  it('rejects an unknown alternative', () => {
    expect(() => pValueFromCounts(1, 1, 9, 'both' as never)).toThrow(/unknown alternative/);
  });
});
