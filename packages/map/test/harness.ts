// Test harness: a localhost HTTP server for the built element, the repository's open data and per-test pages,
// and Debian's Chromium driven by playwright-core.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { FeatureCollection, Position } from 'geojson';
import { type Browser, chromium, type Page } from 'playwright-core';

export const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
export const REPO_DATA = fileURLToPath(new URL('../../../data/', import.meta.url));

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.map': 'application/json',
  '.json': 'application/json',
  '.geojson': 'application/geo+json',
  '.csv': 'text/csv',
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.fgb': 'application/octet-stream',
  '.pmtiles': 'application/vnd.pmtiles',
};

/** The byte range a `Range: bytes=a-b` header asks of `size` bytes: [start, end] inclusive, or 'bad'. */
function byteRange(header: string, size: number): [number, number] | 'bad' {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'bad';
  // "-n" is the last n bytes; an end past the file is clamped (RFC 9110 §14.1.2).
  const start = m[1] === '' ? Math.max(0, size - Number(m[2])) : Number(m[1]);
  const end = m[1] === '' || m[2] === '' ? size - 1 : Math.min(size - 1, Number(m[2]));
  return start >= size || start > end ? 'bad' : [start, end];
}

export interface TestServer {
  origin: string;
  /** Registers an in-memory page or file at `path`, with optional response headers (e.g. a CSP). */
  put(path: string, body: string | Uint8Array, headers?: Record<string, string>): string;
  /** Every path requested so far. */
  requests: string[];
  /** Every request with a Range header: path and the header as sent. */
  ranges: { path: string; range: string }[];
  close(): Promise<void>;
}

/** Serves /dist/* from packages/map/dist, /data/* from the repository's data/ (a gzipped file also under its name without .gz) and registered pages. */
export async function startServer(): Promise<TestServer> {
  const pages = new Map<string, { body: string | Uint8Array; headers: Record<string, string> }>();
  const requests: string[] = [];
  const ranges: { path: string; range: string }[] = [];
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    const page = pages.get(path);
    try {
      if (page) {
        const type = TYPES[extname(path)] ?? 'text/html; charset=utf-8';
        const range = req.headers.range;
        if (range) {
          // HTTP range requests (PMTiles archives are read this way), for registered files.
          ranges.push({ path, range });
          const body = typeof page.body === 'string' ? Buffer.from(page.body) : page.body;
          const r = byteRange(range, body.length);
          if (r === 'bad') {
            res.writeHead(416, { 'content-range': `bytes */${body.length}` });
            res.end();
            return;
          }
          res.writeHead(206, {
            'content-type': type,
            'accept-ranges': 'bytes',
            'content-range': `bytes ${r[0]}-${r[1]}/${body.length}`,
            'content-length': String(r[1] - r[0] + 1),
            ...page.headers,
          });
          res.end(body.subarray(r[0], r[1] + 1));
          return;
        }
        res.writeHead(200, { 'content-type': type, 'accept-ranges': 'bytes', ...page.headers });
        res.end(page.body);
        return;
      }
      const [root, rest] = path.startsWith('/dist/')
        ? [DIST, path.slice(6)]
        : path.startsWith('/data/')
          ? [REPO_DATA, path.slice(6)]
          : [undefined, ''];
      const safe = normalize(rest);
      if (!root || safe.startsWith('..')) throw new Error('not found');
      // data/ stores large files gzipped: serve `x.geojson` from `x.geojson.gz`, inflated.
      const file = join(root, safe);
      const body =
        existsSync(file) || !existsSync(`${file}.gz`)
          ? await readFile(file)
          : gunzipSync(await readFile(`${file}.gz`));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    ranges,
    put(path, body, headers = {}) {
      pages.set(path, { body, headers });
      return origin + path;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Launches headless Chromium with the flags WebGL needs under SwiftShader. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(`${DIST}cohesion-map.js`) || !existsSync(`${DIST}maplibre-gl-worker.mjs`)) {
    throw new Error(
      'packages/map/dist is missing: run `npx --yes pnpm@10.34.9 run build` before the map tests',
    );
  }
  return chromium.launch({
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
    timeout: 30_000,
  });
}

/** A minimal HTML page loading the built element and holding `body`. */
export function pageHtml(body: string, head = ''): string {
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>cohesion-map test</title><link rel="icon" href="data:,">${head}
<script type="module" src="/dist/cohesion-map.js"></script></head><body><main>${body}</main></body></html>`;
}

/** Collects console errors, page errors and failed requests of a page. */
export function watchPage(page: Page): { errors: string[] } {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return { errors };
}

/** Resolves with the detail of the first `cohesion-map:<type>` event (listener installed before navigation). */
export async function installEventLog(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const log: { type: string; detail: unknown }[] = [];
    (window as unknown as { __events: typeof log }).__events = log;
    for (const t of ['ready', 'preview', 'select', 'hover', 'error', 'warning']) {
      document.addEventListener(`cohesion-map:${t}`, (e) =>
        log.push({ type: t, detail: (e as CustomEvent).detail }),
      );
    }
  });
}

/** Waits until `count` events of `type` have been logged and returns their details. */
export async function waitForEvents(
  page: Page,
  type: string,
  count = 1,
  timeout = 45_000,
): Promise<unknown[]> {
  await page.waitForFunction(
    ([t, c]) =>
      (window as unknown as { __events: { type: string }[] }).__events.filter((e) => e.type === t).length >=
      (c as number),
    [type, count] as const,
    { timeout },
  );
  return page.evaluate(
    (t) =>
      (window as unknown as { __events: { type: string; detail: unknown }[] }).__events
        .filter((e) => e.type === t)
        .map((e) => e.detail),
    type,
  );
}

/** A point strictly inside a polygon ring: a ray-cast-checked interior point near the ring's centroid. */
export function insidePoint(ring: Position[]): [number, number] {
  const inside = (x: number, y: number) => {
    let c = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as [number, number];
      const [xj, yj] = ring[j] as [number, number];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
    }
    return c;
  };
  const xs = ring.map((p) => p[0] as number);
  const ys = ring.map((p) => p[1] as number);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  // Middle of the longest inside run over several horizontal scan lines: well away from the edges.
  let best: [number, number] | undefined;
  let bestLen = 0;
  for (let r = 1; r < 10; r++) {
    const y = minY + ((maxY - minY) * r) / 10;
    let runStart = -1;
    for (let k = 0; k <= 400; k++) {
      const x = minX + ((maxX - minX) * k) / 400;
      const inRun = k < 400 && inside(x, y);
      if (inRun && runStart < 0) runStart = k;
      if (!inRun && runStart >= 0) {
        if (k - runStart > bestLen) {
          bestLen = k - runStart;
          best = [minX + ((maxX - minX) * (runStart + k - 1)) / 800, y];
        }
        runStart = -1;
      }
    }
  }
  if (best) return best;
  throw new Error('no inside point');
}

/** Viewport coordinates of lon/lat points on the first `<cohesion-map>` (its `clientPoint`), or null before load. */
export function clientPoints(
  page: Page,
  lonLats: [number, number][],
): Promise<{ x: number; y: number }[] | null> {
  return page.evaluate((pts) => {
    const el = document.querySelector('cohesion-map') as unknown as {
      clientPoint(lon: number, lat: number): { x: number; y: number } | null;
    };
    const out = pts.map(([lon, lat]) => el.clientPoint(lon, lat));
    return out.every((p) => p !== null) ? (out as { x: number; y: number }[]) : null;
  }, lonLats);
}

/** The client rectangle of the element's map part (the MapLibre container). */
export function mapRect(page: Page): Promise<{ x: number; y: number; width: number; height: number }> {
  return page.evaluate(() => {
    const r = document
      .querySelector('cohesion-map')!
      .shadowRoot!.querySelector('[part=map]')!
      .getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  });
}

/**
 * A screenshot of the viewport, decoded in the page: the RGB at each client point, and how many
 * pixels inside `rect` match each colour (`rgb(r, g, b)` or `#rrggbb`, ±`tolerance` per channel).
 */
export async function screenPixels(
  page: Page,
  points: { x: number; y: number }[],
  rect?: { x: number; y: number; width: number; height: number },
  colours: string[] = [],
  tolerance = 2,
): Promise<{ at: [number, number, number][]; counts: number[] }> {
  const shot = (await page.screenshot()).toString('base64');
  return page.evaluate(
    async ([b64, pts, box, cols, tol]) => {
      const img = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
      const ctx = new OffscreenCanvas(img.width, img.height).getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(0, 0, img.width, img.height).data;
      const rgb = (x: number, y: number): [number, number, number] => {
        const o = (Math.round(y) * img.width + Math.round(x)) * 4;
        return [px[o]!, px[o + 1]!, px[o + 2]!];
      };
      const parse = (c: string): number[] =>
        c.startsWith('#')
          ? [1, 3, 5].map((i) => Number.parseInt(c.slice(i, i + 2), 16))
          : c.match(/\d+/g)!.map(Number);
      const targets = cols.map(parse);
      const counts = targets.map(() => 0);
      if (box) {
        for (let y = Math.ceil(box.y); y < Math.floor(box.y + box.height); y++) {
          for (let x = Math.ceil(box.x); x < Math.floor(box.x + box.width); x++) {
            const [r, g, b] = rgb(x, y);
            targets.forEach((t, k) => {
              if (Math.abs(r - t[0]!) <= tol && Math.abs(g - t[1]!) <= tol && Math.abs(b - t[2]!) <= tol)
                counts[k]!++;
            });
          }
        }
      }
      return { at: pts.map((p) => rgb(p.x, p.y)), counts };
    },
    [shot, points, rect ?? null, colours, tolerance] as const,
  );
}

/**
 * Adjacent 0.01° squares in a row near Trafford (the i-th from −2.35 + 0.01·i, 53.4°N), one per
 * entry of `props`, which become the features' properties.
 */
export function squareAreas(props: Record<string, unknown>[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: props.map((properties, i) => {
      const x = -2.35 + i * 0.01;
      return {
        type: 'Feature',
        properties,
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [x, 53.4],
              [x + 0.01, 53.4],
              [x + 0.01, 53.41],
              [x, 53.41],
              [x, 53.4],
            ],
          ],
        },
      };
    }),
  };
}
