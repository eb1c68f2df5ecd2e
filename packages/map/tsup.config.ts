import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
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
  },
});
