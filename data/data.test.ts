import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogue, dataDir, datasetNames, resolveDataset } from './index.js';

describe('dataset catalogue', () => {
  it('resolves every dataset and every file in the shared data directory', () => {
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
