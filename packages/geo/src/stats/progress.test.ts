import { describe, expect, it } from 'vitest';
import { progressTicker } from './progress.js';

describe('progressTicker', () => {
  it('reports about every 1% and always the end, never per item', () => {
    const calls: [number, number][] = [];
    const tick = progressTicker(10_000, (d, t) => calls.push([d, t]));
    for (let i = 1; i <= 10_000; i++) tick(i);
    expect(calls).toHaveLength(100);
    expect(calls[0]).toEqual([100, 10_000]);
    expect(calls.at(-1)).toEqual([10_000, 10_000]);
  });

  it('small totals report each unit; no callback costs nothing', () => {
    const calls: number[] = [];
    const tick = progressTicker(3, (d) => calls.push(d));
    for (let i = 1; i <= 3; i++) tick(i);
    expect(calls).toEqual([1, 2, 3]);
    expect(() => progressTicker(5)(3)).not.toThrow();
  });
});

describe('onProgress never changes results', () => {
  it('bootstrapIndex, bootstrapMultigroup, localMoran and moranGlobal give the same numbers with it', async () => {
    const { bootstrapIndex, bootstrapMultigroup, knnWeights, localMoran, moranGlobal, transformWeights } =
      await import('../index.js');
    const n = 60;
    const x = Float64Array.from({ length: n }, (_, i) => 5 + ((i * 37) % 23));
    const t = Float64Array.from({ length: n }, (_, i) => 80 + ((i * 11) % 40));
    const calls: number[] = [];
    const onProgress = (done: number) => calls.push(done);
    expect(bootstrapIndex(x, t, { replicates: 500, seed: 7, onProgress })).toEqual(
      bootstrapIndex(x, t, { replicates: 500, seed: 7 }),
    );
    expect(calls.length).toBeLessThanOrEqual(101);
    expect(calls.at(-1)).toBe(500);
    const counts = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      counts[2 * i] = x[i]!;
      counts[2 * i + 1] = t[i]! - x[i]!;
    }
    expect(bootstrapMultigroup({ counts, k: 2 }, { replicates: 50, onProgress })).toEqual(
      bootstrapMultigroup({ counts, k: 2 }, { replicates: 50 }),
    );
    const pts = {
      ids: Array.from({ length: n }, (_, i) => `a${i}`),
      xs: Float64Array.from({ length: n }, (_, i) => (i % 8) * 100),
      ys: Float64Array.from({ length: n }, (_, i) => Math.floor(i / 8) * 100),
    };
    const w = transformWeights(knnWeights(pts, 4), 'R');
    const local: number[] = [];
    const withCb = localMoran(w, x, { permutations: 99, onProgress: (d) => local.push(d) });
    expect(withCb).toEqual(localMoran(w, x, { permutations: 99 }));
    expect(local.at(-1)).toBe(n);
    expect(moranGlobal(w, x, { permutations: 99, onProgress })).toEqual(
      moranGlobal(w, x, { permutations: 99 }),
    );
  });
});
