import { CohesionError } from '../errors.js';
import { assertColumn, parseNumber, type Table } from '../io/csv.js';

type Node =
  | { kind: 'num'; value: number }
  | { kind: 'col'; name: string }
  | { kind: 'neg'; arg: Node }
  | { kind: 'bin'; op: '+' | '-' | '*' | '/'; left: Node; right: Node };

/** A parsed value expression: the columns it reads and a function of a row's values. */
export interface ValueExpression {
  /** The expression text as given. */
  source: string;
  /** Column names referenced, in first-use order. */
  columns: string[];
  /** Evaluates with `get(column)` supplying each column's value. */
  evaluate(get: (column: string) => number): number;
}

function fail(expr: string, pos: number, what: string): never {
  throw new CohesionError('INVALID_EXPRESSION', `expression "${expr}": ${what} at character ${pos + 1}`, {
    value: expr,
    position: pos,
  });
}

/**
 * Parses a small arithmetic expression over table columns — no `eval`. Grammar:
 * `expr = term (('+'|'-') term)*`, `term = factor (('*'|'/') factor)*`,
 * `factor = ('-'|'+') factor | number | column | '(' expr ')'`. A column is a bare name
 * (`[A-Za-z_][A-Za-z0-9_.]*`) or any text quoted with backticks or double quotes, for names with
 * spaces or punctuation (e.g. `` `White: English, Welsh, Scottish, Northern Irish or British` ``).
 *
 * @example parseValueExpression('(Persons-WhiteBrit)/Persons')
 * @throws CohesionError INVALID_EXPRESSION naming the position of the problem.
 */
export function parseValueExpression(expr: string): ValueExpression {
  if (typeof expr !== 'string' || expr.trim() === '')
    throw new CohesionError('INVALID_EXPRESSION', 'the value expression is empty', { value: expr });
  let pos = 0;
  const columns: string[] = [];
  const skip = () => {
    while (pos < expr.length && /\s/.test(expr[pos] as string)) pos++;
  };
  const parseExpr = (): Node => {
    let left = parseTerm();
    for (;;) {
      skip();
      const c = expr[pos];
      if (c !== '+' && c !== '-') return left;
      pos++;
      left = { kind: 'bin', op: c, left, right: parseTerm() };
    }
  };
  const parseTerm = (): Node => {
    let left = parseFactor();
    for (;;) {
      skip();
      const c = expr[pos];
      if (c !== '*' && c !== '/') return left;
      pos++;
      left = { kind: 'bin', op: c, left, right: parseFactor() };
    }
  };
  const parseFactor = (): Node => {
    skip();
    const start = pos;
    const c = expr[pos];
    if (c === undefined) fail(expr, pos, 'unexpected end');
    if (c === '-' || c === '+') {
      pos++;
      const arg = parseFactor();
      return c === '-' ? { kind: 'neg', arg } : arg;
    }
    if (c === '(') {
      pos++;
      const e = parseExpr();
      skip();
      if (expr[pos] !== ')') fail(expr, pos, 'missing ")"');
      pos++;
      return e;
    }
    if (c === '`' || c === '"') {
      const end = expr.indexOf(c, pos + 1);
      if (end < 0) fail(expr, pos, `unclosed ${c}`);
      const name = expr.slice(pos + 1, end);
      if (name === '') fail(expr, pos, 'empty column name');
      pos = end + 1;
      if (!columns.includes(name)) columns.push(name);
      return { kind: 'col', name };
    }
    const num = /^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(expr.slice(pos));
    if (num) {
      pos += num[0].length;
      return { kind: 'num', value: Number(num[0]) };
    }
    const id = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(expr.slice(pos));
    if (id) {
      pos += id[0].length;
      if (!columns.includes(id[0])) columns.push(id[0]);
      return { kind: 'col', name: id[0] };
    }
    return fail(expr, start, `unexpected "${c}"`);
  };
  const root = parseExpr();
  skip();
  if (pos < expr.length) fail(expr, pos, `unexpected "${expr[pos]}"`);
  const ev = (node: Node, get: (column: string) => number): number => {
    switch (node.kind) {
      case 'num':
        return node.value;
      case 'col':
        return get(node.name);
      case 'neg':
        return -ev(node.arg, get);
      case 'bin': {
        const a = ev(node.left, get);
        const b = ev(node.right, get);
        return node.op === '+' ? a + b : node.op === '-' ? a - b : node.op === '*' ? a * b : a / b;
      }
    }
  };
  return { source: expr, columns, evaluate: (get) => ev(root, get) };
}

/**
 * Evaluates a value expression on every row of a table (cells parsed as numbers, thousands
 * separators allowed). Errors name the row (1-based in the message, 0-based in `detail.row`):
 * MISSING_COLUMN, NON_NUMERIC for a non-numeric cell, NON_FINITE for a result such as x/0.
 */
export function evaluateExpression(expression: string | ValueExpression, table: Table): Float64Array {
  const e = typeof expression === 'string' ? parseValueExpression(expression) : expression;
  for (const c of e.columns) assertColumn(table, c);
  const src = table.source ?? 'table';
  const out = new Float64Array(table.rows.length);
  table.rows.forEach((row, r) => {
    const v = e.evaluate((column) => {
      const raw = row[column] ?? '';
      const x = parseNumber(raw);
      if (Number.isNaN(x))
        throw new CohesionError(
          'NON_NUMERIC',
          `${src}: column "${column}" row ${r + 1} holds ${JSON.stringify(raw)}, not a number`,
          { row: r, column, value: raw, source: table.source },
        );
      return x;
    });
    if (!Number.isFinite(v))
      throw new CohesionError(
        'NON_FINITE',
        `${src}: "${e.source}" is ${v} at row ${r + 1} (division by zero?)`,
        {
          row: r,
          value: v,
          source: table.source,
        },
      );
    out[r] = v;
  });
  return out;
}
