import { CohesionError } from '../errors.js';
import { createRandom } from '../stats/random.js';
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

export const DEFAULT_PERMUTATIONS = 999;
export const DEFAULT_SEED = 12345;

/** Validates and returns R. */
export function permutationCount(options: PermutationOptions): number {
  const r = options.permutations ?? DEFAULT_PERMUTATIONS;
  if (!Number.isInteger(r) || r < 0 || r > 1e6)
    throw new CohesionError('INVALID_ARGUMENT', `permutations must be an integer in 0..1000000, got ${r}`, {
      value: r,
    });
  return r;
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
 * Draws use a partial Fisher–Yates on one reused scratch buffer (`Random.sample`), so a
 * permutation costs O(k_i), not O(n).
 *
 * For every channel c the engine forms the permuted lag L_c = Σ_k w^c_ik x_{draw_k} (weights
 * aligned with `w.neighbors`, self links skipped) and, if `squares` is set, Σ_k w^c_ik x²_{draw_k};
 * then `visit(i, lags, squareLags)` receives the R values per channel (buffers are reused: copy
 * what you keep). All channels see the same draws, and the draw sequence depends only on the seed
 * and the neighbour counts — so LISA and Gi* computed together or separately get the same p-values.
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
  const rng = createRandom(options.seed ?? DEFAULT_SEED);
  const scratch = new Int32Array(Math.max(n - 1, 1));
  for (let j = 0; j < n - 1; j++) scratch[j] = j;
  let kmax = 0;
  for (let i = 0; i < n; i++) kmax = Math.max(kmax, (offsets[i + 1] as number) - (offsets[i] as number));
  const drawn = new Int32Array(kmax);
  const cols = new Int32Array(kmax);
  const lags = channels.map(() => new Float64Array(R));
  const sq = options.squares ? channels.map(() => new Float64Array(R)) : [];
  const nc = channels.length;
  const rowW = channels.map(() => new Float64Array(kmax));
  const x2 = options.squares ? x.map((v) => v * v) : x;
  for (let i = 0; i < n; i++) {
    // Row i's non-self links, with each channel's weights.
    let k = 0;
    for (let p = offsets[i] as number; p < (offsets[i + 1] as number); p++) {
      if (neighbors[p] === i) continue;
      cols[k] = neighbors[p] as number;
      for (let c = 0; c < nc; c++) (rowW[c] as Float64Array)[k] = (channels[c] as Float64Array)[p] as number;
      k++;
    }
    if (k === 0) continue;
    for (let r = 0; r < R; r++) {
      rng.sample(n - 1, k, scratch, drawn);
      for (let c = 0; c < nc; c++) {
        const rw = rowW[c] as Float64Array;
        let s = 0;
        let s2 = 0;
        for (let m = 0; m < k; m++) {
          let j = drawn[m] as number;
          if (j >= i) j++;
          s += (rw[m] as number) * (x[j] as number);
          if (options.squares) s2 += (rw[m] as number) * (x2[j] as number);
        }
        (lags[c] as Float64Array)[r] = s;
        if (options.squares) (sq[c] as Float64Array)[r] = s2;
      }
    }
    visit(i, lags, sq);
  }
}

/** Checks a value vector against weights: length, finiteness, enough areas, some links. */
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
  const x = Float64Array.from(values as ArrayLike<number>);
  for (let i = 0; i < w.n; i++)
    if (!Number.isFinite(x[i]))
      throw new CohesionError('NON_FINITE', `value for area ${w.ids[i]} (row ${i}) is ${values[i]}`, {
        row: i,
        id: w.ids[i],
        value: values[i],
      });
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
