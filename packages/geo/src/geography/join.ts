import type { Feature, FeatureCollection } from 'geojson';
import { CohesionError } from '../errors.js';
import { assertColumn, type Table } from '../io/csv.js';
import { areaIds } from './ids.js';

export interface JoinOptions {
  /** Feature property holding the area code (`'$id'` for the feature id). */
  areaId: string;
  /** Table column holding the area code. */
  tableId: string;
  /**
   * Strict (default): any area without a row, row without an area, duplicate or blank code throws
   * a `CohesionError`. Non-strict: the problems are reported as warnings, unmatched areas keep
   * `null` for every table column, and the first of duplicate rows is used.
   */
  strict?: boolean;
  /** Table rows whose code matches no area are expected (e.g. a national table joined to one council). */
  allowExtraRows?: boolean;
  /** Only bring these columns across (default: all but the code column). */
  columns?: string[];
}

/** What happened in a join: every row and area is accounted for. */
export interface JoinReport {
  areas: number;
  rows: number;
  matched: number;
  /** Area codes with no table row. */
  unmatchedAreas: string[];
  /** Table rows (0-based) whose code matches no area. */
  unmatchedRows: { row: number; code: string }[];
  /** Codes that occur on more than one table row. */
  duplicateRows: { code: string; rows: number[] }[];
  /** Table rows with a blank code. */
  blankRows: number[];
  /** Feature properties that the table's columns replaced. */
  overwritten: string[];
  warnings: string[];
}

/**
 * Joins a table to areas by code, returning new features whose properties are the area's plus the
 * row's columns, and a report that accounts for every area and row. Codes are compared after
 * trimming. See {@link JoinOptions} for strict vs lenient behaviour; rows are never dropped silently.
 */
export function joinByCode(
  areas: FeatureCollection,
  table: Table,
  options: JoinOptions,
): { areas: FeatureCollection; report: JoinReport } {
  const { areaId, tableId, strict = true, allowExtraRows = false } = options;
  assertColumn(table, tableId);
  const columns = (options.columns ?? table.columns).filter((c) => c !== tableId);
  for (const c of columns) assertColumn(table, c);
  const src = table.source ?? 'table';
  const ids = areaIds(areas, areaId);
  const idSet = new Map(ids.map((id, i) => [id, i]));

  const rowOf = new Map<string, number>();
  const dupes = new Map<string, number[]>();
  const blankRows: number[] = [];
  const unmatchedRows: { row: number; code: string }[] = [];
  table.rows.forEach((r, i) => {
    const code = (r[tableId] ?? '').trim();
    if (code === '') {
      blankRows.push(i);
      return;
    }
    const prev = rowOf.get(code);
    if (prev !== undefined) {
      const list = dupes.get(code) ?? [prev];
      list.push(i);
      dupes.set(code, list);
      return;
    }
    rowOf.set(code, i);
    if (!idSet.has(code)) unmatchedRows.push({ row: i, code });
  });
  const unmatchedAreas = ids.filter((id) => !rowOf.has(id));
  const duplicateRows = [...dupes].map(([code, rows]) => ({ code, rows }));

  const report: JoinReport = {
    areas: ids.length,
    rows: table.rows.length,
    matched: ids.length - unmatchedAreas.length,
    unmatchedAreas,
    unmatchedRows,
    duplicateRows,
    blankRows,
    overwritten: [],
    warnings: [],
  };

  const problems: [CohesionError['code'], string, Record<string, unknown>][] = [];
  if (blankRows.length) {
    problems.push([
      'BLANK_CODE',
      `${src}: ${blankRows.length} row(s) have a blank "${tableId}" (first: row ${blankRows[0]! + 1})`,
      { row: blankRows[0], column: tableId, rows: blankRows },
    ]);
  }
  if (duplicateRows.length) {
    const d = duplicateRows[0]!;
    problems.push([
      'DUPLICATE_CODE',
      `${src}: ${duplicateRows.length} code(s) appear on several rows (first: ${d.code} on rows ${d.rows.map((r) => r + 1).join(', ')})`,
      { id: d.code, row: d.rows[1], column: tableId, duplicates: duplicateRows },
    ]);
  }
  if (unmatchedAreas.length) {
    problems.push([
      'UNMATCHED_CODE',
      `${unmatchedAreas.length} area(s) have no row in ${src} (first: ${unmatchedAreas[0]})`,
      { id: unmatchedAreas[0], column: areaId, unmatchedAreas },
    ]);
  }
  if (unmatchedRows.length && !allowExtraRows) {
    const u = unmatchedRows[0]!;
    problems.push([
      'UNMATCHED_CODE',
      `${unmatchedRows.length} row(s) of ${src} match no area (first: ${u.code} on row ${u.row + 1})`,
      { id: u.code, row: u.row, column: tableId, unmatchedRows },
    ]);
  }
  if (problems.length && strict) {
    const [code, message, detail] = problems[0]!;
    throw new CohesionError(code, message, { ...detail, source: table.source });
  }
  report.warnings = problems.map((p) => p[1]);

  const firstProps = areas.features[0]?.properties ?? {};
  report.overwritten = columns.filter((c) => c in firstProps && c !== areaId);
  const features: Feature[] = areas.features.map((f, i) => {
    const r = rowOf.get(ids[i] as string);
    const row = r === undefined ? undefined : table.rows[r];
    const props: Record<string, unknown> = { ...(f.properties ?? {}) };
    for (const c of columns) props[c] = row ? (row[c] ?? null) : null;
    return { ...f, properties: props };
  });
  return { areas: { ...areas, features }, report };
}
