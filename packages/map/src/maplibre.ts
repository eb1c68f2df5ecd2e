import type * as MapLibre from 'maplibre-gl';

/** MapLibre's module and CSS, loaded once on demand from files shipped beside this bundle. */
export interface MapLibreKit {
  ml: typeof MapLibre;
  css: string;
}

/**
 * Where MapLibre comes from instead of the files beside this bundle: the module, its CSS and a URL
 * for its worker. Set by the npm entry (`src/npm.ts`), which lets the application's bundler
 * resolve `maplibre-gl` itself, so nothing has to be copied.
 */
export type MapLibreSource = () => Promise<{ ml: typeof MapLibre; css: string; workerUrl: string }>;

let source: MapLibreSource | undefined;

/** Replaces how {@link loadMapLibre} obtains MapLibre (see {@link MapLibreSource}). */
export function setMapLibreSource(s: MapLibreSource): void {
  source = s;
}

let pending: Promise<MapLibreKit> | undefined;
let loaded: typeof MapLibre | undefined;

/** The MapLibre module once {@link loadMapLibre} has resolved (for code that runs on a live map). */
export function loadedMapLibre(): typeof MapLibre | undefined {
  return loaded;
}

/**
 * Lazily imports MapLibre GL (a separate ES module in dist/, not part of the element's code) and
 * points it at the worker file beside it, so no blob: worker is needed under a strict CSP.
 */
export function loadMapLibre(base: string = import.meta.url): Promise<MapLibreKit> {
  pending ??= (async () => {
    if (source) {
      const { ml, css, workerUrl } = await source();
      ml.setWorkerUrl(workerUrl);
      ml.prewarm();
      loaded = ml;
      return { ml, css };
    }
    const url = (f: string) => new URL(f, base).href;
    const [ml, css] = await Promise.all([
      import(/* @vite-ignore */ url('./maplibre-gl.mjs')) as Promise<typeof MapLibre>,
      import(/* @vite-ignore */ url('./maplibre-gl-css.js')) as Promise<{ default: string }>,
    ]);
    ml.setWorkerUrl(url('./maplibre-gl-worker.mjs'));
    // Start MapLibre's worker now: fetching and compiling it then overlaps the map's creation and the
    // style load instead of delaying the first tile.
    ml.prewarm();
    loaded = ml;
    return { ml, css: css.default };
  })();
  pending.catch(() => {
    pending = undefined;
  });
  return pending;
}

let webgl: boolean | undefined;

/**
 * True when the browser can create a WebGL context. Probed once per page (a context costs tens to
 * hundreds of ms under software GL) and the probe's context released at once.
 */
export function hasWebGL(): boolean {
  if (webgl !== undefined) return webgl;
  try {
    const c = document.createElement('canvas');
    const gl = c.getContext('webgl2') ?? c.getContext('webgl');
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
    webgl = !!gl;
  } catch {
    webgl = false;
  }
  return webgl;
}
