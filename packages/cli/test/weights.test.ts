import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cohesion, ROOT } from './run-cli.js';

// Spawns the built CLI (`pnpm run build` first) on the reference files in data/reference.
const ref = (p: string) => join(ROOT, 'data', 'reference', p);
const TRAFFORD = ref('trafford_lsoa21/lsoa21_boundaries_generalised.geojson');
const expected = JSON.parse(readFileSync(ref('trafford_lsoa21/expected.json'), 'utf8'));
const tmp = mkdtempSync(join(tmpdir(), 'cohesion-weights-'));

function weights(args: string[]) {
  const r = cohesion(['weights', ...args]);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

describe('cohesion weights', () => {
  it.each(['queen', 'rook'])('--type %s on Trafford LSOAs equals spdep poly2nb', (type) => {
    const out = weights(['--areas', TRAFFORD, '--id', 'area_code', '--type', type, '--json']);
    expect(Object.keys(out)).toEqual(['neighbors', 'islands']);
    expect(out.islands).toEqual([]);
    expect(out.neighbors).toEqual(
      Object.fromEntries(expected.ids.map((id: string, i: number) => [id, expected.neighbours[type][i]])),
    );
  });

  it('--type knn --k 5 gives five neighbours each; distance band in metres', () => {
    const knn = weights(['--areas', TRAFFORD, '--id', 'area_code', '--type', 'knn', '--k', '5', '--json']);
    for (const list of Object.values(knn.neighbors) as string[][]) expect(list).toHaveLength(5);
    const band = weights([
      '--areas',
      TRAFFORD,
      '--id',
      'area_code',
      '--type',
      'distance',
      '--threshold',
      '1500',
      '--json',
    ]);
    const sizes = (Object.values(band.neighbors) as string[][]).map((l) => l.length);
    expect(Math.max(...sizes)).toBeGreaterThan(3);
    const kernel = weights([
      '--areas',
      TRAFFORD,
      '--id',
      'area_code',
      '--type',
      'kernel',
      '--adaptive',
      '--k',
      '3',
      '--json',
    ]);
    expect(Object.keys(kernel.neighbors)).toHaveLength(139);
  });

  it('--out writes GAL that lists the same neighbours', () => {
    const gal = join(tmp, 'trafford.gal');
    const r = cohesion([
      'weights',
      '--areas',
      TRAFFORD,
      '--id',
      'area_code',
      '--type',
      'queen',
      '--out',
      gal,
    ]);
    expect(r.code).toBe(0);
    const lines = readFileSync(gal, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^0 139 /);
    expect(lines[1]).toBe(`E01006074 ${expected.neighbours.queen[0].length}`);
    expect(lines[2]).toBe(expected.neighbours.queen[0].join(' '));
  });

  it('islands are reported; bad flags and bad input give one-line errors', () => {
    const fc = JSON.parse(readFileSync(TRAFFORD, 'utf8'));
    fc.features = fc.features.slice(0, 3);
    fc.features[2].geometry.coordinates = fc.features[2].geometry.coordinates.map((poly: number[][][]) =>
      poly.map((ring) => ring.map(([x, y]) => [(x as number) + 0.5, y])),
    );
    const path = join(tmp, 'three.geojson');
    writeFileSync(path, JSON.stringify(fc));
    const out = weights(['--areas', path, '--id', 'area_code', '--type', 'queen', '--json']);
    expect(out.islands).toContain(fc.features[2].properties.area_code);
    const bad = cohesion([
      'weights',
      '--areas',
      TRAFFORD,
      '--id',
      'area_code',
      '--type',
      'hexagon',
      '--json',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe(
      'cohesion weights: --type must be one of queen, rook, knn, distance, kernel, got "hexagon"',
    );
    const noId = cohesion(['weights', '--areas', TRAFFORD, '--id', 'nope', '--type', 'queen', '--json']);
    expect(noId.code).toBe(1);
    expect(noId.stderr).toMatch(
      /^cohesion weights: MISSING_PROPERTY: feature 0 has no property "nope" \(has [^)]*\)\n$/,
    );
  });
});

describe('cohesion weights --out .gal/.gwt with ids holding spaces', () => {
  it.each(['gal', 'gwt'])(
    '--id area_name --out x.%s is INVALID_CODE naming the id; no file is written',
    (ext) => {
      const out = join(tmp, `names.${ext}`);
      const r = cohesion([
        'weights',
        '--areas',
        TRAFFORD,
        '--id',
        'area_name',
        '--type',
        'queen',
        '--out',
        out,
      ]);
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toMatch(
        new RegExp(
          `^cohesion weights: INVALID_CODE: area 1 has the id "Trafford \\d{3}[A-Z]" \\(area_name\\), which contains whitespace; ${ext.toUpperCase()} files are whitespace-separated.*--id area_code`,
        ),
      );
      expect(existsSync(out)).toBe(false);
    },
  );
});
