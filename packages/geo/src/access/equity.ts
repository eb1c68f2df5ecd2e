import { CohesionError } from '../errors.js';
import { createRandom } from '../stats/random.js';
import { quantileSorted } from '../stats/summary.js';

/** A population-weighted mean of one measure for one group of people or areas. */
export interface GroupMean {
  group: string;
  /** People (weights) counted: those in areas where the measure is finite. */
  population: number;
  /** Number of areas contributing (weight > 0 and a finite value). */
  areas: number;
  /** Σ w_i x_i / Σ w_i over finite x_i; NaN when the group has no weight. */
  mean: number;
}

function checkLengths(n: number, arrays: Record<string, ArrayLike<unknown>>): void {
  for (const [name, a] of Object.entries(arrays)) {
    if (a.length !== n) {
      throw new CohesionError('LENGTH_MISMATCH', `${name} has ${a.length} values for ${n} areas`, {
        column: name,
        value: [a.length, n],
      });
    }
  }
}

function weightedMean(values: ArrayLike<number>, w: ArrayLike<number>, keep?: (i: number) => boolean) {
  let sw = 0;
  let swx = 0;
  let areas = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    const wi = w[i]!;
    if (!Number.isFinite(x) || !(wi > 0) || (keep && !keep(i))) continue;
    sw += wi;
    swx += wi * x;
    areas++;
  }
  return { population: sw, areas, mean: sw > 0 ? swx / sw : Number.NaN };
}

/**
 * Population-weighted mean of a per-area measure for each group, using the group's own counts
 * as weights: x̄_g = Σ_i n_gi x_i / Σ_i n_gi (e.g. the mean distance to a park experienced by
 * Pakistani residents, or — for a 0/1 flag — the share of the group meeting a standard). Areas
 * where the measure is not finite (no qualifying site at all) are left out and not counted.
 */
export function meanByPopulationGroup(
  values: ArrayLike<number>,
  groups: Readonly<Record<string, ArrayLike<number>>>,
): GroupMean[] {
  checkLengths(values.length, groups);
  return Object.entries(groups).map(([group, counts]) => ({ group, ...weightedMean(values, counts) }));
}

/**
 * Population-weighted mean of a measure within each class of areas (e.g. IMD decile 1…10):
 * x̄_c = Σ_{i∈c} w_i x_i / Σ_{i∈c} w_i. Areas whose class is null/undefined are skipped.
 * Classes come back sorted (numerically when all are numbers).
 */
export function meanByAreaClass(
  values: ArrayLike<number>,
  weights: ArrayLike<number>,
  classes: ArrayLike<string | number | null | undefined>,
): GroupMean[] {
  checkLengths(values.length, { weights, classes });
  const keys = [...new Set(Array.from(classes).filter((c) => c !== null && c !== undefined))] as (
    | string
    | number
  )[];
  keys.sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)),
  );
  return keys.map((k) => ({ group: String(k), ...weightedMean(values, weights, (i) => classes[i] === k) }));
}

/**
 * Minority share of each area: Σ of the `minorityGroups` counts / total. Errors: `ZERO_POPULATION`
 * for an area with total 0, `GROUP_EXCEEDS_TOTAL` when the minority count is above the total.
 */
export function minorityShare(
  groups: Readonly<Record<string, ArrayLike<number>>>,
  total: ArrayLike<number>,
  minorityGroups: readonly string[],
  ids?: readonly string[],
): Float64Array {
  if (minorityGroups.length === 0) throw new CohesionError('INVALID_ARGUMENT', 'no minority groups given');
  const n = total.length;
  const out = new Float64Array(n);
  for (const g of minorityGroups) {
    const c = groups[g];
    if (!c) {
      throw new CohesionError('MISSING_COLUMN', `minority group "${g}" is not among the group columns`, {
        column: g,
      });
    }
    checkLengths(n, { [g]: c });
    for (let i = 0; i < n; i++) out[i]! += c[i]!;
  }
  for (let i = 0; i < n; i++) {
    const t = total[i]!;
    const id = ids?.[i] ?? String(i);
    if (!(t > 0))
      throw new CohesionError('ZERO_POPULATION', `area "${id}" (row ${i}) has no population`, { row: i, id });
    if (out[i]! > t + 1e-9) {
      throw new CohesionError(
        'GROUP_EXCEEDS_TOTAL',
        `area "${id}" (row ${i}): minority ${out[i]} > total ${t}`,
        {
          row: i,
          id,
          value: out[i],
        },
      );
    }
    out[i] = out[i]! / t;
  }
  return out;
}

/** Options for {@link equityGap}. */
export interface EquityGapOptions {
  /** Bootstrap replicates (default 999). */
  replicates?: number;
  /** Seed for {@link createRandom} (default 12345): same seed, same interval on every runtime. */
  seed?: number;
  /** Confidence level of the percentile interval (default 0.95). */
  level?: number;
}

/** Focus-vs-rest comparison of one measure, with a bootstrap interval for the ratio. */
export interface EquityGap {
  focusMean: number;
  restMean: number;
  /** focusMean / restMean (NaN when restMean is 0 or either side is empty). */
  ratio: number;
  /** Percentile bootstrap interval of the ratio (NaN when the ratio is undefined). */
  lower: number;
  upper: number;
  focusAreas: number;
  restAreas: number;
  focusPopulation: number;
  restPopulation: number;
  replicates: number;
  seed: number;
  level: number;
}

/**
 * Gap ratio between focus areas (e.g. minority share ≥ 40%) and the rest: the ratio of their
 * population-weighted means, with a percentile bootstrap interval from resampling areas with
 * replacement within each side (stratified, so both sides keep their sizes). Areas with a
 * non-finite measure or zero weight are left out. Deterministic for a given `seed`.
 */
export function equityGap(
  values: ArrayLike<number>,
  weights: ArrayLike<number>,
  focus: ArrayLike<boolean | number>,
  options: EquityGapOptions = {},
): EquityGap {
  checkLengths(values.length, { weights, focus });
  const replicates = options.replicates ?? 999;
  const seed = options.seed ?? 12345;
  const level = options.level ?? 0.95;
  if (!(Number.isInteger(replicates) && replicates >= 1)) {
    throw new CohesionError('INVALID_ARGUMENT', `replicates must be a positive integer, got ${replicates}`);
  }
  if (!(level > 0 && level < 1))
    throw new CohesionError('INVALID_ARGUMENT', `level must be in (0, 1), got ${level}`);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!) || !(weights[i]! > 0)) continue;
    (focus[i] ? a : b).push(i);
  }
  const mean = (idx: ArrayLike<number>) => {
    let sw = 0;
    let swx = 0;
    for (let k = 0; k < idx.length; k++) {
      const i = idx[k]!;
      sw += weights[i]!;
      swx += weights[i]! * values[i]!;
    }
    return { sw, m: sw > 0 ? swx / sw : Number.NaN };
  };
  const fa = mean(a);
  const fb = mean(b);
  const ratio = a.length && b.length && fb.m !== 0 ? fa.m / fb.m : Number.NaN;
  let lower = Number.NaN;
  let upper = Number.NaN;
  if (Number.isFinite(ratio)) {
    const rnd = createRandom(seed);
    // Weights and weighted values of each side, packed so a resample is two sums over draws.
    const wa = Float64Array.from(a, (i) => weights[i]!);
    const xa = Float64Array.from(a, (i) => weights[i]! * values[i]!);
    const wb = Float64Array.from(b, (i) => weights[i]!);
    const xb = Float64Array.from(b, (i) => weights[i]! * values[i]!);
    const stats = new Float64Array(replicates);
    let kept = 0;
    for (let r = 0; r < replicates; r++) {
      let sw = 0;
      let swx = 0;
      for (let k = 0; k < wa.length; k++) {
        const j = rnd.int(wa.length);
        sw += wa[j]!;
        swx += xa[j]!;
      }
      const ma = swx / sw;
      sw = 0;
      swx = 0;
      for (let k = 0; k < wb.length; k++) {
        const j = rnd.int(wb.length);
        sw += wb[j]!;
        swx += xb[j]!;
      }
      const x = ma / (swx / sw);
      if (Number.isFinite(x)) stats[kept++] = x;
    }
    const s = stats.subarray(0, kept).sort();
    if (kept > 0) {
      lower = quantileSorted(s, (1 - level) / 2);
      upper = quantileSorted(s, 1 - (1 - level) / 2);
    }
  }
  return {
    focusMean: fa.m,
    restMean: fb.m,
    ratio,
    lower,
    upper,
    focusAreas: a.length,
    restAreas: b.length,
    focusPopulation: fa.sw,
    restPopulation: fb.sw,
    replicates,
    seed,
    level,
  };
}
