/**
 * Conditional permutations of the one inference engine (Anselin 1995): each statistic describes,
 * as a {@link ConditionalSpec}, how the kernel maps an area's permuted neighbour lag to the
 * statistic and what to do with the counts; {@link conditionalTask} makes the R draws once from
 * the seed ({@link permutationDraws}) and {@link runConditional} runs {@link permutationKernel} on
 * the calling thread. Hotspots' parallel runner (`hotspots/threads.ts`) runs the same task on
 * worker threads; the counts, and so the p-values ({@link pValueFromCounts}), are identical.
 */
import { DEFAULT_SEED } from './defaults.js';
import {
  maxNeighbours,
  type PermutationAlternative,
  permutationDraws,
  pValueFromCounts,
} from './permutation.js';
import { type KernelResult, type KernelTask, permutationKernel } from './permutationKernel.js';
import type { ProgressCallback } from './progress.js';

/** The links a conditional permutation runs over (CSR, as `SpatialWeights`). */
export interface ConditionalLinks {
  n: number;
  offsets: ArrayLike<number>;
  neighbors: ArrayLike<number>;
}

/** A statistic's share of a permutation run: how the kernel maps permuted lags to it, and what to do with the counts. */
export interface ConditionalSpec {
  /** KERNEL_SCALE, KERNEL_RATIO or KERNEL_GEARY (see `permutationKernel.ts`). */
  kind: number;
  /** Link weights aligned with the links' `neighbors`. */
  channel: Float64Array;
  a: Float64Array;
  b: Float64Array;
  /** Observed statistic per area. */
  obs: Float64Array;
  /**
   * Counts of areas start..end−1 (area i at index i − start): #{sim ≥ obs}, #{sim ≤ obs}, Σ sim;
   * ge = −1 marks an area without neighbours. One call per range rather than per area: a call
   * per area through three different statistics' closures cost 30 ms at 190k areas.
   */
  onCounts(start: number, end: number, ge: Int32Array, le: Int32Array, sum: Float64Array): void;
}

/**
 * The kernel task of a run, without its range: the draws are made once from the seed (default
 * {@link DEFAULT_SEED}), before any split, which is why threads never change results (see
 * `permutationKernel.ts`). `squares` also forms the permuted Σ w x² (local Geary).
 */
export function conditionalTask(
  w: ConditionalLinks,
  x: Float64Array,
  specs: readonly ConditionalSpec[],
  R: number,
  seed?: number,
  squares = false,
): Omit<KernelTask, 'start' | 'end'> {
  const { n, offsets, neighbors } = w;
  const kmax = maxNeighbours(w);
  return {
    n,
    R,
    kmax,
    offsets,
    neighbors,
    x,
    draws: permutationDraws(n - 1, kmax, R, seed ?? DEFAULT_SEED),
    squares,
    channels: specs.map((s) => ({ kind: s.kind, weights: s.channel, a: s.a, b: s.b, obs: s.obs })),
  };
}

/**
 * The usual `onCounts`: each area's pseudo p-value ({@link pValueFromCounts}) written into `pSim`
 * (areas without neighbours keep theirs, NaN).
 */
export function pValuesInto(
  pSim: Float64Array,
  R: number,
  alternative: PermutationAlternative,
): ConditionalSpec['onCounts'] {
  return (start, end, ge, le) => {
    for (let i = start; i < end; i++) {
      const g = ge[i - start] as number;
      if (g >= 0) pSim[i] = pValueFromCounts(g, le[i - start] as number, R, alternative);
    }
  };
}

/** Hands the kernel's counts (one result per area range, any order) to each spec's `onCounts`. */
export function applyCounts(specs: readonly ConditionalSpec[], parts: readonly KernelResult[]): void {
  for (const part of parts) {
    if (part.end <= part.start) continue;
    specs.forEach((s, c) => {
      s.onCounts(
        part.start,
        part.end,
        part.ge[c] as Int32Array,
        part.le[c] as Int32Array,
        part.sum[c] as Float64Array,
      );
    });
  }
}

/**
 * Runs R conditional permutations of every area on the calling thread (nothing when R = 0). With
 * `onProgress` the areas run in chunks of about 1%, reported after each: an area's counts do not
 * depend on the split (as with threads), so the result is the same.
 */
export function runConditional(
  w: ConditionalLinks,
  x: Float64Array,
  specs: readonly ConditionalSpec[],
  R: number,
  seed?: number,
  squares = false,
  onProgress?: ProgressCallback,
): void {
  if (R === 0) return;
  const task = conditionalTask(w, x, specs, R, seed, squares);
  const step = onProgress ? Math.max(1, Math.ceil(w.n / 100)) : w.n;
  const parts: KernelResult[] = [];
  for (let start = 0; start < w.n; start += step) {
    const end = Math.min(w.n, start + step);
    parts.push(permutationKernel({ ...task, start, end }));
    onProgress?.(end, w.n);
  }
  applyCounts(specs, parts);
}
