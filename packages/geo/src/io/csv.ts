import { CohesionError } from '../errors.js';
import { csvCell } from './csvcell.js';
import { detectDelimiter, isBlankRow, parseCsvRows, scanCsv } from './csvtext.js';
import { type DataSource, describeSource, readText } from './source.js';

/** A parsed CSV: header names in file order and one string record per data row. */
export interface Table {
  columns: string[];
  rows: Record<string, string>[];
  /** Where it came from, for messages. */
  source?: string;
}

/**
 * Parses CSV text (RFC 4180 quoting through d3-dsv, any line ending, BOM dropped; comma, tab,
 * semicolon or vertical-bar delimited, detected from the header: {@link detectDelimiter}). Every
 * cell stays a string so nothing is guessed; use {@link numericColumn} to read counts. Rows with no
 * content are skipped. Duplicate or blank header names, ragged rows and text after a closing quote
 * throw `PARSE_ERROR` naming the row; a file cut mid-row (last row short of cells with no line end,
 * or an unclosed quote at the end) is `TRUNCATED_FILE`. A file cut exactly at a line end is a valid,
 * shorter CSV: only a join against the areas can tell.
 */
export function parseCsv(text: string, source = '<inline text>'): Table {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = detectDelimiter(t);
  const scan = scanCsv(t, delimiter);
  // An unclosed quote running to the end of the text: the file was cut inside a cell.
  if (scan.open) throw truncatedCsv(source, 'an unclosed quote in its last row');
  if (scan.strayAfterQuote >= 0) {
    const row = scan.strayAfterQuote;
    throw new CohesionError(
      'PARSE_ERROR',
      `${source}: ${row === 0 ? 'the header' : `row ${row}`} has text after a closing quote (a quoted cell must end at a delimiter or line end)`,
      { source, row },
    );
  }
  const records = parseCsvRows(t, delimiter).filter((cells) => !isBlankRow(cells));
  const [header, ...body] = records;
  if (!header || header.length === 0)
    throw new CohesionError('EMPTY_INPUT', `${source}: CSV is empty`, { source });
  const columns = header.map((h) => h.trim());
  const seen = new Set<string>();
  columns.forEach((c, i) => {
    if (c === '')
      throw new CohesionError('PARSE_ERROR', `${source}: column ${i + 1} has no header name`, { source });
    if (seen.has(c)) {
      throw new CohesionError('PARSE_ERROR', `${source}: column "${c}" appears twice in the header`, {
        source,
        column: c,
      });
    }
    seen.add(c);
  });
  const rows = body.map((cells, r) => {
    // The last row short of cells with no line break after it: the file was cut mid-row.
    if (cells.length < columns.length && r === body.length - 1 && !/[\r\n]\s*$/.test(t))
      throw truncatedCsv(
        source,
        `its last row (row ${r + 1}) has ${cells.length} of ${columns.length} cells and no line end`,
      );
    if (cells.length !== columns.length) {
      throw new CohesionError(
        'PARSE_ERROR',
        `${source}: row ${r + 1} has ${cells.length} cells but the header has ${columns.length}`,
        { source, row: r },
      );
    }
    const rec: Record<string, string> = {};
    for (let c = 0; c < columns.length; c++) rec[columns[c] as string] = cells[c] as string;
    return rec;
  });
  return { columns, rows, source };
}

function truncatedCsv(source: string, why: string): CohesionError {
  return new CohesionError(
    'TRUNCATED_FILE',
    `${source} is an incomplete CSV file (${why}); it was probably cut while downloading or copying`,
    { source },
  );
}

/** Reads a CSV file, URL, string or bytes. */
export async function readCsv(source: DataSource): Promise<Table> {
  return parseCsv(await readText(source), describeSource(source));
}

/** Throws `MISSING_COLUMN` naming the column and what the table does have. */
export function assertColumn(table: Table, column: string): void {
  if (!table.columns.includes(column)) {
    const src = table.source ?? 'table';
    throw new CohesionError(
      'MISSING_COLUMN',
      `${src} has no column "${column}" (columns: ${table.columns.slice(0, 20).join(', ')}${table.columns.length > 20 ? ', …' : ''})`,
      { column, source: table.source },
    );
  }
}

/**
 * Parses one cell as a number. Accepts thousands separators (`"29,199"`, as in MHCLG's IoD files)
 * and surrounding spaces; rejects blanks, `NA`, and anything else, returning NaN.
 */
export function parseNumber(cell: string): number {
  const s = cell.trim();
  if (s === '') return Number.NaN;
  const plain = /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s) ? s.replace(/,/g, '') : s;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(plain)) return Number.NaN;
  return Number(plain);
}

export interface NumericColumnOptions {
  /** Allow negative values (default false: counts cannot be negative). */
  allowNegative?: boolean;
  /**
   * Cohesion's one missing-value policy (default false): a blank cell — or, for values that are not
   * CSV text, `null`, `undefined` or NaN (e.g. an area a lenient join found no row for) — is read
   * as NaN, "no data", for callers that say how they treat NaN (a map shows it as no data). Without
   * it a missing value is `NON_NUMERIC`. Markers such as `NA`, `-` or `..` are never missing
   * values: they are `NON_NUMERIC`, so a file's own convention is made explicit by blanking them.
   */
  allowBlank?: boolean;
}

/** Where the values of {@link numericValues} come from, for messages. */
export interface NumericValuesOptions extends NumericColumnOptions {
  /** Column or property name (named in messages); default `value`. */
  column?: string;
  /** File or URL (named in messages). */
  source?: string;
  /** Area code of each value: messages then name the area as well as the row. */
  ids?: readonly string[];
  /** `row` (CSV data rows, default) or `feature` (GeoJSON features, 0-based), for messages and `detail`. */
  kind?: 'row' | 'feature';
}

/**
 * Reads a column as a Float64Array of numbers, validating every cell: missing column →
 * `MISSING_COLUMN`; a cell that is not a number → `NON_NUMERIC`; a negative count →
 * `NEGATIVE_COUNT`. The error names the 0-based data row, the column and the raw value.
 * The cell rule is {@link numericValues}'.
 */
export function numericColumn(
  table: Table,
  column: string,
  options: NumericColumnOptions = {},
): Float64Array {
  assertColumn(table, column);
  const cells = table.rows.map((r) => r[column] as string);
  return numericValues(cells, {
    ...options,
    column,
    ...(table.source !== undefined ? { source: table.source } : {}),
  });
}

/**
 * The one rule for reading numbers from data, shared by the CSV reader ({@link numericColumn}),
 * the CLI and `<cohesion-map>` (CSV cells and GeoJSON properties alike). Text is read with
 * {@link parseNumber} (surrounding spaces and thousands separators allowed; `yes`, `NA`, `-`, `..`
 * are `NON_NUMERIC`); numbers must be finite (`NON_FINITE` otherwise); booleans and objects are
 * `NON_NUMERIC`; missing values follow {@link NumericColumnOptions.allowBlank}; negative values are
 * `NEGATIVE_COUNT` unless `allowNegative`. Errors name the row (or feature), the area code when
 * `ids` is given, the column and the raw value.
 */
export function numericValues(values: ArrayLike<unknown>, options: NumericValuesOptions = {}): Float64Array {
  const out = new Float64Array(values.length);
  for (let r = 0; r < values.length; r++) {
    const raw = values[r];
    let v: number;
    if (typeof raw === 'string') v = raw.trim() === '' ? Number.NaN : parseNumber(raw);
    else if (typeof raw === 'number') v = raw;
    else if (raw === null || raw === undefined) v = Number.NaN;
    else throw numberError('NON_NUMERIC', r, raw, options);
    if (Number.isNaN(v)) {
      const missing =
        raw === null ||
        raw === undefined ||
        typeof raw === 'number' ||
        (typeof raw === 'string' && raw.trim() === '');
      if (missing && options.allowBlank) {
        out[r] = Number.NaN;
        continue;
      }
      throw numberError('NON_NUMERIC', r, raw, options);
    }
    if (!Number.isFinite(v)) throw numberError('NON_FINITE', r, raw, options);
    if (v < 0 && !options.allowNegative) throw numberError('NEGATIVE_COUNT', r, raw, options);
    out[r] = v;
  }
  return out;
}

function numberError(
  code: 'NON_NUMERIC' | 'NON_FINITE' | 'NEGATIVE_COUNT',
  r: number,
  raw: unknown,
  o: NumericValuesOptions,
): CohesionError {
  const src = o.source ?? 'table';
  const column = o.column ?? 'value';
  const kind = o.kind ?? 'row';
  const id = o.ids?.[r];
  const where = `${kind === 'row' ? `row ${r + 1}` : `feature ${r}`}${id !== undefined ? ` (area ${id})` : ''}`;
  const shown = typeof raw === 'string' ? JSON.stringify(raw) : String(raw);
  const what =
    code === 'NEGATIVE_COUNT'
      ? `is negative (${typeof raw === 'string' ? raw : shown})`
      : code === 'NON_FINITE'
        ? `is not finite (${shown})`
        : raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')
          ? 'is missing (blank); missing values are not read as 0'
          : `holds ${shown}, not a number`;
  return new CohesionError(code, `${src}: column "${column}" ${where} ${what}`, {
    [kind]: r,
    column,
    value: code === 'NEGATIVE_COUNT' && typeof raw === 'string' ? parseNumber(raw) : raw,
    source: o.source,
    ...(id !== undefined ? { id } : {}),
  });
}

/**
 * Writes records as CSV (RFC 4180 quoting, spreadsheet-safe cells: {@link csvCell}). `columns`
 * fixes the order; by default the union of keys in first-seen order. null/undefined become empty
 * cells; objects are JSON-encoded.
 */
export function writeCsv(rows: readonly Record<string, unknown>[], columns?: readonly string[]): string {
  let cols = columns;
  if (!cols) {
    const seen = new Set<string>();
    for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
    cols = [...seen];
  }
  const lines = [cols.map(csvCell).join(',')];
  for (const r of rows) lines.push(cols.map((c) => csvCell(r[c])).join(','));
  return `${lines.join('\n')}\n`;
}

// The cell writer lives on its own (no CSV parser behind it), so a browser bundle that only writes
// CSV, such as <cohesion-map>'s export, does not carry the parser.
export { csvCell };
