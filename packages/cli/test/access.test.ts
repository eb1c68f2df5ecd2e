import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/main.js';

const dataFile = (p: string) => fileURLToPath(new URL(`../../../data/${p}`, import.meta.url));
const T = (p: string) => dataFile(`trafford/${p}`);

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    stdout += String(s);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    stderr += String(s);
    return true;
  });
  try {
    const code = await main(['access', ...args]);
    return { code, stdout, stderr };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

const BASE = [
  '--origins',
  T('lsoa21_boundaries_generalised.geojson'),
  '--id',
  'area_code',
  '--sites',
  T('greenspace_sites.geojson'),
];
const TABLE = [
  '--table',
  T('ethnicity_2021_lsoa_wide.csv'),
  '--table-id',
  'area_code',
  '--population',
  'total_usual_residents',
];

describe('cohesion access on Trafford', () => {
  it('default minority groups come from the census layout: the MLID names Irish and OtherWhite are White', async () => {
    const r = await cli([
      '--origins',
      T('lsoa11_boundaries_generalised.geojson'),
      '--id',
      'area_code',
      '--sites',
      T('greenspace_sites.geojson'),
      '--table',
      T('ethnicity_2011_lsoa_MLID.csv'),
      '--table-id',
      'LSOA11CD',
      '--population',
      'Persons',
      '--replicates',
      '99',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    const groups: string[] = JSON.parse(r.stdout).equity.minority.groups;
    expect(groups).toContain('Pakistani');
    for (const white of ['WhiteBrit', 'Irish', 'OtherWhite', 'Persons']) expect(groups).not.toContain(white);
  });

  it('prints the results/summary/equity contract with every ANGSt key', async () => {
    const r = await cli([
      ...BASE,
      ...TABLE,
      '--access-points',
      T('greenspace_access_points.geojson'),
      '--standard',
      'angst,gi,3-30-300',
      '--imd',
      dataFile('england-imd2019/imd2019_lsoa11.csv.gz'),
      '--imd-areas',
      T('lsoa11_boundaries_generalised.geojson'),
      '--imd-areas-id',
      'area_code',
      '--replicates',
      '199',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['results', 'summary', 'equity']);
    expect(out.results).toHaveLength(139);
    for (const key of [
      'id',
      'nearest_m',
      'nearest_site',
      'sites_within_1km',
      'area_within_1km_ha',
      'angst_2ha_300m',
      'angst_20ha_2km',
      'angst_100ha_5km',
      'angst_500ha_10km',
      'gi_doorstep_0_5ha_200m',
      'gi_capacity_3ha_per_1000',
      'r3_30_300_300m',
      'fca_ha_per_1000',
      'nearest_access_point_m',
    ])
      expect(out.results[0]).toHaveProperty(key);
    expect(out.summary.origins).toBe(139);
    expect(out.summary.sites).toBe(427);
    expect(out.summary.population).toBe(234987);
    expect(out.summary.access_points.count).toBe(893);
    // All 139 LSOA 2021 points fall in an LSOA 2011 polygon, including the 2 new 2021 codes.
    expect(out.summary.imd.matched).toBe(139);
    // No Trafford site reaches 100 ha (OS Open Greenspace's largest here is ~53 ha).
    expect(out.results.every((row: Record<string, unknown>) => row.angst_100ha_5km === false)).toBe(true);
    expect(out.equity.available).toBe(true);
    expect(out.equity.minority.threshold).toBe(0.4);
    const gap = out.equity.measures.nearest_m.minority_gap;
    expect(gap.focusAreas + gap.restAreas).toBe(139);
    expect(gap.lower).toBeLessThanOrEqual(gap.ratio);
    expect(gap.upper).toBeGreaterThanOrEqual(gap.ratio);
    expect(out.equity.measures.angst_2ha_300m.by_imd_decile).toHaveLength(10);
    expect(out.equity.measures.nearest_m.by_group).toHaveLength(19);
  });

  it('reports the two LSOA 2021 codes missing from IMD 2019 when matched by code', async () => {
    const r = await cli([
      ...BASE,
      ...TABLE,
      '--imd',
      dataFile('england-imd2019/imd2019_lsoa11.csv.gz'),
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.summary.imd.matched).toBe(137);
    expect(out.summary.imd.unmatched).toEqual(['E01034000', 'E01034001']);
  });

  it('filters by site type', async () => {
    const r = await cli([...BASE, '--site-type', 'Public Park Or Garden,Playing Field', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.summary.sites).toBeLessThan(427);
    expect(out.equity.available).toBe(false);
  });

  it('chooses the supply-to-demand model', async () => {
    const r = await cli([
      ...BASE,
      ...TABLE,
      '--model',
      'e2sfca',
      '--steps',
      '400:1,800:0.5',
      '--replicates',
      '9',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.summary.fca_model.type).toBe('e2sfca');
    expect(out.summary.catchment_m).toBe(800);
    const bad = await cli([...BASE, '--model', 'raam', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--model "raam"/);
  });
});

describe('cohesion access with a network and a custom standard', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cohesion-access-net-'));
  const bng = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } };
  const write = (name: string, value: unknown) => {
    const p = join(dir, name);
    writeFileSync(p, JSON.stringify(value));
    return p;
  };
  // One 3 ha site (x 400000–400300, y 300000–300100), one origin 200 m north of it, and a path that
  // goes round: 500 m east, 200 m south, 350 m west to the site's corner = 1,050 m.
  const sitesPath = write('sites.geojson', {
    type: 'FeatureCollection',
    crs: bng,
    features: [
      {
        type: 'Feature',
        properties: { code: 'P' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [400000, 300000],
              [400300, 300000],
              [400300, 300100],
              [400000, 300100],
              [400000, 300000],
            ],
          ],
        },
      },
    ],
  });
  const originsPath = write('origins.geojson', {
    type: 'FeatureCollection',
    crs: bng,
    features: [
      {
        type: 'Feature',
        properties: { id: 'A' },
        geometry: { type: 'Point', coordinates: [400150, 300300] },
      },
    ],
  });
  const networkPath = write('paths.geojson', {
    type: 'FeatureCollection',
    crs: bng,
    features: [
      {
        type: 'Feature',
        properties: {},
        geometry: {
          type: 'LineString',
          coordinates: [
            [400150, 300300],
            [400650, 300300],
            [400650, 300100],
            [400300, 300100],
          ],
        },
      },
    ],
  });
  const standardPath = write('standard.json', {
    name: 'local',
    rules: [{ minAreaHa: 1, maxDistanceM: 1100 }],
  });
  const args = ['--origins', originsPath, '--id', 'id', '--sites', sitesPath, '--site-id', 'code'];

  it('reports straight-line and network distances and applies the custom rule', async () => {
    const straight = JSON.parse((await cli([...args, '--standard', standardPath, '--json'])).stdout);
    expect(straight.results[0]).toMatchObject({
      id: 'A',
      nearest_m: 200,
      nearest_site: 'P',
      local_1ha_1100m: true,
    });
    const r = await cli([...args, '--standard', standardPath, '--network', networkPath, '--json']);
    expect(r.code).toBe(0);
    const net = JSON.parse(r.stdout);
    expect(net.results[0]).toMatchObject({ nearest_m: 1050, nearest_straight_m: 200, local_1ha_1100m: true });
    expect(net.summary.distance).toBe('network');
  });
});

describe('cohesion access rejects bad input with one line naming it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cohesion-access-'));

  it('a site-type filter that matches nothing', async () => {
    const r = await cli([...BASE, '--site-type', 'Beach', '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^cohesion access: EMPTY_INPUT: .*Beach/);
  });

  it('origins outside Great Britain', async () => {
    const p = join(dir, 'paris.geojson');
    writeFileSync(
      p,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { id: 'x' },
            geometry: { type: 'Point', coordinates: [2.35, 48.85] },
          },
        ],
      }),
    );
    const r = await cli(['--origins', p, '--id', 'id', '--sites', T('greenspace_sites.geojson'), '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/OUTSIDE_GB/);
  });

  it('sites with no area', async () => {
    const p = join(dir, 'lines.geojson');
    writeFileSync(
      p,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: {},
            geometry: {
              type: 'LineString',
              coordinates: [
                [-2.3, 53.45],
                [-2.31, 53.46],
              ],
            },
          },
        ],
      }),
    );
    const r = await cli([...BASE.slice(0, 4), '--sites', p, '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/INVALID_GEOMETRY: .*feature 0/);
  });

  it('a missing population column and an unknown standard', async () => {
    const r = await cli([...BASE, ...TABLE.slice(0, 4), '--population', 'people', '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/MISSING_COLUMN: .*people/);
    const s = await cli([...BASE, '--standard', 'nice', '--json']);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/--standard "nice"/);
  });

  it('an access-point reference to no site', async () => {
    const r = await cli([
      ...BASE,
      '--access-points',
      T('greenspace_access_points.geojson'),
      '--site-ref',
      'site_id',
      '--json',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/BLANK_CODE: access point 0/);
  });
});

describe('cohesion access --table: a row matching no origin', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cohesion-access-extra-'));
  const csv = readFileSync(T('ethnicity_2021_lsoa_wide.csv'), 'utf8').trimEnd();
  // A copy of the first row under a code that is on no map.
  const extra = csv.split('\n')[1]!.replace(/^E01006074,Trafford 025A,/, 'E01999999,Nowhere,');
  const table = join(dir, 'extra.csv');
  writeFileSync(table, `${csv}\n${extra}\n`);
  const rows = csv.split('\n').length - 1;
  const args = [...BASE, ...TABLE.map((a) => (a === T('ethnicity_2021_lsoa_wide.csv') ? table : a))];

  it('is UNMATCHED_CODE naming the code and row, never silently left out', async () => {
    const r = await cli([...args, '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toMatch(
      new RegExp(
        `^cohesion access: UNMATCHED_CODE: 1 row\\(s\\) of .*extra\\.csv match no origin \\(first: E01999999 on row ${rows + 1}\\); pass --allow-extra-rows`,
      ),
    );
  });

  it('--allow-extra-rows needs --table', async () => {
    const r = await cli([...BASE, '--allow-extra-rows', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--allow-extra-rows goes with --table/);
  });
});
