// Issue 7's requirements not proven elsewhere, in real headless Chromium: every attribute reflected,
// data-src with `join="area=csv"`, locale in table and tooltip, ::part and custom properties, the
// table sorted by keyboard, the CSV download, focus visible, the loading state, no IntersectionObserver,
// the "Show map" button by keyboard, basemap attribution (as text), hostile data under a strict CSP on
// the SVG renderer (and that the nonce is what lets the styles in), requests limited to the URLs named.
// Needs `pnpm run build` first (loads dist/).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FeatureCollection } from 'geojson';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  installEventLog,
  launchChromium,
  pageHtml,
  squareAreas,
  startServer,
  type TestServer,
  waitForEvents,
  watchPage,
} from './harness.js';

const XSS = '<img src=/evil.png onerror="window.__xss=1">';

/** `n` adjacent 0.01° squares near Trafford, coded A0…, named "Area i", with `v` = values[i]. */
function squares(values: (number | null)[], name = (i: number) => `Area ${i}`): FeatureCollection {
  return squareAreas(values.map((v, i) => ({ area_code: `A${i}`, area_name: name(i), v })));
}

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  server.put('/sq.geojson', JSON.stringify(squares([1234.5, 20, 300, 4000])));
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(
  body: string,
  opts: { head?: string; init?: () => void; headers?: Record<string, string> } = {},
): Promise<{ page: Page; errors: string[]; start: number; path: string }> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  const { errors } = watchPage(page);
  await installEventLog(page);
  if (opts.init) await page.addInitScript(opts.init);
  const path = `/a${Math.random().toString(36).slice(2)}.html`;
  const start = server.requests.length;
  await page.goto(server.put(path, pageHtml(body, opts.head), opts.headers));
  return { page, errors, start, path };
}

const tableColumn = (page: Page, c: number) =>
  page.$$eval(`cohesion-map >> tbody td:nth-child(${c})`, (tds) => tds.map((t) => t.textContent));

describe('attributes and properties', () => {
  it('every attribute the issue lists is observed and reflected to a camelCase property (get, set, remove)', async () => {
    const { page, errors } = await open('');
    const result = await page.evaluate(() => {
      const Ctor = customElements.get('cohesion-map') as unknown as { observedAttributes: string[] };
      const el = document.createElement('cohesion-map') as unknown as Record<string, unknown> & HTMLElement;
      const camel = (a: string) => a.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
      const strings = ['src', 'data-src', 'join', 'id-property', 'value', 'layer', 'scheme', 'breaks'];
      strings.push('palette', 'label', 'basemap', 'bounds', 'locale', 'csp-nonce');
      const out: Record<string, unknown> = { observed: Ctor.observedAttributes };
      for (const a of strings) {
        const p = camel(a);
        const before = el[p];
        el.setAttribute(a, `x-${a}`);
        const fromAttr = el[p];
        el[p] = `y-${a}`;
        const fromProp = el.getAttribute(a);
        el[p] = null;
        out[a] = [before, fromAttr, fromProp, el.hasAttribute(a)];
      }
      // Typed ones: classes (integer, default 5), interactive (boolean, default true).
      const classes: unknown[] = [el.classes];
      el.setAttribute('classes', '7');
      classes.push(el.classes);
      el.classes = 3;
      classes.push(el.getAttribute('classes'));
      const interactive: unknown[] = [el.interactive];
      el.setAttribute('interactive', 'false');
      interactive.push(el.interactive);
      el.interactive = true;
      interactive.push(el.getAttribute('interactive'), el.interactive);
      out.classes = classes;
      out.interactive = interactive;
      return out;
    });
    const listed = ['src', 'data-src', 'join', 'id-property', 'value', 'layer', 'scheme', 'classes'];
    listed.push('breaks', 'palette', 'label', 'basemap', 'bounds', 'interactive', 'locale', 'csp-nonce');
    for (const a of listed) expect(result.observed).toContain(a);
    for (const a of listed.filter((x) => x !== 'classes' && x !== 'interactive')) {
      expect(result[a], a).toEqual([null, `x-${a}`, `y-${a}`, false]);
    }
    expect(result.classes).toEqual([5, 7, '3']);
    expect(result.interactive).toEqual([true, false, 'true', true]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('data-src with join="area=csvColumn": CSV values by code, areas without a row are no data; locale formats table, tooltip and summary', async () => {
    server.put('/vals.csv', 'lsoa,score\nA2,12.5\nA0,0.25\nA3,98765\n', { 'content-type': 'text/csv' });
    const { page, errors, start, path } = await open(
      `<cohesion-map src="/sq.geojson" data-src="/vals.csv" join="area_code=lsoa" value="score"
        locale="de-DE" scheme="equal" classes="2" label="Scores"></cohesion-map>`,
    );
    const [ready] = await waitForEvents(page, 'ready');
    expect(ready).toEqual({ areas: 4, renderer: 'webgl' });
    expect(await tableColumn(page, 1)).toEqual(['A0', 'A1', 'A2', 'A3']);
    expect(await tableColumn(page, 3)).toEqual(['0,25', 'no data', '12,5', '98.765']);
    expect((await tableColumn(page, 4))[1]).toBe('No data');
    expect(await page.locator('cohesion-map >> [part=legend] .sw.hatch').count()).toBe(1);
    const summary = await page.locator('cohesion-map >> #sum').textContent();
    expect(summary).toContain('4 areas, values from 0,25 to 98.765');
    // Keyboard focus on the third area in reading order (all on one row: west to east).
    await page.locator('cohesion-map >> [part=map]').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => page.locator('cohesion-map >> [part=tooltip]').textContent())
      .toContain('Area 2 (A2): 12,5');
    // Events bubble out of the element and cross shadow boundaries.
    const flags = await page.evaluate(
      () =>
        new Promise<[boolean, boolean]>((resolve) => {
          const el = document.querySelector('cohesion-map')!;
          document.addEventListener('cohesion-map:select', (e) => resolve([e.bubbles, e.composed]), {
            once: true,
          });
          (el.shadowRoot!.querySelector('[part=map]') as HTMLElement).dispatchEvent(
            new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }),
          );
        }),
    );
    expect(flags).toEqual([true, true]);
    // Requests: the page, the element's files, and the two URLs its attributes name — once each.
    const served = server.requests.slice(start);
    expect(served.filter((p) => p !== path && !p.startsWith('/dist/')).sort()).toEqual([
      '/sq.geojson',
      '/vals.csv',
    ]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('rich objects as properties: data (FeatureCollection) and results keyed by code, with the hover detail shape', async () => {
    const { page, errors } = await open('<cohesion-map label="Set by script" renderer="svg"></cohesion-map>');
    await page.evaluate(
      (fc) => {
        const el = document.querySelector('cohesion-map') as unknown as { data: unknown; results: unknown };
        el.data = fc;
        el.results = { values: { A0: 5, A1: 6, A2: 7 }, headline: 'Headline from results' };
      },
      squares([null, null, null]),
    );
    await waitForEvents(page, 'ready');
    expect(await tableColumn(page, 3)).toEqual(['5', '6', '7']);
    expect(await page.locator('cohesion-map >> figcaption').textContent()).toContain('Headline from results');
    const box = await page.locator('cohesion-map >> svg path[data-index="1"]').boundingBox();
    await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2);
    const [hover] = await waitForEvents(page, 'hover');
    expect(hover).toEqual({ id: 'A1', name: 'Area 1', value: 6, class: expect.any(String) });
    expect(Object.keys(hover as object).sort()).toEqual(['class', 'id', 'name', 'value']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('without label: a console warning says it is required, and the map still has an accessible name', async () => {
    const page = await browser.newPage();
    const warnings: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
    });
    await installEventLog(page);
    await page.goto(
      server.put(
        '/nolabel.html',
        pageHtml('<cohesion-map src="/sq.geojson" value="v" renderer="svg"></cohesion-map>'),
      ),
    );
    await waitForEvents(page, 'ready');
    expect(warnings.some((w) => w.includes('set the label attribute'))).toBe(true);
    expect(await page.locator('cohesion-map >> [part=map]').getAttribute('aria-label')).toBe('Map of areas');
    await page.close();
  });
});

describe('theming', () => {
  it('::part(map|legend|table|tooltip) and the CSS custom properties style the shadow DOM from the page', async () => {
    const head = `<style>
      cohesion-map { --cohesion-map-height: 300px; --cohesion-map-focus: rgb(0, 128, 0); }
      cohesion-map::part(map) { cursor: crosshair; }
      cohesion-map::part(legend) { font-size: 11px; }
      cohesion-map::part(table) { font-size: 13px; }
      cohesion-map::part(tooltip) { background-color: rgb(1, 2, 3); color: rgb(250, 250, 250); }
    </style>`;
    const { page, errors } = await open(
      '<cohesion-map src="/sq.geojson" value="v" label="Themed" renderer="svg"></cohesion-map>',
      { head },
    );
    await waitForEvents(page, 'ready');
    await page.locator('cohesion-map >> [part=map]').focus();
    await page.keyboard.press('ArrowRight');
    const styles = await page.evaluate(() => {
      const root = document.querySelector('cohesion-map')!.shadowRoot!;
      const cs = (sel: string) => getComputedStyle(root.querySelector(sel)!);
      return {
        map: cs('[part=map]').cursor,
        legend: cs('[part=legend]').fontSize,
        table: cs('[part=table]').fontSize,
        tooltip: [cs('[part=tooltip]').backgroundColor, cs('[part=tooltip]').color],
        stage: (root.querySelector('.stage') as HTMLElement).getBoundingClientRect().height,
        focus: cs('[part=map]').outlineColor,
      };
    });
    expect(styles).toEqual({
      map: 'crosshair',
      legend: '11px',
      table: '13px',
      tooltip: ['rgb(1, 2, 3)', 'rgb(250, 250, 250)'],
      stage: 300,
      focus: 'rgb(0, 128, 0)',
    });
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('keyboard and screen readers', () => {
  it('focus is visible on the map; the tooltip is a polite live region; the summary is visually hidden', async () => {
    const { page, errors } = await open(
      '<a href="#x">before</a><cohesion-map src="/sq.geojson" value="v" label="Focus"></cohesion-map>',
    );
    await waitForEvents(page, 'ready');
    await page.locator('a').focus();
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const root = document.querySelector('cohesion-map')!.shadowRoot!;
      const m = root.activeElement as HTMLElement;
      const cs = getComputedStyle(m);
      const tip = root.querySelector('[part=tooltip]')!;
      const sum = root.querySelector('#sum')!.getBoundingClientRect();
      return {
        part: m.getAttribute('part'),
        outline: [cs.outlineStyle, cs.outlineWidth, cs.outlineColor],
        tip: [tip.getAttribute('role'), tip.getAttribute('aria-live'), tip.textContent],
        sum: [sum.width, sum.height],
      };
    });
    expect(focus.part).toBe('map');
    expect(focus.outline).toEqual(['solid', '3px', 'rgb(255, 221, 0)']);
    expect(focus.tip.slice(0, 2)).toEqual(['status', 'polite']);
    expect(focus.tip[2]).toMatch(/^Area 0 \(A0\): .*Area 1 of 4\.$/);
    expect(focus.sum).toEqual([1, 1]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the table sorts by keyboard: Enter on a header sets aria-sort ascending, again descending, focus kept', async () => {
    const { page, errors } = await open(
      '<cohesion-map src="/sq.geojson" value="v" label="Sorting" renderer="svg"></cohesion-map>',
    );
    await waitForEvents(page, 'ready');
    await page.locator('cohesion-map >> summary').focus();
    await page.keyboard.press('Enter'); // opens the table
    expect(await page.locator('cohesion-map >> details').getAttribute('open')).toBe('');
    await page.keyboard.press('Tab'); // first header: Area code
    await page.keyboard.press('Tab'); // Area name
    await page.keyboard.press('Tab'); // the value column
    const active = () =>
      page.evaluate(() => document.querySelector('cohesion-map')!.shadowRoot!.activeElement?.textContent);
    expect(await active()).toBe('v');
    const sorts = () =>
      page.$$eval('cohesion-map >> thead th', (ths) => ths.map((t) => t.getAttribute('aria-sort')));
    await page.keyboard.press('Enter');
    expect(await sorts()).toEqual([null, null, 'ascending', null]);
    expect(await tableColumn(page, 1)).toEqual(['A1', 'A2', 'A0', 'A3']); // 20, 300, 1234.5, 4000
    expect(await active()).toBe('v');
    await page.keyboard.press('Enter');
    expect(await sorts()).toEqual([null, null, 'descending', null]);
    expect(await tableColumn(page, 1)).toEqual(['A3', 'A0', 'A2', 'A1']);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press(' '); // Space on "Area name"
    expect(await sorts()).toEqual([null, 'ascending', null, null]);
    expect(await tableColumn(page, 2)).toEqual(['Area 0', 'Area 1', 'Area 2', 'Area 3']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('"Download data (CSV)" downloads the table as a file named from the label', async () => {
    const page = await browser.newPage({ acceptDownloads: true });
    await installEventLog(page);
    await page.goto(
      server.put(
        '/dl.html',
        pageHtml(
          '<cohesion-map src="/sq.geojson" value="v" label="Scores, 2024" renderer="svg"></cohesion-map>',
        ),
      ),
    );
    await waitForEvents(page, 'ready');
    await page.locator('cohesion-map >> summary').click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('cohesion-map >> button.download').click(),
    ]);
    expect(download.suggestedFilename()).toBe('Scores_2024.csv');
    const file = readFileSync((await download.path())!, 'utf8');
    const csv = await page.evaluate(() =>
      (document.querySelector('cohesion-map') as unknown as { toCsv(): string }).toCsv(),
    );
    expect(file).toBe(csv);
    expect(file.split('\r\n').slice(0, 2)).toEqual([
      'area_code,area_name,v,class',
      expect.stringMatching(/^A0,Area 0,1234.5,/),
    ]);
    await page.close();
  });
});

describe('loading', () => {
  it('shows a loading state (status text, aria-busy) until the data arrive', async () => {
    const page = await browser.newPage();
    await installEventLog(page);
    let release: () => void = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    await page.route('**/slow.geojson', async (route) => {
      await held;
      await route.fulfill({ body: JSON.stringify(squares([1, 2, 3])), contentType: 'application/geo+json' });
    });
    await page.goto(
      server.put(
        '/slow.html',
        pageHtml('<cohesion-map src="/slow.geojson" value="v" label="Slow"></cohesion-map>'),
      ),
    );
    await page.waitForFunction(
      () => document.querySelector('cohesion-map')?.getAttribute('aria-busy') === 'true',
    );
    // "Loading map data…", or "Loading map…" once MapLibre is being fetched alongside (on screen).
    const status = page.locator('cohesion-map >> .status');
    expect(await status.textContent()).toMatch(/^Loading map( data)?…$/);
    expect([await status.getAttribute('role'), await status.isVisible()]).toEqual(['status', true]);
    expect(await page.locator('cohesion-map >> tbody tr').count()).toBe(0);
    release();
    await waitForEvents(page, 'ready');
    expect(await page.locator('cohesion-map').getAttribute('aria-busy')).toBeNull();
    await page.close();
  });

  it('without IntersectionObserver the map loads at once, even far below the fold', async () => {
    const { page, errors, start } = await open(
      '<div style="height:5000px"></div><cohesion-map src="/sq.geojson" value="v" label="No IO"></cohesion-map>',
      { init: () => Reflect.deleteProperty(window, 'IntersectionObserver') },
    );
    expect(await page.evaluate(() => 'IntersectionObserver' in window)).toBe(false);
    const [ready] = await waitForEvents(page, 'ready');
    expect(ready).toEqual({ areas: 4, renderer: 'webgl' });
    expect(server.requests.slice(start).some((r) => r.endsWith('maplibre-gl.mjs'))).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('far below the fold, "Show map" is reachable by keyboard and Enter on it loads the map', async () => {
    const { page, errors, start } = await open(
      '<div style="height:5000px"></div><cohesion-map src="/sq.geojson" value="v" label="Lazy"></cohesion-map>',
    );
    const button = page.locator('cohesion-map >> button.show');
    await button.waitFor({ state: 'attached' });
    await page.waitForFunction(
      () =>
        !(document.querySelector('cohesion-map')!.shadowRoot!.querySelector('button.show') as HTMLElement)
          .hidden,
    );
    expect(await button.textContent()).toBe('Show map');
    expect(server.requests.slice(start).some((r) => r.endsWith('maplibre-gl.mjs'))).toBe(false);
    // Focus without scrolling, so the IntersectionObserver cannot be what starts the map.
    await page.evaluate(() =>
      (document.querySelector('cohesion-map')!.shadowRoot!.querySelector('button.show') as HTMLElement).focus(
        {
          preventScroll: true,
        },
      ),
    );
    expect(await page.evaluate(() => scrollY)).toBe(0);
    const ring = await page.evaluate(() => {
      const cs = getComputedStyle(document.querySelector('cohesion-map')!.shadowRoot!.activeElement!);
      return [cs.outlineStyle, cs.outlineWidth, cs.outlineColor];
    });
    expect(ring).toEqual(['solid', '3px', 'rgb(255, 221, 0)']); // focus visible on the button too
    await page.keyboard.press('Enter');
    const [ready] = await waitForEvents(page, 'ready');
    expect(ready).toEqual({ areas: 4, renderer: 'webgl' });
    expect(server.requests.slice(start).some((r) => r.endsWith('maplibre-gl.mjs'))).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('attribution', () => {
  it('is shown as text: the default ONS/OS statement, the attribute, and a basemap style’s source credits (HTML reduced to text)', async () => {
    const style = {
      version: 8,
      sources: {
        credits: {
          type: 'geojson',
          data: { type: 'FeatureCollection', features: [] },
          attribution: `<a href="https://example.org/copyright">© Test Tiles contributors</a> ${XSS}`,
        },
      },
      layers: [{ id: 'paper', type: 'background', paint: { 'background-color': '#eeeeee' } }],
    };
    server.put('/credit-style.json', JSON.stringify(style), { 'content-type': 'application/json' });
    const { page, errors } = await open(
      `<cohesion-map src="/sq.geojson" value="v" label="Credits" basemap="/credit-style.json"></cohesion-map>
       <cohesion-map src="/sq.geojson" value="v" label="Own" attribution="${XSS.replace(/"/g, '&quot;')} data"></cohesion-map>`,
    );
    await waitForEvents(page, 'ready', 2);
    const texts = await page.$$eval('cohesion-map', (els) =>
      els.map((e) => {
        const p = e.shadowRoot!.querySelector('.attribution') as HTMLElement;
        return { text: p.textContent, visible: p.offsetHeight > 0, children: p.children.length };
      }),
    );
    expect(texts[0]!.text).toMatch(/^Contains National Statistics data © Crown copyright/);
    expect(texts[0]!.text).toContain('© Test Tiles contributors');
    expect(texts[0]!.text).not.toContain('<a');
    expect(texts[1]!.text).toBe(`${XSS} data`);
    for (const t of texts) expect([t.visible, t.children]).toEqual([true, 0]);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(server.requests).not.toContain('/evil.png');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('security on the static (SVG) renderer', () => {
  const CSP =
    "default-src 'none'; script-src 'self'; style-src 'self' 'nonce-s3cr3t'; img-src 'self' data: blob:; " +
    "connect-src 'self'; worker-src 'self'";
  const hostile = squares([1, 2, 3], (i) => `${XSS} ${i}`);
  // A hostile property name too: it becomes the value column's header.
  for (const f of hostile.features) f.properties![XSS] = f.properties!.v;

  async function cspPage(nonce: string) {
    server.put('/hostile-svg.geojson', JSON.stringify(hostile));
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('dialog', (d) => {
      problems.push(`dialog ${d.message()}`);
      void d.dismiss();
    });
    await installEventLog(page);
    await page.addInitScript(() => {
      const v: string[] = [];
      (window as unknown as { __csp: string[] }).__csp = v;
      document.addEventListener('securitypolicyviolation', (e) => v.push(e.violatedDirective), true);
    });
    const value = XSS.replace(/"/g, '&quot;');
    await page.goto(
      server.put(
        `/csp-svg-${nonce || 'none'}.html`,
        pageHtml(
          `<cohesion-map src="/hostile-svg.geojson" value="${value}" renderer="svg" ${nonce ? `csp-nonce="${nonce}"` : ''}
            label="Hostile"></cohesion-map>`,
        ),
        { 'content-security-policy': CSP },
      ),
    );
    await waitForEvents(page, 'ready');
    return { page, problems };
  }

  it('with csp-nonce: styles apply with no violation, and names, the value header, tooltip and select detail stay text', async () => {
    const { page, problems } = await cspPage('s3cr3t');
    const box = await page.locator('cohesion-map >> svg path[data-index="1"]').boundingBox();
    await page.mouse.click(box!.x + box!.width / 2, box!.y + box!.height / 2);
    const [sel] = (await waitForEvents(page, 'select')) as { name: string }[];
    expect(sel!.name).toBe(`${XSS} 1`);
    await expect
      .poll(() => page.locator('cohesion-map >> [part=tooltip]').textContent())
      .toContain(`${XSS} 1`);
    expect(await page.locator('cohesion-map >> thead th').nth(2).textContent()).toBe(XSS);
    expect(await tableColumn(page, 2)).toEqual([0, 1, 2].map((i) => `${XSS} ${i}`));
    const state = await page.evaluate(() => ({
      xss: (window as unknown as { __xss?: number }).__xss,
      imgs: document.querySelector('cohesion-map')!.shadowRoot!.querySelectorAll('img').length,
      csp: (window as unknown as { __csp: string[] }).__csp,
      position: getComputedStyle(document.querySelector('cohesion-map')!.shadowRoot!.querySelector('.stage')!)
        .position,
    }));
    expect(state).toEqual({ xss: undefined, imgs: 0, csp: [], position: 'relative' });
    expect(problems).toEqual([]);
    expect(server.requests).not.toContain('/evil.png');
    await page.close();
  });

  it('without csp-nonce the same policy still lets the element’s styles in (constructable stylesheets, no <style>)', async () => {
    const { page } = await cspPage('');
    const state = await page.evaluate(() => ({
      csp: (window as unknown as { __csp: string[] }).__csp,
      position: getComputedStyle(document.querySelector('cohesion-map')!.shadowRoot!.querySelector('.stage')!)
        .position,
    }));
    expect(state.position).toBe('relative');
    expect(state.csp.filter((v) => v.startsWith('style-src'))).toEqual([]);
    await page.close();
  });
});

describe('axe-core in the other states', () => {
  const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const serious = async (page: Page) => {
    await page.addScriptTag({ content: axe });
    const v = await page.evaluate(async () => {
      const r = await (
        window as unknown as {
          axe: {
            run(
              d: Document,
            ): Promise<{ violations: { id: string; impact: string; nodes: { failureSummary: string }[] }[] }>;
          };
        }
      ).axe.run(document);
      return r.violations.map((x) => ({
        id: x.id,
        impact: x.impact,
        nodes: x.nodes.map((n) => n.failureSummary),
      }));
    });
    return v.filter((x) => x.impact === 'serious' || x.impact === 'critical');
  };

  it('no serious or critical violations: static SVG map with the table open, and the error state', async () => {
    const a = await open(
      '<cohesion-map src="/sq.geojson" value="v" label="Static" renderer="svg"></cohesion-map>',
    );
    await waitForEvents(a.page, 'ready');
    await a.page.locator('cohesion-map >> summary').click();
    expect(await serious(a.page)).toEqual([]);
    await a.page.close();
    const b = await open(
      '<cohesion-map src="/sq.geojson" value="no_such_column" label="Broken"></cohesion-map>',
    );
    const [err] = (await waitForEvents(b.page, 'error')) as { code: string }[];
    expect(err!.code).toBe('MISSING_PROPERTY');
    expect(await b.page.locator('cohesion-map >> [role=alert]').textContent()).toContain('no_such_column');
    expect(await serious(b.page)).toEqual([]);
    await b.page.close();
  });
});
