import { CohesionError } from '../errors.js';
import type { PermutationAlternative } from '../stats/permutation.js';
import type { ProgressCallback, ProgressOptions } from '../stats/progress.js';
import { createRandom, type Random } from '../stats/random.js';
import {
  type BootstrapSummary,
  bootstrapSummary,
  checkLevel,
  type SimulationSummary,
  simulateValues,
  summariseSimulation,
} from '../stats/simulation.js';
import { SINGLE_GROUP_INDEX_FUNCTIONS, type SingleGroupIndexName } from './batch.js';
import { checkSingleGroupDefined, type SegregationInputOptions } from './input.js';
import { sampleBinomial, sampleHypergeometric, sampleMultinomial } from './sampling.js';
import { replicateCount, requireWholeCounts, type SimulationOptions, seedOf } from './single/simulated.js';
import { groupAndTotal } from './single/totals.js';

/** Also on the segregation entry point (confidence intervals); the one copy is in `stats/summary`. */
export { quantileSorted } from '../stats/summary.js';

/** A single-group index: by name, or any `(x, t) => value` formula. */
export type SingleGroupIndex = SingleGroupIndexName | ((x: Float64Array, t: Float64Array) => number);

/**
 * Options shared by the inference functions: `replicates` (R simulated tables, default 500 as
 * PySAL; `iterations` is its deprecated alias) and `seed` (default `DEFAULT_SEED`, 12345).
 */
export interface InferenceOptions extends SegregationInputOptions, SimulationOptions {
  /** Index to test (default 'dissimilarity'). */
  index?: SingleGroupIndex;
  /** Atkinson b when `index` is 'atkinson' (default 0.5). */
  atkinsonB?: number;
}

/** Options of the simulation tests: the tail of the p-value, with the deprecated `twoTailed`. */
export interface TestOptions {
  /** Which tail `p_sim` measures (default `two-sided`); see `pseudoP`. */
  alternative?: PermutationAlternative;
  /** @deprecated use `alternative`: `true` is `two-sided`, `false` is `greater`. */
  twoTailed?: boolean;
}

/** The alternative of `opts`, reading the deprecated `twoTailed` when `alternative` is absent. */
export function testAlternative(opts?: TestOptions): PermutationAlternative {
  if (opts?.alternative !== undefined) return opts.alternative;
  return opts?.twoTailed === false ? 'greater' : 'two-sided';
}

function indexFn(opts?: InferenceOptions): (x: Float64Array, t: Float64Array) => number {
  const index = opts?.index ?? 'dissimilarity';
  if (typeof index === 'function') return index;
  const f = SINGLE_GROUP_INDEX_FUNCTIONS[index];
  if (!f) throw new CohesionError('INVALID_ARGUMENT', `unknown index "${index}"`, { value: index });
  const o = { atkinsonB: opts?.atkinsonB ?? 0.5, replicates: undefined, seed: seedOf(opts) };
  return (x, t) => f(x, t, o);
}

function prepare(group: ArrayLike<number>, total: ArrayLike<number>, opts?: InferenceOptions) {
  checkSingleGroupDefined(group, total, opts);
  requireWholeCounts(group, total);
  const R = replicateCount(opts);
  return {
    x: Float64Array.from(group),
    t: Float64Array.from(total),
    R,
    seed: seedOf(opts),
    rng: createRandom(seedOf(opts)),
    index: indexFn(opts),
  };
}

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

/** R values of `index` on tables drawn by `sim`; draws with an empty group (or nobody else) are redrawn. */
function simulate(
  sim: Simulator,
  index: (x: Float64Array, t: Float64Array) => number,
  n: number,
  R: number,
  rng: Random,
  onProgress?: ProgressCallback,
): Float64Array {
  const xs = new Float64Array(n);
  const ts = new Float64Array(n);
  return simulateValues(
    R,
    () => {
      sim(rng, xs, ts);
      const [Xs, Ts] = groupAndTotal(xs, ts);
      return Xs === 0 || Xs === Ts ? undefined : index(xs, ts);
    },
    'simulation keeps drawing an empty group: population too small',
    onProgress,
  );
}

/** Bootstrap standard error and percentile confidence interval of an index. */
export interface BootstrapResult extends BootstrapSummary {
  /** Number of bootstrap replicates R (historical name; equals `replicates.length`). */
  iterations: number;
  seed: number;
  /** The R bootstrap values of the index (this field predates the `replicates`-is-a-count vocabulary). */
  replicates: Float64Array;
}

/**
 * Bootstrap of a single-group index, seeded. `resample: 'persons'` (default) draws T people with
 * replacement from the group × area cells — Multinomial(T, cell shares), as elbersb/segregation's
 * `se = TRUE`; `'areas'` resamples areas with replacement, as PySAL's bootstrap. The summary
 * (SE, bias, bias-corrected 2·estimate − mean, R type-7 percentile interval) is the engine's
 * `bootstrapSummary`.
 */
export function bootstrapIndex(
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: InferenceOptions & ProgressOptions & { resample?: 'persons' | 'areas'; level?: number },
): BootstrapResult {
  const p = prepare(group, total, opts);
  const level = checkLevel(opts?.level);
  const sim = simulatorFor(opts?.resample === 'areas' ? 'bootstrap' : 'persons', p.x, p.t);
  const replicates = simulate(sim, p.index, p.t.length, p.R, p.rng, opts?.onProgress);
  return {
    ...bootstrapSummary(p.index(p.x, p.t), replicates, level),
    iterations: p.R,
    seed: p.seed,
    replicates,
  };
}

/** Null hypotheses of {@link singleValueTest} (PySAL `SingleValueTest` names in camelCase). */
export type SingleValueNull = 'systematic' | 'evenness' | 'bootstrap' | 'personPermutation';

/** Result of a simulation test: the engine's summary, with the run's count and seed. */
export interface SimulationTestResult extends SimulationSummary {
  /** @deprecated use `p_sim` (same value). */
  pValue: number;
  /** Number of simulated values R. */
  replicates: number;
  /** @deprecated use `replicates` (same value). */
  iterations: number;
  seed: number;
}

/** The engine's summary with the count, the seed and the deprecated aliases. */
export function testResult(summary: SimulationSummary, seed: number): SimulationTestResult {
  const R = summary.simulated.length;
  return { ...summary, pValue: summary.p_sim, replicates: R, iterations: R, seed };
}

/**
 * Tests an index against a null of no segregation, with PySAL's `SingleValueTest` nulls:
 * `systematic` (Allen et al. 2015: group and rest each Multinomial over areas ∝ tᵢ),
 * `evenness` (xᵢ* ~ Binomial(tᵢ, P), totals fixed), `bootstrap` (areas resampled with replacement)
 * or `personPermutation` (labels shuffled among people, totals fixed). The p-value is the engine's
 * (k+1)/(R+1) (`pseudoP`; two-sided by default), never 0 — PySAL's 2·min(#{sim > stat},
 * #{sim < stat})/N can be; the simulated values themselves are PySAL's nulls.
 */
export function singleValueTest(
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: InferenceOptions & TestOptions & { null?: SingleValueNull },
): SimulationTestResult {
  const p = prepare(group, total, opts);
  const kind = opts?.null ?? 'systematic';
  if (!['systematic', 'evenness', 'bootstrap', 'personPermutation'].includes(kind)) {
    throw new CohesionError('INVALID_ARGUMENT', `unknown null "${kind}"`, { value: kind });
  }
  const simulated = simulate(simulatorFor(kind, p.x, p.t), p.index, p.t.length, p.R, p.rng);
  const statistic = p.index(p.x, p.t);
  return testResult(summariseSimulation(statistic, simulated, testAlternative(opts)), p.seed);
}

/** Null hypotheses of {@link twoValueTest}. */
export type TwoValueNull = 'randomLabel' | 'bootstrap';

/** Group and total counts of one place or period. */
export interface GroupCounts {
  group: ArrayLike<number>;
  total: ArrayLike<number>;
}

/**
 * Is the index different in two places or periods? With PySAL's `TwoValueTest` nulls:
 * `randomLabel` pools the areas of both, reassigns them at random to two sets of the original
 * sizes, and records I(set 1) − I(set 2); p counts the simulated differences at least as extreme
 * as d. `bootstrap` resamples the areas of each with replacement and records I₁* − I₂*; p counts
 * how often the bootstrap difference reaches 0 (changes sign). Both use the engine's
 * (k+1)/(R+1) (`pseudoP`, two-sided by default), where PySAL divides 2·min(…) by N.
 */
export function twoValueTest(
  a: GroupCounts,
  b: GroupCounts,
  opts?: InferenceOptions & TestOptions & { null?: TwoValueNull },
): SimulationTestResult {
  const pa = prepare(a.group, a.total, opts);
  const pb = prepare(b.group, b.total, opts);
  const rng = pa.rng;
  const index = pa.index;
  const R = pa.R;
  const statistic = index(pa.x, pa.t) - index(pb.x, pb.t);
  const na = pa.t.length;
  const nb = pb.t.length;
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
    const simulated = simulateValues(
      R,
      () => {
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
        if (Xa === 0 || Xa === Ta || Xb === 0 || Xb === Tb) return undefined;
        return index(xa, ta) - index(xb, tb);
      },
      'too few areas to relabel',
    );
    return testResult(summariseSimulation(statistic, simulated, testAlternative(opts)), pa.seed);
  }
  if (kind !== 'bootstrap')
    throw new CohesionError('INVALID_ARGUMENT', `unknown null "${kind}"`, { value: kind });
  const simA = simulate(simulatorFor('bootstrap', pa.x, pa.t), index, na, R, rng);
  const simB = simulate(simulatorFor('bootstrap', pb.x, pb.t), index, nb, R, rng);
  const simulated = simA.map((v, i) => v - simB[i]!);
  // Tails counted from 0: how often the bootstrap difference reaches or crosses no change.
  return testResult(summariseSimulation(statistic, simulated, testAlternative(opts), 0), pa.seed);
}
