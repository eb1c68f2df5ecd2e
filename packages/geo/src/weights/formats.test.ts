// GAL/GWT writers: whitespace-separated formats, so ids with spaces cannot be written.
import { describe, expect, it } from 'vitest';
import { CohesionError } from '../errors.js';
import { weightsFromLists } from './csr.js';
import { parseGal, parseGwt, writeGal, writeGwt } from './formats.js';

const named = weightsFromLists(['Trafford 001A', 'Trafford 025A', 'Trafford 003B'], [[1], [0, 2], [1]]);
const coded = weightsFromLists(['E01006074', 'E01006075', 'E01006076'], [[1], [0, 2], [1]]);

function thrown(fn: () => unknown): CohesionError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CohesionError);
    return e as CohesionError;
  }
  throw new Error('expected a CohesionError');
}

describe('writeGal / writeGwt', () => {
  it.each([
    ['GAL', writeGal],
    ['GWT', writeGwt],
  ] as const)(
    '%s: an id with whitespace is INVALID_CODE naming it, never an unreadable file',
    (format, write) => {
      const e = thrown(() => write(named, { shapefile: 'areas.geojson', idVariable: 'area_name' }));
      expect(e.code).toBe('INVALID_CODE');
      expect(e.message).toMatch(`area 1 has the id "Trafford 001A" (area_name), which contains whitespace`);
      expect(e.message).toMatch(`${format} files are whitespace-separated`);
      expect(e.message).toMatch(/code column without spaces/);
      expect(e.detail).toMatchObject({ row: 0, id: 'Trafford 001A', column: 'area_name' });
      const tab = weightsFromLists(['A', 'B\tC'], [[1], [0]]);
      expect(thrown(() => write(tab)).detail.id).toBe('B\tC');
    },
  );

  it('ids without whitespace round-trip; header fields with spaces stay one token each', () => {
    const opts = { shapefile: 'my areas.geojson', idVariable: 'area code' };
    const gal = writeGal(coded, opts);
    expect(gal.split('\n')[0]).toBe('0 3 my_areas.geojson area_code');
    expect(parseGal(gal).ids).toEqual(coded.ids);
    const gwt = writeGwt(coded, opts);
    expect(gwt.split('\n')[0]).toBe('0 3 my_areas.geojson area_code');
    expect(parseGwt(gwt, { ids: coded.ids }).neighbors).toEqual(coded.neighbors);
  });
});
