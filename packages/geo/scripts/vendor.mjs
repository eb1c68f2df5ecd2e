// Bundles each built `*.vendor.js` module of dist/ with the dependency it re-exports, in place, so
// the published package does not depend on that library (see the comment in each *.vendor.ts).
// Licence comments of the bundled code are kept (esbuild's legalComments: 'inline').
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const files = readdirSync(dist, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.vendor.js') && !f.startsWith('cjs'));
if (files.length === 0)
  throw new Error('vendor: no dist/**/*.vendor.js; run tsc -p tsconfig.build.json first');
// flatgeobuf loads a zstd WebAssembly codec by dynamic import only for seekable-zstd files, which
// @cohesion/geo never reads: a stub keeps bundlers from looking for it and says so if reached.
const noZstd = {
  name: 'no-zstd',
  setup(b) {
    b.onResolve({ filter: /^@bokuweb\/zstd-wasm$/ }, () => ({ path: 'zstd', namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: "throw new Error('@cohesion/geo does not read zstd-compressed FlatGeobuf files');",
    }));
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
    mainFields: ['module', 'main'],
    target: 'es2022',
    legalComments: 'inline',
    minify: true,
    plugins: [noZstd],
    logLevel: 'warning',
  });
}
console.log(`vendor: bundled ${files.join(', ')}`);
