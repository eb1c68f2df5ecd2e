// Every example runs under Node and under Deno, prints the same thing on both, and prints numbers
// that match the library (computed here independently) and the published reference figures.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import {
  countPointsInAreas,
  createSiteIndex,
  dissimilarityValue,
  linkAccessPoints,
  localGetisOrd,
  MULTIGROUP_INDEX_FUNCTIONS,
  nearestGreenSpace,
  parseCsv,
  parseGeoJSON,
  pointsFromTable,
  prepareGreenSpaceSites,
  prepareOrigins,
  preparePoints,
  queenWeights,
  surveyEstimates,
  surveyResponses,
} from '@cohesion/geo';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DENO = fileURLToPath(new URL('../node_modules/.bin/deno', import.meta.url));
const WB = 'White: English, Welsh, Scottish, Northern Irish or British';

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return r.stdout;
}

/** Runs examples/node/NAME.mjs and examples/deno/NAME.ts; both must print exactly the same. */
function example(name: string): string {
  const node = run(process.execPath, [`examples/node/${name}.mjs`]);
  const deno = run(DENO, [
    'run',
    '--no-lock',
    '--allow-read',
    '--allow-env',
    '--allow-sys',
    `examples/deno/${name}.ts`,
  ]);
  expect(deno).toBe(node);
  return node;
}

/** The number after `label` in the output. */
function num(out: string, label: string | RegExp): number {
  const re =
    typeof label === 'string'
      ? new RegExp(`${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*(-?[0-9.]+)`)
      : label;
  const m = out.match(re);
  if (!m) throw new Error(`no "${label}" in:\n${out}`);
  return Number(m[1]);
}

const data = (p: string) => `${ROOT}data/${p}`;
const ref = JSON.parse(readFileSync(`${ROOT}data/reference/trafford_lsoa21/expected.json`, 'utf8'));

function trafford() {
  const fc = parseGeoJSON(readFileSync(data('trafford/lsoa21_boundaries_generalised.geojson'), 'utf8'));
  const table = parseCsv(readFileSync(data('trafford/ethnicity_2021_lsoa_wide.csv'), 'utf8'));
  const byCode = new Map(table.rows.map((r) => [r.area_code, r]));
  const rows = fc.features.map((f) => byCode.get(String(f.properties?.area_code))!);
  const col = (c: string) => Float64Array.from(rows, (r) => Number(r[c]));
  const total = col('total_usual_residents');
  const minority = Float64Array.from(total, (t, i) => t - col(WB)[i]!);
  const groups = table.columns.filter(
    (c) => !['area_code', 'area_name', 'total_usual_residents'].includes(c),
  );
  return { fc, total, minority, groups: groups.map(col) };
}

describe('examples (Node and Deno)', () => {
  it('the Deno examples type-check (strict TypeScript against the built packages)', () => {
    const r = spawnSync(DENO, ['check', '--no-lock', 'examples/deno/'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.stderr).not.toMatch(/ERROR/);
    expect(r.status).toBe(0);
  });

  it('segregation: Trafford indices, interval, profile and the national ranking', () => {
    const out = example('segregation');
    const { total, minority, groups } = trafford();
    const d = dissimilarityValue(minority, total);
    expect(num(out, 'dissimilarity:')).toBeCloseTo(d, 6);
    expect(num(out, 'dissimilarity:')).toBeCloseTo(
      ref.segregation_single_group_vs_rest.minority_not_white_british.D,
      6,
    );
    const lo = num(out, 'dissimilarity 95% interval:');
    const hi = num(out, / to ([0-9.]+)\n/);
    expect(lo).toBeLessThan(d);
    expect(hi).toBeGreaterThan(d);
    const k = groups.length;
    const counts = new Float64Array(139 * k);
    for (let i = 0; i < 139; i++) for (let m = 0; m < k; m++) counts[i * k + m] = groups[m]![i]!;
    expect(num(out, 'multigroup dissimilarity:')).toBeCloseTo(
      MULTIGROUP_INDEX_FUNCTIONS.multiDissimilarity(counts, k),
      6,
    );
    expect(num(out, 'multigroup dissimilarity:')).toBeCloseTo(ref.segregation_multigroup.D_multigroup, 6);
    // PySAL segregation's multigroup D on 1 km triangular local environments (see segregation/spatial).
    expect(num(out, 'profile 1000 m: multigroup D')).toBeCloseTo(0.2992725931488021, 6);
    // National: recount D for every council straight from the CSV and compare the top five and Trafford.
    const ew = parseCsv(
      gunzipSync(readFileSync(data('england-wales/ethnicity_2011_lsoa.csv.gz'))).toString('utf8'),
    );
    const by = new Map<string, { x: number[]; t: number[] }>();
    for (const r of ew.rows) {
      const c = by.get(r.LAD11NM!) ?? { x: [], t: [] };
      c.t.push(Number(r.Persons));
      c.x.push(Number(r.Persons) - Number(r.WhiteBrit));
      by.set(r.LAD11NM!, c);
    }
    const ranked = [...by]
      .map(([name, c]) => ({ name, d: dissimilarityValue(c.x, c.t) }))
      .sort((a, b) => b.d - a.d);
    for (const { name, d: v } of ranked.slice(0, 5)) expect(num(out, `${name}:`)).toBeCloseTo(v, 6);
    expect(out).toContain(`Trafford ranks ${ranked.findIndex((r) => r.name === 'Trafford') + 1} of 348`);
  });

  it('hotspots: queen links, Moran’s I as spdep, Gi* clusters as the library', () => {
    const out = example('hotspots');
    expect(out).toContain(`${ref.n} LSOAs, 748 directed links, 0 islands`);
    expect(num(out, "Moran's I:")).toBeCloseTo(0.8757488279716507, 6);
    expect(num(out, 'z randomisation')).toBeCloseTo(16.945436970097205, 6);
    const { fc, total, minority } = trafford();
    const share = Float64Array.from(minority, (x, i) => x / total[i]!);
    const gi = localGetisOrd(queenWeights(fc, { idProperty: 'area_code' }), share, {
      permutations: 999,
      seed: 12345,
    });
    expect(num(out, 'Gi* hot spots:')).toBe(gi.cluster.filter((c) => c === 'hot').length);
    expect(num(out, 'cold spots:')).toBe(gi.cluster.filter((c) => c === 'cold').length);
  });

  it('access: sites, access points and the ANGSt shares', () => {
    const out = example('access');
    expect(out).toMatch(/^139 LSOAs, 427 sites \([0-9.]+ ha\), 893 of 893 access points linked/);
    const share = num(out, 'angst_2ha_300m:');
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThan(100);
    // Larger sites within a longer reach: ≥ 20 ha within 2 km is met by at least as many as ≥ 100 ha within 5 km.
    expect(num(out, 'angst_20ha_2km:')).toBeGreaterThanOrEqual(num(out, 'angst_100ha_5km:'));
    // The share meeting ANGSt's first rule, recomputed from the nearest ≥ 2 ha site per LSOA.
    const { fc, total } = trafford();
    const origins = prepareOrigins(fc, { idProperty: 'area_code' });
    const sites = prepareGreenSpaceSites(
      parseGeoJSON(readFileSync(data('trafford/greenspace_sites.geojson'), 'utf8')),
    );
    const pts = preparePoints(
      parseGeoJSON(readFileSync(data('trafford/greenspace_access_points.geojson'), 'utf8')),
    );
    const index = createSiteIndex(sites, linkAccessPoints(pts, createSiteIndex(sites), { maxDistance: 20 }));
    const near2ha = nearestGreenSpace(origins, index, 2).distance;
    let met = 0;
    let all = 0;
    near2ha.forEach((d, i) => {
      all += total[i]!;
      if (d <= 300) met += total[i]!;
    });
    expect(share).toBeCloseTo((100 * met) / all, 2);
    const ratio = num(out, 'ratio');
    expect(ratio).toBeCloseTo(
      num(out, /mean distance ([0-9.]+) m vs/) / num(out, / m vs ([0-9.]+) m elsewhere/),
      3,
    );
  });

  it('incidents: counts, the EB prior mean and per-period hotspots', () => {
    const out = example('incidents');
    const { fc, total } = trafford();
    const crimes = parseCsv(readFileSync(data('trafford/crime_burglary_2016-02_to_2019-01.csv'), 'utf8'));
    const pts = pointsFromTable(crimes, 'Longitude', 'Latitude');
    const inAreas = countPointsInAreas(fc, pts.xs, pts.ys, { pointsCrs: pts.crs });
    const inside = inAreas.counts.reduce((a, b) => a + b, 0);
    expect(out).toContain(`5113 burglaries, ${inside} inside Trafford's LSOAs, ${inAreas.outside} outside`);
    // Empirical-Bayes prior mean b = Σ events / Σ population (Marshall 1991), per 1,000 residents.
    const b = (1000 * inside) / total.reduce((a, v) => a + v, 0);
    expect(num(out, 'EB prior mean rate:')).toBeCloseTo(b, 4);
    // Twelve complete three-month periods, holding every incident.
    const periods = [...out.matchAll(/^ {2}(\d{4}-\d{2}): (\d+) burglaries/gm)];
    expect(periods).toHaveLength(12);
    expect(periods.reduce((a, m) => a + Number(m[2]), 0)).toBe(inside);
  });
  it('alerts: monthly burglary totals, the EARS C1 threshold and Farrington alarms per ward', () => {
    const out = example('alerts');
    expect(out).toContain('5113 burglaries in 21 wards, 2016-02 to 2019-01');
    const crimes = parseCsv(readFileSync(data('trafford/crime_burglary_2016-02_to_2019-01.csv'), 'utf8'));
    const byMonth = new Map<string, number>();
    for (const r of crimes.rows) byMonth.set(r.Month as string, (byMonth.get(r.Month as string) ?? 0) + 1);
    const totals = [...byMonth.keys()].sort().map((m) => byMonth.get(m) as number);
    // EARS C1: mean + z(0.95)·sd (n − 1) of the 7 months before January 2019.
    const base = totals.slice(-8, -1);
    const mean = base.reduce((a, v) => a + v, 0) / 7;
    const sd = Math.sqrt(base.reduce((a, v) => a + (v - mean) ** 2, 0) / 6);
    expect(out).toContain(
      `${totals.at(-1)} in 2019-01, threshold ${(mean + 1.6448536269514722 * sd).toFixed(2)}`,
    );
    // Each alarming ward's January count, counted here independently, is above its threshold.
    const wards = parseGeoJSON(readFileSync(data('trafford/ward22_boundaries_generalised.geojson'), 'utf8'));
    const jan = crimes.rows.filter((r) => r.Month === '2019-01');
    const pts = pointsFromTable({ columns: crimes.columns, rows: jan }, 'Longitude', 'Latitude');
    const counts = countPointsInAreas(wards, pts.xs, pts.ys, { pointsCrs: pts.crs }).counts;
    const alarms = [...out.matchAll(/ALARM (.+?): (\d+) in 2019-01, expected ([\d.]+), threshold ([\d.]+)/g)];
    expect(alarms.length).toBeGreaterThan(0);
    for (const [, name, n, , threshold] of alarms) {
      expect(Number(n)).toBeGreaterThan(Number(threshold));
      const i = wards.features.findIndex((f) => f.properties?.area_name === name);
      if (name !== 'Trafford') expect(counts[i]).toBe(Number(n));
    }
  });
  it('survey: the overall share agreeing, its interval, the change since 2022 and suppressed wards', () => {
    const out = example('survey');
    const cols = {
      answer: 'get_on_well',
      agree: ['Definitely agree', 'Tend to agree'],
      codes: ['Tend to disagree', 'Definitely disagree'],
      exclude: ["Don't know"],
      area: 'ward_code',
      weight: 'weight',
      strata: 'ward_code',
      cluster: 'sampling_point',
    };
    const read = (y: number) =>
      surveyEstimates(
        surveyResponses(
          parseCsv(readFileSync(`${ROOT}data/synthetic/trafford_ward_survey_${y}.csv`, 'utf8')),
          cols,
        ),
        { suppress: true },
      );
    const now = read(2024);
    const before = read(2022);
    expect(out).toContain('SYNTHETIC DATA');
    expect(num(out, 'Trafford 2024:')).toBeCloseTo(100 * now.overall.estimate, 1);
    expect(num(out, '95% CI')).toBeCloseTo(100 * now.overall.ci[0], 1);
    expect(num(out, 'n =')).toBe(now.overall.n);
    expect(num(out, 'Change since 2022:')).toBeCloseTo(
      100 * (now.overall.estimate - before.overall.estimate),
      1,
    );
    const hidden = now.results.filter((r) => r.flag === 'suppressed').length;
    expect(hidden).toBeGreaterThan(0);
    expect(out.match(/not shown/g)).toHaveLength(hidden);
    // A suppressed ward never shows a percentage.
    for (const line of out.split('\n').filter((l) => l.includes('not shown'))) expect(line).not.toMatch(/%/);
  });
});
