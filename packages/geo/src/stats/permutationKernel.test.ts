// The counting kernel against plain summation of the same draws, and its range-split invariance.
import { describe, expect, it } from 'vitest';
import { conditionalPermutations } from '../hotspots/permutation.js';
import { transformWeights, weightsFromLists } from '../weights/csr.js';
import { maxNeighbours, permutationDraws } from './permutation.js';
import {
  KERNEL_GEARY,
  KERNEL_RATIO,
  KERNEL_SCALE,
  type KernelTask,
  permutationKernel,
} from './permutationKernel.js';

const n = 50;
const xs = Float64Array.from({ length: n }, (_, i) => ((i * 37) % 17) + i / 10);
const lists = Array.from(xs, (_, i) => [i - 3, i - 1, i + 1, i + 4].filter((j) => j >= 0 && j < n));
const w = transformWeights(
  weightsFromLists(
    Array.from(xs, (_, i) => `A${i}`),
    lists,
  ),
  'R',
);
const R = 99;
const seed = 5;
const obs = Float64Array.from(xs, (v) => v); // compare each permuted lag with x_i itself
const ones = new Float64Array(n).fill(1);
const zeros = new Float64Array(n);

function task(kind: number): Omit<KernelTask, 'start' | 'end'> {
  const kmax = maxNeighbours(w);
  return {
    n,
    R,
    kmax,
    offsets: w.offsets,
    neighbors: w.neighbors,
    x: xs,
    draws: permutationDraws(n - 1, kmax, R, seed),
    squares: false,
    channels: [{ kind, weights: w.weights, a: zeros, b: ones, obs }],
  };
}

describe('permutationKernel', () => {
  it('the O(1) running-sum path counts exactly what direct summation of the same draws gives', () => {
    // Direct: the permuted lags summed term by term, then counted against obs_i.
    const ge: number[] = [];
    const le: number[] = [];
    conditionalPermutations(w, xs, [w.weights], { permutations: R, seed }, (i, lags) => {
      const o = obs[i] as number;
      const eps = 1e-12 * Math.max(1, Math.abs(o));
      let g = 0;
      let l = 0;
      for (const v of lags[0] as Float64Array) {
        if (v >= o - eps) g++;
        if (v <= o + eps) l++;
      }
      ge[i] = g;
      le[i] = l;
    });
    for (const kind of [KERNEL_SCALE, KERNEL_RATIO]) {
      const out = permutationKernel({ ...task(kind), start: 0, end: n });
      expect(Array.from(out.ge[0] as Int32Array)).toEqual(ge);
      expect(Array.from(out.le[0] as Int32Array)).toEqual(le);
    }
    // Not a vacuous comparison: the counts vary between areas.
    expect(new Set(ge).size).toBeGreaterThan(5);
  });

  it('local Geary on uniform rows (running sums of x and x²) counts what direct summation gives', () => {
    // c_i = Σ_j w_ij (x_i − x_j)² = W_i x_i² − 2 x_i Σ w x_j + Σ w x_j², permuted over the neighbours.
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const xi = xs[i] as number;
      for (let p = w.offsets[i] as number; p < (w.offsets[i + 1] as number); p++) {
        const v = w.weights[p] as number;
        a[i] = (a[i] as number) + v * xi * xi;
        c[i] = (c[i] as number) + v * (xi - (xs[w.neighbors[p] as number] as number)) ** 2;
      }
      b[i] = 2 * xi;
    }
    const ge: number[] = [];
    const le: number[] = [];
    const mean: number[] = [];
    conditionalPermutations(w, xs, [w.weights], { permutations: R, seed, squares: true }, (i, lags, sq) => {
      const o = c[i] as number;
      const eps = 1e-12 * Math.max(1, Math.abs(o));
      let g = 0;
      let l = 0;
      let t = 0;
      for (let r = 0; r < R; r++) {
        const v =
          (a[i] as number) -
          (b[i] as number) * ((lags[0] as Float64Array)[r] as number) +
          ((sq[0] as Float64Array)[r] as number);
        if (v >= o - eps) g++;
        if (v <= o + eps) l++;
        t += v;
      }
      ge[i] = g;
      le[i] = l;
      mean[i] = t / R;
    });
    const t = { ...task(KERNEL_GEARY), squares: true };
    const channels = [{ kind: KERNEL_GEARY, weights: w.weights, a, b, obs: c }];
    const out = permutationKernel({ ...t, channels, start: 0, end: n });
    expect(Array.from(out.ge[0] as Int32Array)).toEqual(ge);
    expect(Array.from(out.le[0] as Int32Array)).toEqual(le);
    Array.from(out.sum[0] as Float64Array).forEach((s, i) => {
      expect(s / R).toBeCloseTo(mean[i] as number, 9);
    });
    expect(new Set(ge).size).toBeGreaterThan(5);
    // And any split gives the same counts.
    const head = permutationKernel({ ...t, channels, start: 0, end: 21 });
    const tail = permutationKernel({ ...t, channels, start: 21, end: n });
    expect([...(head.ge[0] as Int32Array), ...(tail.ge[0] as Int32Array)]).toEqual(ge);
  });

  it('LISA and Gi* together (threshold counts on the drawn sum) count what direct summation gives, ties and signs included', () => {
    // Few distinct integers, so a permutation often draws exactly the observed lag (a tie, which
    // the ε of 1e-12 must count on both sides); b of both signs and 0 (g = 0 falls back to the
    // general loop); a non-zero shift a as LISA's −W_i x̄ on x.
    const xi = Float64Array.from({ length: n }, (_, i) => (i * 7) % 4);
    const lag = new Float64Array(n);
    for (let i = 0; i < n; i++)
      for (let p = w.offsets[i] as number; p < (w.offsets[i + 1] as number); p++)
        lag[i] = (lag[i] as number) + (w.weights[p] as number) * (xi[w.neighbors[p] as number] as number);
    const shift = new Float64Array(n).fill(-1.5);
    const scale = Float64Array.from(xi, (v) => v - 1.5); // negative, positive; never 0 here
    scale[3] = 0;
    const sx = xi.reduce((s, v) => s + v, 0);
    const self = Float64Array.from(xi, (v) => v / 5);
    const total = new Float64Array(n).fill(sx);
    const channels = [
      {
        kind: KERNEL_SCALE,
        weights: w.weights,
        a: shift,
        b: scale,
        obs: Float64Array.from(lag, (l, i) => (l + (shift[i] as number)) * (scale[i] as number)),
      },
      {
        kind: KERNEL_RATIO,
        weights: w.weights,
        a: self,
        b: total,
        obs: Float64Array.from(lag, (l, i) => (l + (self[i] as number)) / sx),
      },
    ];
    const expected = channels.map(() => ({ ge: [] as number[], le: [] as number[] }));
    let ties = 0;
    conditionalPermutations(w, xi, [w.weights], { permutations: R, seed }, (i, lags) => {
      channels.forEach((ch, c) => {
        const o = ch.obs[i] as number;
        const eps = 1e-12 * Math.max(1, Math.abs(o));
        let g = 0;
        let l = 0;
        for (const L of lags[0] as Float64Array) {
          const v =
            ch.kind === KERNEL_SCALE
              ? (L + (ch.a[i] as number)) * (ch.b[i] as number)
              : (L + (ch.a[i] as number)) / (ch.b[i] as number);
          if (v >= o - eps) g++;
          if (v <= o + eps) l++;
          if (Math.abs(v - o) <= eps) ties++;
        }
        (expected[c] as { ge: number[] }).ge[i] = g;
        (expected[c] as { le: number[] }).le[i] = l;
      });
    });
    expect(ties).toBeGreaterThan(100);
    const t = { ...task(KERNEL_SCALE), x: xi, channels };
    const both = permutationKernel({ ...t, start: 0, end: n });
    channels.forEach((_, c) => {
      expect(Array.from(both.ge[c] as Int32Array)).toEqual(expected[c]?.ge);
      expect(Array.from(both.le[c] as Int32Array)).toEqual(expected[c]?.le);
    });
    // Each channel alone takes the one-channel loop: the same counts.
    channels.forEach((ch, c) => {
      const one = permutationKernel({ ...t, channels: [ch], start: 0, end: n });
      expect(Array.from(one.ge[0] as Int32Array)).toEqual(expected[c]?.ge);
      expect(Array.from(one.le[0] as Int32Array)).toEqual(expected[c]?.le);
    });
  });

  it('local Geary (threshold counts on Σx² − b·Σx) counts what direct summation gives, exact ties included', () => {
    const xi = Float64Array.from({ length: n }, (_, i) => (i * 7) % 4);
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v0 = xi[i] as number;
      for (let p = w.offsets[i] as number; p < (w.offsets[i + 1] as number); p++) {
        const v = w.weights[p] as number;
        a[i] = (a[i] as number) + v * v0 * v0;
        c[i] = (c[i] as number) + v * (v0 - (xi[w.neighbors[p] as number] as number)) ** 2;
      }
      b[i] = 2 * v0;
    }
    const ge: number[] = [];
    const le: number[] = [];
    let ties = 0;
    conditionalPermutations(w, xi, [w.weights], { permutations: R, seed, squares: true }, (i, lags, sq) => {
      const o = c[i] as number;
      const eps = 1e-12 * Math.max(1, Math.abs(o));
      let g = 0;
      let l = 0;
      for (let r = 0; r < R; r++) {
        const v =
          (a[i] as number) -
          (b[i] as number) * ((lags[0] as Float64Array)[r] as number) +
          ((sq[0] as Float64Array)[r] as number);
        if (v >= o - eps) g++;
        if (v <= o + eps) l++;
        if (Math.abs(v - o) <= eps) ties++;
      }
      ge[i] = g;
      le[i] = l;
    });
    expect(ties).toBeGreaterThan(100);
    const channels = [{ kind: KERNEL_GEARY, weights: w.weights, a, b, obs: c }];
    const out = permutationKernel({
      ...task(KERNEL_GEARY),
      x: xi,
      squares: true,
      channels,
      start: 0,
      end: n,
    });
    expect(Array.from(out.ge[0] as Int32Array)).toEqual(ge);
    expect(Array.from(out.le[0] as Int32Array)).toEqual(le);
  });

  it('any split of the areas into ranges gives the same counts as one run', () => {
    const t = task(KERNEL_SCALE);
    const whole = permutationKernel({ ...t, start: 0, end: n });
    for (const cut of [1, 17, 33, 49]) {
      const a = permutationKernel({ ...t, start: 0, end: cut });
      const b = permutationKernel({ ...t, start: cut, end: n });
      expect([...(a.ge[0] as Int32Array), ...(b.ge[0] as Int32Array)]).toEqual(
        Array.from(whole.ge[0] as Int32Array),
      );
      expect([...(a.le[0] as Int32Array), ...(b.le[0] as Int32Array)]).toEqual(
        Array.from(whole.le[0] as Int32Array),
      );
    }
  });

  it('claiming chunks from a counter (the shared-memory mode) gives the same counts as one run', () => {
    const t = task(KERNEL_SCALE);
    const whole = permutationKernel({ ...t, start: 0, end: n });
    for (const chunk of [1, 7, 64]) {
      const shared = { ge: [new Int32Array(n)], le: [new Int32Array(n)], sum: [new Float64Array(n)] };
      // Two "threads" taking turns on one counter: each carries its own running sums forward.
      const claim = new Int32Array(1);
      const r = permutationKernel({ ...t, start: 0, end: 0, claim, chunk, shared });
      expect(r.areas).toBe(n);
      expect(Array.from(shared.ge[0] as Int32Array)).toEqual(Array.from(whole.ge[0] as Int32Array));
      expect(Array.from(shared.le[0] as Int32Array)).toEqual(Array.from(whole.le[0] as Int32Array));
    }
    // A late starter (chunks 3, 4, … only) gets the same counts for its areas.
    const shared = { ge: [new Int32Array(n)], le: [new Int32Array(n)], sum: [new Float64Array(n)] };
    permutationKernel({ ...t, start: 0, end: 0, claim: Int32Array.of(3), chunk: 5, shared });
    expect(Array.from((shared.ge[0] as Int32Array).subarray(15))).toEqual(
      Array.from((whole.ge[0] as Int32Array).subarray(15)),
    );
  });

  it('marks an area without neighbours by a count of −1', () => {
    const iso = weightsFromLists(['a', 'b', 'c', 'd'], [[1], [0, 2], [1], []]);
    const x = Float64Array.of(1, 2, 3, 4);
    const kmax = maxNeighbours(iso);
    const out = permutationKernel({
      n: 4,
      R: 9,
      kmax,
      offsets: iso.offsets,
      neighbors: iso.neighbors,
      x,
      draws: permutationDraws(3, kmax, 9, 1),
      squares: false,
      channels: [{ kind: KERNEL_SCALE, weights: iso.weights, a: new Float64Array(4), b: x, obs: x }],
      start: 0,
      end: 4,
    });
    expect((out.ge[0] as Int32Array)[3]).toBe(-1);
    expect((out.ge[0] as Int32Array)[1]).toBeGreaterThanOrEqual(0);
  });

  it('is self-contained: its source text runs on its own (the workers depend on it)', () => {
    const rebuilt = new Function(`return (${permutationKernel.toString()});`)() as typeof permutationKernel;
    const t = task(KERNEL_SCALE);
    expect(Array.from(rebuilt({ ...t, start: 0, end: n }).ge[0] as Int32Array)).toEqual(
      Array.from(permutationKernel({ ...t, start: 0, end: n }).ge[0] as Int32Array),
    );
  });
});
