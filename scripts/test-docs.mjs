#!/usr/bin/env node
// Docs that run: executes every code block of README.md and docs/getting-started/*.md.
// - ts/js blocks: the blocks of one page run in order as one module (later blocks use the names
//   earlier ones define, as a reader would type them), with tsx, from the repository root.
// - sh blocks: each command runs from a scratch folder that links the repository's data/,
//   examples/, packages/ and node_modules/, so outputs never land in the repository; `pnpm …`,
//   `npx --yes pnpm@… …` and `cohesion …` run the built CLI. Exit code 0 is required.
// - html blocks: pasted into a page served with the built element at /assets/cohesion/ and the
//   demo report's areas at /data/areas.geojson, loaded in Debian's Chromium: every <cohesion-map>
//   must fire `cohesion-map:ready` and none `cohesion-map:error`.
// Blocks that set up the machine (the README's two commands, `npm install`, `jupyter lab`) are
// what CI itself runs, or are interactive: they are listed as skipped with the reason. A usage
// synopsis with placeholders is written as a `text` block, not a runnable one.
//   node scripts/test-docs.mjs [file.md …]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const CLI = join(root, 'packages/cli/dist/cli.js');
const pages = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ['README.md', ...['analyst.md', 'developer.md', 'web-editor.md'].map((f) => `docs/getting-started/${f}`)];

/** Fenced blocks of a Markdown page: `{ lang, code, line }`. */
export function codeBlocks(markdown) {
  const blocks = [];
  const re = /^```(\w*)[^\n]*\n([\s\S]*?)^```$/gm;
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) {
    blocks.push({ lang: m[1], code: m[2], line: markdown.slice(0, m.index).split('\n').length });
  }
  return blocks;
}

/** Shell lines joined across `\` continuations, comments and blanks dropped. */
function commands(sh) {
  return sh
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l && !l.startsWith('#'));
}

const SETUP = [
  [/\binstall\b/, 'installs: what CI runs itself'],
  [/^jupyter lab\b/, 'interactive'],
  [/pnpm@[\d.]+ (test|demo)$/, 'the README command CI runs itself'],
];

/** Splits a command line into argv, honouring double and single quotes. */
function argv(line) {
  const out = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

function scratch() {
  const dir = mkdtempSync(join(tmpdir(), 'cohesion-docs-'));
  for (const d of ['data', 'examples', 'packages', 'node_modules']) symlinkSync(join(root, d), join(dir, d));
  return dir;
}

function runSh(line, cwd) {
  for (const [re, why] of SETUP) if (re.test(line)) return { skipped: why };
  let args = argv(line);
  if (args[0] === 'npx' && /^pnpm@/.test(args[2] ?? '')) args = ['pnpm', ...args.slice(3)];
  if (args[0] === 'pnpm') args = args.slice(args[1] === '--silent' ? 2 : 1);
  if (args[0] === 'cohesion') args = [process.execPath, CLI, ...args.slice(1)];
  else if (args[0] === 'node') args = [process.execPath, ...args.slice(1)];
  const r = spawnSync(args[0], args.slice(1), { cwd, encoding: 'utf8', timeout: 300_000 });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

/** The ts/js blocks of a page as one module: imports merged and hoisted, then the bodies in order. */
export function pageModule(blocks) {
  const names = new Map();
  const bodies = [];
  for (const b of blocks) {
    const body = b.code.replace(/^import \{([^}]*)\} from '([^']+)';\n/gm, (_, list, from) => {
      const set = names.get(from) ?? new Set();
      for (const n of list.split(',')) if (n.trim()) set.add(n.trim());
      names.set(from, set);
      return '';
    });
    bodies.push(`// block at line ${b.line}\n${body}`);
  }
  const imports = [...names].map(([from, set]) => `import { ${[...set].join(', ')} } from '${from}';`);
  return `${imports.join('\n')}\n\n${bodies.join('\n')}`;
}

async function runHtml(blocks, areas) {
  const { chromium } = await import('playwright-core');
  const dist = join(root, 'packages/map/dist');
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    try {
      if (path === '/') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(server.page);
      } else if (path === '/data/areas.geojson') {
        res.writeHead(200, { 'content-type': 'application/geo+json' }).end(readFileSync(areas));
      } else if (path.startsWith('/assets/cohesion/') && !path.includes('..')) {
        const type =
          { '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css' }[extname(path)] ??
          'application/octet-stream';
        res.writeHead(200, { 'content-type': type }).end(readFileSync(join(dist, path.slice(17))));
      } else res.writeHead(404).end();
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--enable-unsafe-swiftshader',
      '--use-angle=swiftshader',
      '--disable-background-networking',
    ],
  });
  const failures = [];
  try {
    for (const b of blocks) {
      const script = /<script[^>]*cohesion-map\.js/.test(b.code)
        ? ''
        : '<script type="module" src="/assets/cohesion/cohesion-map.js"></script>';
      server.page = `<!doctype html><html lang="en"><body>${script}${b.code}</body></html>`;
      const page = await browser.newPage();
      await page.addInitScript(() => {
        window.__events = [];
        for (const t of ['ready', 'error'])
          document.addEventListener(`cohesion-map:${t}`, (e) =>
            window.__events.push({ type: t, detail: String(e.detail?.message ?? '') }),
          );
      });
      await page.goto(origin);
      const count = await page.locator('cohesion-map').count();
      try {
        await page.waitForFunction(
          (n) =>
            window.__events.filter((e) => e.type === 'ready').length >= n ||
            window.__events.some((e) => e.type === 'error'),
          count,
          { timeout: 60_000 },
        );
      } catch {}
      const events = await page.evaluate(() => window.__events);
      const errors = events.filter((e) => e.type === 'error');
      const ready = events.filter((e) => e.type === 'ready').length;
      if (errors.length || ready < count)
        failures.push(
          `html block at line ${b.line}: ${ready}/${count} maps ready; errors: ${errors.map((e) => e.detail).join('; ')}`,
        );
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  return failures;
}

const failures = [];
const cwd = scratch();
let demoAreas = null;
try {
  for (const rel of pages) {
    const blocks = codeBlocks(readFileSync(join(root, rel), 'utf8'));
    for (const b of blocks.filter((x) => x.lang === 'sh')) {
      for (const line of commands(b.code)) {
        const r = runSh(line, cwd);
        if (r.skipped) console.log(`- ${rel}:${b.line} skipped (${r.skipped}): ${line}`);
        else if (r.status === 0) console.log(`✓ ${rel}:${b.line} ${line}`);
        else
          failures.push(
            `${rel}:${b.line} exit ${r.status}: ${line}\n${r.output.split('\n').slice(-5).join('\n')}`,
          );
      }
    }
    const code = blocks.filter((x) => ['ts', 'js', 'typescript', 'javascript'].includes(x.lang));
    if (code.length) {
      const dir = join(root, 'examples', '.docs');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${rel.replace(/[/.]/g, '_')}.ts`);
      writeFileSync(file, pageModule(code));
      const r = spawnSync(join(root, 'node_modules/.bin/tsx'), [file], {
        cwd: root,
        encoding: 'utf8',
        timeout: 300_000,
      });
      if (r.status === 0) console.log(`✓ ${rel}: ${code.length} code block(s) ran as one module`);
      else
        failures.push(
          `${rel}: code blocks failed (exit ${r.status})\n${`${r.stdout}${r.stderr}`.trim().split('\n').slice(-8).join('\n')}`,
        );
    }
    const html = blocks.filter((x) => x.lang === 'html');
    if (html.length) {
      if (!demoAreas) {
        const out = join(cwd, 'docs-demo');
        const r = runSh(`cohesion report --dataset trafford --out ${out}`, cwd);
        if (r.status !== 0) throw new Error(`the demo report for the html blocks failed: ${r.output}`);
        demoAreas = join(out, 'areas.geojson');
      }
      const f = await runHtml(html, demoAreas);
      failures.push(...f.map((x) => `${rel}: ${x}`));
      if (!f.length) console.log(`✓ ${rel}: ${html.length} html block(s) drew their maps in Chromium`);
    }
  }
} finally {
  rmSync(cwd, { recursive: true, force: true });
}
if (failures.length) {
  console.error(`\n${failures.length} doc block(s) failed:\n${failures.join('\n\n')}`);
  process.exit(1);
}
console.log('every code block in the README and the getting-started guides ran');
