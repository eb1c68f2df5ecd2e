import { CohesionError } from '../errors.js';
import { createRandom } from '../stats/random.js';
import { checkInteger, MAX_PERMUTATIONS } from '../validate/args.js';
import { finiteValues } from '../validate/numbers.js';
import type { SpatialWeights } from '../weights/csr.js';

/**
 * Which tail a permutation p-value measures. With M counted over R permutations:
 * - `two-sided` (default): M = min(#{sim ≥ obs}, #{sim ≤ obs}), p = min(1, 2(M+1)/(R+1));
 * - `folded`: esda's `p_sim`, p = (M+1)/(R+1) with the same M (one tail, chosen by the data);
 * - `greater`: M = #{sim ≥ obs}; `less`: M = #{sim ≤ obs}; p = (M+1)/(R+1).
 */
export type PermutationAlternative = 'two-sided' | 'folded' | 'greater' | 'less';

/** Options shared by every statistic with permutation inference. */
export interface PermutationOptions {
  /** Number of permutations R; default 999; 0 disables permutation inference (p_sim = NaN). */
  permutations?: number;
  /** Seed for `createRandom`; default 12345. Same seed → same p-values on every runtime. */
  seed?: number;
  /** Default `two-sided`. */
  alternative?: PermutationAlternative;
}

/** Default number of permutations R (pseudo-p resolution 1/1000). */
export const DEFAULT_PERMUTATIONS = 999;
/** Default seed for `createRandom` when none is given. */
export const DEFAULT_SEED = 12345;

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
): Float64Array {
  const rng = createRandom(seed ?? DEFAULT_SEED);
  const xp = Float64Array.from(values);
  const sims = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    rng.shuffle(xp);
    sims[r] = statistic(xp);
  }
  return sims;
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
  switch (alternative) {
    case 'greater':
      return (ge + 1) / (count + 1);
    case 'less':
      return (le + 1) / (count + 1);
    case 'folded':
      return (Math.min(ge, le) + 1) / (count + 1);
    case 'two-sided':
      return Math.min(1, (2 * (Math.min(ge, le) + 1)) / (count + 1));
    default:
      throw new CohesionError('INVALID_ARGUMENT', `unknown alternative "${alternative as string}"`, {
        value: alternative,
      });
  }
}

/**
 * The one conditional-permutation engine behind every local statistic (Anselin 1995): for area i,
 * x_i stays put and its k_i neighbour values are replaced R times by k_i values drawn **without
 * replacement from the other n−1 areas** (x_i is kept out of the pool, as esda and spdep do).
 *
 * As in esda (`crand`), the R draws are made once: R index sets of size k_max sampled from
 * 0..n−2 by partial Fisher–Yates on one reused scratch buffer (`Random.sample`), and area i reads
 * the first k_i indices of each set, shifting indices ≥ i up by one to skip itself. Each area's
 * draws are thus uniform k_i-subsets of the other n−1 areas, at a cost of O(R·k_max) random numbers
 * in total instead of O(R·Σk_i).
 *
 * For every channel c the engine forms the permuted lag L_c = Σ_k w^c_ik x_{draw_k} (weights
 * aligned with `w.neighbors`, self links skipped) and, if `squares` is set, Σ_k w^c_ik x²_{draw_k};
 * then `visit(i, lags, squareLags)` receives the R values per channel (buffers are reused: copy
 * what you keep). All channels see the same draws, and the draws depend only on the seed, n,
 * R and k_max — so LISA and Gi* computed together or separately get the same p-values.
 */
export function conditionalPermutations(
  w: SpatialWeights,
  x: Float64Array,
  channels: readonly Float64Array[],
  options: { permutations: number; seed?: number; squares?: boolean },
  visit: (i: number, lags: readonly Float64Array[], squareLags: readonly Float64Array[]) => void,
): void {
  const { n, offsets, neighbors } = w;
  const R = options.permutations;
  let kmax = 0;
  for (let i = 0; i < n; i++) {
    let k = 0;
    for (let p = offsets[i] as number; p < (offsets[i + 1] as number); p++) if (neighbors[p] !== i) k++;
    kmax = Math.max(kmax, k);
  }
  if (kmax > n - 1)
    throw new CohesionError(
      'INVALID_WEIGHTS',
      `an area has ${kmax} neighbours but only ${n - 1} other areas exist`,
    );
  const draws = permutationDraws(n - 1, kmax, R, options.seed ?? DEFAULT_SEED);
  const lags = channels.map(() => new Float64Array(R));
  const sq = options.squares ? channels.map(() => new Float64Array(R)) : [];
  const nc = channels.length;
  const rowW = channels.map(() => new Float64Array(kmax));
  const x2 = options.squares ? x.map((v) => v * v) : x;
  const prefix = !options.squares && kmax <= PREFIX_KMAX ? new PrefixSums(x, draws, n, kmax, R) : undefined;
  for (let i = 0; i < n; i++) {
    if (i > 0) prefix?.advance(i - 1);
    // Row i's non-self links, with each channel's weights.
    let k = 0;
    for (let p = offsets[i] as number; p < (offsets[i + 1] as number); p++) {
      if (neighbors[p] === i) continue;
      for (let c = 0; c < nc; c++) (rowW[c] as Float64Array)[k] = (channels[c] as Float64Array)[p] as number;
      k++;
    }
    if (k === 0) continue;
    // Fast path: every channel constant along the row (binary or row-standardised weights) — one
    // sum of the drawn values serves all channels.
    let uniform = true;
    for (let c = 0; c < nc && uniform; c++) {
      const rw = rowW[c] as Float64Array;
      for (let m = 1; m < k; m++)
        if (rw[m] !== rw[0]) {
          uniform = false;
          break;
        }
    }
    if (uniform && !options.squares) {
      const first = lags[0] as Float64Array;
      if (prefix) prefix.sums(k, first);
      else
        for (let r = 0, base = 0; r < R; r++, base += kmax) {
          let s = 0;
          for (let m = 0; m < k; m++) {
            const j = draws[base + m] as number;
            s += x[j >= i ? j + 1 : j] as number;
          }
          first[r] = s;
        }
      for (let c = nc - 1; c >= 0; c--) {
        const f = (rowW[c] as Float64Array)[0] as number;
        const out = lags[c] as Float64Array;
        for (let r = 0; r < R; r++) out[r] = f * (first[r] as number);
      }
      visit(i, lags, sq);
      continue;
    }
    for (let c = 0; c < nc; c++) {
      const rw = rowW[c] as Float64Array;
      const out = lags[c] as Float64Array;
      const out2 = sq[c];
      for (let r = 0, base = 0; r < R; r++, base += kmax) {
        let s = 0;
        let s2 = 0;
        for (let m = 0; m < k; m++) {
          let j = draws[base + m] as number;
          if (j >= i) j++;
          s += (rw[m] as number) * (x[j] as number);
          if (out2) s2 += (rw[m] as number) * (x2[j] as number);
        }
        out[r] = s;
        if (out2) out2[r] = s2;
      }
    }
    visit(i, lags, sq);
  }
}

/** Largest k_max for which {@link PrefixSums} is used (its update cost grows with k_max²). */
const PREFIX_KMAX = 64;

/**
 * Sums of the first k drawn values of every permutation, for the current area i, in O(1) per
 * (permutation, area) instead of O(k). Draw d stands for area d + (d ≥ i ? 1 : 0), so
 * Σ_{m<k} x[d_m + shift] = P_k + C_k(i) with P_k = Σ_{m<k} x[d_m] (fixed) and
 * C_k(i) = Σ_{m<k, d_m ≥ i} (x[d_m+1] − x[d_m]); as i sweeps 0..n−1, each draw leaves C once.
 */
class PrefixSums {
  private readonly pre: Float64Array;
  private readonly corr: Float64Array;
  private readonly evStart: Int32Array;
  private readonly evList: Int32Array;
  private readonly k1: number;
  constructor(
    private readonly x: Float64Array,
    draws: Int32Array,
    n: number,
    private readonly kmax: number,
    private readonly R: number,
  ) {
    const k1 = kmax + 1;
    this.k1 = k1;
    this.pre = new Float64Array(R * k1);
    this.corr = new Float64Array(R * k1);
    const counts = new Int32Array(n + 1);
    for (let r = 0; r < R; r++) {
      let p = 0;
      let c = 0;
      for (let m = 0; m < kmax; m++) {
        const d = draws[r * kmax + m] as number;
        p += x[d] as number;
        c += (x[d + 1] as number) - (x[d] as number);
        this.pre[r * k1 + m + 1] = p;
        this.corr[r * k1 + m + 1] = c;
        counts[d + 1] = (counts[d + 1] as number) + 1;
      }
    }
    for (let d = 0; d < n; d++) counts[d + 1] = (counts[d + 1] as number) + (counts[d] as number);
    this.evStart = counts;
    this.evList = new Int32Array(R * kmax);
    const fill = counts.slice(0, n);
    for (let e = 0; e < R * kmax; e++) {
      const d = draws[e] as number;
      this.evList[fill[d] as number] = e;
      fill[d] = (fill[d] as number) + 1;
    }
  }
  /** Called after area `d` is done: draws equal to d no longer shift for areas > d. */
  advance(d: number): void {
    const { x, kmax, k1, corr, evList } = this;
    const delta = (x[d + 1] as number) - (x[d] as number);
    for (let q = this.evStart[d] as number; q < (this.evStart[d + 1] as number); q++) {
      const e = evList[q] as number;
      const r = (e / kmax) | 0;
      const m = e - r * kmax;
      for (let k = m + 1; k <= kmax; k++) corr[r * k1 + k] = (corr[r * k1 + k] as number) - delta;
    }
  }
  /** out[r] = Σ of the first k (shifted) draws of permutation r. */
  sums(k: number, out: Float64Array): void {
    const { pre, corr, k1 } = this;
    for (let r = 0, b = k; r < this.R; r++, b += k1) out[r] = (pre[b] as number) + (corr[b] as number);
  }
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
 * Checks a value vector against weights: length, strict finite numbers ({@link finiteValues}),
 * enough areas, some links. Values are by position in `w.ids` order; use `alignRows` to match rows
 * by code first when they come from a table in another order.
 */
export function checkValues(
  w: SpatialWeights,
  values: ArrayLike<number>,
  options: { allowIslands?: boolean } = {},
): Float64Array {
  if (values.length !== w.n)
    throw new CohesionError('LENGTH_MISMATCH', `${values.length} values for ${w.n} areas in the weights`, {
      value: values.length,
    });
  if (w.n < 3)
    throw new CohesionError('TOO_FEW_AREAS', `spatial statistics need at least 3 areas, got ${w.n}`, {
      value: w.n,
    });
  // Strict: null, "", true, "5" are errors here, not 0/1/5 (no Float64Array.from before the check).
  const x = finiteValues(values, { ids: w.ids });
  if (w.neighbors.length === 0)
    throw new CohesionError('NO_NEIGHBOURS', `no area has any neighbour (${w.n} areas, 0 links)`, {
      value: 0,
    });
  if (!options.allowIslands) {
    const islands: string[] = [];
    for (let i = 0; i < w.n; i++) if (w.offsets[i] === w.offsets[i + 1]) islands.push(w.ids[i] as string);
    if (islands.length > 0)
      throw new CohesionError(
        'ISLAND',
        `${islands.length} area(s) have no neighbours: ${islands.slice(0, 5).join(', ')}${islands.length > 5 ? ', …' : ''} (join islands or pass allowIslands)`,
        { id: islands[0], islands },
      );
  }
  let min = x[0] as number;
  let max = min;
  for (let i = 1; i < w.n; i++) {
    min = Math.min(min, x[i] as number);
    max = Math.max(max, x[i] as number);
  }
  if (min === max)
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `all ${w.n} values are equal (${min}); spatial autocorrelation is undefined`,
      {
        value: min,
      },
    );
  return x;
}
