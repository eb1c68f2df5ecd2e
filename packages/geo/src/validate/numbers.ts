import { CohesionError } from '../errors.js';

/**
 * What to do with a missing value (`null`, `undefined`, NaN, or a blank cell in a CSV):
 * - `error` (default): `NON_NUMERIC` naming the row — a missing value never becomes 0;
 * - `nan`: kept as NaN, for statistics that document how they skip or report NaN.
 */
export type MissingValuePolicy = 'error' | 'nan';

/** Where values come from, for messages and for the missing-value policy. */
export interface FiniteValuesOptions {
  /** Name of the variable or column (named in messages). Default `value`. */
  name?: string;
  /** Area ids in row order (messages then name the area). */
  ids?: readonly string[];
  /** File or URL the values came from. */
  source?: string;
  /** See {@link MissingValuePolicy}; default `error`. */
  missing?: MissingValuePolicy;
}

/**
 * The strict number check every statistic's input goes through: each value must be a JavaScript
 * number that is finite. Nothing is coerced — `null`, `""`, `true` and `"5"` are `NON_NUMERIC`
 * (a lenient join's missing rows must not become 0), `±Infinity` is `NON_FINITE`, NaN is
 * `NON_NUMERIC` unless `missing: 'nan'`. Strings are read only by the CSV reader (`numericColumn`),
 * where a cell is text by nature. Returns a fresh `Float64Array` copy.
 */
export function finiteValues(values: ArrayLike<unknown>, options: FiniteValuesOptions = {}): Float64Array {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new CohesionError('INVALID_ARGUMENT', `${options.name ?? 'values'} must be an array of numbers`, {
      value: typeof values,
    });
  }
  const n = values.length;
  const out = new Float64Array(n);
  // Typed arrays hold numbers by construction: only NaN/Infinity can be wrong.
  const typed = ArrayBuffer.isView(values);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typed || typeof v === 'number') {
      const x = v as number;
      if (Number.isFinite(x)) {
        out[i] = x;
        continue;
      }
      if (Number.isNaN(x) && options.missing === 'nan') {
        out[i] = Number.NaN;
        continue;
      }
      throw valueError(Number.isNaN(x) ? 'NON_NUMERIC' : 'NON_FINITE', i, x, options);
    }
    if ((v === null || v === undefined) && options.missing === 'nan') {
      out[i] = Number.NaN;
      continue;
    }
    throw valueError('NON_NUMERIC', i, v, options);
  }
  return out;
}

function valueError(
  code: 'NON_NUMERIC' | 'NON_FINITE',
  i: number,
  v: unknown,
  options: FiniteValuesOptions,
): CohesionError {
  const id = options.ids?.[i];
  const name = options.name ?? 'value';
  const at = options.source ? `${options.source}: ` : '';
  const shown = typeof v === 'string' ? JSON.stringify(v) : String(v);
  const what =
    v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))
      ? 'is missing'
      : code === 'NON_FINITE'
        ? `is not finite (${shown})`
        : `is ${shown} (${typeof v}), not a number`;
  return new CohesionError(
    code,
    `${at}${name} for ${id !== undefined ? `area ${id} (row ${i + 1})` : `row ${i + 1}`} ${what}${
      code === 'NON_NUMERIC' && (v === null || v === undefined || typeof v === 'number')
        ? '; missing values are not read as 0 — fill or drop them first'
        : ''
    }`,
    {
      row: i,
      value: v,
      column: name,
      ...(id !== undefined ? { id } : {}),
      ...(options.source !== undefined ? { source: options.source } : {}),
    },
  );
}
