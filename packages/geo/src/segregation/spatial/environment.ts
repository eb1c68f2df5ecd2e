import { CohesionError } from '../../errors.js';
import { inAreaOrder, tableInAreaOrder } from '../../validate/align.js';
import type { SpatialWeights } from '../../weights/csr.js';
import { type KernelFunction, kernelWeights } from '../../weights/distance.js';
import {
  checkMultiGroup,
  checkSingleGroup,
  type GroupTable,
  type SegregationInputOptions,
} from '../input.js';

/** Points in BNG metres with ids — a {@link SpatialAreas} or the weights module's `WeightsPoints`. */
export interface EnvironmentPoints {
  readonly ids: readonly string[];
  readonly xs: ArrayLike<number>;
  readonly ys: ArrayLike<number>;
}

/** How a local environment ("egohood") is built around each area. */
export interface LocalEnvironmentOptions {
  /** Bandwidth in metres: areas whose points are within this distance contribute (PySAL `distance`). */
  distance: number;
  /** Kernel of z = d/h (PySAL `function`): triangular (default), uniform, quadratic, quartic, gaussian. */
  kernel?: KernelFunction;
  /**
   * Weight of the area's own counts. Default 1, as PySAL `segregation` (libpysal `fill_diagonal`
   * after the kernel), whatever the kernel's K(0).
   */
  selfWeight?: number;
  /**
   * Round environment counts to whole people (numpy's half-to-even) as PySAL `segregation` does
   * (`.round(0)`). Default false: exact weighted sums.
   */
  round?: boolean;
}

/** Kernel names accepted by {@link LocalEnvironmentOptions.kernel}. */
export const ENVIRONMENT_KERNELS: readonly KernelFunction[] = [
  'triangular',
  'uniform',
  'quadratic',
  'quartic',
  'gaussian',
];

function checkEnvironmentOptions(o: LocalEnvironmentOptions): void {
  if (!(o.distance > 0) || !Number.isFinite(o.distance)) {
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `local environment distance must be > 0 metres, got ${o.distance}`,
      { value: o.distance },
    );
  }
  if (o.kernel !== undefined && !ENVIRONMENT_KERNELS.includes(o.kernel)) {
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `unknown kernel "${o.kernel}" (use ${ENVIRONMENT_KERNELS.join(', ')})`,
      { value: o.kernel },
    );
  }
  if (o.selfWeight !== undefined && !(o.selfWeight >= 0 && Number.isFinite(o.selfWeight))) {
    throw new CohesionError('INVALID_ARGUMENT', `selfWeight must be finite and ≥ 0, got ${o.selfWeight}`, {
      value: o.selfWeight,
    });
  }
}

/**
 * The local-environment weights: libpysal `Kernel(bandwidth=distance, function=kernel)` on the area
 * points — w_ij = K(d_ij/h) for d_ij ≤ h, built by the weights module's {@link kernelWeights}
 * (kdbush radius query) — with the diagonal set to `selfWeight` (1), as PySAL `segregation`'s
 * `_build_local_environment` does with `fill_diagonal`.
 */
export function localEnvironmentWeights(p: EnvironmentPoints, opts: LocalEnvironmentOptions): SpatialWeights {
  checkEnvironmentOptions(opts);
  const w = kernelWeights(
    { ids: p.ids, xs: p.xs, ys: p.ys },
    { kernel: opts.kernel ?? 'triangular', bandwidth: opts.distance, includeSelf: true },
  );
  const self = opts.selfWeight ?? 1;
  const weights = Float64Array.from(w.weights);
  for (let i = 0; i < w.n; i++) {
    for (let q = w.offsets[i]!; q < w.offsets[i + 1]!; q++) if (w.neighbors[q] === i) weights[q] = self;
  }
  return { ...w, weights, original: weights };
}

/** numpy.round(v, 0): halves go to the even neighbour. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Spatial lag of a row-major n × k table: out[i, m] = Σⱼ w_ij counts[j, m] (the weights as given,
 * self links included). With `selfWeight`, any self link of `w` is replaced by it (and added when
 * the row has none), as `fill_diagonal`. This is how a weights object passed as PySAL's `w=`
 * becomes local environments.
 */
export function localEnvironmentFromWeights(
  w: SpatialWeights,
  counts: ArrayLike<number>,
  k: number,
  opts?: { selfWeight?: number; round?: boolean },
): Float64Array {
  if (counts.length !== w.n * k) {
    throw new CohesionError('LENGTH_MISMATCH', `counts has ${counts.length} values for ${w.n} areas × ${k}`, {
      value: [counts.length, w.n, k],
    });
  }
  const out = new Float64Array(w.n * k);
  const self = opts?.selfWeight;
  for (let i = 0; i < w.n; i++) {
    const oi = i * k;
    for (let q = w.offsets[i]!; q < w.offsets[i + 1]!; q++) {
      const j = w.neighbors[q]!;
      if (j === i && self !== undefined) continue;
      const c = w.weights[q]!;
      if (c === 0) continue;
      const oj = j * k;
      for (let m = 0; m < k; m++) out[oi + m] = out[oi + m]! + c * counts[oj + m]!;
    }
    if (self !== undefined && self !== 0) {
      for (let m = 0; m < k; m++) out[oi + m] = out[oi + m]! + self * counts[oi + m]!;
    }
  }
  if (opts?.round) for (let q = 0; q < out.length; q++) out[q] = roundHalfEven(out[q]!);
  return out;
}

/**
 * Local environments of a multigroup table (Reardon & O'Sullivan 2004; PySAL `segregation`'s
 * spatially implicit indices): each area's counts replaced by the kernel-weighted sum of the counts
 * of every area within `distance` metres (its own with weight 1). Feed the result to any aspatial
 * index formula to get its spatial version. Validates the table first (typed errors with the row).
 * Row order: counts in the areas' order, else checked or matched by code via `ids` / `reorder`.
 */
export function localEnvironment(
  p: EnvironmentPoints,
  table: GroupTable,
  opts: LocalEnvironmentOptions & SegregationInputOptions,
): GroupTable {
  ({ table, opts } = tableInOrder(p, table, opts));
  const w = localEnvironmentWeights(p, opts);
  return { counts: localEnvironmentFromWeights(w, table.counts, table.k, { round: opts.round }), k: table.k };
}

/**
 * Single-group local environments: the group and the total, each as kernel-weighted sums.
 * Row order: counts in the areas' order, else checked or matched by code via `ids` / `reorder`.
 */
export function localEnvironmentSingle(
  p: EnvironmentPoints,
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts: LocalEnvironmentOptions & SegregationInputOptions,
): { group: Float64Array; total: Float64Array } {
  ({ group, total, opts } = singleCountsInOrder(p, group, total, opts));
  const w = localEnvironmentWeights(p, opts);
  return environmentPair(w, group, total, opts.round);
}

/**
 * Single-group counts for the environment functions: the row-order check (`opts.ids`, `reorder`),
 * `check` (the plain count checks, or the stricter `checkSingleGroupDefined`) and one value per
 * point. Returns the counts and options in the points' order.
 */
export function singleCountsInOrder<O extends SegregationInputOptions>(
  p: EnvironmentPoints,
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts: O,
  check: (
    g: ArrayLike<number>,
    t: ArrayLike<number>,
    o: SegregationInputOptions,
  ) => unknown = checkSingleGroup,
): { group: ArrayLike<number>; total: ArrayLike<number>; opts: O } {
  const {
    columns: [g, t],
    options,
  } = inAreaOrder(p.ids, opts, [group, total]);
  check(g, t, { ids: p.ids, ...options });
  if (g.length !== p.ids.length) {
    throw new CohesionError('LENGTH_MISMATCH', `group has ${g.length} values for ${p.ids.length} areas`, {
      value: [g.length, p.ids.length],
    });
  }
  return { group: g, total: t, opts: options };
}

/** {@link singleCountsInOrder} for a multigroup table (`check`: `checkMultiGroup` or the stricter `checkMultiGroupDefined`). */
export function tableInOrder<O extends SegregationInputOptions>(
  p: EnvironmentPoints,
  table: GroupTable,
  opts: O,
  check: (t: GroupTable, o: SegregationInputOptions) => unknown = checkMultiGroup,
): { table: GroupTable; opts: O } {
  const r = tableInAreaOrder(p.ids, opts, table);
  check(r.table, { ids: p.ids, ...r.options });
  if (r.table.counts.length !== p.ids.length * r.table.k) {
    throw new CohesionError(
      'LENGTH_MISMATCH',
      `the table has ${r.table.counts.length / r.table.k} rows for ${p.ids.length} areas`,
      { value: [r.table.counts.length / r.table.k, p.ids.length] },
    );
  }
  return { table: r.table, opts: r.options };
}

/** Lags (group, total) through `w` in one pass. */
export function environmentPair(
  w: SpatialWeights,
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  round?: boolean,
): { group: Float64Array; total: Float64Array } {
  const both = new Float64Array(2 * w.n);
  for (let i = 0; i < w.n; i++) {
    both[2 * i] = group[i]!;
    both[2 * i + 1] = total[i]!;
  }
  const lag = localEnvironmentFromWeights(w, both, 2, { round });
  const g = new Float64Array(w.n);
  const t = new Float64Array(w.n);
  for (let i = 0; i < w.n; i++) {
    g[i] = lag[2 * i]!;
    t[i] = lag[2 * i + 1]!;
  }
  return { group: g, total: t };
}
