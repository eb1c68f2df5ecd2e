/**
 * The one inference engine's shared vocabulary and global pieces: default counts and seed, the
 * p-value rule, seeded global (total-randomisation) permutations and the draws behind conditional
 * ones. Local statistics run {@link permutationKernel} (`permutationKernel.ts`) on these draws;
 * method note: docs/methods/hotspots.md, "Inference".
 */
import { CohesionError } from '../errors.js';
import { checkInteger, MAX_PERMUTATIONS } from '../validate/args.js';
import { DEFAULT_PERMUTATIONS, DEFAULT_SEED } from './defaults.js';
import { type ProgressCallback, type ProgressOptions, progressTicker } from './progress.js';
import { createRandom } from './random.js';

/**
 * Which tail a permutation p-value measures. With M counted over R permutations:
 * - `two-sided` (default): M = min(#{sim ≥ obs}, #{sim ≤ obs}), p = min(1, 2(M+1)/(R+1));
 * - `folded`: esda's `p_sim`, p = (M+1)/(R+1) with the same M (one tail, chosen by the data);
 * - `greater`: M = #{sim ≥ obs}; `less`: M = #{sim ≤ obs}; p = (M+1)/(R+1).
 */
export type PermutationAlternative = 'two-sided' | 'folded' | 'greater' | 'less';

/**
 * Options shared by every statistic with permutation inference. `onProgress(done, total)` is told
 * about every 1% of the permutations (global statistics) or of the areas (local ones); it does
 * not change any result.
 */
export interface PermutationOptions extends ProgressOptions {
  /** Number of permutations R; default {@link DEFAULT_PERMUTATIONS} (999); 0 disables permutation inference (p_sim = NaN). */
  permutations?: number;
  /** Seed for `createRandom`; default {@link DEFAULT_SEED} (12345). Same seed → same p-values on every runtime. */
  seed?: number;
  /** Default `two-sided`. */
  alternative?: PermutationAlternative;
}

/** Validates and returns R. */
export function permutationCount(options: PermutationOptions): number {
  return checkInteger(options.permutations ?? DEFAULT_PERMUTATIONS, 'permutations', 0, MAX_PERMUTATIONS);
}

/**
 * Total-randomisation null for a global statistic: `statistic` recomputed on `R` seeded random
 * relabellings (Fisher–Yates shuffles of one working copy) of `values`. The same seed gives the same
 * draws on every runtime. Used by every global statistic; local ones use conditional permutations.
 */
export function globalPermutations(
  values: ArrayLike<number>,
  R: number,
  seed: number | undefined,
  statistic: (permuted: Float64Array) => number,
  onProgress?: ProgressCallback,
): Float64Array {
  const rng = createRandom(seed ?? DEFAULT_SEED);
  const xp = Float64Array.from(values);
  const sims = new Float64Array(R);
  const tick = progressTicker(R, onProgress);
  for (let r = 0; r < R; r++) {
    rng.shuffle(xp);
    sims[r] = statistic(xp);
    tick(r + 1);
  }
  return sims;
}

/**
 * The engine's p-value rule from counts over R simulated values: ge = #{sim ≥ obs},
 * le = #{sim ≤ obs} (ties count as extreme), p = (k+1)/(R+1) with k per `alternative` (see
 * {@link PermutationAlternative}); two-sided doubles the smaller tail, capped at 1. Never 0.
 * @throws CohesionError `INVALID_ARGUMENT` for an unknown alternative.
 */
export function pValueFromCounts(
  ge: number,
  le: number,
  R: number,
  alternative: PermutationAlternative = 'two-sided',
): number {
  switch (alternative) {
    case 'greater':
      return (ge + 1) / (R + 1);
    case 'less':
      return (le + 1) / (R + 1);
    case 'folded':
      return (Math.min(ge, le) + 1) / (R + 1);
    case 'two-sided':
      return Math.min(1, (2 * (Math.min(ge, le) + 1)) / (R + 1));
    default:
      throw new CohesionError('INVALID_ARGUMENT', `unknown alternative "${alternative as string}"`, {
        value: alternative,
      });
  }
}

/** Pseudo p-value from simulated values `sims[0..R)` and the observed value (see {@link PermutationAlternative}). */
export function pseudoP(
  sims: ArrayLike<number>,
  observed: number,
  alternative: PermutationAlternative = 'two-sided',
  count = sims.length,
): number {
  if (count === 0 || !Number.isFinite(observed)) return Number.NaN;
  let ge = 0;
  let le = 0;
  // A relative tolerance keeps ties (e.g. identical sums in another order) counted as ties.
  const eps = 1e-12 * Math.max(1, Math.abs(observed));
  for (let r = 0; r < count; r++) {
    const s = sims[r] as number;
    if (s >= observed - eps) ge++;
    if (s <= observed + eps) le++;
  }
  return pValueFromCounts(ge, le, count, alternative);
}

/**
 * R index sets of size k drawn without replacement from 0..m−1 (row-major R×k), by partial
 * Fisher–Yates on one scratch buffer. Deterministic for a given seed on every runtime.
 */
export function permutationDraws(m: number, k: number, R: number, seed: number): Int32Array {
  const rng = createRandom(seed);
  const scratch = new Int32Array(Math.max(m, 1));
  for (let j = 0; j < m; j++) scratch[j] = j;
  const out = new Int32Array(R * k);
  const row = new Int32Array(k);
  for (let r = 0; r < R; r++) {
    rng.sample(m, k, scratch, row);
    out.set(row, r * k);
  }
  return out;
}

/**
 * Largest number of non-self neighbours of any area — the k_max of the conditional draws.
 * @throws CohesionError `INVALID_WEIGHTS` when an area has more neighbours than other areas exist.
 */
export function maxNeighbours(w: {
  n: number;
  offsets: ArrayLike<number>;
  neighbors: ArrayLike<number>;
}): number {
  const { n, offsets, neighbors } = w;
  let kmax = 0;
  for (let i = 0; i < n; i++) {
    // A row's links bound its neighbours (a self link does not count): only longer rows can raise kmax.
    if ((offsets[i + 1] as number) - (offsets[i] as number) <= kmax) continue;
    let k = 0;
    for (let p = offsets[i] as number; p < (offsets[i + 1] as number); p++) if (neighbors[p] !== i) k++;
    kmax = Math.max(kmax, k);
  }
  if (kmax > n - 1)
    throw new CohesionError(
      'INVALID_WEIGHTS',
      `an area has ${kmax} neighbours but only ${n - 1} other areas exist`,
    );
  return kmax;
}
