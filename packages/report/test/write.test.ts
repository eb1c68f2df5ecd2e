// writeReport with its inputs: never replaces one of them (the library is as safe as the CLI).
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CouncilReport } from '../src/compute.js';
import { ASSET_FILES } from '../src/html/assets.js';
import { checkReportOutput, REPORT_FILES, writeReport } from '../src/write.js';

describe('writeReport({ inputs })', () => {
  it('lists every file it may write', () => {
    expect(REPORT_FILES).toEqual(
      expect.arrayContaining([
        'index.html',
        'report.json',
        'areas.geojson',
        'areas.csv',
        'councils.csv',
        ...Object.values(ASSET_FILES),
      ]),
    );
  });

  it.each([...REPORT_FILES])(
    'an input named %s in the folder is OUTPUT_IS_INPUT before anything is written',
    async (name) => {
      const dir = mkdtempSync(join(tmpdir(), 'cohesion-write-'));
      const input = join(dir, name);
      writeFileSync(input, 'mine');
      // Rejected before the report is even looked at.
      const err = await writeReport({} as CouncilReport, dir, { inputs: ['elsewhere.csv', input] }).catch(
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ name: 'CohesionError', code: 'OUTPUT_IS_INPUT', detail: { value: input } });
      expect((err as Error).message).toContain(
        `the report writes ${name} into ${dir}, which would replace the input ${input}`,
      );
      expect(readFileSync(input, 'utf8')).toBe('mine');
      expect(readdirSync(dir)).toEqual([name]);
    },
  );

  it('inputs elsewhere or with other names pass', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cohesion-write-'));
    writeFileSync(join(dir, 'census.csv'), 'x');
    await expect(checkReportOutput(dir, [join(dir, 'census.csv'), 'areas.csv', ''])).resolves.toBeUndefined();
  });
});
