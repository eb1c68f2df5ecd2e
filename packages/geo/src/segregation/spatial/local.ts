import { CohesionError } from '../../errors.js';
import { inAreaOrder, tableInAreaOrder } from '../../validate/align.js';
import { knnWeights } from '../../weights/distance.js';
import {
  checkMultiGroup,
  checkSingleGroup,
  type GroupTable,
  type SegregationInputOptions,
} from '../input.js';
import {
  type LocalResult,
  localDiversity,
  localEntropy,
  localSimpsonsConcentration,
  localSimpsonsInteraction,
} from '../local.js';
import { marginals } from '../multigroup/marginals.js';
import type { SpatialAreas } from './areas.js';
import { relativeCentralizationOf } from './centralization.js';
import { type EnvironmentPoints, type LocalEnvironmentOptions, localEnvironment } from './environment.js';

/**
 * Local distortion coefficients (Olteanu, Randon-Furling & Clark 2019, "Segregation through the
 * multiscalar lens"; PySAL `LocalDistortion`): for each area i, the areas are taken in order of
 * distance from i (i first) and, at every step s, the Kullback–Leibler divergence
 * KL(q_s ‖ r) = Σ_m q_sm ln(q_sm / r_m) of the cumulative composition q_s from the overall
 * composition r is computed; the coefficient is Σ_s KL(q_s ‖ r) (natural log; steps whose
 * cumulative population is still 0 add nothing). High = the area sits in a large, distinctive
 * neighbourhood. Exact definition: O(n² log n + n² k) time and O(n) memory per area, so it suits a
 * council or a city region (thousands of areas), not all of England.
 * Row order: counts in the areas' order, else checked or matched by code via `ids` / `reorder`.
 */
export function localDistortion(
  p: EnvironmentPoints,
  table: GroupTable,
  opts?: SegregationInputOptions,
): LocalResult {
  ({ table, options: opts } = tableInAreaOrder(p.ids, opts, table));
  const s = checkMultiGroup(table, { ids: p.ids, ...opts });
  const { counts, k } = table;
  const n = p.ids.length;
  if (counts.length !== n * k) {
    throw new CohesionError('LENGTH_MISMATCH', `the table has ${counts.length / k} rows for ${n} areas`, {
      value: [counts.length / k, n],
    });
  }
  const { groupTotals, total } = marginals(counts, k);
  const r = Float64Array.from(groupTotals, (g) => g / total);
  const values = new Float64Array(n);
  const order = new Int32Array(n);
  const d = new Float64Array(n);
  const cum = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const xi = p.xs[i]!;
    const yi = p.ys[i]!;
    for (let j = 0; j < n; j++) {
      order[j] = j;
      d[j] = Math.hypot(p.xs[j]! - xi, p.ys[j]! - yi);
    }
    // Order by distance, i itself first (even if another point coincides), ties by feature order.
    d[i] = -1;
    order.sort((a, b) => d[a]! - d[b]! || a - b);
    cum.fill(0);
    let ct = 0;
    let sum = 0;
    for (let step = 0; step < n; step++) {
      const o = order[step]! * k;
      for (let m = 0; m < k; m++) {
        cum[m] = cum[m]! + counts[o + m]!;
        ct += counts[o + m]!;
      }
      if (!(ct > 0)) continue;
      for (let m = 0; m < k; m++) {
        const q = cum[m]! / ct;
        if (q > 0) sum += q * Math.log(q / r[m]!);
      }
    }
    values[i] = sum;
  }
  return { values, droppedAreas: s.droppedAreas };
}

/**
 * Local relative centralisation (Folch & Rey 2016), PySAL `LocalRelativeCentralization`: for each
 * area i, the relative centralisation RCE of the group within the local context {i and its k
 * nearest neighbours (default 5, by representative point)} with i's point as the centre. NaN where
 * the context has no group members or nobody else (the index is 0/0 there).
 * Row order: counts in the areas' order, else checked or matched by code via `ids` / `reorder`.
 */
export function localRelativeCentralization(
  a: SpatialAreas,
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: SegregationInputOptions & { k?: number },
): LocalResult {
  ({
    columns: [group, total],
    options: opts,
  } = inAreaOrder(a.ids, opts, [group, total]));
  const s = checkSingleGroup(group, total, { ids: a.ids, ...opts });
  const k = opts?.k ?? 5;
  const w = knnWeights({ ids: a.ids, xs: a.xs, ys: a.ys }, k);
  const rest = new Float64Array(a.n);
  for (let i = 0; i < a.n; i++) rest[i] = total[i]! - group[i]!;
  const values = new Float64Array(a.n);
  for (let i = 0; i < a.n; i++) {
    const members = [...w.neighbors.subarray(w.offsets[i]!, w.offsets[i + 1]!), i];
    let X = 0;
    let Y = 0;
    for (const j of members) {
      X += group[j]!;
      Y += rest[j]!;
    }
    values[i] =
      X > 0 && Y > 0 ? relativeCentralizationOf(a, group, rest, [a.xs[i]!, a.ys[i]!], members) : Number.NaN;
  }
  return { values, droppedAreas: s.droppedAreas };
}

/** Multigroup local indices of each area's local environment. */
export interface LocalEnvironmentIndices {
  /** Local entropy Eᵢ / ln K of the environment (Reardon & O'Sullivan 2004). */
  entropy: LocalResult;
  /** Local diversity Eᵢ = −Σ π_im ln π_im of the environment. */
  diversity: LocalResult;
  /** Local Simpson's interaction Σ π_im (1 − π_im) of the environment. */
  simpsonsInteraction: LocalResult;
  /** Local Simpson's concentration Σ π_im² of the environment. */
  simpsonsConcentration: LocalResult;
  /**
   * Location quotients of the environment (row-major n × k): (env x_im / env tᵢ) / (X_m / T), the
   * environment's share of each group over the group's share of the whole population. NaN where
   * the environment is empty or X_m = 0.
   */
  locationQuotients: Float64Array;
  /** The environment table the indices were computed on. */
  environment: GroupTable;
}

/**
 * Multigroup local entropy, diversity, Simpson's interaction and concentration (the segregation
 * module's local formulas) and location quotients, computed on each area's local environment
 * (kernel-weighted counts within `distance` metres; see {@link localEnvironment}).
 * Row order: counts in the areas' order, else checked or matched by code via `ids` / `reorder`.
 */
export function localEnvironmentIndices(
  p: EnvironmentPoints,
  table: GroupTable,
  opts: LocalEnvironmentOptions & SegregationInputOptions,
): LocalEnvironmentIndices {
  ({ table, options: opts } = tableInAreaOrder(p.ids, opts, table));
  const environment = localEnvironment(p, table, opts);
  const { k } = table;
  const { groupTotals, total } = marginals(table.counts, k);
  const env = marginals(environment.counts, k);
  const lq = new Float64Array(environment.counts.length);
  for (let i = 0; i < p.ids.length; i++) {
    const ti = env.rowTotals[i]!;
    for (let m = 0; m < k; m++) {
      lq[i * k + m] =
        ti > 0 && groupTotals[m]! > 0
          ? environment.counts[i * k + m]! / ti / (groupTotals[m]! / total)
          : Number.NaN;
    }
  }
  return {
    entropy: localEntropy(environment),
    diversity: localDiversity(environment),
    simpsonsInteraction: localSimpsonsInteraction(environment),
    simpsonsConcentration: localSimpsonsConcentration(environment),
    locationQuotients: lq,
    environment,
  };
}
