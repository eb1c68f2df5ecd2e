/**
 * Simulation and bootstrap summaries of the one inference engine: the R simulated values of a
 * statistic become a pseudo p-value by the engine's rule ({@link pseudoP}: (k+1)/(R+1)), a mean, a
 * standard deviation and a z, or a bootstrap standard error and percentile interval. Every
 * simulation-based test (segregation's nulls, the spatial segregation tests) ends here, so the
 * p-value rule and the moments are computed one way. Method note: docs/methods/hotspots.md,
 * "Inference".
 */
import { CohesionError } from '../errors.js';
import { DEFAULT_LEVEL } from './defaults.js';
import { type PermutationAlternative, pseudoP } from './permutation.js';
import { type ProgressCallback, progressTicker } from './progress.js';
import { meanSd, quantileSorted } from './summary.js';

/**
 * Validates a confidence level (default {@link DEFAULT_LEVEL}).
 * @throws CohesionError `INVALID_ARGUMENT` unless 0 < level < 1.
 */
export function checkLevel(level: number = DEFAULT_LEVEL): number {
  if (!(level > 0 && level < 1)) {
    throw new CohesionError('INVALID_ARGUMENT', `level must be in (0, 1), got ${level}`, { value: level });
  }
  return level;
}

/**
 * Draws R values of a statistic. `draw()` returns `undefined` for a draw on which the statistic
 * is undefined (e.g. a simulated table with an empty group): that draw is made again, up to
 * 100·R attempts in all, after which `why` is thrown as INVALID_ARGUMENT. `onProgress` is told
 * about every 1% of the R values (see `progressTicker`); it does not change the draws.
 */
export function simulateValues(
  R: number,
  draw: () => number | undefined,
  why: string,
  onProgress?: ProgressCallback,
): Float64Array {
  const out = new Float64Array(R);
  const tick = progressTicker(R, onProgress);
  let done = 0;
  let tries = 0;
  while (done < R) {
    const v = draw();
    if (v === undefined) {
      if (++tries > 100 * R) throw new CohesionError('INVALID_ARGUMENT', why);
      continue;
    }
    out[done++] = v;
    tick(done);
  }
  return out;
}

/** A statistic tested against R simulated values. */
export interface SimulationSummary {
  /** The statistic on the data. */
  statistic: number;
  /** The R simulated values. */
  simulated: Float64Array;
  /** Pseudo p-value by the engine's rule, (k+1)/(R+1) (see {@link pseudoP}). */
  p_sim: number;
  /** Which tail `p_sim` measures. */
  alternative: PermutationAlternative;
  /** Mean and standard deviation (n − 1) of the simulated values. */
  mean: number;
  sd: number;
  /** (statistic − mean) / sd. */
  z: number;
}

/**
 * Summarises simulated values against the observed statistic with the engine's p-value rule.
 *
 * Without `reference` the values are draws under the null and the tails are counted from the
 * statistic; z = (statistic − mean)/sd. With `reference` (e.g. 0 for "no difference") the values
 * are a bootstrap of the statistic, centred on it, and the tails are counted from the reference:
 * evidence for `greater` is how often the replicates fall to or below the reference, so the two
 * one-sided tails swap; z = (mean − reference)/sd.
 */
export function summariseSimulation(
  statistic: number,
  simulated: Float64Array,
  alternative: PermutationAlternative = 'two-sided',
  reference?: number,
): SimulationSummary {
  const { mean, sd } = meanSd(simulated);
  const tail =
    reference === undefined || (alternative !== 'greater' && alternative !== 'less')
      ? alternative
      : alternative === 'greater'
        ? 'less'
        : 'greater';
  return {
    statistic,
    simulated,
    p_sim: pseudoP(simulated, reference ?? statistic, tail),
    alternative,
    mean,
    sd,
    z: reference === undefined ? (statistic - mean) / sd : (mean - reference) / sd,
  };
}

/** Bootstrap standard error, bias and percentile interval of an estimate. */
export interface BootstrapSummary {
  /** The estimate on the data. */
  estimate: number;
  /** Mean of the bootstrap replicates. */
  mean: number;
  /** Bootstrap standard error (sd of the replicates, n − 1). */
  standardError: number;
  /** Bias = mean − estimate. */
  bias: number;
  /** Bias-corrected estimate 2·estimate − mean. */
  biasCorrected: number;
  /** Percentile interval [q((1−level)/2), q((1+level)/2)] of the replicates (R type-7 quantiles). */
  ci: [number, number];
  level: number;
}

/** Summarises bootstrap replicates of `estimate` (see {@link BootstrapSummary}). */
export function bootstrapSummary(
  estimate: number,
  replicates: Float64Array,
  level: number = DEFAULT_LEVEL,
): BootstrapSummary {
  const { mean, sd } = meanSd(replicates);
  const sorted = Float64Array.from(replicates).sort();
  return {
    estimate,
    mean,
    standardError: sd,
    bias: mean - estimate,
    biasCorrected: 2 * estimate - mean,
    ci: [quantileSorted(sorted, (1 - level) / 2), quantileSorted(sorted, (1 + level) / 2)],
    level,
  };
}
