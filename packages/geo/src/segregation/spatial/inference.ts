import { CohesionError } from '../../errors.js';
import { createRandom } from '../../stats/random.js';
import { summariseSimulation } from '../../stats/simulation.js';
import {
  type SimulationTestResult,
  type SingleValueNull,
  singleValueTest,
  type TestOptions,
  testAlternative,
  testResult,
} from '../inference.js';
import { checkSingleGroupDefined, type SegregationInputOptions } from '../input.js';
import { sampleBinomial, sampleMultinomial } from '../sampling.js';
import { replicateCount, requireWholeCounts, type SimulationOptions, seedOf } from '../single/simulated.js';

/**
 * Nulls for spatial indices: `geographic` permutation, `systematicPermutation` and
 * `evenPermutation` (a systematic or evenness draw, then a geographic permutation — PySAL's
 * "systematic_permutation" and "even_permutation"), or the segregation module's nulls.
 */
export type SpatialNull = 'geographic' | 'systematicPermutation' | 'evenPermutation' | SingleValueNull;

/**
 * Options of {@link spatialIndexTest}: `replicates` (R simulations, default 500 as PySAL;
 * `iterations` is its deprecated alias), `seed` (default `DEFAULT_SEED`, 12345) and the p-value's
 * `alternative` (default `two-sided`; `twoTailed` is its deprecated form).
 */
export interface SpatialTestOptions extends SegregationInputOptions, SimulationOptions, TestOptions {
  /** Null hypothesis (default `geographic`). */
  null?: SpatialNull;
}

/**
 * Tests a spatial segregation index against a null, seeded, as PySAL's `SingleValueTest`:
 * - `geographic` (PySAL "geographic_permutation"): the areas' (group, total) pairs are shuffled
 *   among the locations, so composition is kept and only the spatial arrangement is random —
 *   the right null for "is the pattern spatially clustered beyond its aspatial unevenness?";
 * - `systematicPermutation` / `evenPermutation`: a systematic (Allen et al. 2015) or evenness draw
 *   of the counts, then a geographic permutation (whole counts required);
 * - `systematic`, `evenness`, `bootstrap`, `personPermutation`: the segregation module's nulls
 *   ({@link singleValueTest}), run with the spatial index as the statistic (each area keeps its
 *   place; the counts are redrawn).
 * `index(x, t)` evaluates the index on counts aligned with the fixed areas, e.g.
 * `(x, t) => spatialDissimilarity(queen, x, t).value`. The p-value is the engine's (k+1)/(R+1)
 * (`pseudoP`, two-sided by default), never 0; PySAL's 2·min(#{sim > stat}, #{sim < stat})/N can be.
 */
export function spatialIndexTest(
  index: (x: Float64Array, t: Float64Array) => number,
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: SpatialTestOptions,
): SimulationTestResult {
  const kind = opts?.null ?? 'geographic';
  const own = kind === 'geographic' || kind === 'systematicPermutation' || kind === 'evenPermutation';
  if (!own) {
    return singleValueTest(group, total, {
      ...opts,
      null: kind,
      index,
    });
  }
  checkSingleGroupDefined(group, total, opts);
  const R = replicateCount(opts);
  const seed = seedOf(opts);
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
  if (kind !== 'geographic') requireWholeCounts(x, t);
  let X = 0;
  let T = 0;
  for (let i = 0; i < n; i++) {
    X += x[i]!;
    T += t[i]!;
  }
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  const dx = new Float64Array(n);
  const dt = new Float64Array(n);
  const dy = new Float64Array(n);
  const xs = new Float64Array(n);
  const ts = new Float64Array(n);
  const simulated = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    if (kind === 'geographic') {
      dx.set(x);
      dt.set(t);
    } else if (kind === 'systematicPermutation') {
      // Allen et al. (2015): group and rest each spread over areas in proportion to the totals.
      sampleMultinomial(rng, X, t, T, dx);
      sampleMultinomial(rng, T - X, t, T, dy);
      for (let i = 0; i < n; i++) dt[i] = dx[i]! + dy[i]!;
    } else {
      // Evenness: totals fixed, each person in the group with probability P.
      for (let i = 0; i < n; i++) {
        dt[i] = t[i]!;
        dx[i] = sampleBinomial(rng, t[i]!, X / T);
      }
    }
    rng.shuffle(perm);
    for (let i = 0; i < n; i++) {
      xs[i] = dx[perm[i]!]!;
      ts[i] = dt[perm[i]!]!;
    }
    simulated[r] = index(xs, ts);
  }
  return testResult(summariseSimulation(statistic, simulated, testAlternative(opts)), seed);
}
