import { CohesionError } from '../../errors.js';
import { DEFAULT_SEED, DEFAULT_SEGREGATION_REPLICATES } from '../../stats/defaults.js';
import { createRandom, type Random } from '../../stats/random.js';
import { simulateValues } from '../../stats/simulation.js';
import { mean } from '../../stats/summary.js';
import { checkInteger, MAX_REPLICATES } from '../../validate/args.js';
import { checkSingleGroupDefined, type SegregationInputOptions } from '../input.js';
import { sampleBinomial, sampleMultinomial } from '../sampling.js';
import { dissimilarityValue } from './dissimilarity.js';
import { giniValue } from './gini.js';
import { groupAndTotal } from './totals.js';

/** Options of the simulation-based indices and tests (the engine's vocabulary: `replicates`, `seed`). */
export interface SimulationOptions {
  /** Number of simulated tables R (default {@link DEFAULT_SEGREGATION_REPLICATES}, 500 as PySAL). */
  replicates?: number;
  /** @deprecated use `replicates` (same meaning; read when `replicates` is absent). */
  iterations?: number;
  /** Seed for `createRandom` (default {@link DEFAULT_SEED}); the same seed gives the same value on every runtime. */
  seed?: number;
}

/**
 * The number of simulated tables R of `opts` (`replicates`, else the deprecated `iterations`,
 * else `fallback`), validated as an integer ≥ 2.
 */
export function replicateCount(
  opts: { replicates?: number; iterations?: number } | undefined,
  fallback: number = DEFAULT_SEGREGATION_REPLICATES,
): number {
  const R = opts?.replicates ?? opts?.iterations ?? fallback;
  // Upper limit: each replicate recomputes the index over every area (MAX_REPLICATES).
  checkInteger(
    R,
    opts?.replicates === undefined && opts?.iterations !== undefined ? 'iterations' : 'replicates',
    2,
    MAX_REPLICATES,
  );
  return R;
}

/** The seed of `opts` (default {@link DEFAULT_SEED}). */
export function seedOf(opts: { seed?: number } | undefined): number {
  return opts?.seed ?? DEFAULT_SEED;
}

/** Throws INVALID_ARGUMENT unless every count is a whole number (simulations draw people). */
export function requireWholeCounts(x: ArrayLike<number>, t: ArrayLike<number>): void {
  for (let i = 0; i < t.length; i++) {
    if (!Number.isInteger(x[i]) || !Number.isInteger(t[i])) {
      throw new CohesionError(
        'INVALID_ARGUMENT',
        `row ${i}: simulation needs whole-number counts, got group ${x[i]} and total ${t[i]}`,
        { row: i, value: [x[i], t[i]] },
      );
    }
  }
}

/** Throws INVALID_ARGUMENT unless `iterations` is an integer ≥ 2. @deprecated use {@link replicateCount}. */
export function checkIterations(iterations: number): void {
  checkInteger(iterations, 'iterations', 2, MAX_REPLICATES);
}

/**
 * What every simulated index starts with: R from `opts` (validated), the counts checked whole, and
 * the seeded generator — in that order, so the errors come in the same order everywhere.
 */
function startSimulation(
  x: ArrayLike<number>,
  t: ArrayLike<number>,
  opts: SimulationOptions | undefined,
): { R: number; rng: Random } {
  const R = replicateCount(opts);
  requireWholeCounts(x, t);
  return { R, rng: createRandom(seedOf(opts)) };
}

/**
 * One draw under evenness: xᵢ* ~ Binomial(tᵢ, P) with the area totals fixed (PySAL's "evenness"
 * null, Carrington & Troske 1997). Writes into `out`.
 */
export function drawEvenness(rng: Random, t: ArrayLike<number>, P: number, out: Float64Array): void {
  for (let i = 0; i < t.length; i++) out[i] = t[i]! > 0 ? sampleBinomial(rng, t[i]!, P) : 0;
}

/**
 * Mean of `index` over R evenness draws; draws where the simulated group total is 0 or
 * T are redrawn (the index is undefined there).
 */
export function meanUnderEvenness(
  index: (x: ArrayLike<number>, t: ArrayLike<number>) => number,
  x: ArrayLike<number>,
  t: ArrayLike<number>,
  R: number,
  rng: Random,
): number {
  const [X, T] = groupAndTotal(x, t);
  const P = X / T;
  const sim = new Float64Array(t.length);
  const values = simulateValues(
    R,
    () => {
      drawEvenness(rng, t, P, sim);
      const [Xs] = groupAndTotal(sim, t);
      return Xs === 0 || Xs === T ? undefined : index(sim, t);
    },
    'simulation keeps drawing an empty group: population too small',
  );
  return mean(values);
}

/** Carrington–Troske correction of an index I against its mean I* under evenness. */
function carringtonTroske(value: number, expected: number): number {
  return value >= expected ? (value - expected) / (1 - expected) : (value - expected) / expected;
}

/** I_ct of `index` against its mean under evenness, from R seeded evenness draws. */
function modifiedValue(
  index: (x: ArrayLike<number>, t: ArrayLike<number>) => number,
  x: ArrayLike<number>,
  t: ArrayLike<number>,
  opts?: SimulationOptions,
): number {
  const { R, rng } = startSimulation(x, t, opts);
  return carringtonTroske(index(x, t), meanUnderEvenness(index, x, t, R, rng));
}

/**
 * Modified dissimilarity (Carrington & Troske 1997), as PySAL `ModifiedDissim`: D* = mean D over
 * R tables drawn under evenness (xᵢ* ~ Binomial(tᵢ, P)); D_ct = (D − D*)/(1 − D*) if
 * D ≥ D*, else (D − D*)/D*. Needs whole-number counts. Seeded (`createRandom`).
 */
export function modifiedDissimilarityValue(
  x: ArrayLike<number>,
  t: ArrayLike<number>,
  opts?: SimulationOptions,
): number {
  return modifiedValue(dissimilarityValue, x, t, opts);
}

/** Modified Gini (Carrington & Troske 1997), as PySAL `ModifiedGini`; as {@link modifiedDissimilarityValue} with Gini. */
export function modifiedGiniValue(
  x: ArrayLike<number>,
  t: ArrayLike<number>,
  opts?: SimulationOptions,
): number {
  return modifiedValue(giniValue, x, t, opts);
}

/**
 * Bias-corrected dissimilarity (Allen, Burgess, Davidson & Windmeijer 2015), as PySAL
 * `BiasCorrectedDissim`: draw the group xᵢ* ~ Multinomial(X, xᵢ/X) and the rest
 * yᵢ* ~ Multinomial(Y, yᵢ/Y) R times; D_b = mean D(x*, x* + y*); D_bc = 2D − D_b.
 * Needs whole-number counts. Seeded (`createRandom`).
 */
export function biasCorrectedDissimilarityValue(
  x: ArrayLike<number>,
  t: ArrayLike<number>,
  opts?: SimulationOptions,
): number {
  const { R, rng } = startSimulation(x, t, opts);
  const n = t.length;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  const rest = new Float64Array(n);
  const group = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ti = Math.max(t[i]!, 0);
    group[i] = ti > 0 ? x[i]! : 0;
    rest[i] = ti - group[i]!;
  }
  const [X, T] = groupAndTotal(x, t);
  const Y = T - X;
  const tsim = new Float64Array(n);
  let sum = 0;
  for (let b = 0; b < R; b++) {
    sampleMultinomial(rng, X, group, X, xs);
    sampleMultinomial(rng, Y, rest, Y, ys);
    for (let i = 0; i < n; i++) tsim[i] = xs[i]! + ys[i]!;
    sum += dissimilarityValue(xs, tsim);
  }
  return 2 * dissimilarityValue(x, t) - sum / R;
}

type Opts = SegregationInputOptions & SimulationOptions;

/** Modified dissimilarity of a group, validated (see {@link modifiedDissimilarityValue}). */
export function modifiedDissimilarity(group: ArrayLike<number>, total: ArrayLike<number>, opts?: Opts) {
  const s = checkSingleGroupDefined(group, total, opts);
  return { value: modifiedDissimilarityValue(group, total, opts), ...s };
}

/** Modified Gini of a group, validated (see {@link modifiedGiniValue}). */
export function modifiedGini(group: ArrayLike<number>, total: ArrayLike<number>, opts?: Opts) {
  const s = checkSingleGroupDefined(group, total, opts);
  return { value: modifiedGiniValue(group, total, opts), ...s };
}

/** Bias-corrected dissimilarity of a group, validated (see {@link biasCorrectedDissimilarityValue}). */
export function biasCorrectedDissimilarity(group: ArrayLike<number>, total: ArrayLike<number>, opts?: Opts) {
  const s = checkSingleGroupDefined(group, total, opts);
  return { value: biasCorrectedDissimilarityValue(group, total, opts), ...s };
}
