/**
 * `<cohesion-map>` in headless Chromium (issue 7): time from inserting the element to
 * `cohesion-map:ready` with the 1,702 Greater Manchester LSOAs drawn, measured by
 * packages/map/bench/render.mjs (owned by the map package) in a real browser. Shared by the
 * choropleth and hotspot cases in bench/cases/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../packages/map/bench/render.mjs', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The render case for one layer of the element.
 * @param {{ name: string, title: string, layer: 'choropleth' | 'hotspots', what: string, sizes?: string[] }} o
 * @returns {import('../run.mjs').BenchCase}
 */
export function mapRenderCase(o) {
  return {
    name: o.name,
    group: 'map',
    title: o.title,
    description:
      `${o.what} ` +
      'Ours: `node packages/map/bench/render.mjs` loads the built `<cohesion-map>` in headless Chromium (SwiftShader WebGL) ' +
      'and times, on a fresh page per run, insertion of the element → `cohesion-map:ready` (GeoJSON fetched and parsed, ' +
      'CSV joined, classified, MapLibre imported, areas drawn by WebGL, map idle). Also reported: the loading preview ' +
      '(every area drawn on a canvas fitted as the WebGL map will be) on screen, a real click on it answered ' +
      '(`cohesion-map:select`), a click on the WebGL map answered, and the gzip size of the code the page loads. ' +
      'No peer: ONS Census Maps and similar portals are iframes of hosted services, not runnable here.',
    // GM's LSOAs are read by render.mjs itself; a generated input (BNG GeoJSON) is passed with --src.
    sizes: o.sizes ?? ['gm-lsoa21'],
    // Not in --quick: each run starts a browser and loads MapLibre under software WebGL.
    quickSizes: [],
    async exec(ctx) {
      if (!existsSync(SCRIPT)) throw new Error('packages/map/bench/render.mjs is missing');
      if (!existsSync(CHROMIUM))
        throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`);
      const runs = 5;
      const src = ctx.input.geojson ? ['--src', ctx.input.geojson] : [];
      const launch = () =>
        spawnSync(process.execPath, [SCRIPT, '--runs', String(runs), '--layer', o.layer, ...src], {
          encoding: 'utf8',
          timeout: ctx.timeoutMs,
          maxBuffer: 16 * 2 ** 20,
        });
      // One retry: a browser launch can fail transiently when other Chromium sessions share the machine.
      let r = launch();
      if (r.status !== 0 && !r.error) r = launch();
      if (r.error && /** @type {any} */ (r.error).code === 'ETIMEDOUT')
        throw new Error(`render.mjs timed out after ${Math.round(ctx.timeoutMs / 1000)} s`);
      if (r.status !== 0) {
        const tail = `${r.stderr ?? ''}${r.stdout ?? ''}${r.error ? r.error.message : ''}`
          .trim()
          .split('\n')
          .slice(-3)
          .join(' / ');
        throw new Error(`render.mjs exited with ${r.status ?? r.signal}: ${tail}`);
      }
      const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
      const kb = (/** @type {number} */ b) => `${(b / 1024).toFixed(1)} kB`;
      return {
        times: out.runs.map((/** @type {any} */ x) => x.renderMs),
        result: out,
        extra: {
          'median time to preview drawn (all areas, canvas)': `${Math.round(out.previewMs)} ms`,
          'median time to first click answered (on the preview)': `${Math.round(out.previewInteractiveMs)} ms`,
          'median time to click answered on the WebGL map': `${Math.round(out.interactiveMs)} ms`,
          'element code gzip': kb(out.gzipBytes),
          // Issue 7's budget (for GM's 1,702 LSOAs): the WebGL map drawn and answering a click in under
          // 1.5 s, code under 40 KB.
          ...(src.length
            ? {}
            : {
                'budget (WebGL map ready and a click answered < 1.5 s, element code < 40 KB gzip)':
                  out.interactiveMs < 1500 && out.gzipBytes < 40 * 1024
                    ? 'met'
                    : `not met (${Math.round(out.interactiveMs)} ms, ${kb(out.gzipBytes)})`,
              }),
          ...(out.maplibreGzipBytes ? { 'MapLibre gzip (loaded lazily)': kb(out.maplibreGzipBytes) } : {}),
        },
      };
    },
    notes: [
      'Peak RSS and work Δ are not measured for the browser; the times are wall-clock inside the page.',
    ],
  };
}
