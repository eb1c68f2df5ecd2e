// Progress of long work (issue 15): a line on stderr, redrawn in place, only when stderr is a
// terminal and neither --json nor --quiet is given; nothing at all when piped. The terminal case
// runs the real CLI under a pseudo-terminal (util-linux `script`), so process.stderr.isTTY is true.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createProgress, REDRAW_MS } from '../src/progress.js';
import { cohesion, ROOT } from './run-cli.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const TABLE = 'data/trafford/ethnicity_2021_lsoa_wide.csv';
const BOOTSTRAP = [
  'segregation',
  '--table',
  TABLE,
  '--total',
  'total_usual_residents',
  '--group',
  'Asian, Asian British or Asian Welsh: Pakistani',
  '--bootstrap',
  '2000',
];
const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
/** Erase to the end of the line (ANSI), escaped for a RegExp. */
const ERASE = '\x1b\\[K';
const SCRIPT = ['/usr/bin/script', '/bin/script'].find((p) => existsSync(p));

/** Runs the CLI with stdin, stdout and stderr on a pseudo-terminal; returns what the terminal showed. */
function onTerminal(args: string[]): string {
  const cmd = [process.execPath, CLI, ...args].map(quote).join(' ');
  const r = spawnSync(SCRIPT!, ['-qfec', cmd, '/dev/null'], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status, r.stdout).toBe(0);
  return r.stdout;
}

describe.skipIf(!SCRIPT)('on a terminal (real isTTY, under script)', () => {
  it('draws the bootstrap progress on one line and erases it before the results', () => {
    const screen = onTerminal(BOOTSTRAP);
    expect(screen).toMatch(new RegExp(`\rcohesion: bootstrap of D \\d+% \\([\\d,]+/2,000\\)${ERASE}`));
    expect(screen).toContain('bootstrap of D 100% (2,000/2,000)');
    // Erased (\r, erase to end of line) before the JSON, which then parses whole.
    const at = screen.indexOf('{');
    expect(screen.slice(0, at).endsWith('\r\x1b[K')).toBe(true);
    expect(JSON.parse(screen.slice(at).replace(/\r/g, '')).bootstrap.iterations).toBe(2000);
  });

  it('shows permutation progress for hotspots', () => {
    const screen = onTerminal([
      'hotspots',
      '--areas',
      'data/trafford/lsoa21_boundaries_generalised.geojson',
      '--id',
      'area_code',
      '--table',
      TABLE,
      '--table-id',
      'area_code',
      '--value',
      'total_usual_residents',
      '--statistic',
      'lisa',
      '--out',
      join(mkdtempSync(join(tmpdir(), 'cohesion-progress-')), 'lisa.csv'),
    ]);
    expect(screen).toMatch(/cohesion: permutations \d+% \(/);
  });

  it('is silent with --json or --quiet, even on a terminal', () => {
    for (const flag of ['--json', '--quiet']) {
      const screen = onTerminal([...BOOTSTRAP, flag]);
      expect(screen).not.toContain('bootstrap of D');
      expect(screen).not.toContain('\x1b[K');
    }
  });
});

describe('piped', () => {
  it('writes nothing on stderr when stderr is not a terminal', () => {
    const r = cohesion(BOOTSTRAP);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).bootstrap.iterations).toBe(2000);
  });
});

describe('createProgress', () => {
  const screen = (isTTY: boolean) => {
    const out: string[] = [];
    let t = 0;
    const tick = (ms: number) => {
      t += ms;
    };
    return { out, tick, stream: { isTTY, write: (s: string) => out.push(s) }, now: () => t };
  };

  it('redraws at most every REDRAW_MS, always the first and last, and erases at the end', () => {
    const s = screen(true);
    const p = createProgress('cohesion', {}, s.stream, s.now);
    const cb = p.stage('bootstrap');
    cb(1, 100);
    s.tick(REDRAW_MS / 2);
    cb(2, 100); // too soon: skipped
    s.tick(REDRAW_MS);
    cb(50, 100);
    cb(100, 100); // the end is always drawn
    p.clear();
    expect(s.out).toEqual([
      '\rcohesion: bootstrap 1% (1/100)\x1b[K',
      '\rcohesion: bootstrap 50% (50/100)\x1b[K',
      '\rcohesion: bootstrap 100% (100/100)\x1b[K',
      '\r\x1b[K',
    ]);
  });

  it('is silent when the stream is not a terminal, or with --json / --quiet', () => {
    for (const [tty, flags] of [
      [false, {}],
      [true, { json: true }],
      [true, { quiet: true }],
    ] as const) {
      const s = screen(tty);
      const p = createProgress('cohesion', flags, s.stream, s.now);
      p.stage('x')(1, 1);
      p.clear();
      expect(s.out).toEqual([]);
    }
  });
});
