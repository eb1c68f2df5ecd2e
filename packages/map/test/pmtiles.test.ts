// <cohesion-map src="pmtiles://…"> in headless Chromium: areas drawn from a PMTiles archive (written
// in the test by @cohesion/geo's writePmtiles from the Trafford LSOAs, served with HTTP range
// requests), values from the CSV. Pixels, picking, keyboard, table, requests, error and fallback.
// Needs `pnpm run build` first (loads dist/).
import { readFileSync } from 'node:fs';
import { classifyValues, writePmtiles } from '@cohesion/geo';
import type { FeatureCollection, Position } from 'geojson';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  installEventLog,
  launchChromium,
  pageHtml,
  REPO_DATA,
  startServer,
  type TestServer,
  waitForEvents,
  watchPage,
} from './harness.js';

const CSV = '/data/trafford/ethnicity_2021_lsoa_wide.csv';
const boundaries = JSON.parse(
  readFileSync(`${REPO_DATA}trafford/lsoa21_boundaries_generalised.geojson`, 'utf8'),
) as FeatureCollection;
const csvLines = readFileSync(`${REPO_DATA}trafford/ethnicity_2021_lsoa_wide.csv`, 'utf8')
  .trim()
  .split(/\r?\n/);
/** area_code → total_usual_residents, read in Node (data rows hold no quoted commas). */
const residents = new Map(
  csvLines.slice(1).map((l) => {
    const c = l.split(',');
    return [c[0]!, Number(c[2])] as const;
  }),
);

/** A point well inside a ring: the middle of the longest inside run over several scan lines. */
function insidePoint(ring: Position[]): [number, number] {
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
  if (!best) throw new Error('no inside point');
  return best;
}

function interiorOf(code: string): [number, number] {
  const f = boundaries.features.find((x) => x.properties!.area_code === code)!;
  const g = f.geometry as { type: 'MultiPolygon' | 'Polygon'; coordinates: unknown };
  const ring =
    g.type === 'Polygon' ? (g.coordinates as Position[][])[0]! : (g.coordinates as Position[][][])[0]![0]!;
  return insidePoint(ring);
}

/** Counts, per colour, the pixels of a screenshot within ±2 of it in each channel. */
async function countColours(page: Page, png: Buffer, colours: string[]): Promise<number[]> {
  return page.evaluate(
    async ([b64, cols]) => {
      const img = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
      const cv = new OffscreenCanvas(img.width, img.height);
      const ctx = cv.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(0, 0, img.width, img.height).data;
      return (cols as string[]).map((col) => {
        const [r, g, b] = col.match(/\d+/g)!.map(Number) as [number, number, number];
        let n = 0;
        for (let i = 0; i < px.length; i += 4) {
          if (Math.abs(px[i]! - r) <= 2 && Math.abs(px[i + 1]! - g) <= 2 && Math.abs(px[i + 2]! - b) <= 2)
            n++;
        }
        return n;
      });
    },
    [png.toString('base64'), colours] as const,
  );
}

let server: TestServer;
let browser: Browser;
let archiveUrl: string;

beforeAll(async () => {
  server = await startServer();
  // The archive is written here, in Node, from the shared GeoJSON; the browser reads it by range.
  const bytes = writePmtiles(boundaries, { layer: 'lsoa', minzoom: 6, maxzoom: 12 });
  archiveUrl = server.put('/tiles/trafford.pmtiles', bytes);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(body: string, init?: () => void): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  const { errors } = watchPage(page);
  await installEventLog(page);
  if (init) await page.addInitScript(init);
  const path = `/p${Math.random().toString(36).slice(2)}.html`;
  await page.goto(server.put(path, pageHtml(body)));
  return { page, errors };
}

const element = (extra = '', dataSrc = `data-src="${CSV}"`) =>
  `<cohesion-map src="pmtiles://${archiveUrl}" ${dataSrc} join="area_code" value="total_usual_residents"
    label="Usual residents, Trafford LSOAs (vector tiles)" ${extra}></cohesion-map>`;

async function clientPoint(page: Page, [lon, lat]: [number, number]): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ([x, y]) =>
      (
        document.querySelector('cohesion-map') as unknown as {
          clientPoint(a: number, b: number): { x: number; y: number };
        }
      ).clientPoint(x, y),
    [lon, lat] as const,
  );
}

describe('<cohesion-map src="pmtiles://…"> on Trafford LSOAs', () => {
  let page: Page;
  let errors: string[];
  let firstRequest = 0;
  beforeAll(async () => {
    firstRequest = server.requests.length;
    ({ page, errors } = await open(`<a href="#before">before</a>${element()}`));
    await waitForEvents(page, 'ready');
  });
  afterAll(async () => {
    await page?.close();
  });

  it('draws the tiles coloured by the CSV: legend colours on the canvas, one table row per CSV row', async () => {
    const [ready] = await waitForEvents(page, 'ready');
    expect(ready).toEqual({ areas: 139, renderer: 'webgl' });
    const codes = await page.$$eval('cohesion-map >> tbody tr', (rows) =>
      rows.map((r) => r.getAttribute('data-id')),
    );
    expect(codes).toEqual([...residents.keys()]); // CSV order
    const names = await page.$$eval('cohesion-map >> tbody tr td:nth-child(2)', (tds) =>
      tds.map((t) => t.textContent),
    );
    expect(names[0]).toBe(csvLines[1]!.split(',')[1]); // area_name from the CSV

    // Legend counts from an independent classification of the CSV column.
    const c = classifyValues([...residents.values()], { scheme: 'ckmeans', classes: 5 });
    const legend = await page.$$eval('cohesion-map >> [part=legend] li', (lis) =>
      lis.map((li) => li.textContent),
    );
    expect(legend.map((t) => Number(/\((\d+)\)$/.exec(t ?? '')![1]))).toEqual(Array.from(c.counts));

    // Every swatch colour is painted on the map by the vector layer.
    const swatches = await page.$$eval('cohesion-map >> [part=legend] .sw', (s) =>
      s.map((e) => getComputedStyle(e).backgroundColor),
    );
    const shot = await page.locator('cohesion-map >> [part=map]').screenshot();
    const found = await countColours(page, shot, swatches);
    for (const n of found) expect(n).toBeGreaterThan(30);
    expect(errors).toEqual([]);
  });

  it('clicking an area fires cohesion-map:select with its code, and the selection outline is drawn', async () => {
    const pt = await clientPoint(page, interiorOf('E01006074'));
    const before = await countColours(page, await page.locator('cohesion-map >> [part=map]').screenshot(), [
      'rgb(255, 221, 0)',
    ]);
    await page.mouse.click(pt.x, pt.y);
    const [sel] = (await waitForEvents(page, 'select')) as { id: string; name: string; value: number }[];
    expect(sel).toMatchObject({ id: 'E01006074', name: 'Trafford 025A', value: residents.get('E01006074') });
    expect(await page.locator('cohesion-map >> tr[aria-selected=true]').getAttribute('data-id')).toBe(
      'E01006074',
    );
    // The yellow selection line (a filtered line layer on the vector source) appears.
    await page.waitForFunction(
      () => new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(true), 300))),
    );
    const after = await countColours(page, await page.locator('cohesion-map >> [part=map]').screenshot(), [
      'rgb(255, 221, 0)',
    ]);
    if (process.env.COHESION_SHOT) {
      await page.locator('cohesion-map >> [part=map]').screenshot({ path: process.env.COHESION_SHOT });
    }
    expect(before[0]).toBe(0);
    expect(after[0]).toBeGreaterThan(50);
    // A second area: the id comes from the tile feature's own property, not its position.
    const pt2 = await clientPoint(page, interiorOf('E01006100'));
    await page.mouse.click(pt2.x, pt2.y);
    const sels = (await waitForEvents(page, 'select', 2)) as { id: string }[];
    expect(sels[1]?.id).toBe('E01006100');
    expect(errors).toEqual([]);
  });

  it('keyboard: positions decoded from the tiles put every area in the arrow-key order', async () => {
    await page.locator('a[href="#before"]').focus();
    await page.keyboard.press('Tab');
    const tip = page.locator('cohesion-map >> [part=tooltip]');
    await page.keyboard.press('Home');
    const seen = new Set<string>();
    const code = async () => /\((E\d{8})\)/.exec((await tip.textContent()) ?? '')?.[1];
    seen.add((await code())!);
    const order = [(await code())!];
    for (let i = 0; i < 138; i++) {
      await page.keyboard.press('ArrowRight');
      const c = (await code())!;
      seen.add(c);
      order.push(c);
    }
    expect(seen.size).toBe(139);
    expect(await tip.textContent()).toContain('Area 139 of 139');
    // Reading order runs north to south in bands: with real positions the first ten areas lie in the
    // northern third of Trafford and the last ten in the southern third (by the GeoJSON, not the tiles).
    const lats = boundaries.features.map((f) => interiorOf(f.properties!.area_code)[1]);
    const [south, north] = [Math.min(...lats), Math.max(...lats)];
    const third = (north - south) / 3;
    for (const c of order.slice(0, 10)) expect(interiorOf(c)[1]).toBeGreaterThan(north - third);
    for (const c of order.slice(-10)) expect(interiorOf(c)[1]).toBeLessThan(south + third);
    await page.keyboard.press('Home');
    const first = await code();
    await page.keyboard.press('ArrowDown');
    const below = await code();
    expect(below).not.toBe(first);
    expect(interiorOf(below!)[1]).toBeLessThan(interiorOf(first!)[1] + 0.005);
  });

  it('fetches only the page, the element files, the CSV and the archive (by range)', async () => {
    const paths = server.requests.slice(firstRequest);
    const other = paths.filter((p) => !p.startsWith('/dist/') && !/^\/p[a-z0-9]+\.html$/.test(p));
    expect(new Set(other)).toEqual(new Set([CSV, '/tiles/trafford.pmtiles']));
    const archive = paths.filter((p) => p === '/tiles/trafford.pmtiles').length;
    const ranged = server.ranges.filter((r) => r.path === '/tiles/trafford.pmtiles');
    // Every archive request asked for a byte range (header + root first, then metadata and tiles).
    expect(ranged.length).toBe(archive);
    expect(ranged[0]?.range).toBe('bytes=0-16383');
    expect(archive).toBeGreaterThan(3);
    expect(paths.filter((p) => p === CSV)).toHaveLength(1);
  });
});

describe('<cohesion-map src="pmtiles://…"> states', () => {
  it('without data-src: a MISSING_INPUT error in the error state and cohesion-map:error', async () => {
    const { page, errors } = await open(element('', ''));
    const [err] = (await waitForEvents(page, 'error')) as { code: string; message: string }[];
    expect(err?.code).toBe('MISSING_INPUT');
    expect(err?.message).toContain('data-src');
    const alert = page.locator('cohesion-map >> [role=alert]');
    expect(await alert.textContent()).toContain('MISSING_INPUT');
    expect(await page.locator('cohesion-map >> tbody tr').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a CSV of some areas: only those are listed and pickable; a code not in the tiles is a warning', async () => {
    const rows = csvLines.slice(1).filter((l) => !l.startsWith('E01006074,'));
    // A full row (a short one is a ragged CSV: PARSE_ERROR, as in the CLI).
    const width = rows[0]!.split(',').length;
    const nowhere = ['E09999999', 'Nowhere', ...Array(width - 2).fill('1234')].join(',');
    const subset = [csvLines[0], ...rows.slice(0, 40), nowhere].join('\n');
    server.put('/subset.csv', subset, { 'content-type': 'text/csv' });
    const { page, errors } = await open(element('', 'data-src="/subset.csv"'));
    const [ready] = await waitForEvents(page, 'ready');
    expect(ready).toEqual({ areas: 41, renderer: 'webgl' });
    expect(await page.locator('cohesion-map >> tbody tr').count()).toBe(41);
    const [warning] = (await waitForEvents(page, 'warning')) as { code: string; detail: { ids: string[] } }[];
    expect(warning?.code).toBe('UNMATCHED_CODE');
    expect(warning?.detail.ids).toEqual(['E09999999']);
    // E01006074 has no CSV row: not drawn, so a click there selects nothing; a listed area still does.
    const listed = rows[0]!.split(',')[0]!;
    await page.mouse.click(
      ...(Object.values(await clientPoint(page, interiorOf('E01006074'))) as [number, number]),
    );
    await page.mouse.click(
      ...(Object.values(await clientPoint(page, interiorOf(listed))) as [number, number]),
    );
    const sels = (await waitForEvents(page, 'select')) as { id: string }[];
    expect(sels.map((s) => s.id)).toEqual([listed]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('switching src between GeoJSON and pmtiles:// swaps the sources; picking works on each', async () => {
    const geojson = '/data/trafford/lsoa21_boundaries_generalised.geojson';
    const { page, errors } = await open(
      `<cohesion-map src="${geojson}" data-src="${CSV}" join="area_code" value="total_usual_residents"
        label="Switching"></cohesion-map>`,
    );
    const el = page.locator('cohesion-map');
    const clickAndExpect = async (code: string, n: number) => {
      const p = await clientPoint(page, interiorOf(code));
      await page.mouse.click(p.x, p.y);
      const sels = (await waitForEvents(page, 'select', n)) as { id: string }[];
      expect(sels[n - 1]?.id).toBe(code);
    };
    await waitForEvents(page, 'ready', 1);
    await clickAndExpect('E01006074', 1);
    await el.evaluate((e, u) => e.setAttribute('src', `pmtiles://${u}`), archiveUrl);
    expect(await waitForEvents(page, 'ready', 2)).toContainEqual({ areas: 139, renderer: 'webgl' });
    await clickAndExpect('E01006100', 2);
    const swatches = await page.$$eval('cohesion-map >> [part=legend] .sw', (s) =>
      s.map((e) => getComputedStyle(e).backgroundColor),
    );
    const found = await countColours(
      page,
      await page.locator('cohesion-map >> [part=map]').screenshot(),
      swatches,
    );
    for (const n of found) expect(n).toBeGreaterThan(30);
    await el.evaluate((e, u) => e.setAttribute('src', u), geojson);
    await waitForEvents(page, 'ready', 3);
    await clickAndExpect('E01006074', 3);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('without WebGL: the table only, with a notice (no static map from tiles)', async () => {
    const before = server.requests.length;
    const { page, errors } = await open(element(), () => {
      const orig = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (
        this: HTMLCanvasElement,
        type: string,
        ...rest: unknown[]
      ) {
        if (type.startsWith('webgl')) return null;
        return (orig as (...a: unknown[]) => unknown).call(this, type, ...rest);
      } as typeof orig;
    });
    const [ready] = await waitForEvents(page, 'ready');
    expect(ready).toEqual({ areas: 139, renderer: 'none' });
    expect(await page.locator('cohesion-map >> tbody tr').count()).toBe(139);
    expect(await page.locator('cohesion-map >> svg path').count()).toBe(0);
    expect(await page.locator('cohesion-map >> [role=status]').first().textContent()).toContain('no WebGL');
    expect(await page.locator('cohesion-map >> details').first().getAttribute('open')).not.toBeNull();
    expect(server.requests.slice(before).filter((r) => r.includes('maplibre'))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
