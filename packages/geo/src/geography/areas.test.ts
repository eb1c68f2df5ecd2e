import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { prepareOrigins } from '../access/origins.js';
import { CohesionError } from '../errors.js';
import { numericColumn, parseCsv } from '../io/csv.js';
import { spatialAreas } from '../segregation/spatial/projected.js';
import { pointsFromAreas } from '../weights/distance.js';
import { joinTableToAreas, prepareAreas } from './area-table.js';
import { areasModel } from './areas.js';
import { assertInGb } from './crs.js';
import { lonLatToBng } from './project.js';

function errorOf(fn: () => unknown): CohesionError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CohesionError);
    return e as CohesionError;
  }
  throw new Error('expected a CohesionError');
}

const BNG = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } };
const square = (x: number, y: number, side: number): Geometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + side, y],
      [x + side, y + side],
      [x, y + side],
      [x, y],
    ],
  ],
});
const feature = (code: unknown, geometry: Geometry | null): Feature => ({
  type: 'Feature',
  properties: { code },
  geometry: geometry as Geometry,
});
const collection = (features: Feature[], crs?: object): FeatureCollection =>
  ({ type: 'FeatureCollection', features, ...(crs ? { crs } : {}) }) as FeatureCollection;

describe('prepareAreas: the areas model', () => {
  it('a 1 km square in BNG: centroid at its middle, 1,000,000 m², ids indexed', () => {
    // An L of three 1 km squares; the L's own centroid is worked by hand below.
    const l: Geometry = {
      type: 'MultiPolygon',
      coordinates: [
        (square(402000, 300000, 1000) as { coordinates: number[][][] }).coordinates,
        (square(403000, 300000, 1000) as { coordinates: number[][][] }).coordinates,
        (square(402000, 301000, 1000) as { coordinates: number[][][] }).coordinates,
      ],
    };
    const fc = collection([feature(' E01000001 ', square(400000, 300000, 1000)), feature('E01000002', l)]);
    const a = prepareAreas(fc, { idProperty: 'code' });
    expect(a.n).toBe(2);
    expect(a.ids).toEqual(['E01000001', 'E01000002']); // trimmed
    expect(a.index.get('E01000002')).toBe(1);
    expect(a.sourceCrs).toBe('EPSG:27700');
    expect([a.xs[0], a.ys[0], a.areas[0]]).toEqual([400500, 300500, 1_000_000]);
    // L: squares centred (402500, 300500), (403500, 300500), (402500, 301500), equal areas.
    expect(a.xs[1]).toBeCloseTo((402500 + 403500 + 402500) / 3, 6);
    expect(a.ys[1]).toBeCloseTo((300500 + 300500 + 301500) / 3, 6);
    expect(a.areas[1]).toBe(3_000_000);
    // BNG input is used as it is: the geometries are the input's.
    expect(a.geometries[0]).toBe(fc.features[0]?.geometry);
  });

  it('pointOnSurface puts the L-shape’s point inside it, where its centroid need not be', () => {
    const u: Geometry = {
      type: 'Polygon',
      coordinates: [
        [
          [400000, 300000],
          [403000, 300000],
          [403000, 303000],
          [402000, 303000],
          [402000, 301000],
          [401000, 301000],
          [401000, 303000],
          [400000, 303000],
          [400000, 300000],
        ],
      ],
    };
    const fc = collection([feature('U', u)], BNG);
    const c = prepareAreas(fc, { idProperty: 'code' });
    const s = prepareAreas(fc, { idProperty: 'code', points: 'pointOnSurface' });
    // The U's centroid (1500, ~1214 from its corner) lies in the notch (y > 1000, 1000 < x < 2000).
    expect(c.xs[0]).toBeCloseTo(401500, 6);
    expect(c.ys[0]).toBeGreaterThan(301000);
    const inNotch = s.xs[0]! > 401000 && s.xs[0]! < 402000 && s.ys[0]! > 301000;
    expect(inNotch).toBe(false);
    expect(s.areas[0]).toBe(7_000_000);
  });

  it('WGS84 input is projected to BNG metres (proj4 at the root, or any injected projection)', () => {
    const leeds = collection([
      {
        type: 'Feature',
        properties: { code: 'LDS' },
        geometry: { type: 'Point', coordinates: [-1.5491, 53.8008] },
      },
    ]);
    const a = prepareAreas(leeds, { idProperty: 'code' });
    expect(a.sourceCrs).toBe('EPSG:4326');
    const [x, y] = lonLatToBng(-1.5491, 53.8008);
    expect([a.xs[0], a.ys[0]]).toEqual([x, y]);
    // Leeds city centre is near (430,000, 433,000) on the national grid.
    expect(Math.abs(x - 430_000)).toBeLessThan(2_000);
    expect(Math.abs(y - 433_500)).toBeLessThan(2_000);
    expect(a.geometries[0]).toEqual({ type: 'Point', coordinates: [x, y] });
    expect(a.areas[0]).toBe(0);
    // Without proj4 (the spatial subpath's model) a projection must be injected...
    expect(errorOf(() => areasModel(leeds, { idProperty: 'code' })).code).toBe('WRONG_CRS');
    // ...and whatever is injected is used.
    const fake = (lon: number, lat: number): [number, number] => [lon * 1000, lat * 1000];
    const b = areasModel(leeds, { idProperty: 'code', project: fake });
    expect([b.xs[0], b.ys[0]]).toEqual([-1549.1, 53800.8]);
  });

  it('one id rule: missing, blank and duplicate ids are MISSING_PROPERTY, BLANK_CODE, DUPLICATE_CODE', () => {
    const sq = square(400000, 300000, 10);
    expect(errorOf(() => prepareAreas(collection([feature('A', sq)]), { idProperty: 'lsoa' })).code).toBe(
      'MISSING_PROPERTY',
    );
    const blank = errorOf(() =>
      prepareAreas(collection([feature('A', sq), feature('  ', sq)]), { idProperty: 'code' }),
    );
    expect(blank.code).toBe('BLANK_CODE');
    expect(blank.detail.feature).toBe(1);
    const dup = errorOf(() =>
      prepareAreas(collection([feature('A', sq), feature('B', sq), feature('A ', sq)]), {
        idProperty: 'code',
        source: 'lsoa.geojson',
      }),
    );
    expect(dup.code).toBe('DUPLICATE_CODE');
    expect(dup.message).toMatch(/^lsoa\.geojson: "A" appears twice .*feature 0 and feature 2/);
    expect(errorOf(() => prepareAreas(collection([]), { idProperty: 'code' })).code).toBe('EMPTY_INPUT');
  });

  it('the Great Britain check: a declared BNG area outside GB is OUTSIDE_GB; lines are INVALID_GEOMETRY', () => {
    const far = collection([feature('X', square(900000, 300000, 1000))], BNG);
    expect(errorOf(() => prepareAreas(far, { idProperty: 'code' })).code).toBe('OUTSIDE_GB');
    // With a CRS given the file check is skipped; access origins still check each point.
    const west = collection([feature('W', square(-50000, 300000, 1000))]);
    const opts = { idProperty: 'code', crs: 'EPSG:27700' } as const;
    expect(areasModel(west, opts).xs[0]).toBe(-49500);
    const gb = {
      check: (i: number, id: string, _g: Geometry, _a: number, x: number, y: number) =>
        assertInGb(x, y, id, { feature: i, id }),
    };
    const e0 = errorOf(() => areasModel(west, opts, gb));
    expect([e0.code, e0.detail.id]).toEqual(['OUTSIDE_GB', 'W']);
    const line = collection([
      feature('L', {
        type: 'LineString',
        coordinates: [
          [400000, 300000],
          [401000, 300000],
        ],
      }),
    ]);
    const e = errorOf(() => prepareAreas(line, { idProperty: 'code' }));
    expect([e.code, e.detail.feature, e.detail.id]).toEqual(['INVALID_GEOMETRY', 0, 'L']);
    // A planar grid of one's own is taken as it is when its CRS is given.
    const grid = collection([feature('g', square(0, 0, 2))]);
    expect(errorOf(() => prepareAreas(grid, { idProperty: 'code' })).code).toBe('UNKNOWN_CRS');
    const g = prepareAreas(grid, { idProperty: 'code', crs: 'EPSG:27700' });
    expect([g.xs[0], g.ys[0], g.areas[0]]).toEqual([1, 1, 4]);
  });
});

describe('joinTableToAreas: a table’s numeric columns on the model, by code', () => {
  const areas = prepareAreas(
    collection([
      feature('E01', square(400000, 300000, 100)),
      feature('E02', square(400100, 300000, 100)),
      feature('E03', square(400200, 300000, 100)),
    ]),
    { idProperty: 'code' },
  );

  it('a shuffled table lands in area order, with the join report', () => {
    const table = parseCsv('lsoa,pop,share\nE03, 300 ,0.3\n E01,100,0.1\nE02,"2,000",0.2\n', 'pop.csv');
    const j = joinTableToAreas(areas, table, { tableId: 'lsoa' });
    expect(Array.from(j.values.pop!)).toEqual([100, 2000, 300]);
    expect(Array.from(j.values.share!)).toEqual([0.1, 0.2, 0.3]);
    expect(Array.from(j.rowOfArea)).toEqual([1, 2, 0]);
    expect(j.report.matched).toBe(3);
    expect(j.report.unmatchedAreas).toEqual([]);
  });

  it('extra rows and missing areas as the join options allow; a bad cell names its row and area', () => {
    const table = parseCsv('lsoa,pop\nW99,oops\nE02,20\nE01,10\n', 'pop.csv');
    expect(errorOf(() => joinTableToAreas(areas, table, { tableId: 'lsoa' })).code).toBe('UNMATCHED_CODE');
    const j = joinTableToAreas(areas, table, {
      tableId: 'lsoa',
      allowExtraRows: true,
      allowMissingRows: true,
    });
    // W99 matches no area: its cell is never read. E03 has no row: NaN, no data.
    expect(Array.from(j.values.pop!)).toEqual([10, 20, Number.NaN]);
    expect(j.report.unmatchedRows).toEqual([{ row: 0, code: 'W99' }]);
    expect(j.report.unmatchedAreas).toEqual(['E03']);
    const bad = parseCsv('lsoa,pop\nE02,20\nE01,ten\nE03,5\n', 'pop.csv');
    const e = errorOf(() => joinTableToAreas(areas, bad, { tableId: 'lsoa', columns: ['pop'] }));
    expect(e.code).toBe('NON_NUMERIC');
    expect(e.detail.row).toBe(1);
    expect(e.message).toContain('E01');
    const dup = parseCsv('lsoa,pop\nE01,1\nE02,2\nE03,3\nE01,4\n');
    expect(errorOf(() => joinTableToAreas(areas, dup, { tableId: 'lsoa' })).code).toBe('DUPLICATE_CODE');
  });
});

describe('the builders of each analysis are the model (Trafford LSOAs, WGS84)', () => {
  const dir = new URL('../../../../data/reference/trafford_lsoa21/', import.meta.url);
  const fc = JSON.parse(
    readFileSync(new URL('lsoa21_boundaries_generalised.geojson', dir), 'utf8'),
  ) as FeatureCollection;
  const centroids = prepareAreas(fc, { idProperty: 'area_code' });
  const surface = prepareAreas(fc, { idProperty: 'area_code', points: 'pointOnSurface' });

  it('spatialAreas, pointsFromAreas and prepareOrigins give the model’s ids and points', () => {
    expect(centroids.n).toBe(fc.features.length);
    expect(centroids.sourceCrs).toBe('EPSG:4326');
    const s = spatialAreas(fc, { idProperty: 'area_code' });
    expect(s.ids).toEqual(centroids.ids);
    expect(s.xs).toEqual(centroids.xs);
    expect(s.areas).toEqual(centroids.areas);
    const w = pointsFromAreas(fc, { idProperty: 'area_code', method: 'pointOnSurface' });
    expect([w.ids, w.xs, w.ys]).toEqual([surface.ids, surface.xs, surface.ys]);
    const o = prepareOrigins(fc, { idProperty: 'area_code' });
    expect([o.ids, o.xs, o.ys]).toEqual([surface.ids, surface.xs, surface.ys]);
  });

  it('joins the census table by code onto the model', () => {
    const table = readFileSync(new URL('ethnicity_2021_lsoa_wide.csv', dir), 'utf8');
    const t = parseCsv(table, 'ethnicity_2021_lsoa_wide.csv');
    const j = joinTableToAreas(centroids, t, { tableId: 'area_code', columns: ['total_usual_residents'] });
    expect(j.report.matched).toBe(centroids.n);
    const pop = j.values.total_usual_residents!;
    // E01006074 (Trafford 025A): 1,643 usual residents, the table's first row.
    expect(pop[centroids.index.get('E01006074')!]).toBe(1643);
    // Every row placed once: the areas' total is the table's own.
    const tableTotal = numericColumn(t, 'total_usual_residents').reduce((a, b) => a + b, 0);
    expect(pop.reduce((a, b) => a + b, 0)).toBe(tableTotal);
    expect(tableTotal).toBe(234_987);
  });
});
