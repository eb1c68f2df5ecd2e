import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cohesion, ROOT } from './run-cli.js';

// Spawns the built CLI (`pnpm run build` first) on Trafford LSOAs and the data.police.uk burglary CSV.
const AREAS = join(ROOT, 'data/trafford/lsoa21_boundaries_generalised.geojson');
const POINTS = join(ROOT, 'data/trafford/crime_burglary_2016-02_to_2019-01.csv');
const CSV = join(ROOT, 'data/trafford/ethnicity_2021_lsoa_wide.csv');
const tmp = mkdtempSync(join(tmpdir(), 'cohesion-incidents-'));
const base = [
  'incidents',
  '--areas',
  AREAS,
  '--id',
  'area_code',
  '--points',
  POINTS,
  '--lon',
  'Longitude',
  '--lat',
  'Latitude',
];

describe('cohesion incidents', () => {
  it('counts 5,113 burglaries into 139 LSOAs, EB rates, Gi*/LISA, quarterly emerging hotspots, suppression', () => {
    const out = join(tmp, 'burglary.geojson');
    const r = cohesion([
      ...base,
      '--time',
      'Month',
      '--period',
      'quarter',
      '--table',
      CSV,
      '--population',
      'total_usual_residents',
      '--table-id',
      'area_code',
      '--permutations',
      '199',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.areas).toBe(139);
    expect(summary.points + summary.skipped_rows).toBe(5113);
    // Whole calendar quarters only: 2016-Q1 (Feb–Mar) and 2019-Q1 (Jan) are partial and left out,
    // with their incidents; 2016-Q2 … 2018-Q4 are the 11 analysed.
    expect(summary.periods).toHaveLength(11);
    expect(summary.periods[0]).toBe('2016-Q2');
    expect(summary.periods[10]).toBe('2018-Q4');
    expect(summary.partial_periods.map((p: { label: string }) => p.label)).toEqual(['2016-Q1', '2019-Q1']);
    expect(summary.left_out).toBe(
      summary.partial_periods.reduce((a: number, p: { incidents: number }) => a + p.incidents, 0),
    );
    expect(summary.note).toMatch(/Only whole quarters are analysed: 2016-Q1 \(2 of its 3 months/);
    expect(r.stderr).toMatch(/note: Only whole quarters/);
    // Per-period results carry their p-values.
    expect(summary.period_results).toHaveLength(11);
    const fc = JSON.parse(readFileSync(out, 'utf8'));
    expect(fc.features).toHaveLength(139);
    const p = fc.features[0].properties;
    for (const key of [
      'id',
      'count',
      'suppressed',
      'rate',
      'rate_eb',
      'gi_z',
      'gi_p_sim',
      'gi_cluster',
      'lisa_cluster',
      'emerging',
      'gi_z_2016-Q2',
      'gi_p_2016-Q2',
      'gi_cluster_2018-Q4',
    ])
      expect(p).toHaveProperty(key);
    let total = 0;
    for (const f of fc.features) {
      const q = f.properties;
      if (q.count === null) expect(q.suppressed).toBe(true);
      else {
        expect(q.count === 0 || q.count >= 5).toBe(true);
        total += q.count;
      }
      expect(q.emerging).toMatch(
        /^(none|(new|consecutive|intensifying|persistent|diminishing|sporadic|oscillating|historical) (hot|cold))$/,
      );
      expect(['hot', 'cold', 'ns']).toContain(q.gi_cluster);
    }
    expect(total).toBeLessThanOrEqual(summary.points - summary.outside);
    expect(summary.gi_clusters.hot).toBeGreaterThan(0);
  });

  it('plain counts without --time; --out as CSV', () => {
    const out = join(tmp, 'counts.csv');
    const r = cohesion([...base, '--permutations', '99', '--suppress', '0', '--out', out]);
    expect(r.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(140);
    expect(lines[0]).toContain('gi_z');
  });

  it('bad input: missing column, missing --out, population without table', () => {
    const miss = cohesion([...base.slice(0, -2), '--lat', 'Lat', '--out', join(tmp, 'x.geojson')]);
    expect(miss.code).toBe(1);
    expect(miss.stderr).toMatch(/^cohesion incidents: MISSING_COLUMN: .*no column "Lat"/);
    const noOut = cohesion(base);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr.trim()).toBe('cohesion incidents: missing required flag --out');
    const pop = cohesion([...base, '--population', 'x', '--out', join(tmp, 'y.geojson')]);
    expect(pop.stderr.trim()).toBe('cohesion incidents: --population and --table go together');
  });
});

describe('cohesion incidents --table: a row matching no area', () => {
  it('is UNMATCHED_CODE naming the code and row, never silently left out', () => {
    const csv = readFileSync(CSV, 'utf8').trimEnd();
    // A copy of the first row under a code that is on no map.
    const extra = csv.split('\n')[1]!.replace(/^E01006074,Trafford 025A,/, 'E01999999,Nowhere,');
    const table = join(tmp, 'extra.csv');
    writeFileSync(table, `${csv}\n${extra}\n`);
    const out = join(tmp, 'extra.geojson');
    const r = cohesion([
      ...base,
      ...['--table', table, '--table-id', 'area_code', '--population', 'total_usual_residents'],
      ...['--out', out],
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(
      new RegExp(
        `^cohesion incidents: UNMATCHED_CODE: 1 row\\(s\\) of .*extra\\.csv match no area \\(first: E01999999 on row ${csv.split('\n').length}\\); pass --allow-extra-rows`,
      ),
    );
    expect(existsSync(out)).toBe(false);
    const alone = cohesion([...base, '--allow-extra-rows', '--out', out]);
    expect(alone.code).toBe(2);
    expect(alone.stderr.trim()).toBe('cohesion incidents: --allow-extra-rows goes with --table');
  });
});
