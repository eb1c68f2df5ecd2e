import { CohesionError } from '../errors.js';

/** What an ONS GSS code prefix (nation letter + two-digit entity) stands for. */
export interface OnsEntity {
  prefix: string;
  geography: string;
  nation:
    | 'England'
    | 'Wales'
    | 'Scotland'
    | 'Northern Ireland'
    | 'United Kingdom'
    | 'Great Britain'
    | 'England and Wales';
}

/**
 * The GSS entity codes councils meet most (ONS Register of Geographic Codes). Codes are 9
 * characters: a nation letter, a two-digit entity and a six-digit instance (e.g. E01006074).
 */
export const ONS_ENTITIES: Readonly<Record<string, OnsEntity>> = Object.freeze(
  Object.fromEntries(
    (
      [
        ['E00', 'Output Area', 'England'],
        ['W00', 'Output Area', 'Wales'],
        ['E01', 'LSOA', 'England'],
        ['W01', 'LSOA', 'Wales'],
        ['E02', 'MSOA', 'England'],
        ['W02', 'MSOA', 'Wales'],
        ['E04', 'Civil parish', 'England'],
        ['W04', 'Community', 'Wales'],
        ['E05', 'Electoral ward', 'England'],
        ['W05', 'Electoral ward', 'Wales'],
        ['E06', 'Unitary authority', 'England'],
        ['W06', 'Unitary authority', 'Wales'],
        ['E07', 'Non-metropolitan district', 'England'],
        ['E08', 'Metropolitan district', 'England'],
        ['E09', 'London borough', 'England'],
        ['E10', 'County', 'England'],
        ['E11', 'Metropolitan county', 'England'],
        ['E12', 'Region', 'England'],
        ['E47', 'Combined authority', 'England'],
        ['E92', 'Country', 'England'],
        ['W92', 'Country', 'Wales'],
        ['S00', 'Output Area', 'Scotland'],
        ['S01', 'Data Zone', 'Scotland'],
        ['S02', 'Intermediate Zone', 'Scotland'],
        ['S12', 'Council area', 'Scotland'],
        ['S13', 'Electoral ward', 'Scotland'],
        ['N00', 'Small Area', 'Northern Ireland'],
        ['N09', 'Local government district', 'Northern Ireland'],
        ['K04', 'England and Wales', 'England and Wales'],
        ['K03', 'Great Britain', 'Great Britain'],
        ['K02', 'United Kingdom', 'United Kingdom'],
      ] as const
    ).map(([prefix, geography, nation]) => [prefix, { prefix, geography, nation }]),
  ),
);

/** Local-authority-level entities (the councils). */
export const COUNCIL_PREFIXES = ['E06', 'E07', 'E08', 'E09', 'W06', 'S12', 'N09'] as const;

const GSS_RE = /^[EWSNK]\d{8}$/;

/** Describes a GSS code, or returns undefined when it is not a well-formed code of a known entity. */
export function parseOnsCode(code: string): OnsEntity | undefined {
  if (!GSS_RE.test(code)) return undefined;
  return ONS_ENTITIES[code.slice(0, 3)];
}

/**
 * Checks a list of area codes: each must be a well-formed GSS code and, when `prefixes` is given,
 * of one of those entities (e.g. `['E01', 'W01']` for LSOAs). Throws `INVALID_CODE` naming the row.
 * Returns the set of prefixes found.
 */
export function checkOnsCodes(codes: readonly string[], prefixes?: readonly string[]): Set<string> {
  const found = new Set<string>();
  codes.forEach((code, row) => {
    const c = code.trim();
    if (!GSS_RE.test(c)) {
      throw new CohesionError('INVALID_CODE', `row ${row + 1}: "${code}" is not a 9-character ONS GSS code`, {
        row,
        id: code,
      });
    }
    const prefix = c.slice(0, 3);
    if (prefixes && !prefixes.includes(prefix)) {
      const what = ONS_ENTITIES[prefix]?.geography ?? 'an unknown entity';
      throw new CohesionError(
        'INVALID_CODE',
        `row ${row + 1}: ${code} is ${what} (${prefix}), expected ${prefixes.join(' or ')}`,
        { row, id: code, value: prefix },
      );
    }
    found.add(prefix);
  });
  return found;
}
