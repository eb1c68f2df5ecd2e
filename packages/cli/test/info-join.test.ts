import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv, readFlatGeobuf } from '@cohesion/geo';
import { describe, expect, it } from 'vitest';
import { cohesion, ROOT } from './run-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'cohesion-cli-'));
const write = (name: string, content: string) => {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
};
const data = (p: string) => join(ROOT, 'data', p);

describe('cohesion info', () => {
  it('reports EPSG:27700 for the GM 2016 wards file', () => {
    const r = cohesion([
      'info',
      'data/greater-manchester/boundaries/gm_ward16_bng_epsg27700.geojson.gz',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info.crs).toBe('EPSG:27700');
    expect(info.features).toBe(215);
    expect(info.geometryTypes.every((t: string) => /Polygon/.test(t))).toBe(true);
    expect(info.bbox[0]).toBeGreaterThan(350_000);
    expect(info.bbox[3]).toBeLessThan(430_000);
    expect(info.properties).toContain('wd16cd');
  });
  it('reports EPSG:4326 for the Trafford LSOAs', () => {
    const info = JSON.parse(
      cohesion(['info', data('trafford/lsoa21_boundaries_generalised.geojson'), '--json']).stdout,
    );
    expect(info).toMatchObject({ features: 139, crs: 'EPSG:4326', properties: ['area_code', 'area_name'] });
  });
  it('fails with one line naming the bad input', () => {
    const missing = cohesion(['info', join(tmp, 'nope.geojson'), '--json']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/READ_FAILED: cannot read .*nope\.geojson/);
    const mercator = write(
      'mercator.geojson',
      '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[-255000,7070000]}}]}',
    );
    expect(cohesion(['info', mercator, '--json']).stderr).toMatch(/UNKNOWN_CRS/);
    const usage = cohesion(['info', '--bogus']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/bogus/);
  });
});

describe('cohesion join', () => {
  it('joins Trafford census to LSOAs and writes GeoJSON, FlatGeobuf and CSV', async () => {
    const args = (out: string) => [
      'join',
      '--areas',
      data('trafford/lsoa21_boundaries_generalised.geojson'),
      '--id',
      'area_code',
      '--table',
      data('trafford/ethnicity_2021_lsoa_wide.csv'),
      '--table-id',
      'area_code',
      '--out',
      out,
    ];
    const gj = join(tmp, 'joined.geojson');
    const r = cohesion(args(gj));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stderr).join).toMatchObject({ areas: 139, matched: 139, unmatchedRows: 0 });
    const fc = JSON.parse(readFileSync(gj, 'utf8'));
    const total = fc.features.reduce(
      (s: number, f: { properties: Record<string, string> }) =>
        s + Number(f.properties.total_usual_residents),
      0,
    );
    expect(total).toBe(234_987);
    const fgb = join(tmp, 'joined.fgb');
    expect(cohesion(args(fgb)).code).toBe(0);
    const back = await readFlatGeobuf(new Uint8Array(readFileSync(fgb)));
    expect(back.features.map((f) => f.properties)).toEqual(
      fc.features.map((f: { properties: unknown }) => f.properties),
    );
    const csv = join(tmp, 'joined.csv');
    expect(cohesion(args(csv)).code).toBe(0);
    expect(parseCsv(readFileSync(csv, 'utf8')).rows).toHaveLength(139);
  });
  it('refuses a table with an unmatched code, naming it', () => {
    const table = write('bad.csv', 'code,n\nE01006074,1\nE01999999,2\n');
    const r = cohesion([
      'join',
      '--areas',
      data('trafford/lsoa11_boundaries_generalised.geojson'),
      '--id',
      'area_code',
      '--table',
      table,
      '--table-id',
      'code',
      '--out',
      join(tmp, 'x.geojson'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^cohesion join: UNMATCHED_CODE: 137 area\(s\) have no row/);
  });
  it('asks for missing flags', () => {
    const r = cohesion(['join', '--areas', 'x.geojson']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing required flag --id/);
  });
});

describe('piping into head', () => {
  it('exits quietly with 0 when the reader closes the pipe early', async () => {
    const { spawn } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    const child = spawn(process.execPath, [
      cli,
      'join',
      '--areas',
      data('trafford/lsoa21_boundaries_generalised.geojson'),
      '--id',
      'area_code',
      '--table',
      data('trafford/ethnicity_2021_lsoa_wide.csv'),
      '--table-id',
      'area_code',
      '--json',
    ]);
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/EPIPE|Error/);
  });
});
