import { CohesionError } from '../../errors.js';
import { createRandom } from '../../stats/random.js';
import { type SimulationTestResult, type SingleValueNull, singleValueTest } from '../inference.js';
import { checkSingleGroupDefined, type SegregationInputOptions } from '../input.js';
import { checkIterations } from '../single/simulated.js';

/** Nulls for spatial indices: `geographic` permutation, or the segregation module's nulls. */
export type SpatialNull = 'geographic' | SingleValueNull;

/** Options of {@link spatialIndexTest}. */
export interface SpatialTestOptions extends SegregationInputOptions {
  /** Null hypothesis (default `geographic`). */
  null?: SpatialNull;
  /** Number of simulations (default 500, as PySAL). */
  iterations?: number;
  /** Seed for `createRandom` (default 0): same seed, same result on every runtime. */
  seed?: number;
  /** Two-tailed p (default true). */
  twoTailed?: boolean;
}

/**
 * Tests a spatial segregation index against a null, seeded, as PySAL's `SingleValueTest`:
 * - `geographic` (PySAL "geographic_permutation"): the areas' (group, total) pairs are shuffled
 *   among the locations, so composition is kept and only the spatial arrangement is random —
 *   the right null for "is the pattern spatially clustered beyond its aspatial unevenness?";
 * - `systematic`, `evenness`, `bootstrap`, `personPermutation`: the segregation module's nulls
 *   ({@link singleValueTest}), run with the spatial index as the statistic (each area keeps its
 *   place; the counts are redrawn).
 * `index(x, t)` evaluates the index on counts aligned with the fixed areas, e.g.
 * `(x, t) => spatialDissimilarity(queen, x, t).value`. p-values use PySAL's formulas:
 * two-tailed 2·min(#{sim > stat}, #{sim < stat}) / N, one-tailed #{sim > stat} / N.
 */
export function spatialIndexTest(
  index: (x: Float64Array, t: Float64Array) => number,
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: SpatialTestOptions,
): SimulationTestResult {
  const kind = opts?.null ?? 'geographic';
  if (kind !== 'geographic') {
    return singleValueTest(group, total, {
      ...opts,
      null: kind,
      index,
    });
  }
  checkSingleGroupDefined(group, total, opts);
  const iterations = opts?.iterations ?? 500;
  checkIterations(iterations);
  const seed = opts?.seed ?? 0;
  const rng = createRandom(seed);
  const n = total.length;
  const x = Float64Array.from(group);
  const t = Float64Array.from(total);
  const statistic = index(x, t);
  if (!Number.isFinite(statistic)) {
    throw new CohesionError('INVALID_ARGUMENT', `the index is not finite on the data (${statistic})`, {
      value: statistic,
    });
  }
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  const xs = new Float64Array(n);
  const ts = new Float64Array(n);
  const simulated = new Float64Array(iterations);
  for (let r = 0; r < iterations; r++) {
    rng.shuffle(perm);
    for (let i = 0; i < n; i++) {
      xs[i] = x[perm[i]!]!;
      ts[i] = t[perm[i]!]!;
    }
    simulated[r] = index(xs, ts);
  }
  let above = 0;
  let below = 0;
  let mean = 0;
  for (const v of simulated) {
    if (v > statistic) above++;
    else if (v < statistic) below++;
    mean += v;
  }
  mean /= iterations;
  let ss = 0;
  for (const v of simulated) ss += (v - mean) ** 2;
  const sd = Math.sqrt(ss / (iterations - 1));
  const twoTailed = opts?.twoTailed ?? true;
  return {
    statistic,
    simulated,
    pValue: twoTailed ? (2 * Math.min(above, below)) / iterations : above / iterations,
    mean,
    sd,
    z: (statistic - mean) / sd,
    iterations,
    seed,
  };
}
