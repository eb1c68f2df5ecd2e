// Every CohesionError code that bad input can cause, provoked with a real bad file on disk and
// checked end to end: the CLI exits non-zero with ONE line `cohesion <cmd>: CODE: message` naming
// the offending row, area, column or file. (Codes that only API misuse can raise — LENGTH_MISMATCH,
// INVALID_ARGUMENT — are covered by the library's own tests.)
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CohesionError,
  checkOnsCodes,
  countPointsInAreas,
  parseGal,
  readAreas,
  readCsv,
} from '@cohesion/geo';
import { describe, expect, it } from 'vitest';
import { cohesion, ROOT } from './run-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'cohesion-errors-'));
const file = (name: string, content: string) => {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
};
const data = (p: string) => join(ROOT, 'data', p);
const LSOA = data('trafford/lsoa21_boundaries_generalised.geojson');
const CENSUS = data('trafford/ethnicity_2021_lsoa_wide.csv');

const square = (id: string, x: number, y: number) => ({
  type: 'Feature',
  properties: { code: id, n: 5, total: 10 },
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [x, y],
        [x + 100, y],
        [x + 100, y + 100],
        [x, y + 100],
        [x, y],
      ],
    ],
  },
});
const bng = (features: unknown[]) =>
  JSON.stringify({
    type: 'FeatureCollection',
    crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } },
    features,
  });

/** Runs the CLI and returns the code named on its single stderr line. */
function failure(args: string[]): { code: string; line: string } {
  const r = cohesion(args);
  expect(r.code, r.stderr).not.toBe(0);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  const m = /^cohesion \w+: ([A-Z_]+): /.exec(lines[0]!);
  expect(m, lines[0]).not.toBeNull();
  return { code: m![1]!, line: lines[0]! };
}

const codes = new Set<string>();
function expectCode(args: string[], code: string, mentions?: RegExp) {
  const { code: got, line } = failure(args);
  expect(got).toBe(code);
  if (mentions) expect(line).toMatch(mentions);
  codes.add(code);
}
async function expectLibraryCode(fn: () => unknown, code: string) {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CohesionError);
    expect((e as CohesionError).code).toBe(code);
    codes.add(code);
    return;
  }
  throw new Error(`expected ${code}`);
}

const seg = (table: string) => [
  'segregation',
  '--table',
  table,
  '--total',
  'total',
  '--group',
  'g',
  '--json',
];
const join_ = (table: string, extra: string[] = []) => [
  'join',
  '--areas',
  LSOA,
  '--id',
  'area_code',
  '--table',
  table,
  '--table-id',
  'area_code',
  '--out',
  join(tmp, 'out.geojson'),
  ...extra,
];

describe('every input error code, from a real bad file', () => {
  it('tables: counts and codes', () => {
    const census = readFileSync(CENSUS, 'utf8').trimEnd().split('\n');
    expectCode(
      seg(file('neg.csv', 'code,total,g\nE01000001,10,2\nE01000002,10,-1\n')),
      'NEGATIVE_COUNT',
      /row 2/,
    );
    expectCode(seg(file('nn.csv', 'code,total,g\nE01000001,10,two\n')), 'NON_NUMERIC', /row 1/);
    expectCode(
      seg(file('over.csv', 'code,total,g\nE01000001,10,2\nE01000002,10,11\n')),
      'GROUP_EXCEEDS_TOTAL',
      /E01000002|row 2/,
    );
    expectCode(seg(file('zero.csv', 'code,total,g\nE01000001,0,0\nE01000002,0,0\n')), 'ZERO_POPULATION');
    expectCode(seg(file('nocol.csv', 'code,persons,g\nE01000001,10,2\n')), 'MISSING_COLUMN', /"total"/);
    expectCode(seg(file('header-only.csv', 'code,total,g\n')), 'EMPTY_INPUT');
    expectCode(join_(file('ragged.csv', `${census[0]}\nE01006074,1\n`)), 'PARSE_ERROR', /row 1/);
    expectCode(join_(file('missing-row.csv', census.slice(0, -1).join('\n'))), 'UNMATCHED_CODE');
    expectCode(join_(file('dup-row.csv', [...census, census[1]].join('\n'))), 'DUPLICATE_CODE');
    const blank = census[1]!.replace(/^[^,]+/, '');
    expectCode(join_(file('blank-row.csv', [...census, blank].join('\n'))), 'BLANK_CODE');
    expectCode(
      [...join_(CENSUS).slice(0, 4), 'lsoa_code', ...join_(CENSUS).slice(5)],
      'MISSING_PROPERTY',
      /lsoa_code/,
    );
  });

  it('geometry files: format, CRS, emptiness', () => {
    expectCode(['info', join(tmp, 'nowhere.geojson'), '--json'], 'READ_FAILED', /nowhere\.geojson/);
    expectCode(['info', file('text.geojson', 'not geojson\nat all'), '--json'], 'UNSUPPORTED_FORMAT');
    expectCode(['info', file('empty.geojson', bng([])), '--json'], 'EMPTY_INPUT');
    expectCode(
      [
        'info',
        file(
          'circle.geojson',
          bng([{ type: 'Feature', properties: {}, geometry: { type: 'Circle', radius: 1 } }]),
        ),
        '--json',
      ],
      'INVALID_GEOMETRY',
      /feature 0/,
    );
    const mercator = JSON.stringify({
      type: 'FeatureCollection',
      features: [square('A', -255_000, 7_070_000)],
    });
    expectCode(['info', file('mercator.geojson', mercator), '--json'], 'UNKNOWN_CRS');
  });

  it('spatial statistics: too few areas, no neighbours, islands, bad values', () => {
    const hot = (areas: string, value: string, extra: string[] = [], id = 'code') => [
      'hotspots',
      '--areas',
      areas,
      '--id',
      id,
      '--value',
      value,
      '--statistic',
      'moran',
      '--json',
      ...extra,
    ];
    expectCode(hot(file('one.geojson', bng([square('A', 400_000, 400_000)])), 'n'), 'TOO_FEW_AREAS');
    const apart = bng([
      square('A', 400_000, 400_000),
      square('B', 401_000, 400_000),
      square('C', 402_000, 400_000),
    ]);
    expectCode(hot(file('apart.geojson', apart), 'n'), 'NO_NEIGHBOURS');
    const island = bng([
      square('A', 400_000, 400_000),
      square('B', 400_100, 400_000),
      square('C', 400_200, 400_000),
      square('D', 409_000, 400_000),
    ]);
    expectCode(hot(file('island.geojson', island), 'n'), 'ISLAND', /\bD\b/);
    expectCode(
      hot(LSOA, '(total_usual_residents-', ['--table', CENSUS, '--table-id', 'area_code'], 'area_code'),
      'INVALID_EXPRESSION',
    );
    const zeros = file(
      'zeros.csv',
      readFileSync(CENSUS, 'utf8')
        .trimEnd()
        .split('\n')
        .map((l, i) => `${l.split(',')[0]},${i === 0 ? 'a,b' : i === 3 ? '1,0' : '1,2'}`)
        .join('\n'),
    );
    expectCode(hot(LSOA, 'a/b', ['--table', zeros, '--table-id', 'area_code'], 'area_code'), 'NON_FINITE');
  });

  it('incidents, reports and datasets', () => {
    const swapped = file('swapped.csv', 'Month,Longitude,Latitude\n2024-01,53.45,-2.31\n');
    expectCode(
      [
        'incidents',
        '--areas',
        LSOA,
        '--id',
        'area_code',
        '--points',
        swapped,
        '--lon',
        'Longitude',
        '--lat',
        'Latitude',
        '--out',
        join(tmp, 'inc.geojson'),
      ],
      'OUTSIDE_GB',
      /row 1/,
    );
    expectCode(['report', '--dataset', 'narnia', '--out', join(tmp, 'report')], 'UNKNOWN_DATASET', /narnia/);
  });

  it('library-level checks on real files: ONS codes, CRS mismatch, invalid weights', async () => {
    const codesCsv = await readCsv(file('codes.csv', 'code\nE01006074\nE05000819\n'));
    await expectLibraryCode(
      () =>
        checkOnsCodes(
          codesCsv.rows.map((r) => r.code!),
          ['E01'],
        ),
      'INVALID_CODE',
    );
    const wards = await readAreas(data('greater-manchester/boundaries/gm_ward16_bng_epsg27700.geojson.gz'));
    await expectLibraryCode(
      () =>
        countPointsInAreas(wards, Float64Array.of(-2.3), Float64Array.of(53.4), { pointsCrs: 'EPSG:4326' }),
      'WRONG_CRS',
    );
    const gal = file('self.gal', '2\nA 1\nA\nB 1\nA\n');
    await expectLibraryCode(() => parseGal(readFileSync(gal, 'utf8')), 'INVALID_WEIGHTS');
  });

  it('covered every code bad input can raise', () => {
    expect([...codes].sort()).toEqual(
      [
        'BLANK_CODE',
        'DUPLICATE_CODE',
        'EMPTY_INPUT',
        'GROUP_EXCEEDS_TOTAL',
        'INVALID_CODE',
        'INVALID_EXPRESSION',
        'INVALID_GEOMETRY',
        'INVALID_WEIGHTS',
        'ISLAND',
        'MISSING_COLUMN',
        'MISSING_PROPERTY',
        'NEGATIVE_COUNT',
        'NON_FINITE',
        'NON_NUMERIC',
        'NO_NEIGHBOURS',
        'OUTSIDE_GB',
        'PARSE_ERROR',
        'READ_FAILED',
        'TOO_FEW_AREAS',
        'UNKNOWN_CRS',
        'UNKNOWN_DATASET',
        'UNMATCHED_CODE',
        'UNSUPPORTED_FORMAT',
        'WRONG_CRS',
        'ZERO_POPULATION',
      ].sort(),
    );
  });
});

describe('outputs that cannot be written', () => {
  it('a file in the way of an --out folder is WRITE_FAILED in plain words, not READ_FAILED/EEXIST', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cohesion-write-'));
    writeFileSync(join(dir, 'afile'), 'x');
    const args = join_(CENSUS);
    args[args.indexOf('--out') + 1] = 'afile/x.csv';
    const r = cohesion(args, { cwd: dir });
    expect(r.code).toBe(1);
    // (join prints its join report on stderr first.)
    expect(r.stderr.trim().split('\n').at(-1)).toBe(
      'cohesion join: WRITE_FAILED: cannot create folder afile: a file with that name is in the way',
    );
    // The report folder: the same words.
    const rep = cohesion(['report', '--council', 'Leicester', '--out', 'afile/report'], { cwd: dir });
    expect(rep.code).toBe(1);
    expect(rep.stderr).toMatch(
      /WRITE_FAILED: cannot create folder \S*afile: a file with that name is in the way/,
    );
    expect(rep.stderr).not.toMatch(/EEXIST|ENOTDIR/);
  });
});
