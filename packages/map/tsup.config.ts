import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';
import { simpleStatisticsSource } from '../geo/scripts/simple-statistics-source.mjs';
import { geoSourceAliases } from '../geo/source-aliases.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const maplibreDist = join(
  dirname(createRequire(import.meta.url).resolve('maplibre-gl/package.json')),
  'dist',
);

// The parts of the element loaded on demand (the static SVG map, the search index, the hotspot
// styling, PMTiles, BNG reprojection: `import('./….js')` in src/) each import a few modules of the
// start code. esbuild puts the modules reached from each distinct set of entry points in a file of
// their own, so the start code was cut into up to eight files, each gzipped apart (≈1.3 KB more
// than in one; issue 7's budget counts every file the page loads). Tying every on-demand part to
// the start code's entry (an import of src/index.ts, already loaded when they are) gives every start
// module the same set: the start code is one file, whatever the on-demand parts import.
const startEntry = join(here, 'src/index.ts');
const onDemandParts: Plugin = {
  name: 'on-demand-parts',
  setup(build) {
    const parts = new Set<string>();
    build.onResolve({ filter: /^\.\/[\w-]+\.js$/ }, (args) => {
      if (args.kind !== 'dynamic-import' || !args.importer.startsWith(join(here, 'src'))) return undefined;
      const path = join(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
      parts.add(path);
      return { path };
    });
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (!parts.has(args.path)) return undefined;
      const code = await readFile(args.path, 'utf8');
      return { contents: `${code}\nimport ${JSON.stringify(startEntry)};\n`, loader: 'ts' };
    });
  },
};

// MapLibre's stylesheet and worker as JavaScript string modules (assets/*.js), for both builds.
mkdirSync(join(here, 'assets'), { recursive: true });
const css = readFileSync(join(maplibreDist, 'maplibre-gl.css'), 'utf8');
const worker = readFileSync(join(maplibreDist, 'maplibre-gl-worker.mjs'), 'utf8');
writeFileSync(join(here, 'assets', 'maplibre-gl-css.js'), `export default ${JSON.stringify(css)};\n`);
writeFileSync(join(here, 'assets', 'maplibre-gl-worker.js'), `export default ${JSON.stringify(worker)};\n`);

export default defineConfig([
  {
    // The script-tag build (dist/cohesion-map.js): a self-contained browser module for pages without
    // a bundler. Every dependency is bundled; MapLibre's ES module, worker and CSS are shipped beside
    // it and imported lazily by URL (src/maplibre.ts), so the whole dist/ folder is copied to a site.
    entry: { 'cohesion-map': 'src/index.ts' },
    format: ['esm'],
    dts: { entry: { index: 'src/index.ts' } },
    sourcemap: true,
    clean: false,
    splitting: true,
    minify: true,
    target: 'es2022',
    platform: 'browser',
    noExternal: [/.*/],
    esbuildPlugins: [simpleStatisticsSource(join(here, '../geo')), onDemandParts],
    // Bundle @cohesion/geo from source so only the modules the element uses are included. The element
    // imports geo by subpath (`/tables`, `/classify`, `/segregation`, `/errors`, `/stats`), none of
    // which reaches proj4, so proj4 stays in the lazy BNG chunk (src/bng.ts, `/geography`).
    esbuildOptions(o) {
      o.alias = geoSourceAliases();
    },
    onSuccess: async () => {
      for (const f of ['maplibre-gl.mjs', 'maplibre-gl-worker.mjs'])
        copyFileSync(join(maplibreDist, f), join(here, 'dist', f));
      copyFileSync(join(here, 'assets', 'maplibre-gl-css.js'), join(here, 'dist', 'maplibre-gl-css.js'));
      // dist/ is the folder a site copies: source maps (≈1.5 MB) go to dist-sourcemaps/ instead, shipped
      // separately for debugging (load one in the browser's tools), and the code no longer points at them.
      const maps = join(here, 'dist-sourcemaps');
      rmSync(maps, { recursive: true, force: true });
      mkdirSync(maps);
      for (const f of readdirSync(join(here, 'dist'))) {
        if (f.endsWith('.map')) renameSync(join(here, 'dist', f), join(maps, f));
        else if (f.endsWith('.js')) {
          const file = join(here, 'dist', f);
          const code = readFileSync(file, 'utf8');
          const stripped = code.replace(/\n\/\/# sourceMappingURL=\S+\.map\s*$/, '\n');
          if (stripped !== code) writeFileSync(file, stripped);
        }
      }
    },
  },
  {
    // The npm entry (dist/npm/index.js) for applications with a bundler: `maplibre-gl` and
    // `@cohesion/geo` stay imports the application's bundler resolves (and tree-shakes); everything
    // else the element uses is bundled here, so they are not install-time dependencies.
    entry: { index: 'src/npm.ts' },
    outDir: 'dist/npm',
    format: ['esm'],
    dts: false,
    sourcemap: false,
    clean: false,
    splitting: true,
    target: 'es2022',
    platform: 'browser',
    external: ['maplibre-gl', /^@cohesion\/geo(\/|$)/],
    noExternal: [/^(?!maplibre-gl$|@cohesion\/geo)/],
  },
]);
