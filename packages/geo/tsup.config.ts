import { defineConfig } from 'tsup';

/**
 * The CommonJS build for `require('@cohesion/geo')` (and its subpaths), with `.d.cts` types.
 * The ESM build is tsc's one-file-per-module output (tsconfig.build.json), which bundlers
 * tree-shake; here each entry is bundled and shared code split into chunks, so the subpaths share
 * one copy of each class (`CohesionError` is the same object whichever subpath threw it).
 */
const SUBPATHS = [
  'access',
  'alerts',
  'classify',
  'geography',
  'hotspots',
  'io',
  'stats',
  'survey',
  'tables',
  'weights',
];

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    errors: 'src/errors.ts',
    segregation: 'src/segregation/aspatial.ts',
    'segregation-spatial': 'src/segregation/spatial/index.ts',
    ...Object.fromEntries(SUBPATHS.map((s) => [s, `src/${s}/index.ts`])),
  },
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
