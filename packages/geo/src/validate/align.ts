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
