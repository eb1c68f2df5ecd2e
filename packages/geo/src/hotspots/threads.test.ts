// Permutation inference on worker threads gives exactly the single-thread result, whatever the
// number of threads (the draws are made once from the seed; see stats/permutationKernel.ts).
import { afterAll, describe, expect, it } from 'vitest';
import { CohesionError } from '../errors.js';
import { permutationKernel } from '../stats/permutationKernel.js';
import { type SpatialWeights, transformWeights, weightsFromLists } from '../weights/csr.js';
import {
  localGeary,
  localGearyParallel,
  localGetisOrd,
  localGetisOrdParallel,
  localHotspots,
  localHotspotsParallel,
  localMoran,
  localMoranParallel,
} from './local.js';
import { releaseThreads, runKernelParallel } from './threads.js';

/** Queen neighbours on a side × side lattice, and a smooth field plus seeded-looking noise. */
function lattice(side: number): { w: SpatialWeights; x: Float64Array } {
  const ids: string[] = [];
  const lists: number[][] = [];
  const x = new Float64Array(side * side);
  for (let r = 0; r < side; r++)
    for (let c = 0; c < side; c++) {
      const i = r * side + c;
      ids.push(`a${i}`);
      const row: number[] = [];
      for (let dr = -1; dr <= 1; dr++)
        for (let dc = -1; dc <= 1; dc++) {
          const rr = r + dr;
          const cc = c + dc;
          if ((dr || dc) && rr >= 0 && rr < side && cc >= 0 && cc < side) row.push(rr * side + cc);
        }
      lists.push(row);
      x[i] = Math.sin(r / 4) + Math.cos(c / 5) + ((i * 7919) % 101) / 100;
    }
  return { w: weightsFromLists(ids, lists), x };
}

const { w, x } = lattice(30);
const wR = transformWeights(w, 'R');
// A small minWorkPerThread makes even this lattice use every thread asked for.
const opts = { permutations: 999, seed: 42, minWorkPerThread: 100_000 };

afterAll(() => releaseThreads());

describe('parallel permutations', () => {
  it('share the areas among the threads asked for, with counts identical to one thread', async () => {
    const rowsW = new Float64Array(wR.weights);
    const task = {
      n: w.n,
      R: 99,
      kmax: 8,
      offsets: wR.offsets,
      neighbors: wR.neighbors,
      x,
      draws: new Int32Array(99 * 8).map((_, k) => (k * 131) % (w.n - 1)),
      squares: false,
      channels: [{ kind: 0, weights: rowsW, a: new Float64Array(w.n), b: x, obs: x }],
    };
    const one = permutationKernel({ ...task, start: 0, end: w.n });
    const big = { ...task, R: 999, draws: new Int32Array(999 * 8).map((_, k) => (k * 71) % (w.n - 1)) };
    const bigOne = permutationKernel({ ...big, start: 0, end: w.n });
    for (const threads of [2, 3]) {
      const parts = await runKernelParallel(big, threads, 100_000);
      expect(parts[0]?.ge[0]).toEqual(bigOne.ge[0]);
      expect(parts[0]?.le[0]).toEqual(bigOne.le[0]);
      // One result with every area's counts, then one report per thread of the areas it took.
      const reports = parts.filter((p) => p.areas !== undefined);
      expect(reports.length).toBe(threads);
      expect(reports.reduce((a, p) => a + (p.areas as number), 0)).toBe(w.n);
    }
    const parts = await runKernelParallel(task, 1);
    expect(parts.length).toBe(1);
    expect(parts[0]?.ge[0]).toEqual(one.ge[0]);
  });

  it('localMoran: same p-values and clusters on 1, 2 and 3 threads as the synchronous call', async () => {
    const sync = localMoran(wR, x, opts);
    for (const threads of [1, 2, 3]) {
      const par = await localMoranParallel(wR, x, { ...opts, threads });
      expect(par.p_sim).toEqual(sync.p_sim);
      expect(par.cluster).toEqual(sync.cluster);
      expect(par.Ii).toEqual(sync.Ii);
    }
  });

  it('localGetisOrd, localHotspots and localGeary: identical on 2 threads', async () => {
    const gi = localGetisOrd(w, x, { ...opts, star: true });
    expect((await localGetisOrdParallel(w, x, { ...opts, star: true, threads: 2 })).p_sim).toEqual(gi.p_sim);
    const both = localHotspots(wR, x, opts);
    const bothPar = await localHotspotsParallel(wR, x, { ...opts, threads: 2 });
    expect(bothPar.lisa.p_sim).toEqual(both.lisa.p_sim);
    expect(bothPar.gi.p_sim).toEqual(both.gi.p_sim);
    const c = localGeary(wR, x, opts);
    const cPar = await localGearyParallel(wR, x, { ...opts, threads: 2 });
    expect(cPar.p_sim).toEqual(c.p_sim);
    expect(cPar.cluster).toEqual(c.cluster);
  });

  it('non-constant row weights (general path) are identical too', async () => {
    const wv = { ...w, weights: w.weights.map((_, p) => 1 + (p % 3)) };
    const sync = localMoran(wv, x, opts);
    expect((await localMoranParallel(wv, x, { ...opts, threads: 2 })).p_sim).toEqual(sync.p_sim);
  });

  it('the default uses the available cores and gives the same result', async () => {
    expect((await localMoranParallel(wR, x, opts)).p_sim).toEqual(localMoran(wR, x, opts).p_sim);
  });

  it('calls at once (each with its own shared buffer) and calls in turn (reusing one) match one thread', async () => {
    const lisa = localMoran(wR, x, opts);
    const c = localGeary(wR, x, opts);
    // Concurrent: the second call cannot take the buffer the first holds.
    const [a, b, d] = await Promise.all([
      localMoranParallel(wR, x, { ...opts, threads: 2 }),
      localGearyParallel(wR, x, { ...opts, threads: 2 }),
      localMoranParallel(wR, x, { ...opts, threads: 2 }),
    ]);
    expect(a.p_sim).toEqual(lisa.p_sim);
    expect(d.p_sim).toEqual(lisa.p_sim);
    expect(b.p_sim).toEqual(c.p_sim);
    // In turn, alternating sizes of task: a reused buffer holds the last run's counts until cleared.
    for (let k = 0; k < 3; k++) {
      expect((await localGearyParallel(wR, x, { ...opts, threads: 2 })).p_sim).toEqual(c.p_sim);
      expect((await localMoranParallel(wR, x, { ...opts, threads: 2 })).p_sim).toEqual(lisa.p_sim);
    }
  });

  it('rejects a bad thread count with a typed error', async () => {
    await expect(localMoranParallel(wR, x, { ...opts, threads: 0 })).rejects.toBeInstanceOf(CohesionError);
    await expect(localMoranParallel(wR, x, { ...opts, threads: 1.5 })).rejects.toThrow(/threads/);
  });
});
