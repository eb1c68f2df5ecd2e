import { CohesionError } from '../errors.js';
import type { MissingValuePolicy } from '../validate/numbers.js';

/** Where the counts came from, so errors can name the column, the area id and the file. */
export interface SegregationInputOptions {
  /**
   * Area ids in row order; an error then names the id as well as the row. For the spatial indices
   * (that take areas, weights or points carrying their own ids) they are also the row-order check
   * (`rowOrder`): they must be the areas' ids in the same order (`ORDER_MISMATCH` naming the first
   * differing row otherwise), or are matched to the areas by code with `reorder: true`.
   */
  ids?: readonly string[];
  /** Spatial indices: match rows to the areas by their `ids` instead of failing on another order. */
  reorder?: boolean;
  /** Name of the group column (single group) or of each group column (multigroup). */
  groupColumn?: string;
  /** Names of the group columns of a multigroup table, in column order. */
  groupColumns?: readonly string[];
  /** Name of the total column. */
  totalColumn?: string;
  /** File or URL the table came from. */
  source?: string;
}

/** Options of {@link checkSingleGroup}: where the counts came from, and what a missing count is. */
export interface SingleGroupCheckOptions extends SegregationInputOptions {
  /**
   * `error` (default): a NaN count is `NON_NUMERIC`. `nan`: an area whose group or total is NaN
   * (no data, e.g. a map area without a table row) is left out — not checked, not summed into X or
   * T — and listed in `missingAreas`. Only for formulas that skip such areas (the location
   * quotient); the indices always use the default.
   */
  missing?: MissingValuePolicy;
}

/** What every single-group index reports besides its value. */
export interface SingleGroupSummary {
  /** X: the group's total over the areas used. */
  groupTotal: number;
  /** T: the total population over the areas used. */
  populationTotal: number;
  /** P = X / T. */
  proportion: number;
  /** Areas with a positive total (the ones that enter the formula). */
  areasUsed: number;
  /** 0-based rows whose total is 0: they contribute nothing and are listed here. */
  droppedAreas: number[];
  /** With `missing: 'nan'`: 0-based rows left out for a NaN group or total. */
  missingAreas?: number[];
}

/** A single-group index value plus the summary of its inputs. */
export interface SingleGroupResult extends SingleGroupSummary {
  value: number;
}

/** What every multigroup index reports besides its value. */
export interface MultiGroupSummary {
  /** Number of areas n. */
  areas: number;
  /** Number of groups k in the table (columns). */
  groups: number;
  /** Total population T (sum of all cells). */
  populationTotal: number;
  /** Total of each group X_m. */
  groupTotals: Float64Array;
  /** Overall share of each group π_m = X_m / T. */
  groupShares: Float64Array;
  /** Areas with a positive total (the ones that enter the formula). */
  areasUsed: number;
  /** 0-based rows whose row total is 0: they contribute nothing and are listed here. */
  droppedAreas: number[];
  /** 0-based columns whose total is 0: they contribute nothing and are listed here. */
  droppedGroups: number[];
}

/** A multigroup index value plus the summary of its inputs. */
export interface MultiGroupResult extends MultiGroupSummary {
  value: number;
}

/**
 * A multigroup table: `counts` is row-major n × k (`counts[i * k + m]` = people of group m in
 * area i). The area total is the row sum, so the k groups must be exhaustive (add a "rest"
 * column = total − Σ groups if they are not).
 */
export interface GroupTable {
  counts: Float64Array;
  k: number;
}

function where(row: number, opts: SegregationInputOptions | undefined): string {
  // Messages count data rows from 1 (as the CSV reader does); `detail.row` stays 0-based.
  const id = opts?.ids?.[row];
  return id === undefined ? `row ${row + 1}` : `row ${row + 1} (${id})`;
}

function checkCount(
  v: number,
  row: number,
  column: string | undefined,
  opts: SegregationInputOptions | undefined,
): void {
  if (Number.isNaN(v) || typeof v !== 'number') {
    throw new CohesionError(
      'NON_NUMERIC',
      `${column ?? 'count'} at ${where(row, opts)} is not a number`,
      detail(row, column, v, opts),
    );
  }
  if (!Number.isFinite(v)) {
    throw new CohesionError(
      'NON_FINITE',
      `${column ?? 'count'} at ${where(row, opts)} is not finite (${v})`,
      detail(row, column, v, opts),
    );
  }
  if (v < 0) {
    throw new CohesionError(
      'NEGATIVE_COUNT',
      `${column ?? 'count'} at ${where(row, opts)} is negative (${v})`,
      detail(row, column, v, opts),
    );
  }
}

function detail(row: number, column: string | undefined, value: unknown, opts?: SegregationInputOptions) {
  const d: Record<string, unknown> = { row, value };
  if (column !== undefined) d.column = column;
  const id = opts?.ids?.[row];
  if (id !== undefined) d.id = id;
  if (opts?.source !== undefined) d.source = opts.source;
  return d;
}

/**
 * Validates a group count and total per area (NEGATIVE_COUNT, NON_NUMERIC, NON_FINITE,
 * GROUP_EXCEEDS_TOTAL with the row; LENGTH_MISMATCH; EMPTY_INPUT; ZERO_POPULATION when every total
 * is 0) and returns the summary: totals and the rows dropped for having no population.
 */
export function checkSingleGroup(
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: SingleGroupCheckOptions,
): SingleGroupSummary {
  const n = group.length;
  if (total.length !== n) {
    throw new CohesionError('LENGTH_MISMATCH', `group has ${n} values but total has ${total.length}`, {
      value: [n, total.length],
      ...(opts?.source ? { source: opts.source } : {}),
    });
  }
  if (n === 0) throw new CohesionError('EMPTY_INPUT', 'no areas: the table has no rows', sourceOf(opts));
  let X = 0;
  let T = 0;
  let used = 0;
  const dropped: number[] = [];
  const missing: number[] | undefined = opts?.missing === 'nan' ? [] : undefined;
  for (let i = 0; i < n; i++) {
    const x = group[i]!;
    const t = total[i]!;
    if (missing && (Number.isNaN(x) || Number.isNaN(t))) {
      missing.push(i);
      continue;
    }
    checkCount(x, i, opts?.groupColumn ?? 'group', opts);
    checkCount(t, i, opts?.totalColumn ?? 'total', opts);
    if (x > t) {
      throw new CohesionError(
        'GROUP_EXCEEDS_TOTAL',
        `${opts?.groupColumn ?? 'group'} (${x}) exceeds ${opts?.totalColumn ?? 'total'} (${t}) at ${where(i, opts)}`,
        detail(i, opts?.groupColumn, x, opts),
      );
    }
    if (t === 0) dropped.push(i);
    else used++;
    X += x;
    T += t;
  }
  if (T === 0) {
    throw new CohesionError('ZERO_POPULATION', `every area has a total of 0 (${n} rows)`, sourceOf(opts));
  }
  const summary: SingleGroupSummary = {
    groupTotal: X,
    populationTotal: T,
    proportion: X / T,
    areasUsed: used,
    droppedAreas: dropped,
  };
  if (missing) summary.missingAreas = missing;
  return summary;
}

/**
 * Like {@link checkSingleGroup}, and also requires 0 < X < T: with no group members (or nobody
 * else) every segregation index is 0/0. Throws ZERO_POPULATION naming the group column.
 */
export function checkSingleGroupDefined(
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: SegregationInputOptions,
): SingleGroupSummary {
  const s = checkSingleGroup(group, total, opts);
  if (s.groupTotal === 0 || s.groupTotal === s.populationTotal) {
    const name = opts?.groupColumn ?? 'group';
    throw new CohesionError(
      'ZERO_POPULATION',
      s.groupTotal === 0
        ? `${name} has a total of 0: segregation is undefined`
        : `${name} is the whole population (no one else): segregation is undefined`,
      { column: name, value: s.groupTotal, ...sourceOf(opts) },
    );
  }
  return s;
}

function sourceOf(opts?: SegregationInputOptions) {
  return opts?.source !== undefined ? { source: opts.source } : {};
}

/**
 * Builds a row-major n × k table from k columns (each of length n).
 * Throws LENGTH_MISMATCH if the columns differ in length, EMPTY_INPUT if there are none.
 */
export function groupTableFromColumns(columns: readonly ArrayLike<number>[]): GroupTable {
  const k = columns.length;
  if (k === 0) throw new CohesionError('EMPTY_INPUT', 'no group columns given');
  const n = columns[0]!.length;
  const counts = new Float64Array(n * k);
  for (let m = 0; m < k; m++) {
    const col = columns[m]!;
    if (col.length !== n) {
      throw new CohesionError(
        'LENGTH_MISMATCH',
        `group column ${m} has ${col.length} values, expected ${n}`,
        {
          column: String(m),
          value: [col.length, n],
        },
      );
    }
    for (let i = 0; i < n; i++) counts[i * k + m] = col[i]!;
  }
  return { counts, k };
}

/**
 * Validates a multigroup table (NEGATIVE_COUNT / NON_NUMERIC / NON_FINITE with row and column,
 * LENGTH_MISMATCH when `counts.length` is not a multiple of k, EMPTY_INPUT, ZERO_POPULATION) and
 * returns its summary.
 */
export function checkMultiGroup(table: GroupTable, opts?: SegregationInputOptions): MultiGroupSummary {
  const { counts, k } = table;
  if (!Number.isInteger(k) || k < 1) {
    throw new CohesionError('INVALID_ARGUMENT', `k (number of groups) must be a positive integer, got ${k}`, {
      value: k,
    });
  }
  if (counts.length % k !== 0) {
    throw new CohesionError(
      'LENGTH_MISMATCH',
      `counts has ${counts.length} values, not a multiple of k = ${k} groups`,
      { value: [counts.length, k] },
    );
  }
  const n = counts.length / k;
  if (n === 0) throw new CohesionError('EMPTY_INPUT', 'no areas: the table has no rows', sourceOf(opts));
  const groupTotals = new Float64Array(k);
  let T = 0;
  let used = 0;
  const dropped: number[] = [];
  for (let i = 0; i < n; i++) {
    let ti = 0;
    for (let m = 0; m < k; m++) {
      const v = counts[i * k + m]!;
      checkCount(v, i, opts?.groupColumns?.[m] ?? `group ${m}`, opts);
      groupTotals[m] = groupTotals[m]! + v;
      ti += v;
    }
    if (ti === 0) dropped.push(i);
    else used++;
    T += ti;
  }
  if (T === 0) {
    throw new CohesionError('ZERO_POPULATION', `every area has a total of 0 (${n} rows)`, sourceOf(opts));
  }
  const groupShares = new Float64Array(k);
  const droppedGroups: number[] = [];
  for (let m = 0; m < k; m++) {
    groupShares[m] = groupTotals[m]! / T;
    if (groupTotals[m] === 0) droppedGroups.push(m);
  }
  return {
    areas: n,
    groups: k,
    populationTotal: T,
    groupTotals,
    groupShares,
    areasUsed: used,
    droppedAreas: dropped,
    droppedGroups,
  };
}

/** Requires at least two groups with members; otherwise every multigroup index is 0/0. */
export function checkMultiGroupDefined(table: GroupTable, opts?: SegregationInputOptions): MultiGroupSummary {
  const s = checkMultiGroup(table, opts);
  if (s.groups - s.droppedGroups.length < 2) {
    throw new CohesionError(
      'ZERO_POPULATION',
      `only ${s.groups - s.droppedGroups.length} of ${s.groups} groups has any members: multigroup segregation is undefined`,
      { value: s.groups - s.droppedGroups.length, ...sourceOf(opts) },
    );
  }
  return s;
}
