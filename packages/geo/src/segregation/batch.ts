import { CohesionError } from '../errors.js';
import { readIds } from '../geography/ids.js';
import {
  DEFAULT_EXPECTED_REPLICATES,
  DEFAULT_SEED,
  DEFAULT_SEGREGATION_REPLICATES,
} from '../stats/defaults.js';
import { checkInteger, checkName, MAX_REPLICATES } from '../validate/args.js';
import { checkTotalRow } from '../validate/totalrow.js';
import { dissimilarityExpectedValue } from './expected.js';
import { checkSingleGroup, type SegregationInputOptions } from './input.js';
import {
  diversityValue,
  informationTheoryValue,
  multiDissimilarityValue,
  multiGiniValue,
  mutualInformationValue,
  normalizedExposureValue,
  relativeDiversityValue,
  simpsonsConcentrationValue,
  simpsonsInteractionValue,
  squaredCoefficientOfVariationValue,
} from './multigroup/all.js';
import {
  atkinsonValue,
  biasCorrectedDissimilarityValue,
  checkAtkinsonB,
  concentrationProfileValue,
  correlationRatioValue,
  densityCorrectedDissimilarityValue,
  dissimilarityValue,
  entropyValue,
  exposureValue,
  giniValue,
  isolationValue,
  minMaxValue,
  modifiedDissimilarityValue,
  modifiedGiniValue,
} from './single/all.js';

/** Names of the single-group indices (the CLI's `--index` names and JSON keys). */
export const SINGLE_GROUP_INDICES = [
  'dissimilarity',
  'gini',
  'entropy',
  'isolation',
  'exposure',
  'correlationRatio',
  'atkinson',
  'minMax',
  'concentrationProfile',
  'densityCorrectedDissimilarity',
  'modifiedDissimilarity',
  'modifiedGini',
  'biasCorrectedDissimilarity',
  'dissimilarityExpected',
] as const;
/** A single-group index name (see {@link SINGLE_GROUP_INDICES}). */
export type SingleGroupIndexName = (typeof SINGLE_GROUP_INDICES)[number];

/** Names of the multigroup indices (the CLI's `--index` names and JSON keys). */
export const MULTIGROUP_INDICES = [
  'multiDissimilarity',
  'multiGini',
  'informationTheory',
  'mutualInformation',
  'simpsonsInteraction',
  'simpsonsConcentration',
  'normalizedExposure',
  'relativeDiversity',
  'squaredCoefficientOfVariation',
  'diversity',
  'normalizedDiversity',
  'divergence',
] as const;
/** A multigroup index name (see {@link MULTIGROUP_INDICES}). */
export type MultiGroupIndexName = (typeof MULTIGROUP_INDICES)[number];

/** Indices computed unless asked otherwise: every deterministic one (the simulated ones are opt-in). */
export const DEFAULT_SINGLE_GROUP_INDICES: readonly SingleGroupIndexName[] = SINGLE_GROUP_INDICES.filter(
  (n) =>
    n !== 'modifiedDissimilarity' &&
    n !== 'modifiedGini' &&
    n !== 'biasCorrectedDissimilarity' &&
    n !== 'dissimilarityExpected',
);

/** Options shared by {@link segregationIndices} and {@link segregationByGroup}. */
export interface SegregationIndexOptions {
  /** Which single-group indices (default {@link DEFAULT_SINGLE_GROUP_INDICES}). */
  single?: readonly SingleGroupIndexName[];
  /** Which multigroup indices (default all). Only computed when there are ≥ 2 groups or a rest. */
  multi?: readonly MultiGroupIndexName[];
  /** Atkinson shape parameter b (default 0.5). */
  atkinsonB?: number;
  /** Simulated tables R of the simulated indices (default 500 as PySAL; 100 for dissimilarityExpected, as Elbers). */
  replicates?: number;
  /** @deprecated use `replicates` (same meaning; read when `replicates` is absent). */
  iterations?: number;
  /** Seed of the simulated indices (default `DEFAULT_SEED`, 12345). */
  seed?: number;
}

/** A single-group formula with the options some indices need. */
export type SingleFn = (
  x: Float64Array,
  t: Float64Array,
  o: { atkinsonB: number; replicates: number | undefined; seed: number },
) => number;

const sim = (o: { replicates: number | undefined; seed: number }) => ({
  replicates: o.replicates ?? DEFAULT_SEGREGATION_REPLICATES,
  seed: o.seed,
});

/**
 * The formula behind each single-group index name (used by the batch and by inference): the
 * number-only kernels, unvalidated, for hot loops over data you have already checked, e.g.
 * `SINGLE_GROUP_INDEX_FUNCTIONS.gini(x, t, { atkinsonB: 0.5, iterations: undefined, seed: 0 })`.
 * Use the wrapper (`gini(group, total)`) for anything else: it validates and reports dropped areas.
 */
export const SINGLE_GROUP_INDEX_FUNCTIONS: Readonly<Record<SingleGroupIndexName, SingleFn>> = {
  dissimilarity: (x, t) => dissimilarityValue(x, t),
  gini: (x, t) => giniValue(x, t),
  entropy: (x, t) => entropyValue(x, t),
  isolation: (x, t) => isolationValue(x, t),
  exposure: (x, t) => exposureValue(x, t),
  correlationRatio: (x, t) => correlationRatioValue(x, t),
  atkinson: (x, t, o) => atkinsonValue(x, t, o.atkinsonB),
  minMax: (x, t) => minMaxValue(x, t),
  concentrationProfile: (x, t) => concentrationProfileValue(x, t),
  densityCorrectedDissimilarity: (x, t) => densityCorrectedDissimilarityValue(x, t),
  modifiedDissimilarity: (x, t, o) => modifiedDissimilarityValue(x, t, sim(o)),
  modifiedGini: (x, t, o) => modifiedGiniValue(x, t, sim(o)),
  biasCorrectedDissimilarity: (x, t, o) => biasCorrectedDissimilarityValue(x, t, sim(o)),
  // Elbers' default of 100 simulated tables unless replicates are given.
  dissimilarityExpected: (x, t, o) =>
    dissimilarityExpectedValue(x, t, {
      replicates: o.replicates ?? DEFAULT_EXPECTED_REPLICATES,
      seed: o.seed,
    }),
};

/**
 * The formula behind each multigroup index name (used by the batch and by inference): the
 * number-only kernels over a row-major n × k table, unvalidated, e.g.
 * `MULTIGROUP_INDEX_FUNCTIONS.multiDissimilarity(counts, k)`. The wrappers (`multiDissimilarity(table)`) validate.
 */
export const MULTIGROUP_INDEX_FUNCTIONS: Readonly<
  Record<MultiGroupIndexName, (c: ArrayLike<number>, k: number) => number>
> = {
  multiDissimilarity: multiDissimilarityValue,
  multiGini: multiGiniValue,
  informationTheory: informationTheoryValue,
  mutualInformation: mutualInformationValue,
  // (Key order is the column order of the multiscalar profiles, which list these entries.)
  normalizedExposure: normalizedExposureValue,
  relativeDiversity: relativeDiversityValue,
  squaredCoefficientOfVariation: squaredCoefficientOfVariationValue,
  simpsonsInteraction: simpsonsInteractionValue,
  simpsonsConcentration: simpsonsConcentrationValue,
  diversity: (c, k) => diversityValue(c, k),
  normalizedDiversity: (c, k) => diversityValue(c, k, true),
  divergence: mutualInformationValue,
};

/** A table of group counts with a total column, as read from a census CSV. */
export interface GroupCountsInput {
  /** One column of counts per group (each of length n). */
  groups: readonly ArrayLike<number>[];
  /** Group names, in column order (used in results and error messages). */
  groupNames: readonly string[];
  /** Total population of each area (≥ every group and ≥ their sum). */
  total: ArrayLike<number>;
  /** Area ids in row order (error messages name them). */
  ids?: readonly string[];
  /** Name of the total column, for error messages. */
  totalColumn?: string;
  /** Name of the code column `ids` came from, for error messages. */
  idColumn?: string;
  /** File the table came from, for error messages. */
  source?: string;
}

/** Indices of one place (one council, or the whole table). */
export interface PlaceIndices {
  /** Areas (rows) in the place. */
  areas: number;
  /** Number of areas with a total of 0 (they contribute nothing). */
  droppedAreas: number;
  /** Those areas' 0-based rows in the input table. */
  droppedRows: number[];
  /** Total population. */
  populationTotal: number;
  /** Each group's total, in group order. */
  groupTotals: Float64Array;
  /** Single-group indices: index name → value per group (NaN where the group is absent or is everyone). */
  single: Partial<Record<SingleGroupIndexName, Float64Array>>;
  /** Multigroup indices over the groups plus "rest" (total − Σ groups, when any area has some). */
  multi: Partial<Record<MultiGroupIndexName, number>>;
  /** Whether a "rest" column (total − Σ groups) was added for the multigroup indices. */
  restAdded: boolean;
}

function validateRows(input: GroupCountsInput): void {
  const k = input.groups.length;
  if (k === 0) throw new CohesionError('EMPTY_INPUT', 'no group columns given', {});
  if (input.groupNames.length !== k) {
    throw new CohesionError('LENGTH_MISMATCH', `${k} group columns but ${input.groupNames.length} names`, {
      value: [k, input.groupNames.length],
    });
  }
  const opts: SegregationInputOptions = {
    ...(input.ids ? { ids: input.ids } : {}),
    ...(input.totalColumn ? { totalColumn: input.totalColumn } : {}),
    ...(input.source ? { source: input.source } : {}),
  };
  // Codes key the rows: a repeated code would be counted twice (DUPLICATE_CODE, the one id rule).
  if (input.ids) {
    if (input.ids.length !== input.total.length)
      throw new CohesionError('LENGTH_MISMATCH', `${input.ids.length} ids for ${input.total.length} rows`, {
        value: [input.ids.length, input.total.length],
      });
    readIds(input.ids, {
      kind: 'row',
      column: input.idColumn ?? 'code',
      ...(input.source ? { source: input.source } : {}),
    });
  }
  // Each group against the total: row-level checks (negative, non-numeric, group > total, lengths).
  for (let m = 0; m < k; m++)
    checkSingleGroup(input.groups[m]!, input.total, { ...opts, groupColumn: input.groupNames[m]! });
  const n = input.total.length;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let m = 0; m < k; m++) s += input.groups[m]![i]!;
    // Allow rounding noise in non-integer inputs.
    if (s > input.total[i]! * (1 + 1e-12) + 1e-9) {
      const id = input.ids?.[i];
      throw new CohesionError(
        'GROUP_EXCEEDS_TOTAL',
        `the groups sum to ${s}, more than ${input.totalColumn ?? 'total'} (${input.total[i]}) at row ${i + 1}${id ? ` (${id})` : ''}`,
        {
          row: i,
          value: s,
          ...(id ? { id } : {}),
          ...(input.totalColumn ? { column: input.totalColumn } : {}),
        },
      );
    }
  }
  // A spreadsheet's "Total" row would count as one more area, as large as all the others.
  checkTotalRow(
    [
      { name: input.totalColumn ?? 'total', values: input.total },
      ...input.groups.map((g, m) => ({ name: input.groupNames[m]!, values: g })),
    ],
    { ...(input.ids ? { ids: input.ids } : {}), ...(input.source ? { source: input.source } : {}) },
  );
}

function resolve(opts?: SegregationIndexOptions) {
  const atkinsonB = opts?.atkinsonB ?? 0.5;
  checkAtkinsonB(atkinsonB);
  const single = opts?.single ?? DEFAULT_SINGLE_GROUP_INDICES;
  const multi = opts?.multi ?? MULTIGROUP_INDICES;
  // An unknown name is a typed error listing the valid ones, not a TypeError deep in the batch.
  for (const n of single) checkName(n, SINGLE_GROUP_INDICES, 'single-group index');
  for (const n of multi) checkName(n, MULTIGROUP_INDICES, 'multigroup index');
  const replicates = opts?.replicates ?? opts?.iterations;
  if (replicates !== undefined)
    checkInteger(replicates, opts?.replicates === undefined ? 'iterations' : 'replicates', 1, MAX_REPLICATES);
  return {
    single,
    multi,
    sim: { atkinsonB, replicates, seed: opts?.seed ?? DEFAULT_SEED },
  };
}

/**
 * Computes indices on columns already validated and laid out: `cols[m]` and `t` are views of one
 * place's rows, `table` its row-major counts with k' = k or k + 1 (rest) columns.
 */
function computePlace(
  cols: readonly Float64Array[],
  t: Float64Array,
  table: Float64Array,
  kk: number,
  restAdded: boolean,
  r: ReturnType<typeof resolve>,
  rowOf: (i: number) => number,
): PlaceIndices {
  const k = cols.length;
  let T = 0;
  const droppedRows: number[] = [];
  for (let i = 0; i < t.length; i++) {
    T += t[i]!;
    if (t[i] === 0) droppedRows.push(rowOf(i));
  }
  const groupTotals = new Float64Array(k);
  for (let m = 0; m < k; m++) {
    let X = 0;
    const c = cols[m]!;
    for (let i = 0; i < c.length; i++) X += c[i]!;
    groupTotals[m] = X;
  }
  const single: Partial<Record<SingleGroupIndexName, Float64Array>> = {};
  for (const name of r.single) {
    const out = new Float64Array(k);
    for (let m = 0; m < k; m++) {
      const X = groupTotals[m]!;
      out[m] = X > 0 && X < T ? SINGLE_GROUP_INDEX_FUNCTIONS[name](cols[m]!, t, r.sim) : Number.NaN;
    }
    single[name] = out;
  }
  const multi: Partial<Record<MultiGroupIndexName, number>> = {};
  let present = 0;
  const mt = new Float64Array(kk);
  for (let i = 0; i < t.length; i++) for (let m = 0; m < kk; m++) mt[m] = mt[m]! + table[i * kk + m]!;
  for (let m = 0; m < kk; m++) if (mt[m]! > 0) present++;
  if (kk >= 2) {
    for (const name of r.multi)
      multi[name] =
        present >= 2 ||
        name === 'diversity' ||
        name === 'simpsonsInteraction' ||
        name === 'simpsonsConcentration' ||
        name === 'normalizedDiversity'
          ? MULTIGROUP_INDEX_FUNCTIONS[name](table, kk)
          : Number.NaN;
  }
  return {
    areas: t.length,
    droppedAreas: droppedRows.length,
    droppedRows,
    populationTotal: T,
    groupTotals,
    single,
    multi,
    restAdded,
  };
}

function layout(input: GroupCountsInput, order: Int32Array | null) {
  const k = input.groups.length;
  const n = input.total.length;
  const at = (i: number) => (order ? order[i]! : i);
  const t = new Float64Array(n);
  const cols = input.groups.map(() => new Float64Array(n));
  let anyRest = false;
  for (let r = 0; r < n; r++) {
    const i = at(r);
    t[r] = input.total[i]!;
    let s = 0;
    for (let m = 0; m < k; m++) {
      const v = input.groups[m]![i]!;
      cols[m]![r] = v;
      s += v;
    }
    if (t[r]! - s > 1e-9 * Math.max(1, t[r]!)) anyRest = true;
  }
  const kk = anyRest ? k + 1 : k;
  const table = new Float64Array(n * kk);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let m = 0; m < k; m++) {
      table[r * kk + m] = cols[m]![r]!;
      s += cols[m]![r]!;
    }
    if (anyRest) table[r * kk + k] = Math.max(0, t[r]! - s);
  }
  return { t, cols, table, kk, anyRest };
}

/**
 * Every index for every group over one table: each group against the rest (total − group) and,
 * with two or more groups, the multigroup indices over the groups plus a "rest" column
 * (total − Σ groups) whenever some area has people outside the listed groups. Validates every row.
 */
export function segregationIndices(input: GroupCountsInput, opts?: SegregationIndexOptions): PlaceIndices {
  validateRows(input);
  const r = resolve(opts);
  const { t, cols, table, kk, anyRest } = layout(input, null);
  if (t.reduce((a, b) => a + b, 0) === 0) {
    throw new CohesionError('ZERO_POPULATION', `every area has a total of 0 (${t.length} rows)`, {});
  }
  return computePlace(cols, t, table, kk, anyRest, r, (i) => i);
}

/** Every index for every place of a table grouped by a column (e.g. every council). */
export interface SegregationByGroupResult {
  /** Place names (values of the `by` column), sorted. */
  places: string[];
  groupNames: string[];
  /** Indices of each place, in `places` order. */
  results: PlaceIndices[];
}

/**
 * Computes every index for every group in every place of a national table in one pass:
 * rows are bucketed by `by` with a counting sort, laid out once in place order, and each place's
 * indices run on zero-copy typed-array views of its rows. The "rest" column of the multigroup
 * indices is added for all places when any area in the table has people outside the groups.
 *
 * @param by the grouping value of each row (e.g. `LAD11NM`)
 */
export function segregationByGroup(
  input: GroupCountsInput,
  by: readonly string[],
  opts?: SegregationIndexOptions,
): SegregationByGroupResult {
  validateRows(input);
  const r = resolve(opts);
  const n = input.total.length;
  if (by.length !== n) {
    throw new CohesionError('LENGTH_MISMATCH', `grouping column has ${by.length} values, the table ${n}`, {
      value: [by.length, n],
    });
  }
  const codeOf = new Map<string, number>();
  const code = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const key = by[i]!;
    let c = codeOf.get(key);
    if (c === undefined) {
      c = codeOf.size;
      codeOf.set(key, c);
    }
    code[i] = c;
  }
  const places = [...codeOf.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rank = new Int32Array(places.length);
  places.forEach((p, j) => {
    rank[codeOf.get(p)!] = j;
  });
  // Counting sort of rows by place rank.
  const start = new Int32Array(places.length + 1);
  for (let i = 0; i < n; i++) start[rank[code[i]!]! + 1]!++;
  for (let j = 0; j < places.length; j++) start[j + 1] = start[j + 1]! + start[j]!;
  const fill = start.slice(0, places.length);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const j = rank[code[i]!]!;
    order[fill[j]!] = i;
    fill[j] = fill[j]! + 1;
  }
  const { t, cols, table, kk, anyRest } = layout(input, order);
  const results: PlaceIndices[] = [];
  for (let j = 0; j < places.length; j++) {
    const a = start[j]!;
    const b = start[j + 1]!;
    results.push(
      computePlace(
        cols.map((c) => c.subarray(a, b)),
        t.subarray(a, b),
        table.subarray(a * kk, b * kk),
        kk,
        anyRest,
        r,
        (i) => order[a + i]!,
      ),
    );
  }
  return { places, groupNames: [...input.groupNames], results };
}
