import { describe, expect, it } from 'vitest';
import { CohesionError } from '../errors.js';
import { alignRows, reorder, reorderRows, rowOrder, valuesInAreaOrder } from './align.js';

const AREAS = ['E01', 'E02', 'E03', 'E04'];

function codeOf(f: () => unknown): { code: string; detail: Record<string, unknown>; message: string } {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CohesionError);
    const c = e as CohesionError;
    return { code: c.code, detail: c.detail, message: c.message };
  }
  throw new Error('no error');
}

describe('rowOrder: the one row-order check', () => {
  it('no ids: positional, nothing to check', () => {
    expect(rowOrder(AREAS, {})).toBeNull();
    expect(rowOrder(AREAS, undefined)).toBeNull();
  });
  it('ids in the same order (trimmed, numbers as text) pass', () => {
    expect(rowOrder(AREAS, { ids: [' E01', 'E02 ', 'E03', 'E04'] })).toBeNull();
    expect(rowOrder(['1', '2', '3'], { ids: [1, 2, 3] })).toBeNull();
  });
  it('the same codes in another order are ORDER_MISMATCH naming the first differing row', () => {
    const e = codeOf(() => rowOrder(AREAS, { ids: ['E01', 'E03', 'E02', 'E04'] }, { what: 'population' }));
    expect(e.code).toBe('ORDER_MISMATCH');
    expect(e.detail).toMatchObject({ row: 1, id: 'E03', expected: 'E02' });
    expect(e.message).toContain('row 2 is E03 but area 2 is E02');
    expect(e.message).toContain('reorder: true');
  });
  it('reorder: true matches by code (the permutation puts rows in area order)', () => {
    const ids = ['E04', 'E02', 'E01', 'E03'];
    const perm = rowOrder(AREAS, { ids, reorder: true });
    expect(Array.from(perm!)).toEqual([2, 1, 3, 0]);
    expect(reorder([40, 20, 10, 30], perm)).toEqual([10, 20, 30, 40]);
    expect(Array.from(reorderRows([4, 40, 2, 20, 1, 10, 3, 30], 2, perm))).toEqual([
      1, 10, 2, 20, 3, 30, 4, 40,
    ]);
  });
  it('a code on one side only is UNMATCHED_CODE, a repeated one DUPLICATE_CODE, even with reorder', () => {
    expect(codeOf(() => rowOrder(AREAS, { ids: ['E01', 'E02', 'E03', 'E09'], reorder: true })).code).toBe(
      'UNMATCHED_CODE',
    );
    expect(codeOf(() => rowOrder(AREAS, { ids: ['E01', 'E02', 'E03'] })).code).toBe('UNMATCHED_CODE');
    expect(codeOf(() => rowOrder(AREAS, { ids: ['E01', 'E02', 'E03', 'E04', 'E05'] })).code).toBe(
      'UNMATCHED_CODE',
    );
    expect(codeOf(() => rowOrder(AREAS, { ids: ['E01', 'E02', 'E02', 'E04'] })).code).toBe('DUPLICATE_CODE');
    expect(codeOf(() => rowOrder(AREAS, { ids: ['E01', '', 'E03', 'E04'] })).code).toBe('BLANK_CODE');
  });
  it('ids of another length than the arrays are LENGTH_MISMATCH', () => {
    expect(codeOf(() => rowOrder(AREAS, { ids: AREAS }, { rows: 3 })).code).toBe('LENGTH_MISMATCH');
  });
  it('keyed values are matched by code; plain arrays are positional', () => {
    expect(valuesInAreaOrder(AREAS, { ids: ['E03', 'E01', 'E04', 'E02'], values: [3, 1, 4, 2] })).toEqual([
      1, 2, 3, 4,
    ]);
    const plain = [9, 8, 7, 6];
    expect(valuesInAreaOrder(AREAS, plain)).toBe(plain);
    expect(
      codeOf(() => valuesInAreaOrder(AREAS, { ids: ['E03', 'E01', 'E04'], values: [3, 1, 4] }, 'population'))
        .code,
    ).toBe('UNMATCHED_CODE');
  });
  it('alignRows stays as before: null when the orders agree', () => {
    expect(alignRows(AREAS, [...AREAS])).toBeNull();
  });
});
