// Bundles each built `*.vendor.js` module of dist/ with the dependency it re-exports, in place, so
// the published package does not depend on that library (see the comment in each *.vendor.ts).
// Licence comments of the bundled code are kept (esbuild's legalComments, gathered at the end of each file).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { simpleStatisticsSource } from './simple-statistics-source.mjs';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const files = readdirSync(dist, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.vendor.js') && !f.startsWith('cjs'));
if (files.length === 0)
  throw new Error('vendor: no dist/**/*.vendor.js; run tsc -p tsconfig.build.json first');
// Stand-ins for modules the vendored code can reach but @cohesion/geo never uses: flatgeobuf loads a
// zstd WebAssembly codec (by dynamic import) only for seekable-zstd files; stdlib's Node-only `debug`
// logging. The stubs keep bundlers from looking for them (and say so if ever reached).
const STUBS = {
  '@bokuweb/zstd-wasm': "throw new Error('@cohesion/geo does not read zstd-compressed FlatGeobuf files');",
  debug: 'module.exports = function debug() { return function log() {}; };',
};
const noZstd = {
  name: 'stubs',
  setup(b) {
    b.onResolve({ filter: /^(@bokuweb\/zstd-wasm|debug)$/ }, (a) => ({ path: a.path, namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, (a) => ({ contents: STUBS[a.path], loader: 'js' }));
  },
};
// The licence of every package bundled into a vendor module (read from esbuild's metafile), appended
// as legal comments (`/*!`, which minifiers and bundlers keep): MIT, ISC, BSD and Apache all ask that
// their notice travel with the code, and not every package puts one in its source for esbuild's
// legalComments to find.
function licenceNotices(inputs) {
  const dirs = new Set();
  for (const p of Object.keys(inputs)) {
    const at = p.lastIndexOf('node_modules/');
    if (at < 0) continue;
    const parts = p.slice(at + 'node_modules/'.length).split('/');
    const name = parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
    dirs.add(resolve(p.slice(0, at), 'node_modules', name));
  }
  // Packages with the same licence text (stdlib's dozens of Apache-2.0 micro-packages) share one notice.
  const byText = new Map();
  for (const dir of [...dirs].sort()) {
    const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const licence = readdirSync(dir).find((n) => /^licen[cs]e/i.test(n));
    if (!licence) throw new Error(`vendor: ${meta.name} ships no LICENSE file to keep`);
    const full = readFileSync(join(dir, licence), 'utf8').trim().replaceAll('*/', '* /');
    // Short permissive notices (MIT, ISC, BSD) travel whole, as they ask; a long licence (Apache-2.0,
    // 11 KB, once per stdlib micro-package) is named with its copyright lines and where to read it.
    const text =
      full.length <= 2500
        ? full
        : `${[
            ...new Set(
              full
                .split('\n')
                .filter((l) => /copyright \(c\)|copyright \d/i.test(l))
                .map((l) => l.trim()),
            ),
          ].join(
            '\n',
          )}\nLicensed under ${meta.license}: https://spdx.org/licenses/${String(meta.license).split(' ')[0]}.html`;
    byText.set(text, [...(byText.get(text) ?? []), `${meta.name} ${meta.version} (${meta.license})`]);
  }
  return [...byText].map(([text, names]) => `/*! Bundled: ${names.join(', ')}\n${text}\n*/`).join('\n');
}
for (const f of files) {
  const { metafile } = await build({
    metafile: true,
    entryPoints: [join(dist, f)],
    outfile: join(dist, f),
    allowOverwrite: true,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    // stdlib's `browser` entries leave out its Node-only native bindings loader.
    mainFields: f.includes('t-quantile') ? ['browser', 'module', 'main'] : ['module', 'main'],
    target: 'es2022',
    legalComments: 'eof', // once each at the end (stdlib repeats its header in every file)
    minify: true,
    plugins: [noZstd, simpleStatisticsSource(fileURLToPath(new URL('..', import.meta.url)))],
    logLevel: 'warning',
  });
  const out = join(dist, f);
  writeFileSync(out, `${readFileSync(out, 'utf8')}\n${licenceNotices(metafile.inputs)}\n`);
}
console.log(`vendor: bundled ${files.join(', ')}`);

// Deno reads the types of a plain JavaScript module only when the module names them: every ESM
// file gets `@ts-self-types` pointing at its .d.ts (a comment to every other runtime and bundler).
let named = 0;
for (const f of readdirSync(dist, { recursive: true }).map(String)) {
  if (!f.endsWith('.js') || f.startsWith('cjs') || f.endsWith('.vendor.js')) continue;
  const path = join(dist, f);
  const dts = `./${basename(f, '.js')}.d.ts`;
  if (!existsSync(join(dirname(path), dts))) continue;
  writeFileSync(path, `// @ts-self-types="${dts}"\n${readFileSync(path, 'utf8')}`);
  named++;
}
console.log(`vendor: @ts-self-types in ${named} modules`);
