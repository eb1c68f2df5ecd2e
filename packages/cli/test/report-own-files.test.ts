import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { dissimilarityValue, MULTIGROUP_INDEX_FUNCTIONS, parseCsv } from '@cohesion/geo';
import { beforeAll, describe, expect, it } from 'vitest';
import { cohesion, ROOT } from './run-cli.js';

// Reports from a council's own files, for three layouts: Trafford LSOA 2021 (Census 2021 TS021),
// Oldham LSOA 2011 (the MLID names of KS201EW) and Trafford wards with headers cut to 10 characters
// by a shapefile export. Each is checked for its labels and for figures equal to the segregation
// module's; bad inputs give one line. Also `cohesion compare` on Trafford 2011 → 2021.
const tmp = mkdtempSync(join(tmpdir(), 'cohesion-own-'));
/** A file of the repository's data folder (gzipped or not). */
function dataFile(p: string): string {
  for (const c of [join(ROOT, 'data', p), join(ROOT, 'data', `${p}.gz`)]) if (existsSync(c)) return c;
  return join(ROOT, 'data', p);
}
const text = (p: string) => {
  const buf = readFileSync(p);
  return p.endsWith('.gz') ? gunzipSync(buf).toString('utf8') : buf.toString('utf8');
};
const FAST = ['--permutations', '99', '--replicates', '99'];
const run = (args: string[]) => cohesion(['report', ...args, ...FAST]);
const json = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
const single = (rep: { segregation: { single: { key: string; value: number }[] } }, k: string) =>
  rep.segregation.single.find((s) => s.key === k)!.value;

/** Columns of a table in the order of `ids`. */
function columns(csvPath: string, idCol: string, ids: string[]) {
  const t = parseCsv(text(csvPath), csvPath);
  const by = new Map(t.rows.map((r) => [r[idCol]!, r]));
  return (c: string) => Float64Array.from(ids, (id) => Number(by.get(id)![c]));
}

const WB = 'White: English, Welsh, Scottish, Northern Irish or British';
let oldhamAreas: string;
let wardAreas: string;
let cutGroups: string[];

beforeAll(() => {
  // Oldham's LSOA 2011 boundaries, cut from the Greater Manchester file as a council would hold them.
  const gm = JSON.parse(text(dataFile('greater-manchester/boundaries/gm_lsoa11_generalised.geojson')));
  const census = parseCsv(text(dataFile('greater-manchester/census/gm_ethnicity_2011_lsoa_MLID.csv')));
  const oldham = new Set(census.rows.filter((r) => r.LAD11NM === 'Oldham').map((r) => r.LSOA11CD));
  gm.features = gm.features.filter((f: { properties: { area_code: string } }) =>
    oldham.has(f.properties.area_code),
  );
  oldhamAreas = join(tmp, 'oldham_lsoa11.geojson');
  writeFileSync(oldhamAreas, JSON.stringify(gm));
  // Trafford wards with the census counts as properties, names laundered (not a letter or digit → "_")
  // and cut to 10 characters as a shapefile (DBF) export does, clashes numbered "_1", "_2".
  const wards = JSON.parse(text(dataFile('trafford/ward22_boundaries_generalised.geojson')));
  const counts = parseCsv(text(dataFile('trafford/ethnicity_2021_ward22_wide.csv')));
  const byCode = new Map(counts.rows.map((r) => [r.area_code!, r]));
  const cut = new Map<string, string>();
  const used = new Set<string>();
  for (const c of counts.columns) {
    const l = c.replace(/[^A-Za-z0-9]/g, '_');
    let n = l.slice(0, 10);
    for (let k = 1; used.has(n); k++) n = `${l.slice(0, 10 - String(k).length - 1)}_${k}`;
    used.add(n);
    cut.set(c, n);
  }
  for (const f of wards.features) {
    const row = byCode.get(f.properties.area_code)!;
    f.properties = Object.fromEntries(
      counts.columns.map((c) => [
        cut.get(c)!,
        c.endsWith('code') || c.endsWith('name') ? row[c] : Number(row[c]),
      ]),
    );
  }
  wardAreas = join(tmp, 'trafford_wards_cut.geojson');
  writeFileSync(wardAreas, JSON.stringify(wards));
  cutGroups = counts.columns
    .filter((c) => !['area_code', 'area_name', 'total_usual_residents'].includes(c))
    .map((c) => cut.get(c)!);
});

describe('cohesion report from own files', () => {
  it('Trafford LSOA 2021 (TS021 layout): labelled 2021 / LSOA 2021, D equal to the segregation module', () => {
    const out = join(tmp, 'trafford');
    const table = dataFile('trafford/ethnicity_2021_lsoa_wide.csv');
    const areas = dataFile('trafford/lsoa21_boundaries_generalised.geojson');
    const r = run([
      '--areas',
      areas,
      '--id',
      'area_code',
      '--table',
      table,
      '--table-id',
      'area_code',
      '--total',
      'total_usual_residents',
      '--name',
      'Trafford',
      '--code',
      'E08000009',
      '--out',
      out,
    ]);
    expect(r.stderr).toMatch(/wrote index\.html/);
    expect(r.code).toBe(0);
    const rep = json(out);
    expect(rep.council).toEqual({ name: 'Trafford', code: 'E08000009' });
    expect(rep.segregation).toMatchObject({
      year: 2021,
      geography: 'LSOA 2021',
      layout: 'Census 2021 TS021',
      referenceGroup: WB,
      areas: 139,
      population: 234_987,
    });
    expect(rep.segregation.minorityGroups).toHaveLength(18);
    const ids = JSON.parse(text(areas)).features.map(
      (f: { properties: { area_code: string } }) => f.properties.area_code,
    );
    const col = columns(table, 'area_code', ids);
    const total = col('total_usual_residents');
    const minority = Float64Array.from(total, (t, i) => t - col(WB)[i]!);
    expect(single(rep, 'dissimilarity')).toBeCloseTo(dissimilarityValue(minority, total), 12);
    expect(rep.national.council).toBe('Trafford');
    // No sites, incidents, IMD or earlier census given: each absent section is listed with its reason.
    expect(rep.absentSections.map((a: { section: string }) => a.section).sort()).toEqual([
      'access',
      'alerts',
      'change',
      'deprivation',
      'incidents',
    ]);
    expect(rep.access).toBeNull();
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('Census 2021, LSOA 2021');
    expect(html).not.toContain('data-section="access"');
    expect(html).toMatch(/<strong>access<\/strong>: no green-space sites given/);
    // No incident data: no incident section or link to it, and a subtitle naming only what is here.
    expect(html).not.toContain('data-section="hotspots"');
    expect(html).not.toContain('href="#hotspots"');
    expect(html).not.toContain('No incident data were given');
    expect(html).toMatch(/<strong>incidents<\/strong>: no incident points given/);
    expect(html).toMatch(/<p class="sub">E08000009 · Segregation from open data\.<\/p>/);
    // The user's own files have no download page: only the national table's page is listed.
    const pages = /Official download pages: ([^<]*)\.<\/p>/.exec(html)?.[1];
    expect(pages).toBeDefined();
    expect(pages).not.toContain('supplied by the user');
    expect(pages).not.toMatch(/: (;|$)/);
    expect(pages).toContain('https://');
  }, 120_000);

  it('Oldham LSOA 2011 (MLID names): labelled 2011 / LSOA 2011, nothing says 2021, Irish and Other White are White', () => {
    const out = join(tmp, 'oldham');
    const table = dataFile('greater-manchester/census/gm_ethnicity_2011_lsoa_MLID.csv');
    const r = run([
      '--areas',
      oldhamAreas,
      '--id',
      'area_code',
      '--table',
      table,
      '--table-id',
      'LSOA11CD',
      '--total',
      'Persons',
      '--name',
      'Oldham',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    const rep = json(out);
    expect(rep.council).toEqual({ name: 'Oldham', code: 'E08000004' });
    expect(rep.segregation).toMatchObject({ year: 2011, geography: 'LSOA 2011', referenceGroup: WB });
    const ids: string[] = JSON.parse(readFileSync(oldhamAreas, 'utf8')).features.map(
      (f: { properties: { area_code: string } }) => f.properties.area_code,
    );
    expect(rep.segregation.areas).toBe(ids.length);
    const col = columns(table, 'LSOA11CD', ids);
    const total = col('Persons');
    const minority = Float64Array.from(total, (t, i) => t - col('WhiteBrit')[i]!);
    expect(single(rep, 'dissimilarity')).toBeCloseTo(dissimilarityValue(minority, total), 12);
    expect(rep.segregation.population).toBe(total.reduce((a, b) => a + b, 0));
    // The 2011 benchmark of the national table gives the same D for Oldham.
    expect(rep.national.values.dissimilarity).toBeCloseTo(single(rep, 'dissimilarity'), 12);
    const area = JSON.parse(readFileSync(join(out, 'areas.geojson'), 'utf8')).features.find(
      (f: { properties: { area_code: string } }) => f.properties.area_code === 'E01005320',
    );
    expect(area.properties.non_white_share).toBeCloseTo(1012 / 1913, 12); // 0.529, not 0.580
    const html = readFileSync(join(out, 'index.html'), 'utf8').replace(/<script[\s\S]*?<\/script>/g, '');
    expect(html).toContain('Census 2011, LSOA 2011');
    expect(html).not.toMatch(/2021/);
  }, 120_000);

  it('Trafford wards with shapefile-cut headers (--groups, --reference-group, --year): labelled ward 2022, figures equal', () => {
    const out = join(tmp, 'wards');
    const ref = cutGroups.find((g) => g.startsWith('White__Eng'))!;
    const r = run([
      '--areas',
      wardAreas,
      '--id',
      'area_code',
      '--total',
      'total_usua',
      '--groups',
      cutGroups.join(','),
      '--reference-group',
      ref,
      '--year',
      '2021',
      '--geography',
      'ward 2022',
      '--sites',
      dataFile('trafford/greenspace_sites.geojson'),
      '--population',
      'total_usua',
      '--council',
      'E08000009',
      '--out',
      out,
    ]);
    expect(r.stderr).toMatch(/wrote index\.html/);
    const rep = json(out);
    expect(rep.segregation).toMatchObject({
      year: 2021,
      geography: 'ward 2022',
      layout: null,
      referenceGroup: ref,
      areas: 21,
    });
    const fc = JSON.parse(readFileSync(wardAreas, 'utf8'));
    const total = Float64Array.from(
      fc.features,
      (f: { properties: Record<string, number> }) => f.properties.total_usua!,
    );
    const groups = cutGroups.map((g) =>
      Float64Array.from(fc.features, (f: { properties: Record<string, number> }) => f.properties[g]!),
    );
    // Ward counts are published separately from LSOA counts (235,061 residents, not 234,987).
    expect(rep.segregation.population).toBe(total.reduce((a, b) => a + b, 0));
    const minority = Float64Array.from(total, (t, i) => t - groups[cutGroups.indexOf(ref)]![i]!);
    expect(single(rep, 'dissimilarity')).toBeCloseTo(dissimilarityValue(minority, total), 12);
    const k = groups.length;
    const counts = new Float64Array(21 * k);
    for (let i = 0; i < 21; i++) for (let m = 0; m < k; m++) counts[i * k + m] = groups[m]![i]!;
    const md = rep.segregation.multi.find((s: { key: string }) => s.key === 'multiDissimilarity').value;
    expect(md).toBeCloseTo(MULTIGROUP_INDEX_FUNCTIONS.multiDissimilarity(counts, k), 12);
    // Green-space access weighted by the population property of the areas themselves.
    expect(rep.access.populationSource).toBe(`the areas' property "total_usua"`);
    const angst = rep.access.shareMeeting.find((m: { key: string }) => m.key === 'angst_2ha_300m');
    expect(angst.shareOfPopulation).toBeGreaterThan(0);
    // Which columns are White is not known from cut headers: the report says so and does not guess.
    expect(rep.segregation.whiteGroups).toBeNull();
    const html = readFileSync(join(out, 'index.html'), 'utf8').replace(/<script[\s\S]*?<\/script>/g, '');
    expect(html).toContain('(Census 2021, ward 2022)');
    expect(html).not.toMatch(/LSOA 2021/);
  }, 120_000);

  it('the same keys in --config council.json (paths relative to it)', () => {
    const cfg = join(tmp, 'council.json');
    writeFileSync(
      cfg,
      JSON.stringify({
        areas: oldhamAreas,
        id: 'area_code',
        table: dataFile('greater-manchester/census/gm_ethnicity_2011_lsoa_MLID.csv'),
        tableId: 'LSOA11CD',
        name: 'Oldham',
        permutations: 99,
        replicates: 99,
      }),
    );
    const out = join(tmp, 'oldham-config');
    const r = cohesion(['report', '--config', cfg, '--out', out]);
    expect(r.code).toBe(0);
    expect(json(out).segregation).toMatchObject({ year: 2011, geography: 'LSOA 2011' });
  }, 120_000);

  it('bad input is one clear line: unrecognised layout, unknown council, files of two councils', () => {
    const cut = run([
      '--areas',
      wardAreas,
      '--id',
      'area_code',
      '--total',
      'total_usua',
      '--out',
      join(tmp, 'x'),
    ]);
    expect(cut.code).toBe(1);
    expect(cut.stderr.trim().split('\n')).toHaveLength(1);
    expect(cut.stderr).toMatch(/MISSING_INPUT: .*census layout is not recognised.*--reference-group/);
    const narnia = run(['--council', 'Narnia', '--out', join(tmp, 'x')]);
    expect(narnia.code).toBe(1);
    expect(narnia.stderr.trim().split('\n')).toHaveLength(1);
    expect(narnia.stderr).toMatch(/UNMATCHED_CODE: council "Narnia" is not in/);
    const two = run([
      '--areas',
      oldhamAreas,
      '--id',
      'area_code',
      '--table',
      dataFile('trafford/ethnicity_2011_lsoa_MLID.csv'),
      '--name',
      'Oldham',
      '--out',
      join(tmp, 'x'),
    ]);
    expect(two.code).toBe(1);
    expect(two.stderr.trim().split('\n')).toHaveLength(1);
    expect(two.stderr).toMatch(
      /UNMATCHED_CODE: none of the \d+ areas of .*oldham_lsoa11\.geojson .* is in .*are the two files for the same council/,
    );
    expect(existsSync(join(tmp, 'x'))).toBe(false);
  }, 120_000);

  it('--council takes a code and forgives "&"', () => {
    const r = run(['--council', 'Brighton & Hove', '--out', join(tmp, 'bh')]);
    expect(r.code).toBe(0);
    const rep = json(join(tmp, 'bh'));
    expect(rep.council.name).toBe('Brighton and Hove');
    expect(rep.absentSections.map((a: { section: string }) => a.section)).toContain('segregation');
    const c = run(['--council', 'E08000009', '--peers', 'Stockport,bury', '--out', join(tmp, 'code')]);
    expect(json(join(tmp, 'code')).council).toEqual({ name: 'Trafford', code: 'E08000009' });
    expect(c.stdout).not.toMatch(/above 100%/);
    // --peers wins over the nearest councils (names forgiven as everywhere).
    expect(json(join(tmp, 'code')).national.peers).toMatchObject({
      chosenBy: 'user',
      names: ['Stockport', 'Bury'],
    });
  }, 120_000);
});

describe('incidents: the report and the CLI share one definition', () => {
  it('same whole quarters, same emerging hot-spot labels per area', () => {
    const areas = dataFile('trafford/lsoa21_boundaries_generalised.geojson');
    const table = dataFile('trafford/ethnicity_2021_lsoa_wide.csv');
    const crime = dataFile('trafford/crime_burglary_2016-02_to_2019-01.csv');
    const out = join(tmp, 'with-incidents');
    const r = run([
      '--areas',
      areas,
      '--id',
      'area_code',
      '--table',
      table,
      '--name',
      'Trafford',
      '--incidents',
      crime,
      '--lon',
      'Longitude',
      '--lat',
      'Latitude',
      '--time',
      'Month',
      '--incidents-label',
      'burglaries',
      '--imd',
      dataFile('england-imd2019/imd2019_lsoa11.csv'),
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    const rep = json(out);
    // IMD 2019 is by LSOA 2011: 137 of Trafford's 139 LSOA 2021 codes are in it (two were redrawn).
    expect(rep.deprivation).toMatchObject({ matched: 137, unmatched: 2 });
    const deciles = rep.deprivation.byDecile as { areas: number; decile: number }[];
    expect(deciles.reduce((a, d) => a + d.areas, 0)).toBe(137);
    expect(deciles[0]!.decile).toBe(1);
    expect(rep.absentSections.map((a: { section: string }) => a.section)).not.toContain('deprivation');
    // The early warning runs on the council's own areas (no ward file needed), labelled from the input.
    expect(rep.absentSections.map((a: { section: string }) => a.section)).not.toContain('alerts');
    expect(rep.alerts).toMatchObject({
      method: 'farrington',
      what: 'burglaries',
      areaWord: 'LSOA',
      wards: 139,
    });
    expect(rep.alerts.alarmByWard).toHaveLength(139);
    const page = readFileSync(join(out, 'index.html'), 'utf8');
    expect(page).toContain('data-section="alerts"');
    expect(page).toMatch(/of 139 LSOAs|no LSOA had more burglaries/);
    const cliOut = join(tmp, 'incidents.geojson');
    const c = cohesion([
      'incidents',
      '--areas',
      areas,
      '--id',
      'area_code',
      '--points',
      crime,
      '--lon',
      'Longitude',
      '--lat',
      'Latitude',
      '--time',
      'Month',
      '--period',
      'quarter',
      '--table',
      table,
      '--table-id',
      'area_code',
      '--population',
      'total_usual_residents',
      '--permutations',
      '99',
      '--seed',
      '12345',
      '--out',
      cliOut,
      '--json',
    ]);
    expect(c.code).toBe(0);
    const summary = JSON.parse(c.stdout);
    expect(rep.hotspots.periods.map((p: { period: string }) => p.period)).toEqual(summary.periods);
    expect(rep.hotspots.burglary.emerging).toEqual(
      Object.fromEntries(Object.entries(summary.emerging).filter(([k]) => k !== 'none')),
    );
    expect(rep.hotspots.burglary.leftOut).toBe(summary.left_out);
    expect(rep.hotspots.burglary.periodNote).toBe(summary.note);
    const cli = new Map(
      JSON.parse(readFileSync(cliOut, 'utf8')).features.map(
        (f: { properties: { id: string; emerging: string; 'gi_p_2017-Q1': number } }) => [
          f.properties.id,
          f.properties,
        ],
      ),
    );
    for (const f of JSON.parse(readFileSync(join(out, 'areas.geojson'), 'utf8')).features) {
      const q = cli.get(f.properties.area_code) as { emerging: string; 'gi_p_2017-Q1': number };
      expect(f.properties.burglary_trend).toBe(q.emerging);
      expect(f.properties['burglary_gistar_p_2017-Q1']).toBe(q['gi_p_2017-Q1']);
    }
  }, 180_000);
});

describe('cohesion compare', () => {
  it('Trafford 2011 → 2021: both years, every index, the difference with interval and p, boundary note', () => {
    const before = dataFile('trafford/ethnicity_2011_lsoa_MLID.csv');
    const after = dataFile('trafford/ethnicity_2021_lsoa_wide.csv');
    const r = cohesion([
      'compare',
      '--before',
      before,
      '--after',
      after,
      '--replicates',
      '99',
      '--iterations',
      '99',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.before).toMatchObject({ year: 2011, geography: 'LSOA 2011', areas: 138 });
    expect(c.after).toMatchObject({ year: 2021, geography: 'LSOA 2021', areas: 139 });
    const b = parseCsv(text(before));
    const t11 = Float64Array.from(b.rows, (r) => Number(r.Persons));
    const x11 = Float64Array.from(b.rows, (r) => Number(r.Persons) - Number(r.WhiteBrit));
    expect(c.before.indices.dissimilarity).toBeCloseTo(dissimilarityValue(x11, t11), 12);
    // D of residents not White British in Trafford 2021 = 0.30897 (trafford_lsoa21 reference).
    expect(c.after.indices.dissimilarity).toBeCloseTo(0.30897, 5);
    for (const k of [
      'dissimilarity',
      'gini',
      'entropy',
      'isolation',
      'exposure',
      'correlationRatio',
      'atkinson',
    ]) {
      const d = c.difference[k];
      expect(d.value).toBeCloseTo(c.after.indices[k] - c.before.indices[k], 12);
      expect(d.ci[0]).toBeLessThanOrEqual(d.ci[1]);
      expect(d.p).toBeGreaterThanOrEqual(0);
      expect(d.p).toBeLessThanOrEqual(1);
      expect(c.before.ci[k][0]).toBeLessThanOrEqual(c.before.indices[k]);
    }
    // Groups in both censuses (Pakistani, Irish, …; 2011's "Mixed" against 2021's four Mixed groups).
    const groups = c.groups.map((g: { group: string }) => g.group);
    expect(groups).toContain('Asian, Asian British or Asian Welsh: Pakistani');
    expect(groups).toContain('Mixed or Multiple ethnic groups');
    expect(groups).not.toContain('White: Roma');
    expect(c.notes.join(' ')).toMatch(/LSOA boundaries were revised/);
  }, 120_000);

  it('two different councils or a later "before" are one clear line', () => {
    const r = cohesion([
      'compare',
      '--before',
      dataFile('greater-manchester/census/gm_ethnicity_2011_lsoa_MLID.csv'),
      '--after',
      dataFile('trafford/ethnicity_2021_lsoa_wide.csv'),
      '--replicates',
      '9',
      '--iterations',
      '9',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/share only \d+ of their area codes .*two different places/);
    const swap = cohesion([
      'compare',
      '--before',
      dataFile('trafford/ethnicity_2021_lsoa_wide.csv'),
      '--after',
      dataFile('trafford/ethnicity_2011_lsoa_MLID.csv'),
    ]);
    expect(swap.stderr).toMatch(/--before must be the earlier census/);
  }, 120_000);

  it('two kinds of area (LSOAs against wards, output areas against LSOAs) are one line naming both', () => {
    const compare = (...args: string[]) =>
      cohesion(['compare', ...args, '--replicates', '9', '--iterations', '9', '--json']);
    const lsoa11 = dataFile('trafford/ethnicity_2011_lsoa_MLID.csv');
    const oa11 = dataFile('trafford/ethnicity_2011_oa_MLID.csv');
    const lsoa21 = dataFile('trafford/ethnicity_2021_lsoa_wide.csv');
    const ward = compare('--before', lsoa11, '--after', dataFile('trafford/ethnicity_2021_ward22_wide.csv'));
    expect(ward.code).toBe(1);
    expect(ward.stdout).toBe('');
    expect(ward.stderr.trim().split('\n')).toHaveLength(1);
    expect(ward.stderr).toMatch(
      /INVALID_ARGUMENT: the earlier file \(.*\) has LSOAs, the later one \(.*\) wards: a change needs the same kind of area/,
    );
    // By its own code column (--before-id OA11CD) or by the guess, which now prefers OA11CD to the
    // parent LSOA11CD (that guess was DUPLICATE_CODE), an output-area file is output areas.
    for (const id of [['--before-id', 'OA11CD'], []]) {
      const oa = compare('--before', oa11, ...id, '--after', lsoa21);
      expect(oa.code, oa.stderr).toBe(1);
      expect(oa.stdout).toBe('');
      expect(oa.stderr).toMatch(
        /has output areas, the later one \(.*\) LSOAs: a change needs the same kind of area/,
      );
    }
    // The report's change section is the same comparison: ward areas with an LSOA --before.
    const rep = run([
      '--areas',
      dataFile('trafford/ward22_boundaries_generalised.geojson'),
      '--id',
      'area_code',
      '--table',
      dataFile('trafford/ethnicity_2021_ward22_wide.csv'),
      '--before',
      lsoa11,
      '--name',
      'Trafford',
      '--out',
      join(tmp, 'ward-vs-lsoa'),
    ]);
    expect(rep.code).toBe(1);
    expect(rep.stderr).toMatch(
      /^cohesion report: INVALID_ARGUMENT: the earlier file .* has LSOAs, the later one .* wards/,
    );
    // Named on purpose, a column of repeated codes stays the plain error.
    const parent = compare('--before', oa11, '--before-id', 'LSOA11CD', '--after', lsoa21);
    expect(parent.stderr).toMatch(/DUPLICATE_CODE: .*appears twice in "LSOA11CD"/);
  }, 120_000);

  it('a --year (or --before-year) contradicting a recognised layout is one line naming both years', () => {
    const lsoa11 = dataFile('trafford/ethnicity_2011_lsoa_MLID.csv');
    const out = join(tmp, 'wrong-year');
    const r = run([
      '--areas',
      dataFile('trafford/lsoa11_boundaries_generalised.geojson'),
      '--id',
      'area_code',
      '--table',
      lsoa11,
      '--table-id',
      'LSOA11CD',
      '--year',
      '2021',
      '--name',
      'Trafford',
      '--out',
      out,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /INVALID_ARGUMENT: .*ethnicity_2011_lsoa_MLID\.csv is a Census 2011 table \(Census 2011 KS201EW.*\), but --year says 2021/,
    );
    expect(existsSync(join(out, 'report.json'))).toBe(false);
    const c = cohesion([
      'compare',
      '--before',
      lsoa11,
      '--before-year',
      '2021',
      '--after',
      dataFile('trafford/ethnicity_2021_lsoa_wide.csv'),
    ]);
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(/is a Census 2011 table .*, but --before-year says 2021/);
  }, 120_000);
});

describe('report --out DIR never writes over its own inputs', () => {
  const AREAS = join(ROOT, 'data/trafford/lsoa11_boundaries_generalised.geojson');
  const TABLE = join(ROOT, 'data/trafford/ethnicity_2011_lsoa_MLID.csv');
  /** A folder holding the council's own files under the names the report writes. */
  function mydir() {
    const dir = mkdtempSync(join(tmp, 'mydir-'));
    writeFileSync(join(dir, 'areas.geojson'), readFileSync(AREAS));
    writeFileSync(join(dir, 'areas.csv'), readFileSync(TABLE));
    return dir;
  }
  const untouched = (dir: string) => {
    expect(readFileSync(join(dir, 'areas.geojson'))).toEqual(readFileSync(AREAS));
    expect(readFileSync(join(dir, 'areas.csv'))).toEqual(readFileSync(TABLE));
    expect(readdirSync(dir).sort()).toEqual(['areas.csv', 'areas.geojson']);
  };

  it('--areas DIR/areas.geojson --table DIR/areas.csv --out DIR/ is OUTPUT_IS_INPUT naming the file; nothing written', () => {
    const dir = mydir();
    const r = cohesion(
      [
        'report',
        ...['--areas', 'areas.geojson', '--id', 'area_code', '--table', 'areas.csv', '--name', 'Trafford'],
        ...['--out', './', ...FAST],
      ],
      { cwd: dir },
    );
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      'cohesion report: OUTPUT_IS_INPUT: the report writes areas.geojson into ./, which would replace the input areas.geojson; write the report to another folder',
    );
    untouched(dir);
  });

  it('paths inside --config, another spelling of DIR, and a symbolic link are caught too', () => {
    const dir = mydir();
    const config = join(dir, 'council.json');
    writeFileSync(
      config,
      JSON.stringify({ areas: AREAS, id: 'area_code', table: 'areas.csv', name: 'Trafford' }),
    );
    const viaConfig = run(['--config', config, '--out', join(dir, '..', basename(dir))]);
    expect(viaConfig.code).toBe(1);
    expect(viaConfig.stderr).toMatch(
      /OUTPUT_IS_INPUT: the report writes areas\.csv into .*which would replace the input .*areas\.csv/,
    );
    rmSync(config);
    const link = join(tmp, `link-${basename(dir)}.csv`);
    symlinkSync(join(dir, 'areas.csv'), link);
    const viaLink = run([
      '--areas',
      AREAS,
      '--id',
      'area_code',
      '--table',
      link,
      '--name',
      'Trafford',
      '--out',
      dir,
    ]);
    expect(viaLink.code).toBe(1);
    expect(viaLink.stderr).toMatch(
      /OUTPUT_IS_INPUT: the report writes areas\.csv into .*the input .*link-.*\.csv/,
    );
    untouched(dir);
  });
});
