// The loading preview of <cohesion-map>: while MapLibre loads (held back here by intercepting its
// module request), a canvas drawing of the areas — fitted exactly as the WebGL map will be — is on
// screen, can be clicked, hovered and navigated by keyboard, and is swapped for the WebGL map once
// that has drawn every tile. Needs `pnpm run build` first.
import { readFileSync } from 'node:fs';
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

const boundaries = JSON.parse(
  readFileSync(`${REPO_DATA}trafford/lsoa21_boundaries_generalised.geojson`, 'utf8'),
) as FeatureCollection;

/** A point well inside the first ring of an area (centre of the longest horizontal inside run). */
function insidePoint(code: string): [number, number] {
  const f = boundaries.features.find((x) => x.properties!.area_code === code)!;
  const g = f.geometry as { type: 'MultiPolygon'; coordinates: Position[][][] };
  const ring = g.coordinates[0]![0]!;
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
  let best: [number, number] = [Number.NaN, Number.NaN];
  let bestLen = 0;
  for (let r = 1; r < 10; r++) {
    const y = minY + ((maxY - minY) * r) / 10;
    let start = -1;
    for (let k = 0; k <= 400; k++) {
      const on = k < 400 && inside(minX + ((maxX - minX) * k) / 400, y);
      if (on && start < 0) start = k;
      if (!on && start >= 0) {
        if (k - start > bestLen) {
          bestLen = k - start;
          best = [minX + ((maxX - minX) * (start + k - 1)) / 800, y];
        }
        start = -1;
      }
    }
  }
  return best;
}

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type El = HTMLElement & {
  clientPoint(lon: number, lat: number): { x: number; y: number } | null;
};

/** Colour of the screenshot pixel at a viewport point. */
async function pixelAt(page: Page, x: number, y: number): Promise<[number, number, number]> {
  const shot = await page.screenshot({ clip: { x: Math.round(x), y: Math.round(y), width: 1, height: 1 } });
  return page.evaluate(async (b64) => {
    const img = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
    const cv = new OffscreenCanvas(1, 1);
    const ctx = cv.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    return [d[0]!, d[1]!, d[2]!] as [number, number, number];
  }, shot.toString('base64'));
}

const near = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - (b[i] as number)) <= 3);

describe('<cohesion-map> preview while MapLibre loads', () => {
  it('draws, picks, hovers and navigates on the preview, then swaps to WebGL at the same place', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    const { errors } = watchPage(page);
    await installEventLog(page);
    // Hold MapLibre's module back until the preview has been exercised.
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    await page.route('**/dist/maplibre-gl.mjs', async (route) => {
      await held;
      await route.continue();
    });
    const path = '/preview.html';
    await page.goto(
      server.put(
        path,
        pageHtml(`<cohesion-map src="/data/trafford/lsoa21_boundaries_generalised.geojson"
          data-src="/data/trafford/ethnicity_2021_lsoa_wide.csv" join="area_code"
          value="total_usual_residents" label="Usual residents, Trafford"></cohesion-map>`),
      ),
    );
    const [preview] = await waitForEvents(page, 'preview');
    expect(preview).toEqual({ areas: 139, renderer: 'canvas' });
    expect(
      await page.evaluate(() =>
        (window as unknown as { __events: { type: string }[] }).__events.some((e) => e.type === 'ready'),
      ),
    ).toBe(false);
    expect(await page.locator('cohesion-map >> .preview canvas').count()).toBe(2);

    // The area's fill on screen is its legend colour: the class colour of its row in the table.
    const code = 'E01006074';
    const [lon, lat] = insidePoint(code);
    const pt = (await page.evaluate(
      ([x, y]) => (document.querySelector('cohesion-map') as El).clientPoint(x, y),
      [lon, lat] as const,
    ))!;
    expect(pt).not.toBeNull();
    const before = await pixelAt(page, pt.x, pt.y);

    // Hover shows the tooltip; a click selects the area under the pointer.
    await page.mouse.move(pt.x, pt.y);
    const [hover] = (await waitForEvents(page, 'hover')) as { id: string }[];
    expect(hover?.id).toBe(code);
    expect(await page.locator('cohesion-map >> [part=tooltip]').textContent()).toContain('Trafford 025A');
    await page.mouse.click(pt.x, pt.y);
    const [sel] = (await waitForEvents(page, 'select')) as { id: string; value: number; class: string }[];
    expect(sel).toMatchObject({ id: code, value: 1643 });
    // The preview's pixel there is the legend swatch of the area's class.
    const swatch = await page.evaluate((cls) => {
      const root = document.querySelector('cohesion-map')!.shadowRoot!;
      const li = [...root.querySelectorAll('[part=legend] li')].find((l) =>
        (l.textContent ?? '').startsWith(cls),
      );
      return getComputedStyle(li!.querySelector('.sw')!).backgroundColor.match(/\d+/g)!.map(Number);
    }, sel!.class);
    expect(near(before, swatch)).toBe(true);

    // Keyboard: Escape clears, Home focuses the first area in reading order, Enter selects it.
    await page.locator('cohesion-map >> [part=map]').focus();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    const sels = (await waitForEvents(page, 'select', 3)) as ({ id: string } | null)[];
    expect(sels[1]).toBeNull();
    expect(sels[2]?.id).toMatch(/^E01/);
    expect(await page.locator('cohesion-map >> [part=tooltip]').textContent()).toContain('Area 1 of 139');

    // Now let MapLibre load: the preview goes, the WebGL map shows the same colour at the same place.
    release();
    const [ready] = await waitForEvents(page, 'ready', 1, 60_000);
    expect(ready).toEqual({ areas: 139, renderer: 'webgl' });
    expect(await page.locator('cohesion-map >> .preview').count()).toBe(0);
    expect(await page.locator('cohesion-map >> .map.pending').count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.mouse.move(5, 5);
    await page.waitForTimeout(100);
    const after = await pixelAt(page, pt.x, pt.y);
    expect(near(after, before)).toBe(true);
    await page.mouse.click(pt.x, pt.y);
    const all = (await waitForEvents(page, 'select', 5)) as ({ id: string } | null)[];
    expect(all[all.length - 1]?.id).toBe(code);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('renderer="svg" and bounds: the SVG drawing is fitted to bounds and answers clicks and hover', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    const { errors } = watchPage(page);
    await installEventLog(page);
    const code = 'E01006074';
    const [lon, lat] = insidePoint(code);
    // A small box around the area: it must fill most of the map's width or height.
    const d = 0.01;
    await page.goto(
      server.put(
        '/svg.html',
        pageHtml(`<cohesion-map renderer="svg" bounds="${lon - d},${lat - d},${lon + d},${lat + d}"
          src="/data/trafford/lsoa21_boundaries_generalised.geojson"
          data-src="/data/trafford/ethnicity_2021_lsoa_wide.csv" join="area_code"
          value="total_usual_residents" label="Usual residents, Trafford"></cohesion-map>`),
      ),
    );
    const [ready] = await waitForEvents(page, 'ready');
    expect(ready).toEqual({ areas: 139, renderer: 'svg' });
    const box = (await page.locator('cohesion-map >> [part=map]').boundingBox())!;
    const at = async (x: number, y: number) =>
      (await page.evaluate(([a, b]) => (document.querySelector('cohesion-map') as El).clientPoint(a, b), [
        x,
        y,
      ] as const))!;
    // The bounds' centre is the box's centre; its corners sit 16 px inside the limiting side.
    const c = await at(lon, lat);
    expect(Math.abs(c.x - (box.x + box.width / 2))).toBeLessThan(1.5);
    expect(Math.abs(c.y - (box.y + box.height / 2))).toBeLessThan(1.5);
    const sw = await at(lon - d, lat - d);
    const ne = await at(lon + d, lat + d);
    const spanX = ne.x - sw.x;
    const spanY = sw.y - ne.y;
    expect(Math.min(box.width - 32 - spanX, box.height - 32 - spanY)).toBeLessThan(1.5);
    expect(spanX).toBeLessThanOrEqual(box.width - 32 + 1.5);
    expect(spanY).toBeLessThanOrEqual(box.height - 32 + 1.5);

    await page.mouse.move(c.x, c.y);
    const [hover] = (await waitForEvents(page, 'hover')) as { id: string }[];
    expect(hover?.id).toBe(code);
    await page.mouse.click(c.x, c.y);
    const [sel] = (await waitForEvents(page, 'select')) as { id: string }[];
    expect(sel?.id).toBe(code);
    // The selection outline is drawn on the SVG (a yellow stroke over the area).
    await expect
      .poll(() => page.locator('cohesion-map >> svg path[stroke="#ffdd00"]').count(), { timeout: 10_000 })
      .toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
