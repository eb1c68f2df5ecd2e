// The hostile-input corpus (packages/geo/test/hostile/manifest.json) through the CLI: every bad
// file or bad argument exits non-zero with one line `cohesion <cmd>: CODE: message`, the code the
// manifest expects. Then the output rules: --force, never onto an input, report --out onto a file,
// spreadsheet-safe CSV, and a process killed while writing leaves the previous output intact.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cohesion, ROOT } from './run-cli.js';

const DIR = join(ROOT, 'packages/geo/test/hostile/');
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as {
  cases: { file: string; what: string; expect: string; cli: string[]; cliSameAs?: string }[];
};
const tmp = mkdtempSync(join(tmpdir(), 'cohesion-hostile-'));

describe('hostile-input corpus through the CLI', () => {
  it.each(manifest.cases.map((c) => [`${c.file}: ${c.what}`, c] as const))('%s', (_name, c) => {
    // Work on a copy so an output case cannot touch the corpus.
    const file = join(tmp, c.file);
    copyFileSync(join(DIR, c.file), file);
    for (const f of ['good.csv', 'good.geojson'])
      if (!existsSync(join(tmp, f))) copyFileSync(join(DIR, f), join(tmp, f));
    const args = c.cli.map((a) => a.replace('$F', file).replace('$D', tmp));
    const before = readFileSync(file);
    const r = cohesion(args);
    if (c.cliSameAs) {
      // The CLI joins the table on its code column: the other order must give the same output.
      const same = cohesion(c.cli.map((a) => a.replace('$F', join(tmp, c.cliSameAs!)).replace('$D', tmp)));
      expect(r.code, r.stderr).toBe(0);
      expect(same.code, same.stderr).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(0);
      expect(JSON.parse(r.stdout)).toEqual(JSON.parse(same.stdout));
      return;
    }
    expect(r.code, r.stdout).not.toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^cohesion \\w+: ${c.expect}: `));
    expect(readFileSync(file).equals(before), 'the input is untouched').toBe(true);
  });
});

describe('outputs', () => {
  const areas = join(DIR, 'good.geojson');
  const table = join(DIR, 'formula-names.csv');
  const join_ = (out: string, ...extra: string[]) =>
    cohesion([
      'join',
      '--areas',
      areas,
      '--id',
      'code',
      '--table',
      table,
      '--table-id',
      'code',
      '--out',
      out,
      ...extra,
    ]);

  it('an existing output is replaced only with --force, and --help says so', () => {
    const out = join(tmp, 'joined.geojson');
    writeFileSync(out, 'previous');
    const r = join_(out);
    expect(r.stderr).toMatch(/^cohesion join: OUTPUT_EXISTS: .*joined\.geojson already exists; pass --force/);
    expect(readFileSync(out, 'utf8')).toBe('previous');
    expect(join_(out, '--force').code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).features).toHaveLength(16);
    expect(readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(cohesion(['join', '--help']).stdout).toMatch(/replaced only with --force/);
  });

  it('CSV cells that would run as spreadsheet formulas are neutralised; numbers are not', () => {
    const out = join(tmp, 'joined.csv');
    expect(join_(out, '--force').code).toBe(0);
    const csv = readFileSync(out, 'utf8');
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csv).toContain(`'-2+3+cmd|' /C calc'!A0`);
    expect(csv).toContain(`'@SUM(1)`);
    expect(csv).toContain(`'+1+1`);
    expect(csv).not.toMatch(/^=|,=|,-2\+|,@|,\+1/m);
  });

  it('report --out onto a file is a clear error, not EEXIST', () => {
    const file = join(tmp, 'report-file');
    writeFileSync(file, 'x');
    const r = cohesion(['report', '--council', 'Leicester', '--out', file]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/OUTPUT_EXISTS: .*is a file; the report needs a folder/);
    expect(r.stderr).not.toMatch(/EEXIST/);
  });
});

describe('killed while writing', () => {
  it('Ctrl-C (SIGINT) during a write leaves the previous output intact and no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cohesion-kill-'));
    const out = join(dir, 'result.json');
    writeFileSync(out, '{"previous":true}\n');
    // The CLI's own signal handling around geo's atomic saveFile, on an output large enough
    // (200 MB) that the signal arrives while it is being written.
    const geo = fileURLToPath(new URL('../../geo/dist/index.js', import.meta.url));
    const script = `
      import { unlinkSync } from 'node:fs';
      import { removePendingFiles, saveFile } from ${JSON.stringify(geo)};
      process.on('SIGINT', () => { removePendingFiles(unlinkSync); process.exit(130); });
      await saveFile(${JSON.stringify(out)}, new Uint8Array(200e6).fill(32), { overwrite: true });
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' });
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    // Wait until the temporary file exists (the write has started), then interrupt.
    const t0 = Date.now();
    while (!readdirSync(dir).some((f) => f.endsWith('.tmp')) && Date.now() - t0 < 30_000)
      await new Promise((r) => setTimeout(r, 5));
    expect(
      readdirSync(dir).some((f) => f.endsWith('.tmp')),
      'write started',
    ).toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(readFileSync(out, 'utf8')).toBe('{"previous":true}\n');
    expect(readdirSync(dir)).toEqual(['result.json']);
  });

  it('a CLI command killed at any moment leaves either the previous or the complete new output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cohesion-kill-'));
    const out = join(dir, 'joined.geojson');
    const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    const areas = join(ROOT, 'data/trafford/lsoa21_boundaries_generalised.geojson');
    const table = join(ROOT, 'data/trafford/ethnicity_2021_lsoa_wide.csv');
    for (const delay of [150, 400, 700, 1000]) {
      writeFileSync(out, '{"previous":true}\n');
      const child = spawn(
        process.execPath,
        [
          cli,
          'join',
          '--areas',
          areas,
          '--id',
          'area_code',
          '--table',
          table,
          '--table-id',
          'area_code',
          '--out',
          out,
          '--force',
        ],
        { stdio: 'ignore' },
      );
      const exited = new Promise((res) => child.on('exit', res));
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGINT');
      await exited;
      const text = readFileSync(out, 'utf8');
      const parsed = JSON.parse(text) as { previous?: boolean; features?: unknown[] };
      expect(parsed.previous === true || (parsed.features?.length ?? 0) > 0).toBe(true);
      expect(readdirSync(dir)).toEqual(['joined.geojson']);
    }
  });
});
