import { CohesionError } from '../../errors.js';
import { DEFAULT_SEED } from '../../stats/defaults.js';
import { inAreaOrder } from '../../validate/align.js';
import type { KernelFunction } from '../../weights/distance.js';
import {
  DEFAULT_SINGLE_GROUP_INDICES,
  MULTIGROUP_INDEX_FUNCTIONS,
  SINGLE_GROUP_INDEX_FUNCTIONS,
} from '../batch.js';
import {
  checkMultiGroupDefined,
  checkSingleGroupDefined,
  type GroupTable,
  type SegregationInputOptions,
} from '../input.js';
import {
  type EnvironmentPoints,
  environmentPair,
  type LocalEnvironmentOptions,
  localEnvironmentFromWeights,
  localEnvironmentWeights,
  singleCountsInOrder,
  tableInOrder,
} from './environment.js';

/** A single-group index formula of (group, total) per area. */
export type SingleGroupFormula = (x: ArrayLike<number>, t: ArrayLike<number>) => number;
/** A multigroup index formula of a row-major n × k table. */
export type MultiGroupFormula = (counts: ArrayLike<number>, k: number) => number;

/**
 * The aspatial single-group formulas that have spatially implicit versions, by the key used in CLI
 * output: the segregation module's deterministic indices (`DEFAULT_SINGLE_GROUP_INDICES` through
 * `SINGLE_GROUP_INDEX_FUNCTIONS`; Atkinson with b = 0.5). The simulation-based indices need whole
 * counts and are left out (environment sums are not whole numbers).
 */
export const SPATIAL_SINGLE_GROUP_FORMULAS: Readonly<Record<string, SingleGroupFormula>> = Object.fromEntries(
  DEFAULT_SINGLE_GROUP_INDICES.map((name) => {
    const f = SINGLE_GROUP_INDEX_FUNCTIONS[name];
    const o = { atkinsonB: 0.5, replicates: undefined, seed: DEFAULT_SEED };
    const formula: SingleGroupFormula = (x, t) =>
      f(
        x instanceof Float64Array ? x : Float64Array.from(x),
        t instanceof Float64Array ? t : Float64Array.from(t),
        o,
      );
    return [name, formula];
  }),
);

/**
 * The aspatial multigroup formulas (from `segregation/multigroup`) by CLI key (`MULTIGROUP_INDICES`):
 * the batch's own table (`MULTIGROUP_INDEX_FUNCTIONS`), so both name the same formulas.
 */
export const SPATIAL_MULTI_GROUP_FORMULAS: Readonly<Record<string, MultiGroupFormula>> =
  MULTIGROUP_INDEX_FUNCTIONS;

/** One step of a multiscalar profile. */
export interface ProfileStep {
  /** Bandwidth in metres. */
  distance: number;
  /** Index values on the local environments at that distance, by key. */
  indices: Record<string, number>;
}

/** Options for the multiscalar profiles. */
export interface ProfileOptions extends SegregationInputOptions {
  /** Bandwidths in metres, e.g. [250, 500, 1000, 2000, 5000]. */
  distances: readonly number[];
  /** Kernel (default triangular). */
  kernel?: KernelFunction;
  /** Round environments as PySAL does (default false). */
  round?: boolean;
  /** Which indices (keys of the formula registries); default all. */
  indices?: readonly string[];
}

function pickFormulas<F>(registry: Readonly<Record<string, F>>, names?: readonly string[]): [string, F][] {
  if (!names) return Object.entries(registry);
  return names.map((name) => {
    const f = registry[name];
    if (!f) {
      throw new CohesionError(
        'INVALID_ARGUMENT',
        `unknown index "${name}" (use ${Object.keys(registry).join(', ')})`,
        { value: name },
      );
    }
    return [name, f];
  });
}

function checkDistances(distances: readonly number[]): void {
  if (distances.length === 0) {
    throw new CohesionError('INVALID_ARGUMENT', 'a profile needs at least one distance', { value: [] });
  }
  for (const d of distances) {
    if (!(d > 0) || !Number.isFinite(d)) {
      throw new CohesionError('INVALID_ARGUMENT', `profile distances must be > 0 metres, got ${d}`, {
        value: d,
      });
    }
  }
}

/**
 * Multiscalar segregation profile of one group (Reardon et al. 2008; PySAL
 * `compute_segregation_profile`): for each bandwidth d, every area's (group, total) is replaced by
 * its local environment ({@link localEnvironmentWeights}: kernel within d metres) and the aspatial
 * formulas are evaluated on those environments. Returns a series ready to plot. One kdbush radius
 * query per distance; the aspatial formulas are the segregation module's own.
 * Row order: counts in the areas' order, else checked or matched by code via `ids` / `reorder`.
 */
export function singleGroupProfile(
  p: EnvironmentPoints,
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts: ProfileOptions,
): ProfileStep[] {
  ({ group, total, opts } = singleCountsInOrder(p, group, total, opts, checkSingleGroupDefined));
  checkDistances(opts.distances);
  const formulas = pickFormulas(SPATIAL_SINGLE_GROUP_FORMULAS, opts.indices);
  return opts.distances.map((distance) => {
    const env = environmentAt(p, distance, opts);
    const e = environmentPair(env, group, total, opts.round);
    const indices: Record<string, number> = {};
    for (const [name, f] of formulas) indices[name] = f(e.group, e.total);
    return { distance, indices };
  });
}

/**
 * Single-group profiles of several groups at once (each group against the rest of `total`), sharing
 * one set of environment weights per distance: `{ group name: ProfileStep[] }`.
 * Row order: counts in the areas' order, else checked or matched by code via `ids` / `reorder`.
 */
export function singleGroupProfiles(
  p: EnvironmentPoints,
  groups: Readonly<Record<string, ArrayLike<number>>>,
  total: ArrayLike<number>,
  opts: ProfileOptions,
): Record<string, ProfileStep[]> {
  const names = Object.keys(groups);
  if (opts.ids !== undefined) {
    // Every group column and the total go through the same row-order check and permutation.
    const { columns, options } = inAreaOrder(p.ids, opts, [total, ...names.map((k) => groups[k]!)]);
    total = columns[0]!;
    groups = Object.fromEntries(names.map((k, j) => [k, columns[j + 1]!]));
    opts = options;
  }
  if (names.length === 0) throw new CohesionError('EMPTY_INPUT', 'no groups given for the profiles');
  for (const name of names) {
    const g = groups[name]!;
    checkSingleGroupDefined(g, total, { ids: p.ids, ...opts, groupColumn: name });
    if (g.length !== p.ids.length) {
      throw new CohesionError('LENGTH_MISMATCH', `${name} has ${g.length} values for ${p.ids.length} areas`, {
        column: name,
        value: [g.length, p.ids.length],
      });
    }
  }
  checkDistances(opts.distances);
  const formulas = pickFormulas(SPATIAL_SINGLE_GROUP_FORMULAS, opts.indices);
  const out: Record<string, ProfileStep[]> = {};
  for (const name of names) out[name] = [];
  for (const distance of opts.distances) {
    const env = environmentAt(p, distance, opts);
    for (const name of names) {
      const e = environmentPair(env, groups[name]!, total, opts.round);
      const indices: Record<string, number> = {};
      for (const [key, f] of formulas) indices[key] = f(e.group, e.total);
      out[name]!.push({ distance, indices });
    }
  }
  return out;
}

/**
 * Multiscalar profile of a multigroup table (k exhaustive groups per area): the multigroup formulas
 * on the local environments at each distance (see {@link singleGroupProfile}).
 * Row order: counts in the areas' order, else checked or matched by code via `ids` / `reorder`.
 */
export function multiGroupProfile(
  p: EnvironmentPoints,
  table: GroupTable,
  opts: ProfileOptions,
): ProfileStep[] {
  ({ table, opts } = tableInOrder(p, table, opts, checkMultiGroupDefined));
  checkDistances(opts.distances);
  const formulas = pickFormulas(SPATIAL_MULTI_GROUP_FORMULAS, opts.indices);
  return opts.distances.map((distance) => {
    const env = environmentAt(p, distance, opts);
    const counts = localEnvironmentFromWeights(env, table.counts, table.k, { round: opts.round });
    const indices: Record<string, number> = {};
    for (const [name, f] of formulas) indices[name] = f(counts, table.k);
    return { distance, indices };
  });
}

function environmentAt(p: EnvironmentPoints, distance: number, opts: ProfileOptions) {
  const o: LocalEnvironmentOptions = { distance };
  if (opts.kernel !== undefined) o.kernel = opts.kernel;
  return localEnvironmentWeights(p, o);
}

/**
 * Spatially implicit version of one single-group formula at one bandwidth (PySAL e.g.
 * `Dissim(gdf, group, total, distance=2000)`): the formula on the local environments.
 * Row order: counts in the areas' order, else checked or matched by code via `ids` / `reorder`.
 */
export function spatialSingleGroupIndex(
  formula: SingleGroupFormula,
  p: EnvironmentPoints,
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts: LocalEnvironmentOptions & SegregationInputOptions,
): number {
  ({ group, total, opts } = singleCountsInOrder(p, group, total, opts, checkSingleGroupDefined));
  const e = environmentPair(localEnvironmentWeights(p, opts), group, total, opts.round);
  return formula(e.group, e.total);
}

/**
 * Spatially implicit version of one multigroup formula at one bandwidth.
 * Row order: counts in the areas' order, else checked or matched by code via `ids` / `reorder`.
 */
export function spatialMultiGroupIndex(
  formula: MultiGroupFormula,
  p: EnvironmentPoints,
  table: GroupTable,
  opts: LocalEnvironmentOptions & SegregationInputOptions,
): number {
  ({ table, opts } = tableInOrder(p, table, opts, checkMultiGroupDefined));
  const w = localEnvironmentWeights(p, opts);
  return formula(localEnvironmentFromWeights(w, table.counts, table.k, { round: opts.round }), table.k);
}
