// One spreadsheet-safe CSV cell, in a module of its own: importing it pulls in no CSV parser.

const PLAIN_NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * One CSV cell, safe to open in a spreadsheet — the one cell writer of every CSV Cohesion writes
 * (the CLI's `--out x.csv`, the report's `areas.csv` / `councils.csv`, the map's CSV export).
 * Text starting with `=`, `+`, `-`, `@`, tab or carriage return is prefixed with a single quote, as
 * OWASP recommends against CSV (formula) injection, so `=HYPERLINK(…)` or `-2+3+cmd|…` is shown as
 * text rather than run; numbers (and numeric text such as `-2.5`) are left as they are. Then RFC
 * 4180 quoting: cells with a quote, comma, line break or edge space are quoted. `null`/`undefined`
 * are empty; objects are JSON-encoded.
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (typeof v !== 'number' && /^[=+\-@\t\r]/.test(s) && !PLAIN_NUMBER.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
