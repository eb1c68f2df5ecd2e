import { CohesionError } from '../errors.js';
import { readIds } from '../geography/ids.js';

/**
 * Rows matched by code, not by position: for each of `targetIds` (e.g. the areas of the weights),
 * the index of the row with the same id in `rowIds` (e.g. the table the values came from). Both id
 * lists go through the one id rule (`readIds`: trimmed, non-blank, unique). Every target needs a
 * row (`UNMATCHED_CODE` naming the first missing one); rows with no target are `UNMATCHED_CODE`
 * too unless `allowExtraRows`. Returns `null` when the orders already agree (nothing to move).
 */
export function alignRows(
  targetIds: readonly string[],
  rowIds: readonly unknown[],
  options: { what?: string; allowExtraRows?: boolean; source?: string } = {},
): Int32Array | null {
  const what = options.what ?? 'values';
  const target = readIds(targetIds, { kind: 'row', column: 'area ids' }).ids;
  const rows = readIds(rowIds, {
    kind: 'row',
    column: `${what} ids`,
    ...(options.source ? { source: options.source } : {}),
  });
  const perm = new Int32Array(target.length);
  let same = target.length === rows.ids.length;
  for (let i = 0; i < target.length; i++) {
    const r = rows.index.get(target[i] as string);
    if (r === undefined)
      throw new CohesionError('UNMATCHED_CODE', `area ${target[i]} has no row in the ${what}`, {
        id: target[i],
        row: i,
      });
    perm[i] = r;
    if (r !== i) same = false;
  }
  if (!options.allowExtraRows && rows.ids.length > target.length) {
    const set = new Set(target);
    const extra = rows.ids.find((id) => !set.has(id)) as string;
    throw new CohesionError(
      'UNMATCHED_CODE',
      `the ${what} have a row for ${extra}, which is not one of the areas`,
      {
        id: extra,
        row: rows.index.get(extra),
      },
    );
  }
  return same ? null : perm;
}

/** `values` reordered by a permutation from {@link alignRows} (`null` → the values unchanged). */
export function reorder<T>(values: ArrayLike<T>, perm: Int32Array | null): T[] | ArrayLike<T> {
  if (!perm) return values;
  return Array.from(perm, (r) => values[r] as T);
}

/**
 * Row codes passed alongside per-area arrays. Functions that take per-area arrays by position (in
 * the order of the weights', areas' or origins' ids) accept these options so that a table in
 * another order can never be read silently against the wrong areas.
 */
export interface RowOrderOptions {
  /**
   * The code of each row of the per-area arrays, in the arrays' order (e.g. the table's code
   * column). Checked against the areas' ids ({@link rowOrder}): the same codes in the same order
   * pass; the same codes in another order are `ORDER_MISMATCH` naming the first differing row
   * (unless `reorder`); a code on one side only is `UNMATCHED_CODE`; a repeated code
   * `DUPLICATE_CODE`. Without `ids` the arrays are taken by position, as documented per function.
   */
  ids?: readonly unknown[];
  /**
   * With `ids` in another order than the areas, match the rows to the areas by code instead of
   * failing with `ORDER_MISMATCH`. Results then come back in the areas' order.
   */
  reorder?: boolean;
}

/**
 * The one row-order check of every function that takes per-area arrays together with something
 * that carries ids (weights, areas, origins, a series). Returns `null` when the arrays can be used
 * as they are (no `ids` given, or `ids` equal to `areaIds` in order), else the permutation that
 * puts the rows in area order (only with `reorder: true`; apply it with {@link reorder} or
 * {@link reorderRows}). `context.what` names the arrays in messages; `context.rows` is their length,
 * checked against `ids` (`LENGTH_MISMATCH`).
 *
 * @throws CohesionError `ORDER_MISMATCH` (same codes, other order, without `reorder`; names the
 *   first differing row), `UNMATCHED_CODE`, `DUPLICATE_CODE`, `BLANK_CODE` (from {@link alignRows}).
 */
export function rowOrder(
  areaIds: readonly string[],
  options: RowOrderOptions | undefined,
  context: { what?: string; rows?: number } = {},
): Int32Array | null {
  const ids = options?.ids;
  if (ids === undefined) return null;
  const what = context.what ?? 'values';
  if (context.rows !== undefined && context.rows !== ids.length)
    throw new CohesionError('LENGTH_MISMATCH', `${ids.length} row codes (ids) for ${context.rows} ${what}`, {
      value: [ids.length, context.rows],
    });
  // Fast path: already in order (the common case) costs one pass and no maps.
  if (ids.length === areaIds.length) {
    let same = true;
    for (let i = 0; i < ids.length && same; i++) {
      const v = ids[i];
      same = (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : v) === areaIds[i];
    }
    if (same) return null;
  }
  const perm = alignRows(areaIds, ids, { what });
  if (!perm || options?.reorder) return perm;
  let i = 0;
  while (perm[i] === i) i++;
  const rowId = String(ids[i]).trim();
  throw new CohesionError(
    'ORDER_MISMATCH',
    `the ${what} are in another order than the areas: row ${i + 1} is ${rowId} but area ${i + 1} is ${areaIds[i]} ` +
      '(pass reorder: true to match rows by code)',
    { row: i, id: rowId, expected: areaIds[i] },
  );
}

/**
 * A flat row-major table (`k` values per row, e.g. a multigroup count table) with its rows
 * reordered by a permutation from {@link rowOrder} / {@link alignRows} (`null` → unchanged).
 */
export function reorderRows(
  values: ArrayLike<number>,
  k: number,
  perm: Int32Array | null,
): ArrayLike<number> {
  if (!perm) return values;
  const out = new Float64Array(perm.length * k);
  for (let i = 0; i < perm.length; i++) {
    const r = perm[i] as number;
    for (let c = 0; c < k; c++) out[i * k + c] = values[r * k + c] as number;
  }
  return out;
}

/** Per-area values keyed by code: `values[i]` belongs to the area `ids[i]`, in any order. */
export interface KeyedValues {
  ids: readonly unknown[];
  values: ArrayLike<number>;
}

/**
 * Values in `areaIds` order: plain arrays are returned as they are (positional, in area order);
 * {@link KeyedValues} are matched to the areas by code through {@link rowOrder} (`UNMATCHED_CODE`,
 * `DUPLICATE_CODE`, `LENGTH_MISMATCH` as there; another order is fine).
 */
export function valuesInAreaOrder(
  areaIds: readonly string[],
  input: ArrayLike<number> | KeyedValues,
  what = 'values',
): ArrayLike<number> {
  if (!isKeyed(input)) return input;
  const perm = rowOrder(areaIds, { ids: input.ids, reorder: true }, { what, rows: input.values.length });
  return reorder(input.values, perm);
}

function isKeyed(input: ArrayLike<number> | KeyedValues): input is KeyedValues {
  return typeof input === 'object' && input !== null && 'ids' in input && 'values' in input;
}

/**
 * Per-area columns (e.g. group and total counts) in `areaIds` order, for functions that take them
 * with `options.ids`: the {@link rowOrder} check, then every column reordered by the same
 * permutation. The options come back with `ids` set to the areas' ids, so that messages name the
 * right area and inner calls that get the same options do not check (or reorder) a second time.
 */
export function inAreaOrder<T extends readonly ArrayLike<number>[], O extends RowOrderOptions | undefined>(
  areaIds: readonly string[],
  options: O,
  columns: readonly [...T],
  what = 'counts',
): { columns: { -readonly [K in keyof T]: ArrayLike<number> }; options: O } {
  if (options?.ids === undefined)
    return { columns: [...columns] as { -readonly [K in keyof T]: ArrayLike<number> }, options };
  const rows = options.ids.length;
  columns.forEach((c, j) => {
    if (c.length !== rows)
      throw new CohesionError(
        'LENGTH_MISMATCH',
        `${rows} row codes (ids) but ${c.length} ${what} in column ${j + 1}`,
        {
          value: [rows, c.length],
        },
      );
  });
  const perm = rowOrder(areaIds, options, { what });
  return {
    columns: columns.map((c) => reorder(c, perm)) as { -readonly [K in keyof T]: ArrayLike<number> },
    options: { ...options, ids: areaIds } as O,
  };
}

/** {@link inAreaOrder} for a flat row-major table of `k` counts per row (a multigroup table). */
export function tableInAreaOrder<O extends RowOrderOptions | undefined>(
  areaIds: readonly string[],
  options: O,
  table: { counts: Float64Array; k: number },
  what = 'counts',
): { table: { counts: Float64Array; k: number }; options: O } {
  if (options?.ids === undefined) return { table, options };
  const perm = rowOrder(areaIds, options, { what, rows: table.counts.length / table.k });
  const aligned = { ...options, ids: areaIds } as O;
  if (!perm) return { table, options: aligned };
  return {
    table: { counts: Float64Array.from(reorderRows(table.counts, table.k, perm)), k: table.k },
    options: aligned,
  };
}
