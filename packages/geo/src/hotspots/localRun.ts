import { CohesionError } from '../errors.js';
import { applyCounts, type ConditionalSpec, conditionalTask, runConditional } from '../stats/conditional.js';
import type { PermutationOptions } from '../stats/permutation.js';
import type { SpatialWeights } from '../weights/csr.js';
import { bonferroniAdjust, fdrAdjust } from './multiple.js';
import { runKernelParallel, type ThreadOptions, threadCount } from './threads.js';

/**
 * A local statistic ready for its permutations: the permuted values `x`, the engine specs, R, and
 * `finish()` to build the result once the counts are in. Every local statistic is a core returning
 * this, run by {@link runLocal} (one thread) or {@link runLocalParallel} (many; same result).
 */
export interface LocalRun<T> {
  x: Float64Array;
  specs: ConditionalSpec[];
  R: number;
  /** Also permute Σ w x² (local Geary). */
  squares?: boolean;
  /** Work that does not need the counts; the parallel run does it while the workers permute. */
  prepare?(): void;
  finish(): T;
}

/** Runs a local statistic's permutations on the calling thread and returns its result. */
export function runLocal<T>(w: SpatialWeights, run: LocalRun<T>, options: PermutationOptions): T {
  runConditional(w, run.x, run.specs, run.R, options.seed, run.squares, options.onProgress);
  return run.finish();
}

/** {@link runLocal} with the permutations spread over `threads` threads; identical counts. */
export async function runLocalParallel<T>(
  w: SpatialWeights,
  run: LocalRun<T>,
  options: PermutationOptions & ThreadOptions,
): Promise<T> {
  const threads = await threadCount(options);
  if (run.R > 0) {
    const task = conditionalTask(w, run.x, run.specs, run.R, options.seed, run.squares);
    await runKernelParallel(task, threads, options.minWorkPerThread, run.prepare, (parts) =>
      applyCounts(run.specs, parts),
    );
  }
  return run.finish();
}

/**
 * Relative size below which an analytical variance is taken as zero: terms that cancel exactly
 * in theory leave ~1e-16 of their size after rounding, and 1/√(that) is a meaningless huge z.
 * Such an area (e.g. one bordering every other area with equal weights) has no normal test.
 */
export const DEGENERATE = 1e-12;

/** Multiple-testing correction for cluster labels: Benjamini–Hochberg FDR or Bonferroni. */
export type Correction = 'none' | 'fdr' | 'bonferroni';

export function corrected(p: Float64Array, correction: Correction = 'none'): Float64Array {
  if (correction === 'fdr') return fdrAdjust(p);
  if (correction === 'bonferroni') return bonferroniAdjust(p);
  if (correction !== 'none')
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `unknown correction "${correction as string}" (none, fdr, bonferroni)`,
      {
        value: correction,
      },
    );
  return p;
}
