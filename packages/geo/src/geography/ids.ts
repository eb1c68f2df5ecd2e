import type { FeatureCollection } from 'geojson';
import { CohesionError } from '../errors.js';

/**
 * The id of every feature, read from `idProperty` (or the feature's own `id` when `idProperty` is
 * `'$id'`), as trimmed strings in feature order. Throws `MISSING_PROPERTY`, `BLANK_CODE` or
 * `DUPLICATE_CODE` naming the feature, because a statistic keyed on ambiguous ids is wrong silently.
 */
export function areaIds(fc: FeatureCollection, idProperty: string): string[] {
  return areaIdIndex(fc, idProperty).ids;
}

/** {@link areaIds} together with the index of each id (built anyway for the duplicate check). */
export function areaIdIndex(
  fc: FeatureCollection,
  idProperty: string,
): { ids: string[]; index: Map<string, number> } {
  const seen = new Map<string, number>();
  const ids = fc.features.map((f, i) => {
    const raw = idProperty === '$id' ? f.id : f.properties?.[idProperty];
    if (raw === undefined) {
      const keys = Object.keys(f.properties ?? {}).join(', ');
      throw new CohesionError(
        'MISSING_PROPERTY',
        `feature ${i} has no property "${idProperty}" (has ${keys})`,
        {
          feature: i,
          column: idProperty,
        },
      );
    }
    const id = raw === null ? '' : String(raw).trim();
    if (id === '') {
      throw new CohesionError('BLANK_CODE', `feature ${i} has a blank "${idProperty}"`, {
        feature: i,
        column: idProperty,
      });
    }
    const prev = seen.get(id);
    if (prev !== undefined) {
      throw new CohesionError(
        'DUPLICATE_CODE',
        `"${id}" appears twice in "${idProperty}" (features ${prev} and ${i})`,
        {
          feature: i,
          id,
          column: idProperty,
        },
      );
    }
    seen.set(id, i);
    return id;
  });
  return { ids, index: seen };
}
