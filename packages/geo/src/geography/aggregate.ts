import { CohesionError } from '../errors.js';
import { assertColumn, numericColumn, type Table } from '../io/csv.js';
import { tableIdIndex } from './join.js';

export interface AggregateOptions {
  /** Column of `table` with the fine codes (e.g. OA21CD). */
  tableId: string;
  /** Column of `lookup` with the fine codes. */
  lookupFrom: string;
  /** Column of `lookup` with the coarse codes (e.g. LSOA21CD, or WD22CD for a best-fit lookup). */
  lookupTo: string;
  /** Count columns to sum. */
  columns: string[];
}

/** Counts summed to a coarser geography. */
export interface AggregatedCounts {
  /** Coarse codes in first-seen lookup order (only those with at least one fine row). */
  codes: string[];
  /** One Float64Array per requested column, aligned with `codes`. */
  counts: Record<string, Float64Array>;
  /** Number of fine rows summed into each coarse area. */
  members: Int32Array;
  /** The same as a {@link Table} (numbers as strings) for joining and writing. */
  table: Table;
}

/**
 * Sums counts from a finer to a coarser geography through a lookup (OA→LSOA, LSOA→ward best
 * fit, …). Exact for nested geographies; for a best-fit lookup each fine area goes wholly to one
 * coarse area, as ONS does. Every fine row must be in the lookup (`UNMATCHED_CODE`) and the lookup
 * must map each fine code once (`DUPLICATE_CODE`); counts are validated (`NON_NUMERIC`, `NEGATIVE_COUNT`).
 */
export function aggregateCounts(table: Table, lookup: Table, options: AggregateOptions): AggregatedCounts {
  const { tableId, lookupFrom, lookupTo, columns } = options;
  assertColumn(table, tableId);
  assertColumn(lookup, lookupFrom);
  assertColumn(lookup, lookupTo);
  const to = new Map<string, string>();
  lookup.rows.forEach((r, i) => {
    const from = (r[lookupFrom] ?? '').trim();
    const target = (r[lookupTo] ?? '').trim();
    if (from === '' || target === '') {
      throw new CohesionError('BLANK_CODE', `${lookup.source ?? 'lookup'}: row ${i + 1} has a blank code`, {
        row: i,
      });
    }
    const prev = to.get(from);
    if (prev !== undefined && prev !== target) {
      throw new CohesionError(
        'DUPLICATE_CODE',
        `${lookup.source ?? 'lookup'}: ${from} maps to both ${prev} and ${target} (row ${i + 1})`,
        { row: i, id: from },
      );
    }
    to.set(from, target);
  });
  const values = columns.map((c) => numericColumn(table, c));
  const index = new Map<string, number>();
  const codes: string[] = [];
  const targetOfRow = new Int32Array(table.rows.length);
  // The fine codes by the one id rule: a blank one is BLANK_CODE, a repeated one DUPLICATE_CODE.
  const fineIds = tableIdIndex(table, tableId).ids;
  fineIds.forEach((fine, i) => {
    const target = to.get(fine);
    if (target === undefined) {
      throw new CohesionError(
        'UNMATCHED_CODE',
        `${table.source ?? 'table'}: ${fine} on row ${i + 1} is not in the lookup`,
        { row: i, id: fine },
      );
    }
    let k = index.get(target);
    if (k === undefined) {
      k = codes.length;
      index.set(target, k);
      codes.push(target);
    }
    targetOfRow[i] = k;
  });
  const counts: Record<string, Float64Array> = {};
  const members = new Int32Array(codes.length);
  for (let i = 0; i < targetOfRow.length; i++) members[targetOfRow[i] as number]!++;
  columns.forEach((c, ci) => {
    const sums = new Float64Array(codes.length);
    const v = values[ci] as Float64Array;
    for (let i = 0; i < v.length; i++) sums[targetOfRow[i] as number]! += v[i] as number;
    counts[c] = sums;
  });
  const rows = codes.map((code, k) => {
    const rec: Record<string, string> = { [lookupTo]: code };
    for (const c of columns) rec[c] = String((counts[c] as Float64Array)[k]);
    return rec;
  });
  return { codes, counts, members, table: { columns: [lookupTo, ...columns], rows, source: 'aggregated' } };
}
