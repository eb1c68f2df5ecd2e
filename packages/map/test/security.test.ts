// XSS and CSP: data text is inserted as text only, the element runs under a strict
// Content-Security-Policy with a style nonce, and it requests nothing but the URLs its attributes name.
import type { FeatureCollection } from 'geojson';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  installEventLog,
  launchChromium,
  pageHtml,
  squareAreas,
  startServer,
  type TestServer,
  waitForEvents,
} from './harness.js';

const XSS = '<img src=x onerror="window.__xss=1">';

/** Three adjacent squares near Trafford with hostile names and property values. */
function hostileAreas(): FeatureCollection {
  return squareAreas(
    [0, 1, 2].map((i) => ({ area_code: `E0100000${i}`, area_name: `${XSS} ${i}`, score: i + 1 })),
  );
}

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'nonce-t3stn0nce'; img-src 'self' data: blob:; " +
  "connect-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'none'";

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

describe('<cohesion-map> security', () => {
  it('runs under a strict CSP (nonce styles, no inline script, no eval) and never executes data as HTML', async () => {
    server.put('/hostile.geojson', JSON.stringify(hostileAreas()), {
      'content-type': 'application/geo+json',
    });
    const body = `<cohesion-map src="/hostile.geojson" value="score" csp-nonce="t3stn0nce"
      label="${XSS.replace(/"/g, '&quot;')} label" headline="${XSS.replace(/"/g, '&quot;')} headline"
      scheme="equal" classes="3"></cohesion-map>`;
    const path = server.put('/csp.html', pageHtml(body), { 'content-security-policy': CSP });
    const page = await browser.newPage({ viewport: { width: 900, height: 800 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy|Refused/.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('request', (r) => requests.push(r.url()));
    await installEventLog(page);
    await page.addInitScript(() => {
      const v: string[] = [];
      (window as unknown as { __csp: string[] }).__csp = v;
      document.addEventListener(
        'securitypolicyviolation',
        (e) => v.push(`${e.violatedDirective} ${e.blockedURI}`),
        true,
      );
    });
    const start = server.requests.length;
    await page.goto(path);
    const [ready] = await waitForEvents(page, 'ready');
    expect(ready).toEqual({ areas: 3, renderer: 'webgl' });

    // Hover the middle square: the tooltip shows the hostile name as text.
    const pt = await page.evaluate(() =>
      (
        document.querySelector('cohesion-map') as unknown as {
          clientPoint(a: number, b: number): { x: number; y: number };
        }
      ).clientPoint(-2.335, 53.405),
    );
    await page.mouse.move(pt.x, pt.y);
    const tip = page.locator('cohesion-map >> [part=tooltip]');
    await expect.poll(() => tip.textContent()).toContain(`${XSS} 1`);
    await page.locator('cohesion-map >> summary').click();
    const cells = await page.$$eval('cohesion-map >> tbody td:nth-child(2)', (tds) =>
      tds.map((t) => t.textContent),
    );
    expect(cells).toEqual([0, 1, 2].map((i) => `${XSS} ${i}`));
    const caption = await page.locator('cohesion-map >> figcaption').textContent();
    expect(caption).toContain(`${XSS} label`);
    expect(caption).toContain(`${XSS} headline`);
    const legend = await page.locator('cohesion-map >> [part=legend]').textContent();
    expect(legend).toContain('1 to 1.67');

    // Nothing parsed as HTML, nothing executed.
    const state = await page.evaluate(() => ({
      xss: (window as unknown as { __xss?: number }).__xss,
      imgs: document.querySelector('cohesion-map')!.shadowRoot!.querySelectorAll('img').length,
      docImgs: document.querySelectorAll('img').length,
      csp: (window as unknown as { __csp: string[] }).__csp,
      styled: getComputedStyle(document.querySelector('cohesion-map')!.shadowRoot!.querySelector('.stage')!)
        .position,
    }));
    expect(state).toEqual({ xss: undefined, imgs: 0, docImgs: 0, csp: [], styled: 'relative' });
    expect(problems).toEqual([]);

    // Only the page, the element's own files and the URL in src were requested (no basemap, tiles,
    // glyphs or sprites): as the browser reports them, and as the server saw them (worker fetches too).
    const origin = server.origin;
    for (const u of requests) {
      const url = new URL(u);
      if (url.protocol === 'data:' || url.protocol === 'blob:') continue;
      expect(url.origin).toBe(origin);
      expect(
        url.pathname === '/csp.html' ||
          url.pathname === '/hostile.geojson' ||
          url.pathname.startsWith('/dist/'),
      ).toBe(true);
    }
    const served = server.requests.slice(start);
    expect(
      served.filter((p) => p !== '/csp.html' && p !== '/hostile.geojson' && !p.startsWith('/dist/')),
    ).toEqual([]);
    expect(served.filter((p) => p === '/hostile.geojson')).toHaveLength(1);
    await page.close();
  });

  it('neutralises spreadsheet formulas in the CSV download', async () => {
    const fc = hostileAreas();
    fc.features[0]!.properties!.area_name = '=HYPERLINK("http://evil","x")';
    server.put('/formula.geojson', JSON.stringify(fc), { 'content-type': 'application/geo+json' });
    const page = await browser.newPage();
    await installEventLog(page);
    await page.goto(
      server.put(
        '/formula.html',
        pageHtml('<cohesion-map src="/formula.geojson" value="score" label="Formula"></cohesion-map>'),
      ),
    );
    await page.waitForFunction(() =>
      document.querySelector('cohesion-map')?.shadowRoot?.querySelector('tbody tr'),
    );
    const csv = await page.evaluate(() =>
      (document.querySelector('cohesion-map') as unknown as { toCsv(): string }).toCsv(),
    );
    expect(csv.split('\r\n')[1]).toBe('E01000000,"\'=HYPERLINK(""http://evil"",""x"")",1,1 to 1'); // three distinct values: ckmeans gives three classes, the first is [1, 1]
    await page.close();
  });
});
