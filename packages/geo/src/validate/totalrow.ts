import { CohesionError } from '../errors.js';

/** A count column of a table: its name (for messages) and its values in row order. */
export interface CountColumn {
  name: string;
  values: ArrayLike<number>;
}

/** Where the rows come from, for messages. */
export interface TotalRowOptions {
  /** Area code of each row (messages name the row by it). */
  ids?: readonly string[];
  /** The table's 0-based data row of each value, when the values are a selection of its rows (default: the index). */
  rows?: readonly number[];
  /** File or URL the counts came from. */
  source?: string;
}

/** Well-formed ONS GSS code (nation letter, two-digit entity, six-digit instance). */
const GSS_RE = /^[EWSNK]\d{8}$/;

/**
 * Refuses a row that is the total of the other rows, as spreadsheet exports often add ("Total",
 * "Trafford", "All areas"): a row whose count is, in every column given, equal (within 0.5) to the
 * sum of all the other rows. Counted as an area it would double the population and halve every
 * index. Throws `TOTAL_ROW` naming the row, its code and its line; tables of fewer than three rows
 * and rows of nobody are not checked (two equal rows are not a total).
 */
export function checkTotalRow(columns: readonly CountColumn[], options: TotalRowOptions = {}): void {
  if (columns.length === 0) return;
  const n = columns[0]!.values.length;
  if (n < 3 || columns.some((c) => c.values.length !== n)) return;
  const sums = columns.map((c) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += c.values[i]!;
    return s;
  });
  rows: for (let i = 0; i < n; i++) {
    let someone = false;
    for (let c = 0; c < columns.length; c++) {
      const x = columns[c]!.values[i]!;
      // x equals the sum of the other rows, S − x, within 0.5 (NaN never does).
      if (!(Math.abs(2 * x - sums[c]!) <= 0.5)) continue rows;
      if (x > 0) someone = true;
    }
    if (!someone) continue;
    const { ids, source } = options;
    const row = options.rows?.[i] ?? i;
    const id = ids?.[i]?.trim();
    const notOns =
      ids && id !== undefined && !GSS_RE.test(id) && ids.every((o, j) => j === i || GSS_RE.test(o.trim()));
    const names = columns.map((c) => c.name);
    const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')}, …` : names.join(', ');
    throw new CohesionError(
      'TOTAL_ROW',
      `${source ? `${source}: ` : ''}row ${row + 1}${id ? ` (${id})` : ''}, line ${row + 2} counting the header, looks like a total of the other rows: each of its counts (${shown}) is the sum of the other ${n - 1} rows${notOns ? `, and its code "${id}" is not an ONS area code like the others` : ''}; remove it, or it is counted as one more area`,
      { row, ...(id ? { id } : {}), column: names[0], ...(source ? { source } : {}) },
    );
  }
}
