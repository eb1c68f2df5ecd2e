import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsup';

const here = dirname(fileURLToPath(import.meta.url));
const maplibreDist = join(
  dirname(createRequire(import.meta.url).resolve('maplibre-gl/package.json')),
  'dist',
);

export default defineConfig({
  entry: { 'cohesion-map': 'src/index.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  splitting: true,
  minify: true,
  target: 'es2022',
  platform: 'browser',
  // A self-contained browser module: bundle every dependency (MapLibre is loaded separately, by URL).
  noExternal: [/.*/],
  // Bundle @cohesion/geo from source so only the modules the element uses are included.
  esbuildOptions(o) {
    o.alias = { '@cohesion/geo': join(here, '../geo/src/index.ts') };
  },
  // MapLibre stays out of the element's code: its ES module, worker and CSS are shipped beside it and
  // imported lazily by URL (src/maplibre.ts).
  onSuccess: async () => {
    for (const f of ['maplibre-gl.mjs', 'maplibre-gl-worker.mjs'])
      copyFileSync(join(maplibreDist, f), join(here, 'dist', f));
    const css = readFileSync(join(maplibreDist, 'maplibre-gl.css'), 'utf8');
    writeFileSync(join(here, 'dist', 'maplibre-gl-css.js'), `export default ${JSON.stringify(css)};\n`);
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
});
