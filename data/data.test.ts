import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogue, dataDir, datasetNames, locate, resolveDataset } from './index.js';

describe('dataset catalogue', () => {
  it('resolves every dataset and every file in the repository data directory', () => {
    expect(datasetNames()).toEqual(
      expect.arrayContaining(['trafford', 'greater-manchester', 'england-wales-2011']),
    );
    for (const name of datasetNames()) {
      const ds = resolveDataset(name);
      for (const f of Object.values(ds.files)) {
        expect(f.sourceInfo?.licence).toBe('OGL v3');
        expect(f.path.startsWith(ds.dir)).toBe(true);
      }
    }
  });
  it('holds every catalogued file in the repository, within 30 MB in all', () => {
    expect(dataDir({})).toBe(fileURLToPath(new URL('.', import.meta.url)).replace(/[\\/]$/, ''));
    let bytes = 0;
    for (const name of datasetNames()) {
      for (const f of Object.values(resolveDataset(name).files)) {
        expect(existsSync(f.path), f.path).toBe(true);
        bytes += statSync(f.path).size;
      }
    }
    expect(bytes).toBeLessThan(30 * 1024 * 1024);
  });
  it('finds an uncompressed copy of a gzipped file, and the reverse', () => {
    const d = mkdtempSync(join(tmpdir(), 'cohesion-data-'));
    writeFileSync(join(d, 'a.csv'), 'x\n');
    writeFileSync(join(d, 'b.csv.gz'), '');
    expect(locate(d, 'a.csv.gz')).toBe(join(d, 'a.csv'));
    expect(locate(d, 'b.csv')).toBe(join(d, 'b.csv.gz'));
    expect(locate(d, 'c.csv')).toBe(join(d, 'c.csv'));
  });
  it('nothing outside the docs reads ../shared (a clone has only this repository)', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const r = spawnSync(
      'git',
      [
        'grep',
        '-l',
        '-E',
        'shared/(data|reference)',
        '--',
        'packages',
        'examples',
        'scripts',
        'data',
        '.ci',
        'bench',
      ],
      { cwd: root, encoding: 'utf8' },
    );
    const offenders = r.stdout
      .split('\n')
      .filter((f) => f && !f.endsWith('.md') && !f.startsWith('bench/results/') && f !== 'data/data.test.ts');
    expect(offenders).toEqual([]);
  });
  it('prefers COHESION_DATA_DIR', () => {
    const d = mkdtempSync(join(tmpdir(), 'cohesion-data-'));
    expect(dataDir({ COHESION_DATA_DIR: d })).toBe(d);
  });
  it('names unknown datasets and missing files', () => {
    expect(() => resolveDataset('narnia')).toThrowError(/unknown dataset "narnia" \(known: trafford/);
    const empty = mkdtempSync(join(tmpdir(), 'cohesion-empty-'));
    try {
      resolveDataset('trafford', { dir: empty });
      expect.unreachable();
    } catch (e) {
      expect((e as { code: string }).code).toBe('READ_FAILED');
      expect((e as Error).message).toContain('trafford/lsoa21_boundaries_generalised.geojson');
      expect((e as Error).message).toContain(catalogue.sources['ons-geoportal']?.url);
    }
  });
});
