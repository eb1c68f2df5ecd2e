import type * as MapLibre from 'maplibre-gl';

/** MapLibre's module and CSS, loaded once on demand from files shipped beside this bundle. */
export interface MapLibreKit {
  ml: typeof MapLibre;
  css: string;
}

let pending: Promise<MapLibreKit> | undefined;

/**
 * Lazily imports MapLibre GL (a separate ES module in dist/, not part of the element's code) and
 * points it at the worker file beside it, so no blob: worker is needed under a strict CSP.
 */
export function loadMapLibre(base: string = import.meta.url): Promise<MapLibreKit> {
  pending ??= (async () => {
    const url = (f: string) => new URL(f, base).href;
    const [ml, css] = await Promise.all([
      import(/* @vite-ignore */ url('./maplibre-gl.mjs')) as Promise<typeof MapLibre>,
      import(/* @vite-ignore */ url('./maplibre-gl-css.js')) as Promise<{ default: string }>,
    ]);
    ml.setWorkerUrl(url('./maplibre-gl-worker.mjs'));
    return { ml, css: css.default };
  })();
  pending.catch(() => {
    pending = undefined;
  });
  return pending;
}

/** True when the browser can create a WebGL context. */
export function hasWebGL(): boolean {
  try {
    const c = document.createElement('canvas');
    return !!(c.getContext('webgl2') ?? c.getContext('webgl'));
  } catch {
    return false;
  }
}
