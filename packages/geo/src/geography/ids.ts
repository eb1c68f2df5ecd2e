import type { FeatureCollection } from 'geojson';
import { CohesionError } from '../errors.js';

/** Where ids come from, for messages: features of a collection, or rows of a table. */
export interface IdSourceOptions {
  /** Property or column the ids were read from (named in messages). */
  column?: string;
  /** `feature` (0-based feature index, GeoJSON) or `row` (1-based data row in messages, CSV). */
  kind?: 'feature' | 'row';
  /** File or URL, named in messages. */
  source?: string;
}

/**
 * The one id rule of Cohesion, used wherever codes key data (areas, tables, weights, access
 * origins and sites, joins): every id is trimmed; numbers become strings; `null`, `undefined` and
 * blank ids are `BLANK_CODE`; a repeated id is `DUPLICATE_CODE` (naming both places). Anything that
 * is not a string or a finite number (objects, booleans, NaN) is `INVALID_CODE`. Returns the ids in
 * order with the index of each.
 */
export function readIds(
  values: ArrayLike<unknown>,
  options: IdSourceOptions = {},
): { ids: string[]; index: Map<string, number> } {
  const kind = options.kind ?? 'row';
  const col = options.column ? ` "${options.column}"` : ' id';
  const at = options.source ? `${options.source}: ` : '';
  const where = (i: number) => (kind === 'feature' ? `feature ${i}` : `row ${i + 1}`);
  const detail = (i: number, extra: Record<string, unknown> = {}) => ({
    [kind]: i,
    ...(options.column !== undefined ? { column: options.column } : {}),
    ...(options.source !== undefined ? { source: options.source } : {}),
    ...extra,
  });
  const index = new Map<string, number>();
  const ids = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const raw = values[i];
    let id: string;
    if (raw === null || raw === undefined) id = '';
    else if (typeof raw === 'string') id = raw.trim();
    else if (typeof raw === 'number' && Number.isFinite(raw)) id = String(raw);
    else {
      throw new CohesionError(
        'INVALID_CODE',
        `${at}${where(i)} has${col} ${JSON.stringify(raw) ?? String(raw)}, not a code (a string or a number)`,
        detail(i, { value: raw }),
      );
    }
    if (id === '')
      throw new CohesionError('BLANK_CODE', `${at}${where(i)} has a blank${col}`, detail(i, { value: raw }));
    const prev = index.get(id);
    if (prev !== undefined) {
      throw new CohesionError(
        'DUPLICATE_CODE',
        `${at}"${id}" appears twice in${col} (${where(prev)} and ${where(i)}); codes must be unique`,
        detail(i, { id, first: prev }),
      );
    }
    index.set(id, i);
    ids[i] = id;
  }
  return { ids, index };
}

/**
 * The id of every feature, read from `idProperty` (or the feature's own `id` when `idProperty` is
 * `'$id'`), as trimmed strings in feature order. Throws `MISSING_PROPERTY` when no feature has the
 * property at all or one feature lacks the key, else the {@link readIds} rule (`BLANK_CODE`,
 * `DUPLICATE_CODE`, `INVALID_CODE`) naming the feature, because a statistic keyed on ambiguous ids
 * is wrong silently.
 */
export function areaIds(fc: FeatureCollection, idProperty: string, source?: string): string[] {
  return areaIdIndex(fc, idProperty, source).ids;
}

/** {@link areaIds} together with the index of each id (built anyway for the duplicate check). */
export function areaIdIndex(
  fc: FeatureCollection,
  idProperty: string,
  source?: string,
): { ids: string[]; index: Map<string, number> } {
  const at = source ? `${source}: ` : '';
  const raw = fc.features.map((f, i) => {
    if (idProperty === '$id') return f.id;
    const props = f.properties ?? {};
    if (!(idProperty in props)) {
      const keys = Object.keys(props).join(', ');
      throw new CohesionError(
        'MISSING_PROPERTY',
        `${at}feature ${i} has no property "${idProperty}" (has ${keys})`,
        { feature: i, column: idProperty, ...(source ? { source } : {}) },
      );
    }
    return props[idProperty];
  });
  return readIds(raw, { kind: 'feature', column: idProperty, ...(source ? { source } : {}) });
}
