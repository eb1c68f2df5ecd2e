#!/usr/bin/env node
/**
 * Render benchmark of <cohesion-map> in headless Chromium: the 1,702 Greater Manchester LSOAs (2021)
 * drawn as a choropleth (value = each LSOA's area in km², joined from a CSV the script serves).
 *
 *   node packages/map/bench/render.mjs [--runs 3] [--viewport 1200x900]      (after `pnpm run build`)
 *
 * --viewport sets the page size (the map is 700 px tall and as wide as the page).
 * --src FILE draws another GeoJSON with an `area_code` property instead of the GM LSOAs (e.g. the
 *   bench's generated 35k-area tessellation, to see how the element scales).
 * --layer hotspots draws a Gi*-style hotspot map instead: synthetic, spatially smooth z-scores (a wave
 *   over the LSOAs' first vertices), so that about half the areas are significant and carry the
 *   significance outlines (the layer's extra drawing work).
 *
 * Prints one JSON object on stdout:
 *   previewMs      median time from inserting the element to the first frame after `cohesion-map:preview`:
 *                  every area drawn and coloured (the SVG stand-in, fitted as the WebGL map will be)
 *   previewInteractiveMs  median time from inserting the element to the `cohesion-map:select` answering a
 *                  real mouse click on an area issued as soon as the preview was drawn (hover, click and
 *                  keyboard work on the preview; pan and zoom wait for the WebGL map)
 *   renderMs       median time from inserting the element to `cohesion-map:ready` (GeoJSON fetched and
 *                  parsed, CSV joined, classified, MapLibre imported, areas drawn by WebGL and the map
 *                  idle, the preview swapped out)
 *   interactiveMs  median time from inserting the element to the `cohesion-map:select` answering a real
 *                  mouse click on an area issued as soon as the WebGL map was ready
 *   renderMsMin, interactiveMsMin, previewMsMin, previewInteractiveMsMin  the fastest run of each
 *   gzipBytes      gzip size of the element's own code the page loaded (dist files other than MapLibre's)
 *   entryGzipBytes gzip size of dist/cohesion-map.js alone
 *   maplibreGzipBytes gzip size of MapLibre (module, worker, CSS) for reference
 *   runs           every run's { previewMs, previewInteractiveMs, renderMs, interactiveMs, phases } (phases:
 *                  the element's performance marks data → classified → views → preview → maplibre →
 *                  map-load → set-data → idle, ms)
 *   cpus, loadAverage1m  how busy the machine was
 * Each run uses a fresh page (cold MapLibre parse, warm HTTP cache off) in one browser.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    viewport: { type: 'string', default: '1200x900' },
    layer: { type: 'string', default: 'choropleth' },
    src: { type: 'string' },
  },
});
if (!['choropleth', 'hotspots'].includes(flags.layer))
  throw new Error(`--layer must be choropleth or hotspots, not ${flags.layer}`);
const RUNS = Math.max(1, Number(flags.runs) || 3);
const [VW, VH] = flags.viewport.split('x').map(Number);
if (!(VW > 0 && VH > 0)) throw new Error(`--viewport must be WIDTHxHEIGHT, not ${flags.viewport}`);
const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const GM = fileURLToPath(
  new URL('../../../data/greater-manchester/boundaries/gm_lsoa21_generalised.geojson.gz', import.meta.url),
);

const source = flags.src ?? GM;
const raw = await readFile(source);
// data/ keeps large files gzipped; the page is served the plain GeoJSON.
const geojson = source.endsWith('.gz') ? gunzipSync(raw) : raw;
const fc = JSON.parse(geojson.toString('utf8'));

/** Ellipsoid-free but adequate area (km²): shoelace on an equirectangular projection at the ring's latitude. */
function areaKm2(geometry) {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let a = 0;
  for (const poly of polys) {
    poly.forEach((ring, r) => {
      const k = Math.cos((ring[0][1] * Math.PI) / 180);
      let s = 0;
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        s += ring[j][0] * k * ring[i][1] - ring[i][0] * k * ring[j][1];
      }
      a += (r === 0 ? 1 : -1) * Math.abs(s / 2) * 111.32 * 111.32;
    });
  }
  return a;
}
/** A smooth synthetic z-score from an area's first vertex: clustered hot and cold spots. */
function waveZ(geometry) {
  const [lon, lat] = (geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates[0])[0][0];
  return 3.2 * Math.sin(lon * 40) * Math.cos(lat * 55);
}
const csv = `area_code,area_km2,gistar_z\n${fc.features
  .map((f) => `${f.properties.area_code},${areaKm2(f.geometry).toFixed(4)},${waveZ(f.geometry).toFixed(4)}`)
  .join('\n')}\n`;
const html = `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>render bench</title>
<link rel="icon" href="data:,"><script type="module" src="/dist/cohesion-map.js"></script></head><body></body></html>`;

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.map': 'application/json' };
const served = new Set();
const server = createServer(async (req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const headers = { 'cache-control': 'no-store' };
  try {
    if (path === '/') return res.writeHead(200, { ...headers, 'content-type': 'text/html' }).end(html);
    if (path === '/gm.geojson')
      return res.writeHead(200, { ...headers, 'content-type': 'application/geo+json' }).end(geojson);
    if (path === '/gm.csv') return res.writeHead(200, { ...headers, 'content-type': 'text/csv' }).end(csv);
    if (path.startsWith('/dist/')) {
      const rel = normalize(path.slice(6));
      if (rel.startsWith('..')) throw new Error('bad path');
      const body = await readFile(join(DIST, rel));
      served.add(rel);
      return res
        .writeHead(200, { ...headers, 'content-type': TYPES[extname(rel)] ?? 'application/octet-stream' })
        .end(body);
    }
  } catch {}
  res.writeHead(404).end();
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--headless=new',
    '--enable-unsafe-swiftshader',
    '--use-angle=swiftshader',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const runs = [];
try {
  for (let r = 0; r < RUNS; r++) {
    const page = await browser.newPage({ viewport: { width: VW, height: VH } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => customElements.get('cohesion-map'));
    // Insert the element and time from there; the page records event times itself.
    await page.evaluate((layer) => {
      const w = window;
      w.__t = { start: performance.now() };
      const el = document.createElement('cohesion-map');
      el.style.setProperty('--cohesion-map-height', '700px');
      for (const [k, v] of Object.entries({
        src: '/gm.geojson',
        'data-src': '/gm.csv',
        join: 'area_code',
        ...(layer === 'hotspots'
          ? { layer: 'hotspots', value: 'gistar_z', label: 'Hot spots (synthetic Gi* z), Greater Manchester' }
          : {
              value: 'area_km2',
              scheme: 'quantile',
              label: 'LSOA area (km²), Greater Manchester, 2021 LSOAs',
            }),
      })) {
        el.setAttribute(k, v);
      }
      el.addEventListener('cohesion-map:preview', () => {
        if (w.__t.preview) return;
        w.__t.preview = performance.now();
        // The preview is on screen once the frame after it has been produced.
        requestAnimationFrame(() => setTimeout(() => (w.__t.previewPaint = performance.now())));
      });
      el.addEventListener('cohesion-map:ready', () => {
        w.__t.ready ??= performance.now();
      });
      el.addEventListener('cohesion-map:select', () => {
        w.__t.select ??= performance.now();
      });
      el.addEventListener('cohesion-map:error', (e) => {
        w.__t.error = e.detail.message;
      });
      document.body.append(el);
    }, flags.layer);
    // Click the centre of the map (GM's middle is covered by LSOAs) and wait for the select event.
    const clickCentre = async () => {
      const box = await page.evaluate(() => {
        const r = document
          .querySelector('cohesion-map')
          .shadowRoot.querySelector('[part=map]')
          .getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      });
      await page.evaluate(() => {
        window.__t.select = undefined;
      });
      await page.mouse.click(box.x, box.y);
      await page.waitForFunction(() => window.__t.select, null, { timeout: 60_000 });
      return page.evaluate(() => window.__t.select);
    };
    await page.waitForFunction(() => window.__t.previewPaint || window.__t.ready || window.__t.error, null, {
      timeout: 120_000,
    });
    const failed = async () => {
      const err = await page.evaluate(() => window.__t.error);
      if (err) throw new Error(`cohesion-map:error ${err}`);
    };
    await failed();
    // First click as soon as the preview is drawn (if the WebGL map beat it, there is no preview).
    const previewSelect = (await page.evaluate(() => !window.__t.ready)) ? await clickCentre() : undefined;
    await page.waitForFunction(() => window.__t.ready || window.__t.error, null, { timeout: 120_000 });
    await failed();
    // Then as soon as the WebGL map is ready.
    const select = await clickCentre();
    const t = { ...(await page.evaluate(() => window.__t)), select };
    const previewAt = t.previewPaint ?? t.ready;
    if (errors.length) throw new Error(errors.join('; '));
    // Phase marks set by the element (performance.mark 'cohesion-map:*'), relative to insertion.
    const phases = await page.evaluate((start) => {
      const out = {};
      for (const m of performance.getEntriesByType('mark')) {
        if (m.name.startsWith('cohesion-map:') && !(m.name.slice(13) in out))
          out[m.name.slice(13)] = Math.round(m.startTime - start);
      }
      return out;
    }, t.start);
    runs.push({
      previewMs: Math.round(previewAt - t.start),
      previewInteractiveMs: Math.round((previewSelect ?? select) - t.start),
      renderMs: Math.round(t.ready - t.start),
      interactiveMs: Math.round(t.select - t.start),
      phases,
    });
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}

const gz = async (f) => gzipSync(await readFile(join(DIST, f)), { level: 9 }).length;
const isMapLibre = (f) => f.startsWith('maplibre-gl');
let gzipBytes = 0;
for (const f of served) if (!isMapLibre(f) && f.endsWith('.js')) gzipBytes += await gz(f);
let maplibreGzipBytes = 0;
for (const f of ['maplibre-gl.mjs', 'maplibre-gl-worker.mjs', 'maplibre-gl-css.js'])
  maplibreGzipBytes += await gz(f);

process.stdout.write(
  `${JSON.stringify({
    previewMs: median(runs.map((r) => r.previewMs)),
    previewInteractiveMs: median(runs.map((r) => r.previewInteractiveMs)),
    previewMsMin: Math.min(...runs.map((r) => r.previewMs)),
    previewInteractiveMsMin: Math.min(...runs.map((r) => r.previewInteractiveMs)),
    renderMs: median(runs.map((r) => r.renderMs)),
    interactiveMs: median(runs.map((r) => r.interactiveMs)),
    // Fastest run: on a shared machine the least-disturbed figure.
    renderMsMin: Math.min(...runs.map((r) => r.renderMs)),
    interactiveMsMin: Math.min(...runs.map((r) => r.interactiveMs)),
    gzipBytes,
    entryGzipBytes: await gz('cohesion-map.js'),
    maplibreGzipBytes,
    areas: fc.features.length,
    viewport: `${VW}x${VH}`,
    layer: flags.layer,
    // Machine contention while measuring (other processes share the CPUs): read the times with these.
    cpus: cpus().length,
    loadAverage1m: Number(loadavg()[0].toFixed(2)),
    runs,
  })}\n`,
);
