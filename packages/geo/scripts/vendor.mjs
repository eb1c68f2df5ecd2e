// Bundles each built `*.vendor.js` module of dist/ with the dependency it re-exports, in place, so
// the published package does not depend on that library (see the comment in each *.vendor.ts).
// Licence comments of the bundled code are kept (esbuild's legalComments, gathered at the end of each file).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

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
for (const f of files) {
  await build({
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
    plugins: [noZstd],
    logLevel: 'warning',
  });
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
