import { describe, expect, it } from 'vitest';
import { CohesionError } from '../errors.js';
import { segregationIndices } from '../segregation/batch.js';
import { checkTotalRow } from './totalrow.js';

const ids = ['E01000001', 'E01000002', 'E01000003', 'E01000004'];
const total = [100, 200, 300, 400];
const group = [10, 40, 30, 20];
const withTotal = (xs: number[]) => [...xs, xs.reduce((a, b) => a + b, 0)];

function caught(f: () => unknown): CohesionError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CohesionError);
    return e as CohesionError;
  }
  throw new Error('no error');
}

describe('checkTotalRow', () => {
  it('a row equal to the sum of the others in every column is TOTAL_ROW naming its row, line and code', () => {
    const e = caught(() =>
      checkTotalRow(
        [
          { name: 'total', values: withTotal(total) },
          { name: 'n', values: withTotal(group) },
        ],
        { ids: [...ids, 'Total'], source: 'x.csv' },
      ),
    );
    expect(e.code).toBe('TOTAL_ROW');
    expect(e.detail).toMatchObject({ row: 4, id: 'Total', source: 'x.csv' });
    expect(e.message).toMatch(/x\.csv: row 5 \(Total\), line 6 counting the header, looks like a total/);
    expect(e.message).toMatch(/"Total" is not an ONS area code like the others; remove it/);
  });

  it('within 0.5 (rounded shares), anywhere in the table, with the rows of a selection', () => {
    const t = [1000.4, ...total];
    const g = [100, ...group];
    const e = caught(() =>
      checkTotalRow(
        [
          { name: 'total', values: t },
          { name: 'n', values: g },
        ],
        { rows: [7, 1, 2, 3, 4] },
      ),
    );
    expect(e.detail.row).toBe(7);
  });

  it('no error when one column differs, for fewer than three rows, or for a row of nobody', () => {
    const g = withTotal(group);
    g[4] = g[4]! - 1;
    expect(() =>
      checkTotalRow([
        { name: 'total', values: withTotal(total) },
        { name: 'n', values: g },
      ]),
    ).not.toThrow();
    expect(() => checkTotalRow([{ name: 'total', values: [5, 5] }])).not.toThrow();
    expect(() => checkTotalRow([{ name: 'total', values: [0, 0, 0] }])).not.toThrow();
    expect(() => checkTotalRow([{ name: 'total', values: total }])).not.toThrow();
  });

  it('segregationIndices refuses a table with its total row (D would be halved, the population doubled)', () => {
    const input = (t: number[], g: number[], i: string[]) => ({
      groups: [Float64Array.from(g)],
      groupNames: ['n'],
      total: Float64Array.from(t),
      totalColumn: 'total',
      ids: i,
    });
    expect(() => segregationIndices(input(total, group, ids))).not.toThrow();
    expect(
      caught(() => segregationIndices(input(withTotal(total), withTotal(group), [...ids, 'Total']))).code,
    ).toBe('TOTAL_ROW');
  });
});
