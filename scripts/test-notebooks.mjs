#!/usr/bin/env node
// Executes every notebook in examples/notebooks headless with Debian's jupyter-nbconvert and Deno
// (from npm) as the kernel, fails on any cell error, and compares the outputs saved in the notebooks
// with a fresh run (every random step is seeded, so a difference means the library's numbers moved).
//   node scripts/test-notebooks.mjs            run; fail on any cell error; warn when outputs changed
//   node scripts/test-notebooks.mjs --strict   also fail when the saved outputs differ from a fresh run
//   node scripts/test-notebooks.mjs --update   run and save the fresh outputs into the notebooks
//   node scripts/test-notebooks.mjs --council Oldham --council Leicester
//                                              also run every notebook unchanged for these councils
//                                              (COHESION_COUNCIL, read by each notebook's parameter cell);
//                                              their outputs must have no error, and are not saved
// Works with an empty HOME: the kernelspec and Jupyter's folders live in a temporary directory.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'examples', 'notebooks');
const deno = join(root, 'node_modules', '.bin', 'deno');
const update = process.argv.includes('--update');
const strict = process.argv.includes('--strict');
const argv = process.argv.slice(2);
const councils = argv.flatMap((a, i) => (argv[i - 1] === '--council' ? [a] : []));
const only = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--council');

function nbconvertPath() {
  for (const p of ['/usr/bin/jupyter-nbconvert', '/usr/local/bin/jupyter-nbconvert'])
    if (existsSync(p)) return p;
  return null;
}

let nbconvert = nbconvertPath();
if (!nbconvert) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(
      'test-notebooks: jupyter-nbconvert is missing; install it with: sudo apt-get install -y jupyter-nbconvert',
    );
    process.exit(1);
  }
  console.error('test-notebooks: installing jupyter-nbconvert (Debian)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'jupyter-nbconvert'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
  nbconvert = nbconvertPath();
}
if (!existsSync(deno)) {
  console.error(`test-notebooks: ${deno} not found; run the install first (npx pnpm@10.34.9 install)`);
  process.exit(1);
}

const tmp = mkdtempSync(join(tmpdir(), 'cohesion-notebooks-'));
const kernelDir = join(tmp, 'jupyter', 'kernels', 'deno');
mkdirSync(kernelDir, { recursive: true });
writeFileSync(
  join(kernelDir, 'kernel.json'),
  JSON.stringify({
    argv: [deno, 'jupyter', '--kernel', '--conn', '{connection_file}'],
    display_name: 'Deno',
    language: 'typescript',
  }),
);
const env = {
  ...process.env,
  JUPYTER_PATH: join(tmp, 'jupyter'),
  JUPYTER_DATA_DIR: join(tmp, 'jupyter'),
  JUPYTER_RUNTIME_DIR: join(tmp, 'runtime'),
  JUPYTER_CONFIG_DIR: join(tmp, 'config'),
  IPYTHONDIR: join(tmp, 'ipython'),
  HOME: process.env.HOME || tmp,
  NO_COLOR: '1',
};

/**
 * The outputs that must not change between runs: text, markdown, SVG (not timings or ids). The
 * kernel may split one cell's printing into several stream chunks, so consecutive chunks are joined.
 */
function outputsOf(nb) {
  return nb.cells
    .filter((c) => c.cell_type === 'code')
    .map((c) => {
      const out = [];
      for (const o of c.outputs) {
        if (o.output_type === 'stream') {
          const text = [].concat(o.text).join('');
          const last = out[out.length - 1];
          if (last?.stream === o.name) last.text += text;
          else out.push({ stream: o.name, text });
          continue;
        }
        const data = {};
        for (const [k, v] of Object.entries(o.data ?? {})) data[k] = [].concat(v).join('');
        out.push({ type: o.output_type, data });
      }
      return out;
    });
}

const notebooks = readdirSync(dir)
  .filter((f) => f.endsWith('.ipynb') && (only.length === 0 || only.some((o) => f.includes(o))))
  .sort();
if (notebooks.length === 0) {
  console.error(`test-notebooks: no notebooks in ${dir}`);
  process.exit(1);
}
let failed = 0;
for (const name of notebooks) {
  const t0 = Date.now();
  const r = spawnSync(
    nbconvert,
    [
      '--to',
      'notebook',
      '--execute',
      '--ExecutePreprocessor.timeout=600',
      '--ExecutePreprocessor.kernel_name=deno',
      '--output-dir',
      tmp,
      join(dir, name),
    ],
    { cwd: dir, env, encoding: 'utf8' },
  );
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) {
    failed++;
    console.error(
      `✗ ${name}: a cell failed (${seconds} s)\n${(r.stderr ?? '').split('\n').slice(-40).join('\n')}`,
    );
    continue;
  }
  const fresh = JSON.parse(readFileSync(join(tmp, name), 'utf8'));
  const errors = fresh.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.output_type === 'error');
  const stderr = fresh.cells
    .flatMap((c) => c.outputs ?? [])
    .filter((o) => o.output_type === 'stream' && o.name === 'stderr');
  if (errors.length > 0 || stderr.length > 0) {
    failed++;
    console.error(`✗ ${name}: ${errors.length} error output(s), ${stderr.length} stderr output(s)`);
    continue;
  }
  if (update) {
    writeFileSync(join(dir, name), `${JSON.stringify(fresh, null, 1)}\n`);
    console.log(`✓ ${name}: executed and saved (${seconds} s)`);
    continue;
  }
  const saved = JSON.parse(readFileSync(join(dir, name), 'utf8'));
  // Printed text (stdout) may be attributed to the next cell by the kernel, so streams are compared
  // over the whole notebook; displayed results (text, markdown, SVG) cell by cell.
  const streams = (nb) =>
    outputsOf(nb)
      .flatMap((c) => c.filter((o) => o.stream).map((o) => o.text))
      .join('');
  const displays = (nb) => outputsOf(nb).map((c) => c.filter((o) => !o.stream));
  const a = JSON.stringify([streams(saved), displays(saved)]);
  const b = JSON.stringify([streams(fresh), displays(fresh)]);
  if (a !== b) {
    if (strict) failed++;
    const cells = displays(saved);
    const now = displays(fresh);
    const first = cells.findIndex((c, i) => JSON.stringify(c) !== JSON.stringify(now[i]));
    console.error(
      `${strict ? '✗' : '!'} ${name}: ran without errors, but its saved outputs differ from a fresh run ` +
        `(first at code cell ${first + 1}); if the change is intended, run: node scripts/test-notebooks.mjs --update`,
    );
    continue;
  }
  console.log(`✓ ${name}: ran without errors and reproduced its saved outputs (${seconds} s)`);
}
// The same notebooks, unchanged, for other councils (the parameter cell reads COHESION_COUNCIL).
for (const council of councils) {
  for (const name of notebooks) {
    const t0 = Date.now();
    const out = join(tmp, council.replace(/[^A-Za-z0-9]+/g, '_'));
    mkdirSync(out, { recursive: true });
    const r = spawnSync(
      nbconvert,
      [
        '--to',
        'notebook',
        '--execute',
        '--ExecutePreprocessor.timeout=600',
        '--ExecutePreprocessor.kernel_name=deno',
        '--output-dir',
        out,
        join(dir, name),
      ],
      { cwd: dir, env: { ...env, COHESION_COUNCIL: council }, encoding: 'utf8' },
    );
    const seconds = ((Date.now() - t0) / 1000).toFixed(1);
    const fresh = r.status === 0 ? JSON.parse(readFileSync(join(out, name), 'utf8')) : null;
    const bad = fresh
      ? fresh.cells
          .flatMap((c) => c.outputs ?? [])
          .filter((o) => o.output_type === 'error' || (o.output_type === 'stream' && o.name === 'stderr'))
      : [];
    if (!fresh || bad.length > 0) {
      failed++;
      console.error(
        `✗ ${name} for ${council}: ${fresh ? `${bad.length} error output(s)` : 'a cell failed'} (${seconds} s)\n${(r.stderr ?? '').split('\n').slice(-30).join('\n')}`,
      );
      continue;
    }
    // The notebook must really be about that council: its first output names it.
    const first = fresh.cells.flatMap((c) => c.outputs ?? []).find((o) => o.data?.['text/plain']);
    const text = [].concat(first?.data?.['text/plain'] ?? '').join('');
    if (!text.includes(':') || text.startsWith('Trafford:') !== /^trafford$/i.test(council)) {
      failed++;
      console.error(`✗ ${name} for ${council}: the notebook did not switch council (${text.slice(0, 80)})`);
      continue;
    }
    console.log(`✓ ${name} for ${council}: ran without errors (${seconds} s) — ${text.split('\n')[0]}`);
  }
}
rmSync(tmp, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
