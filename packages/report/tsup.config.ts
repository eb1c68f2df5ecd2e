import { defineConfig } from 'tsup';
import { geoSourceAliases } from '../geo/source-aliases.mjs';

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: false,
    target: 'node20',
    platform: 'node',
  },
  {
    // The <cohesion-map> element as ONE classic script, inlined into the report: module scripts and
    // chunk imports are blocked from file:// pages, so the report cannot load the ES module build.
    // The report uses the element's SVG renderer, so MapLibre (loaded by URL) is never requested.
    entry: { 'cohesion-map.inline': '../map/src/index.ts' },
    outDir: 'dist/assets',
    format: ['iife'],
    dts: false,
    sourcemap: false,
    clean: false,
    minify: true,
    target: 'es2022',
    platform: 'browser',
    noExternal: [/.*/],
    esbuildOptions(o) {
      o.alias = geoSourceAliases();
      o.logOverride = { 'empty-import-meta': 'silent' };
    },
  },
]);
