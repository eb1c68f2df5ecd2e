import { CohesionError } from '../errors.js';
import { createRandom } from '../stats/random.js';
import { meanSd } from '../stats/summary.js';
import { checkSingleGroupDefined, type SegregationInputOptions } from './input.js';
import { sampleBinomial, sampleHypergeometric, sampleMultinomial } from './sampling.js';
import { dissimilarityValue } from './single/dissimilarity.js';
import { checkIterations, requireWholeCounts } from './single/simulated.js';
import { groupAndTotal } from './single/totals.js';

/** Expected D when true segregation is zero, with its simulation standard error. */
export interface ExpectedDissimilarity {
  /** Mean D over tables simulated with no segregation. */
  expected: number;
  /** Standard deviation of those D values (n − 1), as elbersb's `se`. */
  standardError: number;
  /** D on the data, for comparison. */
  observed: number;
  iterations: number;
  seed: number;
}

/**
 * Expected index of dissimilarity under no segregation (elbersb/segregation
 * `dissimilarity_expected`): D of `iterations` random tables with the data's margins
 * (`fixedMargins`, default: r2dtable / person permutation, group and area totals fixed) or with
 * margins themselves drawn from Multinomial(T, margins) (`fixedMargins: false`). With small areas or
 * a small group D is biased upwards; report this next to D.
 */
export function dissimilarityExpected(
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: SegregationInputOptions & { iterations?: number; seed?: number; fixedMargins?: boolean },
): ExpectedDissimilarity {
  checkSingleGroupDefined(group, total, opts);
  requireWholeCounts(group, total);
  const iterations = opts?.iterations ?? 100;
  checkIterations(iterations);
  const p = { x: Float64Array.from(group), t: Float64Array.from(total), iterations };
  const n = p.t.length;
  const [X, T] = groupAndTotal(p.x, p.t);
  const rng = createRandom(opts?.seed ?? 0);
  const values = new Float64Array(p.iterations);
  const xs = new Float64Array(n);
  const ts = new Float64Array(n);
  let done = 0;
  let tries = 0;
  while (done < p.iterations) {
    let Xd = X;
    if (opts?.fixedMargins === false) {
      Xd = sampleBinomial(rng, T, X / T);
      sampleMultinomial(rng, T, p.t, T, ts);
    } else ts.set(p.t);
    let left = T;
    let groupLeft = Xd;
    for (let i = 0; i < n; i++) {
      const d = sampleHypergeometric(rng, left, groupLeft, ts[i]!);
      xs[i] = d;
      left -= ts[i]!;
      groupLeft -= d;
    }
    if (Xd === 0 || Xd === T) {
      if (++tries > 100 * p.iterations) throw new CohesionError('INVALID_ARGUMENT', 'population too small');
      continue;
    }
    values[done++] = dissimilarityValue(xs, ts);
  }
  const { mean, sd } = meanSd(values);
  return {
    expected: mean,
    standardError: sd,
    observed: dissimilarityValue(p.x, p.t),
    iterations: p.iterations,
    seed: opts?.seed ?? 0,
  };
}

/** Pure-formula form for the batch: the expected D alone (see {@link dissimilarityExpected}). */
export function dissimilarityExpectedValue(
  x: ArrayLike<number>,
  t: ArrayLike<number>,
  opts?: { iterations?: number; seed?: number },
): number {
  return dissimilarityExpected(x, t, opts).expected;
}
