import { CohesionError } from '../errors.js';
import { DEFAULT_EXPECTED_REPLICATES } from '../stats/defaults.js';
import { type ProgressOptions, progressTicker } from '../stats/progress.js';
import { createRandom } from '../stats/random.js';
import { bootstrapSummary, checkLevel } from '../stats/simulation.js';
import { meanSd } from '../stats/summary.js';
import { MULTIGROUP_INDEX_FUNCTIONS, type MultiGroupIndexName } from './batch.js';
import type { ExpectedIndex } from './expected.js';
import type { BootstrapResult } from './inference.js';
import { checkMultiGroupDefined, type GroupTable, type SegregationInputOptions } from './input.js';
import { marginals } from './multigroup/marginals.js';
import { sampleHypergeometric, sampleMultinomial } from './sampling.js';
import { replicateCount, type SimulationOptions, seedOf } from './single/simulated.js';

/** A multigroup index: by name, or any `(counts, k) => value` formula. */
export type MultiGroupIndex = MultiGroupIndexName | ((counts: Float64Array, k: number) => number);

/**
 * Options of {@link bootstrapMultigroup} and {@link multigroupExpected}: `replicates` (R simulated
 * tables, default 100 as elbersb; `iterations` is its deprecated alias) and `seed` (default
 * `DEFAULT_SEED`, 12345).
 */
export interface MultiInferenceOptions extends SegregationInputOptions, SimulationOptions {
  /** Index (default 'mutualInformation'). */
  index?: MultiGroupIndex;
}

function prepareMulti(table: GroupTable, opts?: MultiInferenceOptions) {
  const s = checkMultiGroupDefined(table, opts);
  for (let c = 0; c < table.counts.length; c++) {
    if (!Number.isInteger(table.counts[c])) {
      const row = Math.floor(c / table.k);
      throw new CohesionError(
        'INVALID_ARGUMENT',
        `row ${row + 1}: simulation needs whole-number counts, got ${table.counts[c]}`,
        { row, column: String(c % table.k), value: table.counts[c] },
      );
    }
  }
  const R = replicateCount(opts, DEFAULT_EXPECTED_REPLICATES);
  const index = opts?.index ?? 'mutualInformation';
  const fn = typeof index === 'function' ? index : MULTIGROUP_INDEX_FUNCTIONS[index];
  if (!fn) throw new CohesionError('INVALID_ARGUMENT', `unknown index "${String(index)}"`, { value: index });
  const seed = seedOf(opts);
  return { s, R, seed, fn, rng: createRandom(seed) };
}

/**
 * Bootstrap of a multigroup index (default M), as elbersb `mutual_total(se = TRUE)`: each replicate
 * draws T people with replacement from the area × group cells (Multinomial(T, cell shares)). Reports the
 * SE, a percentile interval (R type-7 quantiles), the bias and the bias-corrected 2·est − mean.
 */
export function bootstrapMultigroup(
  table: GroupTable,
  opts?: MultiInferenceOptions & ProgressOptions & { level?: number },
): BootstrapResult {
  const { s, R, seed, fn, rng } = prepareMulti(table, opts);
  const level = checkLevel(opts?.level);
  const sim = new Float64Array(table.counts.length);
  const replicates = new Float64Array(R);
  const tick = progressTicker(R, opts?.onProgress);
  for (let b = 0; b < R; b++) {
    sampleMultinomial(rng, s.populationTotal, table.counts, s.populationTotal, sim);
    replicates[b] = fn(sim, table.k);
    tick(b + 1);
  }
  return {
    ...bootstrapSummary(fn(table.counts, table.k), replicates, level),
    iterations: R,
    seed,
    replicates,
  };
}

/** Expected value of a multigroup index when true segregation is zero. */
export type ExpectedMultigroup = ExpectedIndex;

/**
 * Expected multigroup index (default M) under no segregation, as elbersb `mutual_expected`
 * (fixed margins): the index over random tables with the data's area and group totals (R's
 * `r2dtable`; people's group labels shuffled among areas), drawn by sequential hypergeometrics.
 */
export function multigroupExpected(table: GroupTable, opts?: MultiInferenceOptions): ExpectedMultigroup {
  const { R, seed, fn, rng } = prepareMulti(table, opts);
  const { k, counts } = table;
  const { rowTotals, groupTotals, total } = marginals(counts, k);
  const n = rowTotals.length;
  const sim = new Float64Array(counts.length);
  const left = new Float64Array(k);
  const values = new Float64Array(R);
  for (let b = 0; b < R; b++) {
    left.set(groupTotals);
    let peopleLeft = total;
    for (let i = 0; i < n; i++) {
      // Area i takes tᵢ people from the pool: group by group, each a hypergeometric draw.
      let need = rowTotals[i]!;
      let pool = peopleLeft;
      for (let m = 0; m < k; m++) {
        const d = m === k - 1 ? need : sampleHypergeometric(rng, pool, left[m]!, need);
        sim[i * k + m] = d;
        pool -= left[m]!;
        left[m] = left[m]! - d;
        need -= d;
      }
      peopleLeft -= rowTotals[i]!;
    }
    values[b] = fn(sim, k);
  }
  const { mean, sd } = meanSd(values);
  return { expected: mean, standardError: sd, observed: fn(counts, k), replicates: R, iterations: R, seed };
}
