import { CohesionError } from '../errors.js';
import { createRandom, type Random } from '../stats/random.js';
import { meanSd, quantileSorted } from '../stats/summary.js';
import { SINGLE_GROUP_INDEX_FUNCTIONS, type SingleGroupIndexName } from './batch.js';
import { checkSingleGroupDefined, type SegregationInputOptions } from './input.js';
import { sampleBinomial, sampleHypergeometric, sampleMultinomial } from './sampling.js';
import { checkIterations, requireWholeCounts } from './single/simulated.js';
import { groupAndTotal } from './single/totals.js';

/** A single-group index: by name, or any `(x, t) => value` formula. */
export type SingleGroupIndex = SingleGroupIndexName | ((x: Float64Array, t: Float64Array) => number);

/** Options shared by the inference functions. */
export interface InferenceOptions extends SegregationInputOptions {
  /** Index to test (default 'dissimilarity'). */
  index?: SingleGroupIndex;
  /** Number of simulated tables (default 500, as PySAL). */
  iterations?: number;
  /** Seed for `createRandom` (default 0): same seed, same result on every runtime. */
  seed?: number;
  /** Atkinson b when `index` is 'atkinson' (default 0.5). */
  atkinsonB?: number;
}

function indexFn(opts?: InferenceOptions): (x: Float64Array, t: Float64Array) => number {
  const index = opts?.index ?? 'dissimilarity';
  if (typeof index === 'function') return index;
  const f = SINGLE_GROUP_INDEX_FUNCTIONS[index];
  if (!f) throw new CohesionError('INVALID_ARGUMENT', `unknown index "${index}"`, { value: index });
  const o = { atkinsonB: opts?.atkinsonB ?? 0.5, iterations: undefined, seed: opts?.seed ?? 0 };
  return (x, t) => f(x, t, o);
}

function prepare(group: ArrayLike<number>, total: ArrayLike<number>, opts?: InferenceOptions) {
  checkSingleGroupDefined(group, total, opts);
  requireWholeCounts(group, total);
  const iterations = opts?.iterations ?? 500;
  checkIterations(iterations);
  return {
    x: Float64Array.from(group),
    t: Float64Array.from(total),
    iterations,
    rng: createRandom(opts?.seed ?? 0),
    index: indexFn(opts),
  };
}

/** Also on the segregation entry point (confidence intervals); the one copy is in `stats/summary`. */
export { quantileSorted };

/** Draws the group and rest of every area again; `x*`, `t*` are written in place. */
type Simulator = (rng: Random, xs: Float64Array, ts: Float64Array) => void;

function simulatorFor(
  kind: 'systematic' | 'evenness' | 'bootstrap' | 'personPermutation' | 'persons',
  x: Float64Array,
  t: Float64Array,
): Simulator {
  const n = t.length;
  const [X, T] = groupAndTotal(x, t);
  const Y = T - X;
  const rest = t.map((ti, i) => ti - x[i]!);
  const ys = new Float64Array(n);
  switch (kind) {
    case 'systematic':
      // Allen et al. (2015): both groups spread over areas in proportion to the area totals.
      return (rng, xs, ts) => {
        sampleMultinomial(rng, X, t, T, xs);
        sampleMultinomial(rng, Y, t, T, ys);
        for (let i = 0; i < n; i++) ts[i] = xs[i]! + ys[i]!;
      };
    case 'evenness':
      // Area totals fixed; each person is in the group with probability P.
      return (rng, xs, ts) => {
        for (let i = 0; i < n; i++) {
          ts[i] = t[i]!;
          xs[i] = sampleBinomial(rng, t[i]!, X / T);
        }
      };
    case 'bootstrap':
      // Areas resampled with replacement (PySAL `simulate_bootstrap_resample`).
      return (rng, xs, ts) => {
        for (let i = 0; i < n; i++) {
          const j = rng.int(n);
          xs[i] = x[j]!;
          ts[i] = t[j]!;
        }
      };
    case 'personPermutation':
      // Group labels shuffled among all people, area totals and X fixed (multivariate
      // hypergeometric; R's r2dtable, PySAL `simulate_person_permutation`).
      return (rng, xs, ts) => {
        let left = T;
        let groupLeft = X;
        for (let i = 0; i < n; i++) {
          const d = sampleHypergeometric(rng, left, groupLeft, t[i]!);
          xs[i] = d;
          ts[i] = t[i]!;
          left -= t[i]!;
          groupLeft -= d;
        }
      };
    case 'persons': {
      // Elbers' bootstrap: people resampled with replacement = Multinomial over the 2n cells.
      const cells = new Float64Array(2 * n);
      const w = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) {
        w[2 * i] = x[i]!;
        w[2 * i + 1] = rest[i]!;
      }
      return (rng, xs, ts) => {
        sampleMultinomial(rng, T, w, T, cells);
        for (let i = 0; i < n; i++) {
          xs[i] = cells[2 * i]!;
          ts[i] = cells[2 * i]! + cells[2 * i + 1]!;
        }
      };
    }
  }
}

function simulate(
  sim: Simulator,
  index: (x: Float64Array, t: Float64Array) => number,
  n: number,
  iterations: number,
  rng: Random,
): Float64Array {
  const xs = new Float64Array(n);
  const ts = new Float64Array(n);
  const out = new Float64Array(iterations);
  let done = 0;
  let tries = 0;
  while (done < iterations) {
    sim(rng, xs, ts);
    const [Xs, Ts] = groupAndTotal(xs, ts);
    // A draw with no group members (or nobody else) has no defined index: draw again.
    if (Xs === 0 || Xs === Ts) {
      if (++tries > 100 * iterations) {
        throw new CohesionError(
          'INVALID_ARGUMENT',
          'simulation keeps drawing an empty group: population too small',
        );
      }
      continue;
    }
    out[done++] = index(xs, ts);
  }
  return out;
}

/** Bootstrap standard error and percentile confidence interval of an index. */
export interface BootstrapResult {
  /** The index on the data. */
  estimate: number;
  /** Mean of the bootstrap replicates. */
  mean: number;
  /** Bootstrap standard error (sd of the replicates, n − 1). */
  standardError: number;
  /** Bias = mean − estimate (segregation indices are biased upwards in small areas). */
  bias: number;
  /** Bias-corrected estimate 2·estimate − mean (Elbers' `se = TRUE` convention). */
  biasCorrected: number;
  /** Percentile interval [q((1−level)/2), q((1+level)/2)] of the replicates (R type-7 quantiles). */
  ci: [number, number];
  level: number;
  iterations: number;
  seed: number;
  replicates: Float64Array;
}

/**
 * Bootstrap of a single-group index, seeded. `resample: 'persons'` (default) draws T people with
 * replacement from the group × area cells — Multinomial(T, cell shares), as elbersb/segregation's
 * `se = TRUE`; `'areas'` resamples areas with replacement, as PySAL's bootstrap.
 */
export function bootstrapIndex(
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: InferenceOptions & { resample?: 'persons' | 'areas'; level?: number },
): BootstrapResult {
  const p = prepare(group, total, opts);
  const level = opts?.level ?? 0.95;
  if (!(level > 0 && level < 1)) {
    throw new CohesionError('INVALID_ARGUMENT', `level must be in (0, 1), got ${level}`, { value: level });
  }
  const sim = simulatorFor(opts?.resample === 'areas' ? 'bootstrap' : 'persons', p.x, p.t);
  const replicates = simulate(sim, p.index, p.t.length, p.iterations, p.rng);
  const estimate = p.index(p.x, p.t);
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
    iterations: p.iterations,
    seed: opts?.seed ?? 0,
    replicates,
  };
}

/** Null hypotheses of {@link singleValueTest} (PySAL `SingleValueTest` names in camelCase). */
export type SingleValueNull = 'systematic' | 'evenness' | 'bootstrap' | 'personPermutation';

/** Result of a simulation test. */
export interface SimulationTestResult {
  /** The index on the data (or the difference, for two-value tests). */
  statistic: number;
  /** Simulated values under the null. */
  simulated: Float64Array;
  /** Pseudo p-value (see the test's documentation). */
  pValue: number;
  /** Mean and standard deviation (n − 1) of the simulated values. */
  mean: number;
  sd: number;
  /** (statistic − mean) / sd. */
  z: number;
  iterations: number;
  seed: number;
}

/**
 * Tests an index against a null of no segregation, as PySAL's `SingleValueTest`:
 * `systematic` (Allen et al. 2015: group and rest each Multinomial over areas ∝ tᵢ),
 * `evenness` (xᵢ* ~ Binomial(tᵢ, P), totals fixed), `bootstrap` (areas resampled with replacement)
 * or `personPermutation` (labels shuffled among people, totals fixed). Two-tailed p (default):
 * 2·min(#{sim > stat}, #{sim < stat}) / N; one-tailed: #{sim > stat} / N — PySAL's formulas.
 */
export function singleValueTest(
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: InferenceOptions & { null?: SingleValueNull; twoTailed?: boolean },
): SimulationTestResult {
  const p = prepare(group, total, opts);
  const kind = opts?.null ?? 'systematic';
  if (!['systematic', 'evenness', 'bootstrap', 'personPermutation'].includes(kind)) {
    throw new CohesionError('INVALID_ARGUMENT', `unknown null "${kind}"`, { value: kind });
  }
  const simulated = simulate(simulatorFor(kind, p.x, p.t), p.index, p.t.length, p.iterations, p.rng);
  const statistic = p.index(p.x, p.t);
  return summarise(statistic, simulated, opts?.twoTailed ?? true, opts?.seed ?? 0);
}

function summarise(statistic: number, simulated: Float64Array, twoTailed: boolean, seed: number) {
  let above = 0;
  let below = 0;
  for (const v of simulated) {
    if (v > statistic) above++;
    else if (v < statistic) below++;
  }
  const N = simulated.length;
  const pValue = twoTailed ? (2 * Math.min(above, below)) / N : above / N;
  const { mean, sd } = meanSd(simulated);
  return { statistic, simulated, pValue, mean, sd, z: (statistic - mean) / sd, iterations: N, seed };
}

/** Null hypotheses of {@link twoValueTest}. */
export type TwoValueNull = 'randomLabel' | 'bootstrap';

/** Group and total counts of one place or period. */
export interface GroupCounts {
  group: ArrayLike<number>;
  total: ArrayLike<number>;
}

/**
 * Is the index different in two places or periods? As PySAL's `TwoValueTest`:
 * `randomLabel` pools the areas of both, reassigns them at random to two sets of the original
 * sizes, and records I(set 1) − I(set 2); two-tailed p = 2·min(#{sim > d}, #{sim < d}) / N.
 * `bootstrap` resamples the areas of each with replacement and records I₁* − I₂*; two-tailed
 * p = 2·min(#{diff ≤ 0}, #{diff ≥ 0}) / N (how often the bootstrap difference changes sign).
 */
export function twoValueTest(
  a: GroupCounts,
  b: GroupCounts,
  opts?: InferenceOptions & { null?: TwoValueNull },
): SimulationTestResult {
  const pa = prepare(a.group, a.total, opts);
  const pb = prepare(b.group, b.total, opts);
  const rng = pa.rng;
  const index = pa.index;
  const iterations = pa.iterations;
  const statistic = index(pa.x, pa.t) - index(pb.x, pb.t);
  const na = pa.t.length;
  const nb = pb.t.length;
  const simulated = new Float64Array(iterations);
  const kind = opts?.null ?? 'randomLabel';
  if (kind === 'randomLabel') {
    const px = new Float64Array(na + nb);
    const pt = new Float64Array(na + nb);
    px.set(pa.x);
    px.set(pb.x, na);
    pt.set(pa.t);
    pt.set(pb.t, na);
    const order = Int32Array.from({ length: na + nb }, (_, i) => i);
    const xa = new Float64Array(na);
    const ta = new Float64Array(na);
    const xb = new Float64Array(nb);
    const tb = new Float64Array(nb);
    let done = 0;
    let tries = 0;
    while (done < iterations) {
      rng.shuffle(order);
      for (let i = 0; i < na; i++) {
        xa[i] = px[order[i]!]!;
        ta[i] = pt[order[i]!]!;
      }
      for (let i = 0; i < nb; i++) {
        xb[i] = px[order[na + i]!]!;
        tb[i] = pt[order[na + i]!]!;
      }
      const [Xa, Ta] = groupAndTotal(xa, ta);
      const [Xb, Tb] = groupAndTotal(xb, tb);
      if (Xa === 0 || Xa === Ta || Xb === 0 || Xb === Tb) {
        if (++tries > 100 * iterations)
          throw new CohesionError('INVALID_ARGUMENT', 'too few areas to relabel');
        continue;
      }
      simulated[done++] = index(xa, ta) - index(xb, tb);
    }
    return summarise(statistic, simulated, true, opts?.seed ?? 0);
  }
  if (kind !== 'bootstrap')
    throw new CohesionError('INVALID_ARGUMENT', `unknown null "${kind}"`, { value: kind });
  const simA = simulate(simulatorFor('bootstrap', pa.x, pa.t), index, na, iterations, rng);
  const simB = simulate(simulatorFor('bootstrap', pb.x, pb.t), index, nb, iterations, rng);
  let le = 0;
  let ge = 0;
  for (let i = 0; i < iterations; i++) {
    const d = simA[i]! - simB[i]!;
    simulated[i] = d;
    if (d <= 0) le++;
    if (d >= 0) ge++;
  }
  const { mean, sd } = meanSd(simulated);
  return {
    statistic,
    simulated,
    pValue: Math.min(1, (2 * Math.min(le, ge)) / iterations),
    mean,
    sd,
    z: mean / sd,
    iterations,
    seed: opts?.seed ?? 0,
  };
}
