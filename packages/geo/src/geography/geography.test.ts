import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import { CohesionError } from '../errors.js';
import { readAreas } from '../io/areas.js';
import { numericColumn, parseCsv, readCsv } from '../io/csv.js';
import { aggregateCounts } from './aggregate.js';
import { checkOnsCodes, parseOnsCode } from './codes.js';
import { centroid, planarArea, pointInPolygon, pointOnSurface } from './geometry.js';
import { areaIds } from './ids.js';
import { joinByCode, tableIdIndex } from './join.js';
import { countPointsInAreas, pointsFromTable } from './points.js';
import { toBng } from './project.js';

const DATA_DIR = new URL('../../../../data/', import.meta.url);
const dataFile = (p: string) => new URL(p, DATA_DIR).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'cohesion-geo-'));
const file = (name: string, content: string) => {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
};
function errorOf(fn: () => unknown): CohesionError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CohesionError);
    return e as CohesionError;
  }
  throw new Error('expected a CohesionError');
}

const square = (x0: number, y0: number, s: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [x0, y0],
      [x0 + s, y0],
      [x0 + s, y0 + s],
      [x0, y0 + s],
      [x0, y0],
    ],
  ],
});

describe('geometry (hand-worked)', () => {
  it('area, centroid and point-on-surface of a square with a hole', () => {
    const g = {
      type: 'Polygon' as const,
      coordinates: [square(0, 0, 100).coordinates[0]!, square(10, 10, 20).coordinates[0]!.slice().reverse()],
    };
    expect(planarArea(g)).toBe(100 * 100 - 20 * 20);
    // Centroid: (10000·(50,50) − 400·(20,20)) / 9600.
    const [cx, cy] = centroid(g);
    expect(cx).toBeCloseTo((10000 * 50 - 400 * 20) / 9600, 10);
    expect(cy).toBeCloseTo((10000 * 50 - 400 * 20) / 9600, 10);
    expect(pointInPolygon(15, 15, g)).toBe(false); // in the hole
    expect(pointInPolygon(5, 5, g)).toBe(true);
    expect(pointInPolygon(0, 50, g)).toBe(true); // boundary counts as inside
  });
  it('point on surface lies inside a U shape whose centroid does not', () => {
    const u = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [0, 0],
          [30, 0],
          [30, 30],
          [20, 30],
          [20, 10],
          [10, 10],
          [10, 30],
          [0, 30],
          [0, 0],
        ],
      ],
    };
    const [cx, cy] = centroid(u);
    expect(pointInPolygon(cx, cy, u)).toBe(false);
    const [px, py] = pointOnSurface(u);
    expect(pointInPolygon(px, py, u)).toBe(true);
  });
});

describe('ONS codes and ids', () => {
  it('recognises entity prefixes', () => {
    expect(parseOnsCode('E01006074')?.geography).toBe('LSOA');
    expect(parseOnsCode('E08000009')?.geography).toBe('Metropolitan district');
    expect(parseOnsCode('W01000001')?.nation).toBe('Wales');
    expect(parseOnsCode('E0100607')).toBeUndefined();
    expect(checkOnsCodes(['E01006074', 'W01000001'], ['E01', 'W01'])).toEqual(new Set(['E01', 'W01']));
    const e = errorOf(() => checkOnsCodes(['E01006074', 'E05000819'], ['E01']));
    expect(e.code).toBe('INVALID_CODE');
    expect(e.detail.row).toBe(1);
    expect(errorOf(() => checkOnsCodes(['E01 006074'])).code).toBe('INVALID_CODE');
  });
  it('area ids refuse blanks and duplicates', () => {
    const fc = (codes: (string | null)[]): FeatureCollection => ({
      type: 'FeatureCollection',
      features: codes.map((c, i) => ({
        type: 'Feature',
        properties: { code: c },
        geometry: square(i, 0, 1),
      })),
    });
    expect(areaIds(fc(['A', 'B']), 'code')).toEqual(['A', 'B']);
    expect(errorOf(() => areaIds(fc(['A', 'A']), 'code')).code).toBe('DUPLICATE_CODE');
    expect(errorOf(() => areaIds(fc(['A', ' ']), 'code')).code).toBe('BLANK_CODE');
    expect(errorOf(() => areaIds(fc(['A', null]), 'code')).detail.feature).toBe(1);
    expect(errorOf(() => areaIds(fc(['A']), 'area_code')).code).toBe('MISSING_PROPERTY');
  });
  it('table ids follow the same rule, naming the row and the file', () => {
    const t = parseCsv('code,n\n A ,1\nB,2\n', 'a.csv');
    const { ids, index } = tableIdIndex(t, 'code');
    expect(ids).toEqual(['A', 'B']);
    expect(index.get('B')).toBe(1);
    const dup = errorOf(() => tableIdIndex(parseCsv('code\nA\nA\n', 'b.csv'), 'code'));
    expect(dup.code).toBe('DUPLICATE_CODE');
    expect(dup.message).toContain('b.csv');
    expect(dup.detail.row).toBe(1);
    const blank = errorOf(() => tableIdIndex(parseCsv('code,n\nA,1\n,2\n', 'c.csv'), 'code'));
    expect(blank.code).toBe('BLANK_CODE');
    expect(blank.detail.row).toBe(1);
    expect(errorOf(() => tableIdIndex(t, 'id')).code).toBe('MISSING_COLUMN');
  });
});

describe('joinByCode', () => {
  it('joins all 1,673 GM LSOAs to their census table', async () => {
    const areas = await readAreas(dataFile('greater-manchester/boundaries/gm_lsoa11_generalised.geojson.gz'));
    const table = await readCsv(dataFile('greater-manchester/census/gm_ethnicity_2011_lsoa_MLID.csv'));
    const { areas: joined, report } = joinByCode(areas, table, { areaId: 'area_code', tableId: 'LSOA11CD' });
    expect(report.areas).toBe(1673);
    expect(report.matched).toBe(1673);
    expect(report.unmatchedRows).toEqual([]);
    const row = table.rows.find((r) => r.LSOA11CD === joined.features[0]?.properties?.area_code);
    expect(joined.features[0]?.properties?.Persons).toBe(row?.Persons);
  });
  const areas: FeatureCollection = {
    type: 'FeatureCollection',
    features: ['E01000001', 'E01000002'].map((c, i) => ({
      type: 'Feature',
      properties: { code: c },
      geometry: square(i, 0, 1),
    })),
  };
  it('raises a typed error for each bad table, naming the row', async () => {
    const load = async (name: string, csv: string) => readCsv(file(name, csv));
    const unmatched = await load('unmatched.csv', 'code,n\nE01000001,1\n');
    let e = errorOf(() => joinByCode(areas, unmatched, { areaId: 'code', tableId: 'code' }));
    expect(e.code).toBe('UNMATCHED_CODE');
    expect(e.detail.id).toBe('E01000002');
    const extra = await load('extra.csv', 'code,n\nE01000001,1\nE01000002,2\nE01999999,3\n');
    e = errorOf(() => joinByCode(areas, extra, { areaId: 'code', tableId: 'code' }));
    expect(e.code).toBe('UNMATCHED_CODE');
    expect(e.detail.row).toBe(2);
    expect(
      joinByCode(areas, extra, { areaId: 'code', tableId: 'code', allowExtraRows: true }).report
        .unmatchedRows,
    ).toEqual([{ row: 2, code: 'E01999999' }]);
    // Lower-case codes are not matched, but the message says the case is all that differs.
    const lower = await load('lower.csv', 'code,n\nE01000001,1\ne01000002,2\n');
    e = errorOf(() => joinByCode(areas, lower, { areaId: 'code', tableId: 'code' }));
    expect(e.code).toBe('UNMATCHED_CODE');
    expect(e.message).toContain('differ only in letter case (area E01000002, row 2: e01000002)');
    expect(
      errorOf(() => joinByCode(areas, unmatched, { areaId: 'code', tableId: 'code' })).message,
    ).not.toContain('letter case');
    const dup = await load('dup.csv', 'code,n\nE01000001,1\nE01000002,2\nE01000001,3\n');
    e = errorOf(() => joinByCode(areas, dup, { areaId: 'code', tableId: 'code' }));
    expect(e.code).toBe('DUPLICATE_CODE');
    expect(e.detail.row).toBe(2);
    const blank = await load('blank.csv', 'code,n\nE01000001,1\nE01000002,2\n ,3\n');
    expect(errorOf(() => joinByCode(areas, blank, { areaId: 'code', tableId: 'code' })).code).toBe(
      'BLANK_CODE',
    );
    expect(errorOf(() => joinByCode(areas, blank, { areaId: 'code', tableId: 'LSOA' })).code).toBe(
      'MISSING_COLUMN',
    );
  });
  it('in lenient mode warns, keeps unmatched areas with nulls, and reports every row', () => {
    const table = parseCsv('code,n\nE01000001,1\nE01000001,9\nE01999999,3\n');
    const { areas: out, report } = joinByCode(areas, table, {
      areaId: 'code',
      tableId: 'code',
      strict: false,
    });
    expect(out.features.map((f) => f.properties?.n)).toEqual(['1', null]);
    expect(report.unmatchedAreas).toEqual(['E01000002']);
    expect(report.duplicateRows).toEqual([{ code: 'E01000001', rows: [0, 1] }]);
    expect(report.unmatchedRows).toEqual([{ row: 2, code: 'E01999999' }]);
    expect(report.warnings).toHaveLength(3);
  });
  it('allowMissingRows: areas without a row get null (no data) and rowOfArea says which row each area got', () => {
    const table = parseCsv('code,n\n E01000002 ,7\n');
    const {
      areas: out,
      report,
      rowOfArea,
    } = joinByCode(areas, table, {
      areaId: 'code',
      tableId: 'code',
      allowMissingRows: true,
    });
    expect(out.features.map((f) => f.properties?.n)).toEqual([null, '7']);
    expect(Array.from(rowOfArea)).toEqual([-1, 0]);
    expect(report.unmatchedAreas).toEqual(['E01000001']);
    // Only areas without rows are allowed: duplicates, blanks and rows matching no area still throw.
    const dup = parseCsv('code,n\nE01000002,1\nE01000002,2\n');
    expect(
      errorOf(() => joinByCode(areas, dup, { areaId: 'code', tableId: 'code', allowMissingRows: true })).code,
    ).toBe('DUPLICATE_CODE');
    const extra = parseCsv('code,n\nE01999999,1\n');
    expect(
      errorOf(() => joinByCode(areas, extra, { areaId: 'code', tableId: 'code', allowMissingRows: true }))
        .code,
    ).toBe('UNMATCHED_CODE');
  });
});

describe('aggregateCounts', () => {
  it('sums Trafford 2011 output areas to exactly the published LSOA counts', async () => {
    const oa = await readCsv(dataFile('trafford/ethnicity_2011_oa_MLID.csv'));
    const lsoa = await readCsv(dataFile('trafford/ethnicity_2011_lsoa_MLID.csv'));
    const groups = ['Persons', 'WhiteBrit', 'Pakistani', 'BlkAfrican', 'Other'];
    const agg = aggregateCounts(oa, oa, {
      tableId: 'OA11CD',
      lookupFrom: 'OA11CD',
      lookupTo: 'LSOA11CD',
      columns: groups,
    });
    expect(agg.codes).toHaveLength(138);
    expect(agg.members.reduce((a, b) => a + b, 0)).toBe(731);
    const ids = lsoa.rows.map((r) => r.LSOA11CD as string);
    for (const g of groups) {
      const published = numericColumn(lsoa, g);
      const ours = agg.counts[g]!;
      ids.forEach((id, i) => {
        expect(ours[agg.codes.indexOf(id)]).toBe(published[i]);
      });
    }
  });
  it('rejects fine codes missing from the lookup and ambiguous lookups', () => {
    const lookup = parseCsv('oa,lsoa\nA,L1\nB,L1\n');
    const bad = parseCsv('oa,n\nA,1\nC,2\n');
    const e = errorOf(() =>
      aggregateCounts(bad, lookup, { tableId: 'oa', lookupFrom: 'oa', lookupTo: 'lsoa', columns: ['n'] }),
    );
    expect(e.code).toBe('UNMATCHED_CODE');
    expect(e.detail.row).toBe(1);
    const ambiguous = parseCsv('oa,lsoa\nA,L1\nA,L2\n');
    expect(
      errorOf(() =>
        aggregateCounts(parseCsv('oa,n\nA,1\n'), ambiguous, {
          tableId: 'oa',
          lookupFrom: 'oa',
          lookupTo: 'lsoa',
          columns: ['n'],
        }),
      ).code,
    ).toBe('DUPLICATE_CODE');
  });
});

describe('countPointsInAreas', () => {
  it('places Manchester 2017 burglaries in the LSOA data.police.uk recorded', async () => {
    const lsoa = toBng(
      await readAreas(dataFile('greater-manchester/boundaries/gm_lsoa11_generalised.geojson.gz')),
    );
    const pts = await readAreas(
      dataFile('greater-manchester/crime/manchester_burglary_2017_bng_epsg27700.geojson.gz'),
    );
    const xs = Float64Array.from(
      pts.features,
      (f) => (f.geometry as { coordinates: number[] }).coordinates[0]!,
    );
    const ys = Float64Array.from(
      pts.features,
      (f) => (f.geometry as { coordinates: number[] }).coordinates[1]!,
    );
    const { counts, areaIndex, outside } = countPointsInAreas(lsoa, xs, ys, { pointsCrs: 'EPSG:27700' });
    expect(counts.reduce((a, b) => a + b, 0) + outside).toBe(8144);
    const ids = areaIds(lsoa, 'area_code');
    let agree = 0;
    pts.features.forEach((f, i) => {
      if (ids[areaIndex[i]!] === f.properties?.LSOA_id) agree++;
    });
    // Police points are snapped to anonymised map points that often sit on streets, and streets
    // are LSOA boundaries; the boundaries here are generalised (20 m). 95.2% agree; the rest sit on edges.
    expect(agree / 8144).toBeGreaterThan(0.94);
  });
  it('counts hand-placed points, once each, including on a shared edge', () => {
    const areas: FeatureCollection = {
      type: 'FeatureCollection',
      features: [square(0, 0, 10), square(10, 0, 10)].map((geometry, i) => ({
        type: 'Feature',
        properties: { i },
        geometry,
      })),
    };
    (areas as { crs?: unknown }).crs = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } };
    const r = countPointsInAreas(areas, Float64Array.of(5, 15, 10, 25), Float64Array.of(5, 5, 5, 5));
    expect(Array.from(r.counts)).toEqual([2, 1]);
    expect(Array.from(r.areaIndex)).toEqual([0, 1, 0, -1]);
    expect(r.outside).toBe(1);
    expect(
      errorOf(() =>
        countPointsInAreas(areas, Float64Array.of(1), Float64Array.of(1), { pointsCrs: 'EPSG:4326' }),
      ).code,
    ).toBe('WRONG_CRS');
  });
  it('reads police CSV coordinates, projecting to BNG and flagging bad rows', async () => {
    const t = await readCsv(dataFile('trafford/crime_burglary_2016-02_to_2019-01.csv'));
    const p = pointsFromTable(t, 'Longitude', 'Latitude', { toBng: true });
    expect(p.xs.length + p.skippedRows.length).toBe(5113);
    expect(p.crs).toBe('EPSG:27700');
    const swapped = parseCsv('Longitude,Latitude\n53.4,-2.3\n');
    expect(errorOf(() => pointsFromTable(swapped, 'Longitude', 'Latitude')).code).toBe('OUTSIDE_GB');
    const text = parseCsv('Longitude,Latitude\n-2.3,north\n');
    expect(errorOf(() => pointsFromTable(text, 'Longitude', 'Latitude')).detail.column).toBe('Latitude');
  });
});
