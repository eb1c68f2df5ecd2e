// Issue 18 in Chromium: the element under a strict CSP with no nonce, a visible error when its styles
// are blocked anyway, numbers formatted for people in legend / table / tooltip / summary, the search
// box by keyboard, the LISA misconfiguration error and keyboard zoom that keeps the focused area in
// view. Screenshots go to packages/map/test/out/ for a person to look at.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientPoints,
  DIST,
  installEventLog,
  launchChromium,
  mapRect,
  pageHtml,
  squareAreas,
  startServer,
  type TestServer,
  waitForEvents,
  watchPage,
} from './harness.js';

const OUT = fileURLToPath(new URL('./out/', import.meta.url));
mkdirSync(OUT, { recursive: true });

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  // Ten squares west to east: names, shares 0.077 … 0.199, distances, a ward per five.
  const shares = [0.077, 0.09, 0.101, 0.12, 0.133, 0.15, 0.161, 0.175, 0.188, 0.199];
  server.put(
    '/row.geojson',
    JSON.stringify(
      squareAreas(
        shares.map((s, i) => ({
          area_code: `E0100000${i}`,
          area_name: `Stretford ${String.fromCharCode(65 + i)}`,
          ward_name: i < 5 ? 'Gorse Hill' : 'Longford',
          share: s,
          metres: 150 * (i + 1) ** 1.5,
          z: [3, 2.2, 1.8, 0.5, 0, -0.3, -1.7, -2.1, -2.7, 0.2][i],
          quad: [1, 1, 2, 0, 3, 3, 4, 0, 1, 3][i],
        })),
      ),
    ),
    { 'content-type': 'application/geo+json' },
  );
  server.put('/favicon.ico', new Uint8Array(0), { 'content-type': 'image/x-icon' });
  server.put('/postcodes.csv', 'pcds,lsoa21cd\nM32 0HT,E01000003\nM32 9AA,E01000008\n', {
    'content-type': 'text/csv',
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(
  body: string,
  headers: Record<string, string> = {},
  init?: () => void,
  viewport = { width: 900, height: 800 },
): Promise<{ page: Page; errors: string[]; violations: () => Promise<string[]> }> {
  const page = await browser.newPage({ viewport });
  const { errors } = watchPage(page);
  await installEventLog(page);
  await page.addInitScript(() => {
    const v: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = v;
    document.addEventListener(
      'securitypolicyviolation',
      (e) => v.push(`${e.violatedDirective} ${e.blockedURI.slice(0, 120)}`),
      true,
    );
  });
  if (init) await page.addInitScript(init);
  // The harness's data: favicon is itself an image img-src 'self' refuses: a same-origin one instead.
  const html = pageHtml(body).replace('href="data:,"', 'href="/favicon.ico"');
  const path = server.put(`/p${Math.random().toString(36).slice(2)}.html`, html, headers);
  await page.goto(path);
  return {
    page,
    errors,
    violations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp),
  };
}

const STRICT = { 'content-security-policy': "default-src 'self'" };

describe('strict Content-Security-Policy with no nonce', () => {
  it("draws the map styled (constructable stylesheets), with no CSP violation, under default-src 'self'", async () => {
    const { page, errors, violations } = await open(
      `<cohesion-map src="/row.geojson" value="share" format="percent" label="Share under a strict CSP"></cohesion-map>`,
      STRICT,
    );
    const [ready] = await waitForEvents(page, 'ready');
    expect(ready).toEqual({ areas: 10, renderer: 'webgl' });
    const styled = await page.evaluate(() => {
      const root = document.querySelector('cohesion-map')!.shadowRoot!;
      const sw = root.querySelector('.legend .sw')!;
      return {
        sheets: root.adoptedStyleSheets.length,
        styleElements: root.querySelectorAll('style').length,
        stage: getComputedStyle(root.querySelector('.stage')!).position,
        summary: getComputedStyle(root.querySelector('#sum')!).position,
        stageHeight: root.querySelector('.stage')!.getBoundingClientRect().height,
        swatch: getComputedStyle(sw).backgroundColor,
        maplibreCss: getComputedStyle(root.querySelector('.maplibregl-canvas-container, .maplibregl-map')!)
          .position,
      };
    });
    expect(styled.sheets).toBe(2); // the element's and MapLibre's
    expect(styled.styleElements).toBe(0);
    expect(styled.stage).toBe('relative');
    expect(styled.summary).toBe('absolute');
    expect(styled.stageHeight).toBe(420);
    expect(styled.swatch).not.toBe('rgba(0, 0, 0, 0)');
    expect(styled.maplibreCss).not.toBe('static');
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await page.screenshot({ path: `${OUT}csp-strict.png`, fullPage: true });
    await page.close();
  });

  it('says so (cohesion-map:error STYLE_BLOCKED and a visible message) when the styles are blocked anyway', async () => {
    // A browser without constructable stylesheets falls back to a <style> element, which this CSP blocks.
    const { page } = await open(
      `<cohesion-map src="/row.geojson" value="share" label="Blocked styles"></cohesion-map>`,
      STRICT,
      () => {
        delete (ShadowRoot.prototype as unknown as { adoptedStyleSheets?: unknown }).adoptedStyleSheets;
        Object.defineProperty(ShadowRoot.prototype, 'adoptedStyleSheets', { value: undefined });
        delete (CSSStyleSheet.prototype as unknown as { replaceSync?: unknown }).replaceSync;
      },
    );
    const [err] = (await waitForEvents(page, 'error')) as { code: string; message: string }[];
    expect(err!.code).toBe('STYLE_BLOCKED');
    const alert = page.locator('cohesion-map >> [role=alert]');
    expect(await alert.isVisible()).toBe(true);
    expect(await alert.textContent()).toMatch(/Content-Security-Policy blocked the map's styles.*csp-nonce/);
    // The visually hidden texts do not spill onto the page as plain text.
    expect(await page.locator('cohesion-map >> #sum').isVisible()).toBe(false);
    await page.screenshot({ path: `${OUT}csp-blocked.png`, fullPage: true });
    await page.close();
  });
});

describe('numbers for people', () => {
  it('format="percent" and value-label are used by the legend, table, tooltip and summary', async () => {
    const { page, errors } = await open(
      `<cohesion-map src="/row.geojson" value="share" format="percent" value-label="Share of residents who are Asian"
        scheme="equal" classes="3" label="Asian residents"></cohesion-map>`,
    );
    await waitForEvents(page, 'ready');
    const legend = await page.locator('cohesion-map >> [part=legend]').textContent();
    expect(legend).toContain('7.7% to');
    expect(legend).toContain('to 19.9%');
    expect(legend).not.toMatch(/0\.0\d/);
    await page.locator('cohesion-map >> summary').click();
    const head = await page.$$eval('cohesion-map >> thead th', (t) => t.map((x) => x.textContent));
    expect(head).toEqual(['Area code', 'Area name', 'Share of residents who are Asian', 'Class']);
    const cells = await page.$$eval('cohesion-map >> tbody td:nth-child(3)', (t) =>
      t.map((x) => x.textContent),
    );
    expect(cells.slice(0, 3)).toEqual(['7.7%', '9%', '10.1%']);
    const summary = await page.locator('cohesion-map >> #sum').textContent();
    expect(summary).toContain('Share of residents who are Asian from 7.7% to 19.9%');
    await page.locator('cohesion-map >> [part=map]').focus(); // keyboard focus lands on the first area
    await expect
      .poll(() => page.locator('cohesion-map >> [part=tooltip]').textContent())
      .toContain('Stretford A (E01000000). Share of residents who are Asian: 7.7%');
    expect(errors).toEqual([]);
    await page.screenshot({ path: `${OUT}format-percent.png`, fullPage: true });
    await page.close();
  });

  it('format="distance" writes metres and kilometres; locale formats them; a bad format is an error', async () => {
    const { page } = await open(
      `<cohesion-map src="/row.geojson" value="metres" format="distance" locale="de-DE" value-label="Entfernung"
        label="Distance"></cohesion-map>`,
    );
    await waitForEvents(page, 'ready');
    await page.locator('cohesion-map >> summary').click();
    const cells = await page.$$eval('cohesion-map >> tbody td:nth-child(3)', (t) =>
      t.map((x) => x.textContent),
    );
    expect(cells[0]).toBe('150 m');
    expect(cells[9]).toBe('4,7 km');
    await page.evaluate(() => document.querySelector('cohesion-map')!.setAttribute('format', 'furlongs'));
    const [err] = (await waitForEvents(page, 'error')) as { code: string; message: string }[];
    expect(err).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(err!.message).toContain('percent');
    await page.close();
  });
});

describe('finding your place', () => {
  it('search by keyboard: an area name, a ward, a postcode from the lookup file, and no match', async () => {
    const { page, errors } = await open(
      `<cohesion-map src="/row.geojson" value="share" search postcodes="/postcodes.csv" label="Find your area"></cohesion-map>`,
    );
    await waitForEvents(page, 'ready');
    // Tab from the page into the search box, type, Enter.
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(() => document.querySelector('cohesion-map')!.shadowRoot!.activeElement?.id),
    ).toBe('cm-q');
    await page.keyboard.type('stretford f');
    await page.keyboard.press('Enter');
    const [sel] = (await waitForEvents(page, 'select')) as { id: string }[];
    expect(sel!.id).toBe('E01000005');
    const status = page.locator('cohesion-map >> .search-status');
    await expect.poll(() => status.textContent()).toContain('Found Stretford F');
    expect(await page.locator('cohesion-map >> tr[aria-selected=true]').getAttribute('data-id')).toBe(
      'E01000005',
    );
    await page.screenshot({ path: `${OUT}search.png`, fullPage: true });

    await page.keyboard.press('Control+A');
    await page.keyboard.type('Longford');
    await page.keyboard.press('Enter');
    await expect.poll(() => status.textContent()).toContain('Found Longford ward: 5 areas');

    await page.keyboard.press('Control+A');
    await page.keyboard.type('m320ht');
    await page.keyboard.press('Enter');
    await expect.poll(() => status.textContent()).toContain('Found Stretford D (M32 0HT)');
    expect(
      await page.evaluate(
        () => (document.querySelector('cohesion-map') as unknown as { selected: string }).selected,
      ),
    ).toBe('E01000003');

    await page.keyboard.press('Control+A');
    await page.keyboard.type('Narnia');
    await page.keyboard.press('Enter');
    await expect.poll(() => status.textContent()).toBe('No area matches “Narnia”.');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('two maps with search on one page: each search landmark is named after its map', async () => {
    const { page, errors } = await open(
      `<cohesion-map src="/row.geojson" value="share" search label="Share of residents, 2021"></cohesion-map>
       <cohesion-map src="/row.geojson" value="share" search label="Share of residents, 2011"></cohesion-map>`,
    );
    await waitForEvents(page, 'ready');
    const names = await page.evaluate(() =>
      [...document.querySelectorAll('cohesion-map')].map((m) =>
        m.shadowRoot!.querySelector('[role=search]')!.getAttribute('aria-label'),
      ),
    );
    expect(names).toEqual([
      'Search the map: Share of residents, 2021',
      'Search the map: Share of residents, 2011',
    ]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keyboard zoom (+) keeps the focused area in view', async () => {
    const { page } = await open(
      `<cohesion-map src="/row.geojson" value="share" label="Zoom"></cohesion-map>`,
    );
    await waitForEvents(page, 'ready');
    await page.locator('cohesion-map >> [part=map]').focus();
    await page.keyboard.press('End'); // the easternmost square, at the map's edge
    for (let k = 0; k < 4; k++) await page.keyboard.press('+');
    const [p] = (await clientPoints(page, [[-2.255, 53.405]]))!;
    const r = await mapRect(page);
    expect(p!.x).toBeGreaterThan(r.x);
    expect(p!.x).toBeLessThan(r.x + r.width);
    expect(p!.y).toBeGreaterThan(r.y);
    expect(p!.y).toBeLessThan(r.y + r.height);
    await page.close();
  });
});

describe('place labels and the static map zoom', () => {
  it('labels areas with their names once they are large enough on screen, without overlaps', async () => {
    server.put(
      '/row40.geojson',
      JSON.stringify(
        squareAreas(
          Array.from({ length: 40 }, (_, i) => ({ area_code: `A${i}`, area_name: `Place ${i}`, v: i })),
        ),
      ),
    );
    const { page, errors } = await open(
      `<cohesion-map src="/row40.geojson" value="v" labels label="Labels"></cohesion-map>`,
    );
    await waitForEvents(page, 'ready');
    const labels = () => page.$$eval('cohesion-map >> .labels .place', (ls) => ls.map((l) => l.textContent));
    // 40 squares across the map: each ≈ 22 px, too small to carry a name.
    await page.waitForTimeout(200);
    expect(await labels()).toEqual([]);
    await page.locator('cohesion-map >> [part=map]').focus();
    for (let k = 0; k < 3; k++) await page.keyboard.press('+');
    await expect.poll(async () => (await labels()).length).toBeGreaterThan(1);
    const names = await labels();
    expect(names).toContain('Place 0'); // the focused area (first in reading order) stays in view, named
    const boxes = await page.$$eval('cohesion-map >> .labels .place', (ls) =>
      ls.map((l) => {
        const r = l.getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom];
      }),
    );
    for (let a = 0; a < boxes.length; a++)
      for (let b = a + 1; b < boxes.length; b++) {
        const [p, q] = [boxes[a]!, boxes[b]!];
        expect(p[0]! < q[2]! && p[2]! > q[0]! && p[1]! < q[3]! && p[3]! > q[1]!).toBe(false);
      }
    expect(errors).toEqual([]);
    await page.screenshot({ path: `${OUT}labels.png` });
    await page.close();
  });

  it('the static SVG map (renderer="svg", the report) zooms by keyboard and buttons, keeping the focused area in view', async () => {
    const { page, errors } = await open(
      `<cohesion-map src="/row.geojson" value="share" renderer="svg" labels label="Static"></cohesion-map>`,
    );
    await waitForEvents(page, 'ready');
    const viewBox = () => page.locator('cohesion-map >> svg.svg').getAttribute('viewBox');
    const fitted = await viewBox();
    await page.locator('cohesion-map >> [part=map]').focus();
    await page.keyboard.press('End');
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    const zoomed = (await viewBox())!.split(' ').map(Number);
    expect(zoomed[2]).toBeCloseTo(fitted!.split(' ').map(Number)[2]! / 4, 3);
    const [p] = (await clientPoints(page, [[-2.255, 53.405]]))!;
    const r = await mapRect(page);
    expect(p!.x).toBeGreaterThan(r.x);
    expect(p!.x).toBeLessThan(r.x + r.width);
    await expect.poll(async () => page.locator('cohesion-map >> .labels .place').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${OUT}svg-zoomed.png` });
    await page.locator('cohesion-map >> .zoombar button[aria-label="Zoom out"]').click();
    await page.locator('cohesion-map >> .zoombar button[aria-label="Zoom out"]').click();
    expect(await viewBox()).toBe(fitted);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('misconfigured layers', () => {
  it('a LISA layer without p-property is an error with a visible message, not a legend of "High-High (0)"', async () => {
    const { page } = await open(
      `<cohesion-map src="/row.geojson" value="quad" layer="hotspots" statistic="lisa" label="LISA"></cohesion-map>`,
    );
    const [err] = (await waitForEvents(page, 'error')) as { code: string; message: string }[];
    expect(err!.code).toBe('MISSING_PROPERTY');
    expect(err!.message).toContain('p-property');
    const alert = page.locator('cohesion-map >> [role=alert]');
    expect(await alert.isVisible()).toBe(true);
    expect(await page.locator('cohesion-map >> [part=legend]').textContent()).toBe('');
    await page.screenshot({ path: `${OUT}lisa-error.png`, fullPage: true });
    await page.close();
  });

  it('a composition hotspot layer speaks of clusters of high / low share, never hot or cold spots', async () => {
    const { page } = await open(
      `<cohesion-map src="/row.geojson" value="z" layer="hotspots" subject="composition" label="Clusters of share"></cohesion-map>`,
    );
    await waitForEvents(page, 'ready');
    const legend = await page.locator('cohesion-map >> [part=legend]').textContent();
    expect(legend).toContain('Cluster of high share, 99% confidence');
    expect(legend).not.toMatch(/hot|cold/i);
    await page.close();
  });
});

describe('dist/ to copy', () => {
  it('holds no source maps and points at none; they are built to dist-sourcemaps/ instead', () => {
    const files = readdirSync(DIST);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    for (const f of files.filter((x) => x.endsWith('.js') && !x.startsWith('maplibre')))
      expect(readFileSync(`${DIST}${f}`, 'utf8')).not.toMatch(/sourceMappingURL=/);
    expect(
      existsSync(fileURLToPath(new URL('../dist-sourcemaps/cohesion-map.js.map', import.meta.url))),
    ).toBe(true);
  });
});
