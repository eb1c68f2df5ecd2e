import { defineConfig } from 'tsup';
import { GEO_SOURCE_FILES } from './source-aliases.mjs';

/**
 * The CommonJS build for `require('@cohesion/geo')` (and its subpaths), with `.d.cts` types.
 * The ESM build is tsc's one-file-per-module output (tsconfig.build.json), which bundlers
 * tree-shake; here each entry is bundled and shared code split into chunks, so the subpaths share
 * one copy of each class (`CohesionError` is the same object whichever subpath threw it).
 */

export default defineConfig({
  // One entry per import path (source-aliases.mjs, kept equal to package.json's exports by a test):
  // `@cohesion/geo/segregation/spatial` → dist/cjs/segregation-spatial.cjs, the root → index.cjs.
  entry: Object.fromEntries(
    Object.entries(GEO_SOURCE_FILES).map(([path, file]) => [
      path === '@cohesion/geo' ? 'index' : path.slice('@cohesion/geo/'.length).replaceAll('/', '-'),
      `src/${file}`,
    ]),
  ),
  outDir: 'dist/cjs',
  format: ['cjs'],
  dts: true,
  splitting: true,
  sourcemap: false,
  clean: true,
  target: 'es2022',
  platform: 'node',
  // Several dependencies are ESM-only (kdbush, flatbush, flatgeobuf, …): bundle them all so require()
  // works without Node's require(esm) and the CJS build never loads a second copy of anything.
  noExternal: [/.*/],
});
