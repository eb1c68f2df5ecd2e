import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ears, farrington, parseCsv } from '@cohesion/geo';
import { describe, expect, it } from 'vitest';
import { cohesion, ROOT } from './run-cli.js';

// Spawns the built CLI (`pnpm run build` first) on Trafford wards and the data.police.uk burglary CSV.
const AREAS = join(ROOT, 'data/trafford/ward22_boundaries_generalised.geojson');
const POINTS = join(ROOT, 'data/trafford/crime_burglary_2016-02_to_2019-01.csv');
const tmp = mkdtempSync(join(tmpdir(), 'cohesion-alerts-'));
const KEYS = ['area', 'period', 'observed', 'expected', 'threshold', 'alarm'];

/** Burglaries per month in the whole file, counted here independently of the CLI. */
function monthlyTotals(): Map<string, number> {
  const t = parseCsv(readFileSync(POINTS, 'utf8'));
  const m = new Map<string, number>();
  for (const r of t.rows) m.set(r.Month as string, (m.get(r.Month as string) ?? 0) + 1);
  return m;
}

function run(args: string[]) {
  const r = cohesion(['alerts', ...args]);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const pointArgs = [
  '--points',
  POINTS,
  '--lon',
  'Longitude',
  '--lat',
  'Latitude',
  '--time',
  'Month',
  '--areas',
  AREAS,
  '--id',
  'area_code',
];

describe('cohesion alerts', () => {
  it('points into 21 wards, Farrington: contract keys, council total equals the monthly incident counts, map layer', () => {
    const layer = join(tmp, 'alarms.geojson');
    const out = run([...pointArgs, '--method', 'farrington', '--out', layer, '--json']);
    expect(out.input).toMatchObject({ areas: 21, outside: 0 });
    expect(out.periods).toBe(36);
    // 36 months from 2016-02: b = 2 years + w = 3 leaves 2018-05 … 2019-01.
    expect(out.baseline).toBe(2);
    expect(out.from).toBe('2018-05');
    expect(out.to).toBe('2019-01');
    expect(out.results).toHaveLength(22 * 9);
    for (const r of out.results) for (const k of KEYS) expect(r).toHaveProperty(k);
    const totals = monthlyTotals();
    const all = out.results.filter((r: { area: string }) => r.area === 'all');
    expect(all).toHaveLength(9);
    for (const r of all) expect(r.observed).toBe(totals.get(r.period));
    // The council total through the library directly gives the same threshold.
    const series = [...totals.keys()].sort().map((k) => totals.get(k) as number);
    const direct = farrington(series, { freq: 12, b: 2 });
    all.forEach((r: { threshold: number | null }, j: number) => {
      const d = direct.threshold[j] as number;
      if (r.threshold === null) expect(Number.isNaN(d)).toBe(true);
      else expect(r.threshold).toBeCloseTo(d, 12);
    });
    for (const r of out.current) {
      expect(r.alarm).toBe(true);
      expect(r.observed).toBeGreaterThan(r.threshold);
      expect(r.period).toBe('2019-01');
    }
    expect(out.multiple_testing.tests).toBeGreaterThan(0);
    expect(out.multiple_testing.expected_false_alarms).toBeCloseTo(out.multiple_testing.tests * 0.05, 12);
    const fc = JSON.parse(readFileSync(layer, 'utf8'));
    expect(fc.features).toHaveLength(21);
    expect(fc.features.filter((f: { properties: { alarm: boolean } }) => f.properties.alarm).length).toBe(
      out.current.filter((r: { area: string }) => r.area !== 'all').length,
    );
  });

  it('monthly counts table, EARS C1/C2/C3: thresholds equal the library on the same series; since marks the run start', () => {
    const totals = monthlyTotals();
    const months = [...totals.keys()].sort();
    const csv = join(tmp, 'counts.csv');
    writeFileSync(csv, `month,n\n${months.map((m) => `${m},${totals.get(m)}`).join('\n')}\n`);
    for (const method of ['c1', 'c2', 'c3'] as const) {
      const out = run([
        '--counts',
        csv,
        '--period',
        'month',
        '--count',
        'n',
        '--method',
        method,
        '--no-total',
        '--json',
      ]);
      const direct = ears(
        months.map((m) => totals.get(m) as number),
        method,
      );
      expect(out.results).toHaveLength(direct.threshold.length);
      out.results.forEach(
        (r: { threshold: number; alarm: boolean; since: string | null; period: string }, j: number) => {
          expect(r.threshold).toBeCloseTo(direct.threshold[j] as number, 12);
          expect(r.alarm).toBe(direct.alarm[j] === 1);
          if (r.alarm) expect(r.since && r.since <= r.period).toBe(true);
          else expect(r.since).toBeNull();
        },
      );
    }
  });

  it('a month missing from a counts table is an error naming the area and month', () => {
    const csv = join(tmp, 'gap.csv');
    writeFileSync(csv, 'ward,month,n\nA,2019-01,3\nA,2019-02,4\nA,2019-03,1\nB,2019-01,2\nB,2019-03,5\n');
    const r = cohesion([
      'alerts',
      '--counts',
      csv,
      '--period',
      'month',
      '--count',
      'n',
      '--area',
      'ward',
      '--method',
      'c1',
      '--json',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/MISSING_PERIOD: B has no count for 2019-02/);
  });

  it('usage errors: no input, both inputs, unknown method', () => {
    expect(cohesion(['alerts', '--method', 'c1']).code).toBe(2);
    expect(cohesion(['alerts', '--counts', 'a.csv', '--points', 'b.csv', '--method', 'c1']).code).toBe(2);
    const r = cohesion(['alerts', '--counts', 'a.csv', '--period', 'p', '--count', 'n', '--method', 'c9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--method must be/);
  });
});
