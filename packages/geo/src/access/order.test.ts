// Issue 15, row order, for green-space access: population, groups and IMD deciles come from a
// table keyed by area code. With the table's codes (`ids`) a table in another order than the
// origins is ORDER_MISMATCH, or matched by code with `reorder: true`.
import { describe, expect, it } from 'vitest';
import { CohesionError } from '../errors.js';
import { analyseGreenSpaceAccess } from './analyse.js';
import { fc, point, polygon, rect } from './fixtures.test-helpers.js';
import { prepareOrigins } from './origins.js';
import { createSiteIndex } from './site-index.js';
import { prepareGreenSpaceSites } from './sites.js';

const index = createSiteIndex(
  prepareGreenSpaceSites(fc([polygon([rect(400000, 300000, 400300, 300100)], { name: 'P' })]), {
    idProperty: 'name',
  }),
);
// Three LSOAs at 200, 600 and 1,400 m from the park.
const origins = prepareOrigins(
  fc([
    point(400150, 300300, { id: 'E01001643' }),
    point(400150, 300700, { id: 'E01001893' }),
    point(400150, 301500, { id: 'E01001700' }),
  ]),
  { idProperty: 'id' },
);
const inOrder = {
  population: [1643, 1893, 1700],
  groups: { a: [400, 1200, 100], b: [1243, 693, 1600] },
  minorityGroups: ['a'],
  imdDecile: [1, 5, 9],
  bootstrap: { replicates: 19 },
};
// The same table sorted by population descending: E01001893 first.
const ORDER = [1, 2, 0];
const p = <T>(x: readonly T[]) => ORDER.map((i) => x[i]!);
const shuffled = {
  population: p(inOrder.population),
  groups: { a: p(inOrder.groups.a), b: p(inOrder.groups.b) },
  minorityGroups: ['a'],
  imdDecile: p(inOrder.imdDecile),
  bootstrap: { replicates: 19 },
  ids: p(origins.ids),
};

describe('analyseGreenSpaceAccess and row order', () => {
  it('a table in another order with its codes is ORDER_MISMATCH naming the row, not the wrong population', () => {
    try {
      analyseGreenSpaceAccess(origins, index, shuffled);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CohesionError);
      expect((e as CohesionError).code).toBe('ORDER_MISMATCH');
      expect((e as CohesionError).detail).toMatchObject({ row: 0, id: 'E01001893', expected: 'E01001643' });
    }
  });
  it('reorder: true matches every per-origin column by code: the first LSOA keeps its 1,643 people', () => {
    const a = analyseGreenSpaceAccess(origins, index, inOrder);
    const b = analyseGreenSpaceAccess(origins, index, { ...shuffled, reorder: true });
    expect(b.results[0]).toMatchObject({ id: 'E01001643', population: 1643 });
    expect(b).toEqual(a);
  });
  it('a column of another length than the codes is LENGTH_MISMATCH; an unknown code UNMATCHED_CODE', () => {
    const code = (o: object) => {
      try {
        analyseGreenSpaceAccess(origins, index, o);
      } catch (e) {
        return (e as CohesionError).code;
      }
      return 'no error';
    };
    expect(code({ ...shuffled, reorder: true, imdDecile: [1, 5] })).toBe('LENGTH_MISMATCH');
    expect(code({ ...shuffled, reorder: true, ids: ['E01001893', 'E01001700', 'E01009999'] })).toBe(
      'UNMATCHED_CODE',
    );
  });
});
