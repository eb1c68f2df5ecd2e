// The one CSV text reader: which delimiter a file uses, where its records end and whether its quotes
// are well formed. Parsing itself is d3-dsv's (RFC 4180: quoted cells may hold delimiters, line
// breaks and doubled quotes); this module adds what d3-dsv leaves to its caller, so that a cut or
// malformed file is an error rather than a shifted cell. Used by parseCsv (whole files) and by the
// address-scale point streamer (record by record), so both read a file the same way.
import { dsvFormat } from './d3-dsv.vendor.js';

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Delimiters recognised in a header line; on a tie the earlier wins. */
const DELIMITERS = [',', '\t', ';', '|'] as const;
export type CsvDelimiter = (typeof DELIMITERS)[number];

/**
 * The delimiter of a CSV file, from its first record: whichever of comma, tab, semicolon and
 * vertical bar occurs most often outside quotes (comma when none does, a one-column file).
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = [0, 0, 0, 0];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted && (c === LF || c === CR)) break;
    else if (!quoted) {
      const k = DELIMITERS.indexOf(text[i] as CsvDelimiter);
      if (k >= 0) counts[k] = (counts[k] as number) + 1;
    }
  }
  let best = 0;
  for (let k = 1; k < counts.length; k++) if ((counts[k] as number) > (counts[best] as number)) best = k;
  return DELIMITERS[best] as CsvDelimiter;
}

/** What {@link scanCsv} found. */
export interface CsvScan {
  /** Index just after the last line end outside quotes (0 when there is none). */
  recordEnd: number;
  /** The text ends inside a quoted cell: cut while downloading or copying, if it is a whole file. */
  open: boolean;
  /** The first record (0 = header) with characters between a closing quote and the next delimiter or line end; -1 if none. */
  strayAfterQuote: number;
}

/**
 * Scans CSV text for its quoting (O(n), no allocation): where the last complete record ends, an
 * unclosed quote, and text after a closing quote (`"abc"d`), which RFC 4180 does not allow and
 * d3-dsv would read as a shifted cell. A quote inside an unquoted cell (`5'6"`) is literal.
 */
export function scanCsv(text: string, delimiter: CsvDelimiter): CsvScan {
  // Fast path: no quotes at all (most numeric files), so every line end ends a record.
  if (text.indexOf('"') < 0) {
    const lf = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
    return { recordEnd: lf + 1, open: false, strayAfterQuote: -1 };
  }
  const delim = delimiter.charCodeAt(0);
  let quoted = false;
  let fieldStart = true;
  let closed = false;
  let record = 0;
  let recordEnd = 0;
  let stray = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quoted) {
      if (c !== QUOTE) continue;
      if (text.charCodeAt(i + 1) === QUOTE) i++;
      else {
        quoted = false;
        closed = true;
      }
    } else if (c === delim) {
      fieldStart = true;
      closed = false;
    } else if (c === LF || c === CR) {
      if (c === CR && text.charCodeAt(i + 1) === LF) i++;
      fieldStart = true;
      closed = false;
      record++;
      recordEnd = i + 1;
    } else {
      if (closed && stray < 0) stray = record;
      if (c === QUOTE && fieldStart) quoted = true;
      fieldStart = false;
    }
  }
  return { recordEnd, open: quoted, strayAfterQuote: stray };
}

/**
 * Parses CSV text into rows of string cells with d3-dsv. With `onRow`, rows are handed over one by
 * one (with their 0-based record index) and not kept, for streaming.
 */
export function parseCsvRows(text: string, delimiter: CsvDelimiter): string[][];
export function parseCsvRows(
  text: string,
  delimiter: CsvDelimiter,
  onRow: (cells: string[], index: number) => void,
): void;
export function parseCsvRows(
  text: string,
  delimiter: CsvDelimiter,
  onRow?: (cells: string[], index: number) => void,
): string[][] | undefined {
  const format = dsvFormat(delimiter);
  if (!onRow) return format.parseRows(text);
  format.parseRows(text, (cells, i) => {
    onRow(cells, i);
    return null;
  });
  return undefined;
}

/** A row with no content (empty, or only blanks and delimiters): skipped, as spreadsheets write them. */
export function isBlankRow(cells: readonly string[]): boolean {
  for (const c of cells) if (c.trim() !== '') return false;
  return true;
}
