import { DEFAULT_EXPECTED_REPLICATES } from '../stats/defaults.js';
import { createRandom } from '../stats/random.js';
import { simulateValues } from '../stats/simulation.js';
import { meanSd } from '../stats/summary.js';
import { checkSingleGroupDefined, type SegregationInputOptions } from './input.js';
import { sampleBinomial, sampleHypergeometric, sampleMultinomial } from './sampling.js';
import { dissimilarityValue } from './single/dissimilarity.js';
import { replicateCount, requireWholeCounts, type SimulationOptions, seedOf } from './single/simulated.js';
import { groupAndTotal } from './single/totals.js';

/** Expected value of an index when true segregation is zero, with its simulation standard error. */
export interface ExpectedIndex {
  /** Mean index over tables simulated with no segregation. */
  expected: number;
  /** Standard deviation of those values (n − 1), as elbersb's `se`. */
  standardError: number;
  /** The index on the data, for comparison. */
  observed: number;
  /** Number of simulated tables R. */
  replicates: number;
  /** @deprecated use `replicates` (same value). */
  iterations: number;
  seed: number;
}

/** Expected D when true segregation is zero (see {@link dissimilarityExpected}). */
export type ExpectedDissimilarity = ExpectedIndex;

/**
 * Expected index of dissimilarity under no segregation (elbersb/segregation
 * `dissimilarity_expected`): D of R random tables (`replicates`, default 100 as elbersb) with the
 * data's margins (`fixedMargins`, default: r2dtable / person permutation, group and area totals
 * fixed) or with margins themselves drawn from Multinomial(T, margins) (`fixedMargins: false`).
 * With small areas or a small group D is biased upwards; report this next to D.
 */
export function dissimilarityExpected(
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: SegregationInputOptions & SimulationOptions & { fixedMargins?: boolean },
): ExpectedDissimilarity {
  checkSingleGroupDefined(group, total, opts);
  requireWholeCounts(group, total);
  const R = replicateCount(opts, DEFAULT_EXPECTED_REPLICATES);
  const seed = seedOf(opts);
  const x = Float64Array.from(group);
  const t = Float64Array.from(total);
  const n = t.length;
  const [X, T] = groupAndTotal(x, t);
  const rng = createRandom(seed);
  const xs = new Float64Array(n);
  const ts = new Float64Array(n);
  const values = simulateValues(
    R,
    () => {
      let Xd = X;
      if (opts?.fixedMargins === false) {
        Xd = sampleBinomial(rng, T, X / T);
        sampleMultinomial(rng, T, t, T, ts);
      } else ts.set(t);
      let left = T;
      let groupLeft = Xd;
      for (let i = 0; i < n; i++) {
        const d = sampleHypergeometric(rng, left, groupLeft, ts[i]!);
        xs[i] = d;
        left -= ts[i]!;
        groupLeft -= d;
      }
      return Xd === 0 || Xd === T ? undefined : dissimilarityValue(xs, ts);
    },
    'population too small',
  );
  const { mean, sd } = meanSd(values);
  return {
    expected: mean,
    standardError: sd,
    observed: dissimilarityValue(x, t),
    replicates: R,
    iterations: R,
    seed,
  };
}

/** Pure-formula form for the batch: the expected D alone (see {@link dissimilarityExpected}). */
export function dissimilarityExpectedValue(
  x: ArrayLike<number>,
  t: ArrayLike<number>,
  opts?: SimulationOptions,
): number {
  return dissimilarityExpected(x, t, opts).expected;
}
