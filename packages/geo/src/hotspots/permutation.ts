import { CohesionError } from '../errors.js';
import { DEFAULT_SEED } from '../stats/defaults.js';
import { maxNeighbours, permutationDraws } from '../stats/permutation.js';
import { type RowOrderOptions, reorder, rowOrder } from '../validate/align.js';
import { finiteValues } from '../validate/numbers.js';
import type { SpatialWeights } from '../weights/csr.js';

// The engine lives in stats/ now; these re-exports keep the hotspot modules' imports short.
export { DEFAULT_PERMUTATIONS, DEFAULT_SEED } from '../stats/defaults.js';
export {
  globalPermutations,
  maxNeighbours,
  type PermutationAlternative,
  type PermutationOptions,
  permutationCount,
  permutationDraws,
  pseudoP,
} from '../stats/permutation.js';

/**
 * Conditional permutations with the permuted lags handed to a callback (Anselin 1995): for area
 * i, x_i stays put and its k_i neighbour values are replaced R times by k_i values drawn without
 * replacement from the other n−1 areas, from the same draws as the engine
 * ({@link permutationDraws}: R index sets of size k_max, area i reads the first k_i, indices ≥ i
 * shifted up by one). For every channel c, `visit(i, lags, squareLags)` receives
 * L_c = Σ_k w^c_ik x_draw and, if `squares`, Σ_k w^c_ik x²_draw (buffers are reused: copy what you
 * keep). Areas without neighbours are skipped.
 *
 * The statistics themselves run the counting kernel (`permutationKernel`), which never
 * materialises the lags; this plain, direct summation is kept for callers that need the permuted
 * values and as the reference the kernel's fast paths are tested against.
 * @deprecated the local statistics use `permutationKernel` (stats/); this will be removed.
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
  const kmax = maxNeighbours(w);
  const draws = permutationDraws(n - 1, kmax, R, options.seed ?? DEFAULT_SEED);
  const lags = channels.map(() => new Float64Array(R));
  const sq = options.squares ? channels.map(() => new Float64Array(R)) : [];
  for (let i = 0; i < n; i++) {
    if (offsets[i] === offsets[i + 1]) continue;
    channels.forEach((weights, c) => {
      const out = lags[c] as Float64Array;
      const out2 = sq[c];
      for (let r = 0, base = 0; r < R; r++, base += kmax) {
        let s = 0;
        let s2 = 0;
        let m = 0;
        for (let p = offsets[i] as number; p < (offsets[i + 1] as number); p++) {
          if (neighbors[p] === i) continue;
          let j = draws[base + m++] as number;
          if (j >= i) j++;
          const wp = weights[p] as number;
          s += wp * (x[j] as number);
          s2 += wp * (x[j] as number) * (x[j] as number);
        }
        out[r] = s;
        if (out2) out2[r] = s2;
      }
    });
    visit(i, lags, sq);
  }
}

/**
 * Checks a value vector against weights: row order ({@link rowOrder}: with `ids`, the values'
 * codes must be `w.ids` in order, or are matched by code with `reorder`), length, strict finite
 * numbers ({@link finiteValues}), enough areas, some links. Without `ids` values are by position
 * in `w.ids` order.
 */
export function checkValues(
  w: SpatialWeights,
  raw: ArrayLike<number>,
  options: { allowIslands?: boolean } & RowOrderOptions = {},
): Float64Array {
  const values = reorder(raw, rowOrder(w.ids, options, { rows: raw.length }));
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
