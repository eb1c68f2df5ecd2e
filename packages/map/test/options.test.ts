// The view options of <cohesion-map> in real headless Chromium: interactive="false", bounds and
// basemap (a MapLibre style URL). Needs `pnpm run build` first (loads dist/). One page per group.
import { readFileSync } from 'node:fs';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientPoints,
  insidePoint,
  installEventLog,
  launchChromium,
  mapRect,
  pageHtml,
  REPO_DATA,
  screenPixels,
  squareAreas,
  startServer,
  type TestServer,
  waitForEvents,
  watchPage,
} from './harness.js';

const TRAFFORD = '/data/trafford/lsoa21_boundaries_generalised.geojson';
const TRAFFORD_CSV = '/data/trafford/ethnicity_2021_lsoa_wide.csv';
const boundaries = JSON.parse(
  readFileSync(`${REPO_DATA}trafford/lsoa21_boundaries_generalised.geojson`, 'utf8'),
) as FeatureCollection;
const codes = boundaries.features.map((f) => f.properties!.area_code as string);
/** A point well inside each area (its first polygon), computed here independently of the element. */
const inside = boundaries.features.map((f) => insidePoint((f.geometry as MultiPolygon).coordinates[0]![0]!));
const STAGE_BACKGROUND = 'rgb(243, 242, 241)'; // --cohesion-map-canvas default

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

const trafford = (extra = '') =>
  `<cohesion-map src="${TRAFFORD}" data-src="${TRAFFORD_CSV}" join="area_code" value="total_usual_residents"
    label="Usual residents, Trafford LSOAs, Census 2021" ${extra}></cohesion-map>`;

/** Opens a page holding `body`; `path` is its server path, `start` the server's request count before it. */
async function open(body: string): Promise<{ page: Page; errors: string[]; path: string; start: number }> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  const { errors } = watchPage(page);
  await installEventLog(page);
  const path = `/o${Math.random().toString(36).slice(2)}.html`;
  const start = server.requests.length;
  await page.goto(server.put(path, pageHtml(body)));
  return { page, errors, path, start };
}

/** Events of `type` logged so far (installEventLog). */
const logged = (page: Page, type: string): Promise<unknown[]> =>
  page.evaluate(
    (t) =>
      (window as unknown as { __events: { type: string; detail: unknown }[] }).__events
        .filter((e) => e.type === t)
        .map((e) => e.detail),
    type,
  );

/** Waits for `n` animation frames, so anything a gesture set off has been drawn. */
const frames = (page: Page, n = 3): Promise<void> =>
  page.evaluate(
    (k) =>
      new Promise<void>((resolve) => {
        const step = (i: number) => (i === 0 ? resolve() : requestAnimationFrame(() => step(i - 1)));
        step(k);
      }),
    n,
  );

/** A slow mouse drag that pauses before release, so MapLibre adds no inertia. */
async function drag(page: Page, x: number, y: number, dx: number, dy: number): Promise<void> {
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx, y + dy, { steps: 12 });
  await page.waitForTimeout(250);
  await page.mouse.up();
}

/** Area code → the legend swatch colour of its class (from the element's table and legend). */
function classColours(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const root = document.querySelector('cohesion-map')!.shadowRoot!;
    const swatch = new Map(
      [...root.querySelectorAll('[part=legend] li')].map((li) => [
        li.children[1]!.textContent,
        getComputedStyle(li.querySelector('.sw')!).backgroundColor,
      ]),
    );
    return Object.fromEntries(
      [...root.querySelectorAll('tbody tr')].map((tr) => [
        (tr as HTMLElement).dataset.id,
        swatch.get((tr as HTMLTableRowElement).cells[3]!.textContent) ?? '',
      ]),
    );
  });
}

const rgbText = (c: [number, number, number]) => `rgb(${c.join(', ')})`;
const near = (a: [number, number, number], css: string, tol = 2) => {
  const b = css.match(/\d+/g)!.map(Number);
  return a.every((v, k) => Math.abs(v - b[k]!) <= tol);
};

/** Indices of the areas whose inside point is drawn within the map's rectangle. */
async function visibleAreas(page: Page): Promise<number[]> {
  const r = await mapRect(page);
  const pts = (await clientPoints(page, inside))!;
  return pts.flatMap((p, i) =>
    p.x >= r.x && p.x <= r.x + r.width && p.y >= r.y && p.y <= r.y + r.height ? [i] : [],
  );
}

/** Share of `areas` whose pixel at their inside point has their class colour. */
async function colourMatch(page: Page, areas: number[]): Promise<number> {
  const colours = await classColours(page);
  const pts = (await clientPoints(
    page,
    areas.map((i) => inside[i]!),
  ))!;
  const { at } = await screenPixels(page, pts);
  return at.filter((c, k) => near(c, colours[codes[areas[k]!]!]!)).length / areas.length;
}

describe('interactive="false"', () => {
  let page: Page;
  let errors: string[];
  const zoomButtons = () => page.locator('cohesion-map >> .maplibregl-ctrl-zoom-in').count();
  // Two fixed places in Trafford: their projection is the map's view.
  const probe: [number, number][] = [
    [-2.36, 53.42],
    [-2.3, 53.45],
  ];

  beforeAll(async () => {
    ({ page, errors } = await open(`<a href="#before">before</a>${trafford('interactive="false"')}`));
    await waitForEvents(page, 'ready');
  });
  afterAll(async () => {
    await page?.close();
  });

  it('has no zoom control; drag, wheel and double-click leave the view and its pixels unchanged', async () => {
    expect(await zoomButtons()).toBe(0);
    const r = await mapRect(page);
    const some = codes.map((_, i) => i).filter((i) => i % 7 === 0);
    const pts = (await clientPoints(
      page,
      some.map((i) => inside[i]!),
    ))!;
    const view = await clientPoints(page, probe);
    const before = await screenPixels(page, pts);
    // The same areas are drawn in their class colours before the gestures (a real map, not blank).
    expect(await colourMatch(page, some)).toBeGreaterThan(0.85);

    const cx = r.x + r.width / 2;
    const cy = r.y + r.height / 2;
    await drag(page, cx, cy, 150, 80);
    await page.mouse.move(cx, cy);
    await page.mouse.wheel(0, -600);
    await page.mouse.dblclick(cx - 100, cy);
    await page.waitForTimeout(800); // longer than MapLibre's wheel and double-click zoom animations
    await frames(page);

    expect(await clientPoints(page, probe)).toEqual(view);
    const after = await screenPixels(page, pts);
    expect(after.at).toEqual(before.at);
    // With no basemap the stage's CSS background shows through the transparent canvas.
    const corner = await screenPixels(page, [{ x: r.x + 4, y: r.y + r.height - 4 }]);
    expect(rgbText(corner.at[0]!)).toBe(STAGE_BACKGROUND);
    expect(errors).toEqual([]);
  });

  it('a click on an area neither selects it nor fires select, and hovering shows no tooltip', async () => {
    const i = codes.indexOf('E01006074');
    const [pt] = (await clientPoints(page, [inside[i]!]))!;
    await page.mouse.move(pt!.x, pt!.y);
    await page.mouse.click(pt!.x, pt!.y);
    await frames(page);
    // MapLibre fires its click synchronously from the DOM event: had it selected, the log would show it.
    expect(await logged(page, 'select')).toEqual([]);
    expect(await logged(page, 'hover')).toEqual([]);
    expect(await page.locator('cohesion-map >> [part=tooltip]').isHidden()).toBe(true);
    expect(await page.locator('cohesion-map >> tr[aria-selected=true]').count()).toBe(0);
    expect(
      await page.evaluate(
        () => (document.querySelector('cohesion-map') as unknown as { selected: unknown }).selected,
      ),
    ).toBeNull();
  });

  it('keyboard still works: Tab, arrows and Enter select and fire select; +/- do not zoom; table and summary remain', async () => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.locator('a[href="#before"]').focus();
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(() =>
        document.querySelector('cohesion-map')!.shadowRoot!.activeElement?.getAttribute('part'),
      ),
    ).toBe('map');
    const tip = page.locator('cohesion-map >> [part=tooltip]');
    const code = async () => /\((E\d{8})\)/.exec((await tip.textContent()) ?? '')?.[1];
    expect(await tip.textContent()).toContain('Area 1 of 139');
    const first = await code();
    await page.keyboard.press('ArrowRight');
    const second = await code();
    expect(second).toMatch(/^E01/);
    expect(second).not.toBe(first);
    await page.keyboard.press('Enter');
    const [sel] = (await waitForEvents(page, 'select')) as { id: string; name: string; value: number }[];
    expect(sel?.id).toBe(second);
    expect(sel?.name).toBe(boundaries.features[codes.indexOf(second!)]!.properties!.area_name);
    expect(await page.locator('cohesion-map >> tr[aria-selected=true]').getAttribute('data-id')).toBe(second);

    const view = await clientPoints(page, probe);
    await page.keyboard.press('+');
    await page.keyboard.press('-');
    await page.keyboard.press('-');
    await page.waitForTimeout(600);
    await frames(page);
    expect(await clientPoints(page, probe)).toEqual(view);

    expect(await page.locator('cohesion-map >> tbody tr').count()).toBe(139);
    const summary = await page.locator('cohesion-map >> #sum').textContent();
    expect(summary).toContain('Usual residents, Trafford LSOAs, Census 2021. 139 areas');
    expect(await page.locator('cohesion-map >> [part=map]').getAttribute('aria-describedby')).toBe(
      'sum help',
    );
    await page.keyboard.press('Escape');
    expect(errors).toEqual([]);
  });

  it('el.interactive = true remakes the map (same view) with zoom buttons, drag and click; false again turns them off', async () => {
    const ready = (await logged(page, 'ready')).length;
    const view = (await clientPoints(page, probe))!;
    await page.evaluate(() => {
      (document.querySelector('cohesion-map') as unknown as { interactive: boolean }).interactive = true;
    });
    await waitForEvents(page, 'ready', ready + 1);
    expect(await page.locator('cohesion-map').getAttribute('interactive')).toBe('true');
    expect(await zoomButtons()).toBe(1);
    const kept = (await clientPoints(page, probe))!;
    for (const [k, p] of kept.entries()) {
      expect(p.x).toBeCloseTo(view[k]!.x, 0);
      expect(p.y).toBeCloseTo(view[k]!.y, 0);
    }

    // The drag that did nothing above now pans the map by the mouse's movement.
    const r = await mapRect(page);
    await drag(page, r.x + r.width / 2, r.y + r.height / 2, 150, 80);
    await frames(page);
    const moved = (await clientPoints(page, probe))!;
    expect(Math.abs(moved[0]!.x - kept[0]!.x - 150)).toBeLessThan(3);
    expect(Math.abs(moved[0]!.y - kept[0]!.y - 80)).toBeLessThan(3);

    const sels = (await logged(page, 'select')).length;
    const [pt] = (await clientPoints(page, [inside[codes.indexOf('E01006074')]!]))!;
    await page.mouse.click(pt!.x, pt!.y);
    const all = (await waitForEvents(page, 'select', sels + 1)) as { id: string }[];
    expect(all[sels]?.id).toBe('E01006074');

    await page.evaluate(() => {
      (document.querySelector('cohesion-map') as unknown as { interactive: boolean }).interactive = false;
    });
    await waitForEvents(page, 'ready', ready + 2);
    expect(await zoomButtons()).toBe(0);
    const still = (await clientPoints(page, probe))!;
    await drag(page, r.x + r.width / 2, r.y + r.height / 2, -120, 60);
    await page.waitForTimeout(300);
    await frames(page);
    expect(await clientPoints(page, probe)).toEqual(still);
    expect(errors).toEqual([]);
  }, 120_000);
});

describe('bounds (on a non-interactive map)', () => {
  let page: Page;
  let errors: string[];
  // A small box over Sale, well inside Trafford (about a sixth of its width).
  const BOX: [number, number, number, number] = [-2.34, 53.415, -2.3, 53.435];
  const inBox = inside.flatMap(([x, y], i) =>
    x > BOX[0] && x < BOX[2] && y > BOX[1] && y < BOX[3] ? [i] : [],
  );
  /** How much of the map the box spans on its fuller axis (1 = edge to edge inside the 16 px padding). */
  async function boxFill(): Promise<number> {
    const r = await mapRect(page);
    const [sw, ne] = (await clientPoints(page, [
      [BOX[0], BOX[1]],
      [BOX[2], BOX[3]],
    ]))!;
    return Math.max((ne!.x - sw!.x) / (r.width - 32), (sw!.y - ne!.y) / (r.height - 32));
  }

  beforeAll(async () => {
    ({ page, errors } = await open(trafford(`bounds="${BOX.join(',')}" interactive="false"`)));
    await waitForEvents(page, 'ready');
  });
  afterAll(async () => {
    await page?.close();
  });

  it('the initial view is the box: it fills the map, its areas are drawn, most of Trafford is outside', async () => {
    expect(inBox.length).toBeGreaterThanOrEqual(5);
    const r = await mapRect(page);
    const [sw, ne] = (await clientPoints(page, [
      [BOX[0], BOX[1]],
      [BOX[2], BOX[3]],
    ]))!;
    for (const p of [sw!, ne!]) {
      expect(p.x).toBeGreaterThanOrEqual(r.x + 15);
      expect(p.x).toBeLessThanOrEqual(r.x + r.width - 15);
      expect(p.y).toBeGreaterThanOrEqual(r.y + 15);
      expect(p.y).toBeLessThanOrEqual(r.y + r.height - 15);
    }
    expect(await boxFill()).toBeCloseTo(1, 1);

    const visible = await visibleAreas(page);
    for (const i of inBox) expect(visible).toContain(i);
    expect(visible.length).toBeLessThan(139 / 3);
    // The visible areas are really drawn there, in their class colours.
    expect(await colourMatch(page, visible)).toBeGreaterThan(0.9);
    expect(errors).toEqual([]);
  });

  it('keyboard focus on an area outside the fixed view keeps the view and shows its tooltip inside the stage', async () => {
    const view = await boxFill();
    await page.locator('cohesion-map >> [part=map]').focus(); // keyboard-style focus: the first area
    const tip = page.locator('cohesion-map >> [part=tooltip]');
    await page.keyboard.press('End');
    const code = /\((E\d{8})\)/.exec((await tip.textContent()) ?? '')?.[1];
    expect(await tip.textContent()).toContain('Area 139 of 139');
    const i = codes.indexOf(code!);
    expect(await visibleAreas(page)).not.toContain(i);
    expect(await boxFill()).toBe(view);
    const stage = await page.locator('cohesion-map >> .stage').boundingBox();
    const box = await tip.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(stage!.x);
    expect(box!.y).toBeGreaterThanOrEqual(stage!.y);
    expect(box!.x + box!.width).toBeLessThanOrEqual(stage!.x + stage!.width);
    expect(box!.y + box!.height).toBeLessThanOrEqual(stage!.y + stage!.height);
    await page.keyboard.press('Escape');
    expect(errors).toEqual([]);
  });

  it('invalid bounds are an INVALID_ARGUMENT error naming the attribute; removing it shows the whole data extent; a new box re-fits', async () => {
    const bad = [
      '-2.34,53.415,-2.3', // three numbers
      'west,53.415,-2.3,53.435', // not a number
      '-2.3,53.415,-2.34,53.435', // west > east
      '-2.34,53.415,-2.3,91', // latitude out of range
      '-2.34,53.435,-2.3,53.415', // south > north
    ];
    for (const b of bad) {
      const n = (await logged(page, 'error')).length;
      await page.evaluate((v) => document.querySelector('cohesion-map')!.setAttribute('bounds', v), b);
      const all = (await waitForEvents(page, 'error', n + 1)) as { code: string; message: string }[];
      expect(all[n]?.code).toBe('INVALID_ARGUMENT');
      expect(all[n]?.message).toContain(`bounds="${b}"`);
      expect(await page.locator('cohesion-map >> [role=alert]').textContent()).toContain(
        '(INVALID_ARGUMENT)',
      );
      expect(await page.locator('cohesion-map >> tbody tr').count()).toBe(0);
    }

    const ready = (await logged(page, 'ready')).length;
    await page.evaluate(() => document.querySelector('cohesion-map')!.removeAttribute('bounds'));
    await waitForEvents(page, 'ready', ready + 1);
    expect(await page.locator('cohesion-map >> tbody tr').count()).toBe(139);
    expect(await page.locator('cohesion-map >> [part=map]').isVisible()).toBe(true);
    // The data extent: every area is in view and the box is a small part of the map.
    expect(await visibleAreas(page)).toHaveLength(139);
    expect(await boxFill()).toBeLessThan(0.4);

    await page.evaluate(
      (v) => document.querySelector('cohesion-map')!.setAttribute('bounds', v),
      BOX.join(' '),
    );
    await waitForEvents(page, 'ready', ready + 2);
    expect(await boxFill()).toBeCloseTo(1, 1);
    expect((await visibleAreas(page)).length).toBeLessThan(139 / 3);
    expect(errors).toEqual([]);
  });
});

describe('basemap', () => {
  const MAGENTA = '#ff00ff';
  const style = {
    version: 8,
    sources: {},
    layers: [{ id: 'paper', type: 'background', paint: { 'background-color': MAGENTA } }],
  };

  it('loads the style URL (the only extra request); its background shows around the areas, which draw on top in legend colours', async () => {
    server.put('/basemap-style.json', JSON.stringify(style));
    const { page, errors, path, start } = await open(trafford('basemap="/basemap-style.json"'));
    await waitForEvents(page, 'ready');
    const requests = server.requests.slice(start);
    expect(requests.filter((r) => r === '/basemap-style.json')).toHaveLength(1);
    const allowed = new Set([path, TRAFFORD, TRAFFORD_CSV, '/basemap-style.json']);
    expect(requests.filter((r) => !allowed.has(r) && !r.startsWith('/dist/'))).toEqual([]);

    const r = await mapRect(page);
    const swatches = await page.$$eval('cohesion-map >> [part=legend] .sw', (s) =>
      s.map((e) => getComputedStyle(e).backgroundColor),
    );
    const corner = { x: r.x + 4, y: r.y + r.height - 4 };
    const { at, counts } = await screenPixels(page, [corner], r, [MAGENTA, ...swatches]);
    expect(rgbText(at[0]!)).toBe('rgb(255, 0, 255)');
    // Trafford is taller than wide, so the map's sides are basemap: well over a fifth of the pixels.
    expect(counts[0]!).toBeGreaterThan(0.2 * r.width * r.height);
    for (const n of counts.slice(1)) expect(n).toBeGreaterThan(30);
    expect(
      await colourMatch(
        page,
        codes.map((_, i) => i),
      ),
    ).toBeGreaterThan(0.85);

    // A style URL that 404s: an error event naming it, then the areas on the plain stage, not a blank map.
    const ready = (await logged(page, 'ready')).length;
    await page.evaluate(() =>
      document.querySelector('cohesion-map')!.setAttribute('basemap', '/no-such-style.json'),
    );
    const [err] = (await waitForEvents(page, 'error')) as {
      code: string;
      message: string;
      detail: { source: string; status: number };
    }[];
    expect(err?.code).toBe('READ_FAILED');
    expect(err?.message).toContain('basemap style /no-such-style.json');
    expect(err?.detail).toEqual({ source: '/no-such-style.json', status: 404 });
    await waitForEvents(page, 'ready', ready + 1);
    expect(server.requests.slice(start)).toContain('/no-such-style.json');
    const fallback = await screenPixels(page, [corner], r, [MAGENTA, ...swatches]);
    expect(rgbText(fallback.at[0]!)).toBe(STAGE_BACKGROUND);
    expect(fallback.counts[0]).toBe(0);
    for (const n of fallback.counts.slice(1)) expect(n).toBeGreaterThan(30);
    expect(await page.locator('cohesion-map >> tbody tr').count()).toBe(139);
    expect(await page.locator('cohesion-map >> .placeholder').isHidden()).toBe(true);
    expect(
      await page.evaluate(
        () => (document.querySelector('cohesion-map') as unknown as { error: unknown }).error,
      ),
    ).toBeUndefined();

    // A style that loads but is not a valid MapLibre style (version 7): the same fallback.
    server.put('/bad-style.json', JSON.stringify({ ...style, version: 7 }));
    await page.evaluate(() =>
      document.querySelector('cohesion-map')!.setAttribute('basemap', '/bad-style.json'),
    );
    const errs = (await waitForEvents(page, 'error', 2)) as { code: string; message: string }[];
    expect(errs).toHaveLength(2);
    expect(errs[1]?.code).toBe('READ_FAILED');
    expect(errs[1]?.message).toContain('basemap style /bad-style.json');
    expect(errs[1]?.message).toContain('version');
    await waitForEvents(page, 'ready', ready + 2);
    const invalid = await screenPixels(page, [corner], r, [MAGENTA, ...swatches]);
    expect(rgbText(invalid.at[0]!)).toBe(STAGE_BACKGROUND);
    expect(invalid.counts[0]).toBe(0);
    for (const n of invalid.counts.slice(1)) expect(n).toBeGreaterThan(30);
    // The only console error is the browser's own report of the 404.
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
    await page.close();
  }, 120_000);

  it('a basemap style asking for the globe projection still shows the areas in place (the map stays in Mercator)', async () => {
    server.put('/globe-style.json', JSON.stringify({ ...style, projection: { type: 'globe' } }));
    const { page, errors } = await open(trafford('basemap="/globe-style.json"'));
    await waitForEvents(page, 'ready');
    expect(
      await colourMatch(
        page,
        codes.map((_, i) => i),
      ),
    ).toBeGreaterThan(0.85);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a basemap that 404s on first load still draws the areas after a clear error event', async () => {
    const areas = squareAreas([0, 1, 2].map((i) => ({ area_code: `A${i}`, area_name: `Area ${i}`, v: i })));
    server.put('/three.geojson', JSON.stringify(areas));
    const { page, errors } = await open(
      `<cohesion-map src="/three.geojson" value="v" basemap="/missing/style.json" label="Three squares"></cohesion-map>`,
    );
    const [err] = (await waitForEvents(page, 'error')) as { code: string; message: string }[];
    expect(err?.code).toBe('READ_FAILED');
    expect(err?.message).toContain('/missing/style.json');
    const [ready] = await waitForEvents(page, 'ready');
    expect(ready).toEqual({ areas: 3, renderer: 'webgl' });
    const r = await mapRect(page);
    const swatches = await page.$$eval('cohesion-map >> [part=legend] .sw', (s) =>
      s.map((e) => getComputedStyle(e).backgroundColor),
    );
    const { counts } = await screenPixels(page, [], r, swatches);
    expect(swatches).toHaveLength(3);
    for (const n of counts) expect(n).toBeGreaterThan(1000);
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
    await page.close();
  });
});
