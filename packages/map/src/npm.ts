/**
 * `@cohesion/map` for applications built with a bundler (Vite, esbuild, webpack, Rollup): the same
 * element as the script-tag build, but MapLibre GL is imported by name (`maplibre-gl`, a dependency)
 * so the bundler resolves it, and its CSS and worker come as JavaScript strings (the worker is
 * started from a `blob:` URL), so no file has to be copied next to the bundle. All three load only
 * when a WebGL map is first drawn. Importing this module outside a browser does not throw.
 * @packageDocumentation
 */
import { setMapLibreSource } from './maplibre.js';

setMapLibreSource(async () => {
  const [ml, css, worker] = await Promise.all([
    import('maplibre-gl'),
    import('../assets/maplibre-gl-css.js'),
    import('../assets/maplibre-gl-worker.js'),
  ]);
  const workerUrl = URL.createObjectURL(new Blob([worker.default], { type: 'text/javascript' }));
  return { ml, css: css.default, workerUrl };
});

export * from './index.js';
