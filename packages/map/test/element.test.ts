// <cohesion-map> in real headless Chromium: rendering, legend pixels, picking, keyboard, table,
// re-rendering, error and no-WebGL states, axe-core. Needs `pnpm run build` first (loads dist/).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { classifyValues } from '@cohesion/geo';
import type { FeatureCollection, Position } from 'geojson';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LISA_COLOURS, sequentialColours } from '../src/palettes.js';
import {
  clientPoints,
  insidePoint,
  installEventLog,
  launchChromium,
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

/** The Trafford CSV parsed in Node (independently of the element), keyed by LSOA code. */
function csvColumn(column: string): Map<string, number> {
  const lines = readFileSync(`${REPO_DATA}trafford/ethnicity_2021_lsoa_wide.csv`, 'utf8')
    .trim()
    .split(/\r?\n/);
  // Header has quoted names with commas; find the column by parsing the header properly.
  const header = lines[0]!
    .match(/("([^"]|"")*"|[^,]*)(,|$)/g)!
    .map((h) => h.replace(/,$/, '').replace(/^"|"$/g, ''));
  const j = header.indexOf(column);
  const out = new Map<string, number>();
  for (const line of lines.slice(1)) {
    const cells = line.split(','); // data rows hold no quoted commas
    out.set(cells[0]!, Number(cells[j]));
  }
  return out;
}

let server: TestServer;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(body: string, init?: () => void): Promise<Page> {
  page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  errors = watchPage(page).errors;
  await installEventLog(page);
  if (init) await page.addInitScript(init);
  const path = `/p${Math.random().toString(36).slice(2)}.html`;
  await page.goto(server.put(path, pageHtml(body)));
  return page;
}

afterEach(async (ctx) => {
  if (!shared) await page?.close();
  void ctx;
});
let shared = false;

const trafford = (extra = '') =>
  `<cohesion-map src="${TRAFFORD}" data-src="${TRAFFORD_CSV}" join="area_code" value="total_usual_residents"
    label="Usual residents, Trafford LSOAs, Census 2021" ${extra}></cohesion-map>`;

describe('<cohesion-map> choropleth on Trafford LSOAs', () => {
  // One page for the whole group (SwiftShader is slow to start); tests run in order on it.
  beforeAll(async () => {
    shared = true;
    await open(`<h1>Community cohesion</h1><a href="#before">before</a>${trafford()}`);
    await waitForEvents(page, 'ready');
  });
  afterAll(async () => {
    shared = false;
    await page?.close();
  });

  it('draws, lists every area in the table and shows legend colours on the map (pixels)', async () => {
    const [ready] = await waitForEvents(page, 'ready');
    expect(ready).toEqual({ areas: 139, renderer: 'webgl' });

    // The table: one row per area, codes exactly the boundary file's.
    const codes = await page.$$eval('cohesion-map >> tbody tr', (rows) =>
      rows.map((r) => r.getAttribute('data-id')),
    );
    expect(codes).toHaveLength(139);
    expect(new Set(codes)).toEqual(new Set(boundaries.features.map((f) => f.properties!.area_code)));

    // Legend counts and ranges agree with an independent classification of the CSV column.
    const residents = csvColumn('total_usual_residents');
    const values = boundaries.features.map((f) => residents.get(f.properties!.area_code)!);
    expect(values.reduce((a, b) => a + b)).toBe(234_987); // published Trafford total (data README)
    const c = classifyValues(values, { scheme: 'ckmeans', classes: 5 });
    const legend = await page.$$eval('cohesion-map >> [part=legend] li', (lis) =>
      lis.map((li) => li.textContent),
    );
    expect(legend).toHaveLength(5);
    expect(legend.map((t) => Number(/\((\d+)\)$/.exec(t ?? '')![1]))).toEqual(Array.from(c.counts));
    expect(legend[0]).toContain('1,150 to');
    expect(legend[4]).toContain('to 2,969');

    // Every legend swatch colour appears in a screenshot of the map.
    const swatches = await page.$$eval('cohesion-map >> [part=legend] .sw', (s) =>
      s.map((e) => getComputedStyle(e).backgroundColor),
    );
    const shot = (await page.locator('cohesion-map >> [part=map]').screenshot()).toString('base64');
    const found = await page.evaluate(
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
      [shot, swatches] as const,
    );
    for (const n of found) expect(n).toBeGreaterThan(30);
    expect(errors).toEqual([]);
  });

  it('clicking an area fires cohesion-map:select with its id, name, value and class', async () => {
    const target = boundaries.features.find((f) => f.properties!.area_code === 'E01006074')!;
    const g = target.geometry as { type: 'MultiPolygon'; coordinates: Position[][][] };
    const [lon, lat] = insidePoint(g.coordinates[0]![0]!);
    const pt = (await clientPoints(page, [[lon, lat]]))![0]!;
    await page.mouse.click(pt.x, pt.y);
    const [sel] = (await waitForEvents(page, 'select')) as {
      id: string;
      name: string;
      value: number;
      class: string;
    }[];
    expect(sel?.id).toBe('E01006074');
    expect(sel?.name).toBe('Trafford 025A');
    expect(sel?.value).toBe(1643); // the CSV's total_usual_residents for E01006074
    expect(sel?.class).toMatch(/to/);
    expect(await page.locator('cohesion-map >> tr[aria-selected=true]').getAttribute('data-id')).toBe(
      'E01006074',
    );
    expect(
      await page.evaluate(
        () => (document.querySelector('cohesion-map') as unknown as { selected: string }).selected,
      ),
    ).toBe('E01006074');
    expect(errors).toEqual([]);
  });

  it('keyboard: Tab reaches the map, arrow keys visit every area, Enter selects, Escape clears', async () => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.locator('a[href="#before"]').focus();
    await page.keyboard.press('Tab'); // the map
    const active = await page.evaluate(() =>
      document.querySelector('cohesion-map')!.shadowRoot!.activeElement?.getAttribute('part'),
    );
    expect(active).toBe('map');
    const tip = page.locator('cohesion-map >> [part=tooltip]');
    await page.keyboard.press('Home'); // first area in reading order (the click left focus mid-map)
    const seen = new Set<string>();
    const code = async () => /\((E\d{8})\)/.exec((await tip.textContent()) ?? '')?.[1];
    seen.add((await code())!);
    for (let i = 0; i < 138; i++) {
      await page.keyboard.press('ArrowRight');
      seen.add((await code())!);
    }
    expect(seen.size).toBe(139);
    expect(await tip.textContent()).toContain('Area 139 of 139');
    await page.keyboard.press('ArrowUp');
    const afterUp = await code();
    expect(afterUp).toMatch(/^E01/);
    const before = (await waitForEvents(page, 'select')).length;
    await page.keyboard.press('Enter');
    const sels = (await waitForEvents(page, 'select', before + 1)) as ({ id: string } | null)[];
    expect(sels[before]?.id).toBe(afterUp);
    await page.keyboard.press('Escape');
    const after = await waitForEvents(page, 'select', before + 2);
    expect(after[before + 1]).toBeNull();
    expect(await page.locator('cohesion-map >> tr[aria-selected=true]').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('re-renders when value changes; the table sorts and downloads as CSV', async () => {
    await page.evaluate(() => document.querySelector('cohesion-map')!.setAttribute('value', 'White: Irish'));
    await waitForEvents(page, 'ready', 2);
    const irish = csvColumn('White: Irish');
    const header = await page.locator('cohesion-map >> thead th').nth(2).textContent();
    expect(header).toBe('White: Irish');
    // Sort by value ascending: first row is the smallest count in the CSV.
    await page.locator('cohesion-map >> summary').click();
    await page.locator('cohesion-map >> thead th button').nth(2).click();
    const first = await page.locator('cohesion-map >> tbody tr').first().locator('td').nth(2).textContent();
    expect(Number(first)).toBe(Math.min(...irish.values()));
    expect(await page.locator('cohesion-map >> thead th').nth(2).getAttribute('aria-sort')).toBe('ascending');
    const csv = await page.evaluate(() =>
      (document.querySelector('cohesion-map') as unknown as { toCsv(): string }).toCsv(),
    );
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(140);
    expect(lines[0]).toBe('area_code,area_name,White: Irish,class');
    expect(lines[1]!.split(',').slice(0, 3)).toEqual([
      'E01006074',
      'Trafford 025A',
      String(irish.get('E01006074')),
    ]);
    const legendCounts = await page.$$eval('cohesion-map >> [part=legend] .count', (s) =>
      s.map((e) => e.textContent),
    );
    const c = classifyValues(
      boundaries.features.map((f) => irish.get(f.properties!.area_code)!),
      { scheme: 'ckmeans', classes: 5 },
    );
    expect(legendCounts).toEqual(Array.from(c.counts, (n) => `(${n})`));
    expect(errors).toEqual([]);
  });

  it('axe-core finds no serious or critical violations (table open, an area focused)', async () => {
    const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
    await page.addScriptTag({ content: readFileSync(axePath, 'utf8') });
    const violations = await page.evaluate(async () => {
      const r = await (
        window as unknown as {
          axe: {
            run(c: Document): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }>;
          };
        }
      ).axe.run(document);
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, n: v.nodes.length }));
    });
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  });
  it('honours locale (number formatting) and [hidden]', async () => {
    await page.evaluate(() => {
      const el = document.querySelector('cohesion-map')!;
      el.setAttribute('value', 'total_usual_residents');
      el.setAttribute('locale', 'de-DE');
    });
    await expect
      .poll(() => page.locator('cohesion-map >> [part=legend] li').first().textContent())
      .toContain('1.150 to 1.514');
    const shown = await page.evaluate(
      () => (document.querySelector('cohesion-map') as HTMLElement).offsetHeight,
    );
    expect(shown).toBeGreaterThan(400);
    const hidden = await page.evaluate(() => {
      const el = document.querySelector('cohesion-map') as HTMLElement;
      el.hidden = true;
      return el.offsetHeight;
    });
    expect(hidden).toBe(0);
    expect(errors).toEqual([]);
  });
});

describe('<cohesion-map> states', () => {
  it('a bad src shows the error state and fires cohesion-map:error', async () => {
    await open(
      `<cohesion-map src="/data/trafford/no-such-file.geojson" value="x" label="Broken"></cohesion-map>`,
    );
    const [err] = (await waitForEvents(page, 'error')) as { code: string; message: string }[];
    expect(err?.code).toBe('READ_FAILED');
    expect(err?.message).toContain('HTTP 404');
    const alert = page.locator('cohesion-map >> [role=alert]');
    expect(await alert.textContent()).toContain('no-such-file.geojson');
    expect(await page.locator('cohesion-map >> tbody tr').count()).toBe(0);
    // The only console error is the browser's own report of the 404 we asked for.
    expect(errors.every((e) => e.includes('404'))).toBe(true);
  });

  it('names the bad row when the CSV holds a code that matches no area', async () => {
    const bad = 'area_code,value\nE01006074,1\nE99999999,2\n';
    server.put('/bad.csv', bad, { 'content-type': 'text/csv' });
    await open(
      `<cohesion-map src="${TRAFFORD}" data-src="/bad.csv" join="area_code" value="value" label="Bad"></cohesion-map>`,
    );
    const [err] = (await waitForEvents(page, 'error')) as {
      code: string;
      message: string;
      detail: { row: number };
    }[];
    expect(err?.code).toBe('UNMATCHED_CODE');
    expect(err?.detail.row).toBe(1);
    expect(err?.message).toContain('E99999999');
    expect(errors).toEqual([]);
  });

  it('non-numeric values are an error naming the area', async () => {
    server.put('/nn.csv', 'area_code,value\nE01006074,lots\n', { 'content-type': 'text/csv' });
    await open(
      `<cohesion-map src="${TRAFFORD}" data-src="/nn.csv" join="area_code" value="value" label="Bad"></cohesion-map>`,
    );
    const [err] = (await waitForEvents(page, 'error')) as { code: string; message: string }[];
    expect(err?.code).toBe('NON_NUMERIC');
    expect(err?.message).toContain('E01006074');
  });

  it('without WebGL it falls back to a static SVG plus the table', async () => {
    const before = server.requests.length;
    await open(trafford(), () => {
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
    expect(ready).toEqual({ areas: 139, renderer: 'svg' });
    expect(await page.locator('cohesion-map >> svg path').count()).toBe(139);
    expect(await page.locator('cohesion-map >> tbody tr').count()).toBe(139);
    expect(await page.locator('cohesion-map >> [role=status]').first().textContent()).toContain('no WebGL');
    // No MapLibre download when it cannot be used.
    expect(server.requests.slice(before).filter((r) => r.includes('maplibre'))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('renderer="svg" draws the static map without the no-WebGL notice over it', async () => {
    const before = server.requests.length;
    await open(trafford('renderer="svg"'));
    const [ready] = await waitForEvents(page, 'ready');
    expect(ready).toEqual({ areas: 139, renderer: 'svg' });
    expect(await page.locator('cohesion-map >> svg path').count()).toBe(139);
    expect(await page.locator('cohesion-map >> .placeholder').first().isHidden()).toBe(true);
    expect(server.requests.slice(before).filter((r) => r.includes('maplibre'))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('lazy: MapLibre is not fetched until the element nears the viewport or Show map is pressed', async () => {
    const before = server.requests.length;
    await open(`<div style="height:4000px"></div>${trafford()}`);
    await page.waitForFunction(() =>
      document.querySelector('cohesion-map')?.shadowRoot?.querySelector('tbody tr'),
    );
    const mid = server.requests.slice(before);
    expect(mid.some((r) => r.endsWith('maplibre-gl.mjs'))).toBe(false);
    // Press "Show map" without scrolling (dispatchEvent does not scroll the element into view).
    await page.locator('cohesion-map >> button.show').dispatchEvent('click');
    await waitForEvents(page, 'ready');
    expect(server.requests.slice(before).some((r) => r.endsWith('maplibre-gl.mjs'))).toBe(true);
  });
});

describe('<cohesion-map> layers', () => {
  /** Sets the element's `results` property (values and p-values in feature order). */
  const setResults = (pg: Page, results: { values: number[]; p?: number[] }) =>
    pg.evaluate((r) => {
      (document.querySelector('cohesion-map') as unknown as { results: unknown }).results = r;
    }, results);

  /** Three 0.01° squares side by side at 53.4°N: standard met, not met, and no data. */
  const accessAreas = () =>
    squareAreas([1, 0, null].map((met, i) => ({ area_code: `A${i}`, area_name: `Area ${i}`, met })));
  /** A park inside the first (met) square. */
  const PARK = {
    type: 'Feature',
    properties: { site_name: 'Park' },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [-2.348, 53.402],
          [-2.342, 53.402],
          [-2.342, 53.408],
          [-2.348, 53.408],
          [-2.348, 53.402],
        ],
      ],
    },
  };

  const ref = JSON.parse(readFileSync(`${REPO_DATA}reference/trafford_lsoa21/expected.json`, 'utf8')) as {
    ids: string[];
    minority_share: { values: number[] };
    spatial_minority_share_queen: {
      localG: { Gistar_z_W: number[]; Gistar_internals_W: { p_two_sided: number[] } };
      local_moran_W: {
        quadrant_mean: string[];
        conditional_TRUE_mlvar_TRUE: { p_two_sided: number[] };
      };
    };
    segregation_single_group_vs_rest: {
      Pakistani: { D: number; group_total: number; population_total: number };
    };
  };

  it('hotspots: spdep Gi* z and p for Trafford give the legend counts at 90/95/99% confidence', async () => {
    await open(
      `<cohesion-map src="${TRAFFORD}" layer="hotspots" label="Gi* hot spots of the minority share, Trafford"></cohesion-map>`,
    );
    const z = ref.spatial_minority_share_queen.localG.Gistar_z_W;
    const p = ref.spatial_minority_share_queen.localG.Gistar_internals_W.p_two_sided;
    expect(ref.ids).toEqual(boundaries.features.map((f) => f.properties!.area_code));
    await setResults(page, { values: z, p: p });
    await waitForEvents(page, 'ready');
    // Expected counts straight from the reference: level by p, sign by z.
    const expected = [0, 0, 0, 0, 0, 0, 0];
    z.forEach((zi, i) => {
      const pi = p[i]!;
      const level = pi <= 0.01 ? 3 : pi <= 0.05 ? 2 : pi <= 0.1 ? 1 : 0;
      expected[3 + Math.sign(zi) * level]!++;
    });
    const legend = await page.$$eval('cohesion-map >> [part=legend] li', (lis) =>
      lis.map((li) => li.textContent ?? ''),
    );
    expect(legend.map((t) => Number(/\((\d+)\)$/.exec(t)![1]))).toEqual(expected);
    expect(legend[6]).toContain('Hot spot, 99% confidence');
    expect(expected[6]! + expected[0]!).toBeGreaterThan(0);
    // Significance is also shown by outline: 99% swatches carry the thick border class.
    expect(await page.locator('cohesion-map >> [part=legend] .sw.o3').count()).toBe(2);
    // On the WebGL map the significance outlines are drawn in near-black (#0b0c0c); with every p-value
    // at 1 (nothing significant) a restyle removes them.
    const mapBox = (await page.locator('cohesion-map >> [part=map]').boundingBox())!;
    const outlinePixels = async () => (await screenPixels(page, [], mapBox, ['#0b0c0c'], 3)).counts[0]!;
    expect(await outlinePixels()).toBeGreaterThan(1000);
    await setResults(page, { values: z, p: z.map(() => 1) });
    await expect.poll(outlinePixels, { timeout: 10_000 }).toBeLessThan(50);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the focused area's tooltip follows the map when it zooms", async () => {
    await open(trafford());
    await waitForEvents(page, 'ready');
    await page.locator('cohesion-map >> [part=map]').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    const tip = page.locator('cohesion-map >> [part=tooltip]');
    const at = async () => {
      const b = (await tip.boundingBox())!;
      return [Math.round(b.x), Math.round(b.y)];
    };
    const start = await at();
    await page.keyboard.press('-'); // zoom out about the centre: every area stays in view
    await page.waitForTimeout(1200);
    const moved = await at();
    expect(moved).not.toEqual(start);
    // Focusing the same area again places the tooltip afresh at the area: where it already was.
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowRight');
    const fresh = await at();
    expect(Math.abs(fresh[0]! - moved[0]!)).toBeLessThanOrEqual(1);
    expect(Math.abs(fresh[1]! - moved[1]!)).toBeLessThanOrEqual(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('hotspots statistic="lisa": spdep local Moran quadrants and p from a CSV give the cluster counts and colours', async () => {
    const lm = ref.spatial_minority_share_queen.local_moran_W;
    const code = { 'High-High': 'HH', 'Low-High': 'LH', 'Low-Low': 'LL', 'High-Low': 'HL' } as Record<
      string,
      string
    >;
    const p = lm.conditional_TRUE_mlvar_TRUE.p_two_sided;
    const rows = ref.ids.map((id, i) => `${id},${code[lm.quadrant_mean[i]!]},${p[i]}`);
    server.put('/lisa.csv', `area_code,quad,p\n${rows.join('\n')}\n`);
    await open(
      `<cohesion-map src="${TRAFFORD}" data-src="/lisa.csv" join="area_code" layer="hotspots" statistic="lisa"
        value="quad" p-property="p" label="LISA clusters of the minority share, Trafford"></cohesion-map>`,
    );
    await waitForEvents(page, 'ready');
    // Expected from the reference: a cluster where p ≤ 0.05, by quadrant; the rest not significant.
    const names = ['Not significant', 'High-High', 'Low-High', 'Low-Low', 'High-Low'];
    const expected = [0, 0, 0, 0, 0];
    lm.quadrant_mean.forEach((q, i) => {
      expected[p[i]! <= 0.05 ? names.indexOf(q) : 0]!++;
    });
    const legend = await page.$$eval('cohesion-map >> [part=legend] li', (lis) =>
      lis.map((li) => li.textContent ?? ''),
    );
    expect(legend.map((t) => t.replace(/\(\d+\)$/, ''))).toEqual(names);
    expect(legend.map((t) => Number(/\((\d+)\)$/.exec(t)![1]))).toEqual(expected);
    expect(expected[1]! + expected[3]!).toBeGreaterThan(10);
    // The High-High and Low-Low colours are on the WebGL map, and clusters carry outlines.
    const mapBox = (await page.locator('cohesion-map >> [part=map]').boundingBox())!;
    const px = await screenPixels(page, [], mapBox, [LISA_COLOURS[1]!, LISA_COLOURS[3]!, '#0b0c0c'], 3);
    for (const n of px.counts) expect(n).toBeGreaterThan(100);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('values of both signs (z-scores) get a diverging palette around 0 unless a sequential one is set', async () => {
    const z = ref.spatial_minority_share_queen.localG.Gistar_z_W;
    const swatches = async (extra: string) => {
      await open(
        `<cohesion-map src="${TRAFFORD}" renderer="svg" ${extra} label="Gi* z as a choropleth"></cohesion-map>`,
      );
      await setResults(page, { values: z });
      await waitForEvents(page, 'ready');
      const out = await page.$$eval('cohesion-map >> [part=legend] li', (lis) =>
        lis.map((li) => ({
          text: li.textContent ?? '',
          rgb: getComputedStyle(li.querySelector('.sw')!).backgroundColor.match(/\d+/g)!.map(Number),
        })),
      );
      await page.close();
      return out;
    };
    const auto = await swatches('');
    // Coldest class blue (b > r), warmest red (r > b), as RdYlBu reversed for z: low = cold = blue.
    const [r0, , b0] = auto[0]!.rgb as [number, number, number];
    const [r1, , b1] = auto.at(-1)!.rgb as [number, number, number];
    expect(b0).toBeGreaterThan(r0);
    expect(r1).toBeGreaterThan(b1);
    const viridis = await swatches('palette="viridis"');
    // Asked for viridis: the sequential ramp as the palette module makes it, class for class.
    const hex = (rgb: number[]) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
    expect(viridis.map((x) => hex(x.rgb))).toEqual(sequentialColours('viridis', viridis.length));
  });

  it('on the WebGL map, hover outlines an area and a click outlines it in yellow; Escape clears it', async () => {
    await open(trafford());
    await waitForEvents(page, 'ready');
    const mapBox = (await page.locator('cohesion-map >> [part=map]').boundingBox())!;
    const count = async (colour: string) => (await screenPixels(page, [], mapBox, [colour], 3)).counts[0]!;
    expect(await count('#ffdd00')).toBe(0);
    const f = boundaries.features.find((x) => x.properties!.area_code === 'E01006074')!;
    const [lon, lat] = insidePoint((f.geometry as { coordinates: Position[][][] }).coordinates[0]![0]!);
    const pt = (await clientPoints(page, [[lon, lat]]))![0]!;
    const before = await count('#0b0c0c');
    await page.mouse.move(pt.x, pt.y);
    await expect.poll(() => count('#0b0c0c'), { timeout: 10_000 }).toBeGreaterThan(before + 100);
    await page.mouse.click(pt.x, pt.y);
    const [sel] = (await waitForEvents(page, 'select')) as { id: string }[];
    expect(sel!.id).toBe('E01006074');
    await expect.poll(() => count('#ffdd00'), { timeout: 10_000 }).toBeGreaterThan(100);
    await page.keyboard.press('Escape');
    await page.mouse.move(mapBox.x + 2, mapBox.y + 2);
    await expect.poll(() => count('#ffdd00'), { timeout: 10_000 }).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('segregation: location quotient from CSV counts (per + measure=lq) with the headline index', async () => {
    const pak = ref.segregation_single_group_vs_rest.Pakistani;
    const headline = `Index of dissimilarity, Pakistani vs rest: ${pak.D.toFixed(3)}`;
    const column = 'Asian, Asian British or Asian Welsh: Pakistani';
    await open(
      `<cohesion-map src="${TRAFFORD}" data-src="${TRAFFORD_CSV}" join="area_code" value="${column}"
        per="total_usual_residents" measure="lq" layer="segregation" breaks="0.5,0.8,1.25,2"
        headline="${headline}" label="Location quotient of Pakistani residents, Trafford"></cohesion-map>`,
    );
    await waitForEvents(page, 'ready');
    expect(await page.locator('cohesion-map >> figcaption').textContent()).toContain(
      'Pakistani vs rest: 0.461',
    );
    // LQ_i = (x_i / t_i) / (X / T) with the reference's X = 11,473 and T = 234,987.
    expect([pak.group_total, pak.population_total]).toEqual([11_473, 234_987]);
    const x = csvColumn(column);
    const t = csvColumn('total_usual_residents');
    const lq = (code: string) => x.get(code)! / t.get(code)! / (pak.group_total / pak.population_total);
    const csv = await page.evaluate(() =>
      (document.querySelector('cohesion-map') as unknown as { toCsv(): string }).toCsv(),
    );
    const rows = csv.trim().split('\r\n');
    expect(rows[0]).toBe(`area_code,area_name,"${column}: location quotient",class`);
    for (const row of rows.slice(1)) {
      const [code, , v] = row.split(',');
      expect(Number(v)).toBeCloseTo(lq(code!), 12);
    }
    expect(lq('E01006074')).toBeCloseTo(0.5984, 4); // 48 / 1,643 / 0.048824, by hand
    // Classes by the given breaks: counts by hand from the LQs.
    const byHand = [0, 0, 0, 0, 0];
    for (const code of x.keys()) {
      const v = lq(code);
      byHand[v <= 0.5 ? 0 : v <= 0.8 ? 1 : v <= 1.25 ? 2 : v <= 2 ? 3 : 4]!++;
    }
    const counts = await page.$$eval('cohesion-map >> [part=legend] .count', (e) =>
      e.map((n) => n.textContent),
    );
    expect(counts).toEqual(byHand.map((n) => `(${n})`));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('access: standard met / not met classes with green-space sites overlaid', async () => {
    const areas = accessAreas();
    const sites = { type: 'FeatureCollection', features: [PARK] };
    server.put('/access-areas.geojson', JSON.stringify(areas));
    server.put('/access-sites.geojson', JSON.stringify(sites));
    await open(
      `<cohesion-map src="/access-areas.geojson" sites="/access-sites.geojson" layer="access" value="met"
        label="Access to green space"></cohesion-map>`,
    );
    await waitForEvents(page, 'ready');
    const legend = await page.$$eval('cohesion-map >> [part=legend] li', (lis) =>
      lis.map((li) => li.textContent),
    );
    // The sites overlay has its own legend row after the classes.
    expect(legend).toEqual(['Standard met(1)', 'Standard not met(1)', 'No data(1)', 'Green-space site(1)']);
    expect(await page.locator('cohesion-map >> [part=legend] .sw.hatch').count()).toBe(1);
    // On the WebGL map: the no-data square is hatched (white with grey diagonals), the met square is
    // green where the park does not cover it, and the park's translucent fill is drawn over it.
    const box = async (x0: number, y0: number, x1: number, y1: number) => {
      const [p, q] = (await clientPoints(page, [
        [x0, y1],
        [x1, y0],
      ]))!;
      return { x: p!.x, y: p!.y, width: q!.x - p!.x, height: q!.y - p!.y };
    };
    const noData = await box(-2.3295, 53.4005, -2.3205, 53.4095);
    const hatch = await screenPixels(page, [], noData, ['#ffffff', '#6f777b']);
    const n = Math.floor(noData.width) * Math.floor(noData.height);
    expect(n).toBeGreaterThan(400);
    expect(hatch.counts[0]! / n).toBeGreaterThan(0.6);
    expect(hatch.counts[1]! / n).toBeGreaterThan(0.15);
    const met = await screenPixels(page, [], await box(-2.3495, 53.4085, -2.3405, 53.4095), ['#1b7837']);
    expect(met.counts[0]).toBeGreaterThan(20);
    const park = await screenPixels(page, [await box(-2.345, 53.405, -2.345, 53.405)], undefined);
    expect(park.at[0]).not.toEqual([0x1b, 0x78, 0x37]);
    expect(park.at[0]![1]).toBeGreaterThan(park.at[0]![0]!);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('renderer="svg" draws no-data hatching, green-space sites and significance outlines as the WebGL map does', async () => {
    server.put('/svg-areas.geojson', JSON.stringify(accessAreas()));
    server.put(
      '/svg-sites.geojson',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          PARK,
          { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [-2.335, 53.405] } },
        ],
      }),
    );
    await open(
      `<cohesion-map src="/svg-areas.geojson" sites="/svg-sites.geojson" layer="access" value="met" renderer="svg"
        label="Access to green space"></cohesion-map>`,
    );
    await waitForEvents(page, 'ready');
    expect(await page.locator('cohesion-map >> svg path[fill="url(#cm-svg-hatch)"]').count()).toBe(1);
    expect(await page.locator('cohesion-map >> svg path[fill="#00703c"]').count()).toBe(1);
    expect(await page.locator('cohesion-map >> svg path[stroke="#00703c"]').count()).toBe(1);
    const [p0, q0] = (await clientPoints(page, [
      [-2.3295, 53.4095],
      [-2.3205, 53.4005],
    ]))!;
    const box = { x: p0!.x, y: p0!.y, width: q0!.x - p0!.x, height: q0!.y - p0!.y };
    const hatch = await screenPixels(page, [], box, ['#ffffff', '#6f777b'], 40);
    const n = Math.floor(box.width) * Math.floor(box.height);
    expect(hatch.counts[0]! / n).toBeGreaterThan(0.4);
    expect(hatch.counts[1]! / n).toBeGreaterThan(0.1);
    await page.close();

    // Hotspots: one outline path per significant area, by level (dashed at 90%), widths scaled to the
    // areas' size on screen (at most 3.5 px for 99%, always the boldest).
    await open(
      `<cohesion-map src="${TRAFFORD}" layer="hotspots" renderer="svg" label="Gi* (static)"></cohesion-map>`,
    );
    const z = ref.spatial_minority_share_queen.localG.Gistar_z_W;
    const p = ref.spatial_minority_share_queen.localG.Gistar_internals_W.p_two_sided;
    await setResults(page, { values: z, p: p });
    await waitForEvents(page, 'ready');
    const byLevel = [0, 0, 0, 0];
    for (const pi of p) byLevel[pi <= 0.01 ? 3 : pi <= 0.05 ? 2 : pi <= 0.1 ? 1 : 0]!++;
    await expect
      .poll(() => page.locator('cohesion-map >> svg path[stroke="#0b0c0c"][data-level="3"]').count())
      .toBe(byLevel[3]);
    expect(await page.locator('cohesion-map >> svg path[stroke="#0b0c0c"][data-level="2"]').count()).toBe(
      byLevel[2],
    );
    const widths = await page.$$eval('cohesion-map >> svg path[data-level]', (ps) =>
      Object.fromEntries(
        ps.map((q) => [q.getAttribute('data-level'), Number(q.getAttribute('stroke-width'))]),
      ),
    );
    expect(widths['3']).toBeLessThanOrEqual(3.5);
    expect(widths['3']).toBeGreaterThan(widths['2']!);
    expect(await page.locator('cohesion-map >> svg path[stroke-dasharray]').count()).toBe(byLevel[1]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('after a lost WebGL context is restored the areas are drawn again and still answer clicks', async () => {
    await open(trafford());
    await waitForEvents(page, 'ready');
    const swatches = await page.$$eval('cohesion-map >> [part=legend] .sw', (s) =>
      s.map((e) => getComputedStyle(e).backgroundColor),
    );
    const map = await page.locator('cohesion-map >> [part=map]').boundingBox();
    const colourCounts = async () => (await screenPixels(page, [], map!, swatches)).counts;
    for (const n of await colourCounts()) expect(n).toBeGreaterThan(30);
    const lose = (restore: boolean) =>
      page.evaluate((r) => {
        const el = document.querySelector('cohesion-map')!;
        const canvas = el.shadowRoot!.querySelector('canvas.maplibregl-canvas') as HTMLCanvasElement;
        const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl'))!;
        const ext = gl.getExtension('WEBGL_lose_context')!;
        (window as unknown as { __ext: WEBGL_lose_context }).__ext ??= ext;
        const e = (window as unknown as { __ext: WEBGL_lose_context }).__ext;
        if (r) e.restoreContext();
        else e.loseContext();
      }, restore);
    await lose(false);
    await page.waitForTimeout(300);
    await lose(true);
    await waitForEvents(page, 'ready', 2);
    for (const n of await colourCounts()) expect(n).toBeGreaterThan(30);
    const f = boundaries.features.find((x) => x.properties!.area_code === 'E01006074')!;
    const [lon, lat] = insidePoint((f.geometry as { coordinates: Position[][][] }).coordinates[0]![0]!);
    const pt = (await clientPoints(page, [[lon, lat]]))![0]!;
    await page.mouse.click(pt.x, pt.y);
    const [sel] = (await waitForEvents(page, 'select')) as { id: string }[];
    expect(sel!.id).toBe('E01006074');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('<cohesion-map> input formats (static renderer, table checked)', () => {
  const tableCodes = () =>
    page.$$eval('cohesion-map >> tbody tr', (rows) => rows.map((r) => r.getAttribute('data-id')));

  it('reads FlatGeobuf (written by the flatgeobuf library from the Trafford GeoJSON)', async () => {
    const { serialize } = await import('flatgeobuf/lib/mjs/geojson.js');
    server.put('/trafford.fgb', serialize(boundaries as never));
    await open(
      `<cohesion-map src="/trafford.fgb" data-src="${TRAFFORD_CSV}" join="area_code" value="total_usual_residents"
        renderer="svg" label="Residents (FlatGeobuf)"></cohesion-map>`,
    );
    await waitForEvents(page, 'ready');
    expect(new Set(await tableCodes())).toEqual(
      new Set(boundaries.features.map((f) => f.properties!.area_code)),
    );
    expect(await page.locator('cohesion-map >> svg path').count()).toBe(139);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('reads TopoJSON (two squares sharing an arc, hand-built)', async () => {
    const topo = {
      type: 'Topology',
      objects: {
        areas: {
          type: 'GeometryCollection',
          geometries: [
            { type: 'Polygon', arcs: [[0, 1]], properties: { area_code: 'R', area_name: 'Right', v: 2 } },
            { type: 'Polygon', arcs: [[2, -1]], properties: { area_code: 'L', area_name: 'Left', v: 1 } },
          ],
        },
      },
      arcs: [
        [
          [-2.34, 53.4],
          [-2.34, 53.41],
        ],
        [
          [-2.34, 53.41],
          [-2.33, 53.41],
          [-2.33, 53.4],
          [-2.34, 53.4],
        ],
        [
          [-2.34, 53.4],
          [-2.35, 53.4],
          [-2.35, 53.41],
          [-2.34, 53.41],
        ],
      ],
    };
    server.put('/two.topojson', JSON.stringify(topo));
    await open(
      `<cohesion-map src="/two.topojson" value="v" renderer="svg" label="Two squares"></cohesion-map>`,
    );
    await waitForEvents(page, 'ready');
    expect(await tableCodes()).toEqual(['R', 'L']);
    const names = await page.$$eval('cohesion-map >> tbody td:nth-child(2)', (t) =>
      t.map((x) => x.textContent),
    );
    expect(names).toEqual(['Right', 'Left']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('reprojects British National Grid GeoJSON (GM wards 2016, EPSG:27700) and recovers from a bad value', async () => {
    await open(
      `<cohesion-map src="/data/greater-manchester/boundaries/gm_ward16_bng_epsg27700.geojson" id-property="wd16cd"
        name-property="wd16nm" value="wd16nm" renderer="svg" label="GM wards 2016"></cohesion-map>`,
    );
    // Ward names are not numbers: the error names the first ward (Ince, E05000851, feature 0).
    const [err] = (await waitForEvents(page, 'error')) as { code: string; message: string }[];
    expect(err?.code).toBe('NON_NUMERIC');
    expect(err?.message).toContain('E05000851');
    await page.evaluate(() => document.querySelector('cohesion-map')!.setAttribute('value', 'st_areasha'));
    await waitForEvents(page, 'ready');
    expect(await tableCodes()).toHaveLength(215);
    const counts = await page.$$eval('cohesion-map >> [part=legend] .count', (e) =>
      e.map((n) => Number(n.textContent!.slice(1, -1))),
    );
    expect(counts.reduce((a, b) => a + b)).toBe(215);
    // Drawn in lon/lat after reprojection: Greater Manchester is wider than tall on the page.
    const vb = await page.locator('cohesion-map >> svg').getAttribute('viewBox');
    const [, , w, h] = vb!.split(' ').map(Number);
    expect(w! / h!).toBeGreaterThan(1);
    expect(w! / h!).toBeLessThan(2.5);
    expect(errors).toEqual([]);
    await page.close();
  });
});
