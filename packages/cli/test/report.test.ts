import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import {
  bootstrapIndex,
  dissimilarityExpected,
  dissimilarityValue,
  localGetisOrd,
  MULTIGROUP_INDEX_FUNCTIONS,
  parseCsv,
  parseGeoJSON,
  queenWeights,
} from '@cohesion/geo';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { summaryText } from '../src/commands/report.js';
import { cohesion, ROOT } from './run-cli.js';

// The report is built once by the real CLI (as `pnpm demo` does) and then checked three ways:
// its numbers against @cohesion/geo (and the published references), its HTML, and in Chromium.
const tmp = mkdtempSync(join(tmpdir(), 'cohesion-report-'));
const OUT = join(tmp, 'trafford');
const data = (p: string) => join(ROOT, 'data', p);
const REF = join(ROOT, 'data', 'reference', 'trafford_lsoa21', 'expected.json');
const WB = 'White: English, Welsh, Scottish, Northern Irish or British';
const AXE = fileURLToPath(new URL('../../../node_modules/axe-core/axe.min.js', import.meta.url));

interface Report {
  council: { name: string; code: string };
  segregation: {
    areas: number;
    population: number;
    single: { key: string; value: number; ci: [number, number]; se: number }[];
    expectedDissimilarity: { expected: number };
    multi: { key: string; value: number }[];
    profile: { distance: number; dissimilarity: number }[];
  };
  national: {
    council: string;
    councils: number;
    values: { dissimilarity: number };
    dissimilarityCi: { ci: [number, number] };
    national: { dissimilarity: { rank: number; of: number } };
    region_rank: { dissimilarity: { rank: number; of: number } };
    peers: { names: string[]; rank: { dissimilarity: { rank: number; of: number } } };
  };
  access: { sites: number; accessPoints: number; byGroup: unknown[]; byBand: unknown[] };
  hotspots: {
    minority: { hot: number; cold: number };
    burglary: { incidents: number; leftOut: number; outside: number; skipped: number };
    periods: { incidents: number }[];
  };
}

let report: Report;
let html: string;
let stdout: string;

beforeAll(() => {
  const r = cohesion(['report', '--dataset', 'trafford', '--out', OUT, '--json']);
  if (r.code !== 0) throw new Error(`cohesion report failed (${r.code}): ${r.stderr}`);
  stdout = r.stdout;
  report = JSON.parse(readFileSync(join(OUT, 'report.json'), 'utf8'));
  html = readFileSync(join(OUT, 'index.html'), 'utf8');
}, 180_000);

/** The Trafford 2021 census columns in LSOA feature order, read independently of the report. */
function trafford() {
  const fc = parseGeoJSON(readFileSync(data('trafford/lsoa21_boundaries_generalised.geojson'), 'utf8'));
  const table = parseCsv(readFileSync(data('trafford/ethnicity_2021_lsoa_wide.csv'), 'utf8'));
  const byCode = new Map(table.rows.map((r) => [r.area_code, r]));
  const rows = fc.features.map((f) => byCode.get(String(f.properties?.area_code))!);
  const col = (c: string) => Float64Array.from(rows, (r) => Number(r[c]));
  const groups = table.columns.filter(
    (c) => !['area_code', 'area_name', 'total_usual_residents'].includes(c),
  );
  const total = col('total_usual_residents');
  const minority = Float64Array.from(total, (t, i) => t - col(WB)[i]!);
  return { fc, total, minority, groups: groups.map(col) };
}

describe('cohesion report --dataset trafford', () => {
  it('writes the HTML report and the results beside it', () => {
    for (const f of [
      'index.html',
      'report.css',
      'report.js',
      'cohesion-map.js',
      'report.json',
      'areas.geojson',
      'areas.csv',
      'councils.csv',
    ])
      expect(existsSync(join(OUT, f)), f).toBe(true);
    expect(JSON.parse(stdout).council).toEqual({ name: 'Trafford', code: 'E08000009' });
    const areas = parseGeoJSON(readFileSync(join(OUT, 'areas.geojson'), 'utf8'));
    expect(areas.features).toHaveLength(139);
    expect(Object.keys(areas.features[0]!.properties!)).toEqual(
      expect.arrayContaining([
        'minority_share',
        'nearest_greenspace_m',
        'burglary_gistar_z',
        'local_segregation',
      ]),
    );
    // Every group's share, e.g. Pakistani residents in Trafford 025A: 48 of 1,643 (Census 2021 TS021).
    const first = areas.features.find((f) => f.properties?.area_code === 'E01006074')!;
    expect(first.properties!.share_pakistani).toBeCloseTo(48 / 1643, 12);
    const csv = parseCsv(readFileSync(join(OUT, 'councils.csv'), 'utf8'));
    expect(csv.rows).toHaveLength(348);
  });

  it('prints the headline figures as plain text when not asked for JSON', () => {
    const text = summaryText(report as never, join(OUT, 'index.html'));
    // D of residents not White British in Trafford 2021 = 0.30897 (trafford_lsoa21 reference).
    expect(text).toMatch(/D = 0\.309 \(95% interval 0\.\d{3}–0\.\d{3}\) for residents not White British/);
    const r = (report as { national: { national: { dissimilarity: { rank: number } } } }).national.national
      .dissimilarity;
    expect(text).toContain(`of 348 councils in England and Wales`);
    expect(text).toMatch(new RegExp(`\\b${r.rank}(st|nd|rd|th) of 348`));
    expect(text).toContain(join(OUT, 'index.html'));
  });

  it('headline indices equal the library and the PySAL/R reference figures', () => {
    const { total, minority, groups } = trafford();
    const d = report.segregation.single.find((s) => s.key === 'dissimilarity')!.value;
    expect(d).toBeCloseTo(dissimilarityValue(minority, total), 12);
    const ref = JSON.parse(readFileSync(REF, 'utf8'));
    expect(Math.abs(d - ref.segregation_single_group_vs_rest.minority_not_white_british.D)).toBeLessThan(
      1e-12,
    );
    const k = groups.length;
    const counts = new Float64Array(139 * k);
    for (let i = 0; i < 139; i++) for (let m = 0; m < k; m++) counts[i * k + m] = groups[m]![i]!;
    const md = report.segregation.multi.find((s) => s.key === 'multiDissimilarity')!.value;
    expect(md).toBeCloseTo(MULTIGROUP_INDEX_FUNCTIONS.multiDissimilarity(counts, k), 12);
    expect(Math.abs(md - ref.segregation_multigroup.D_multigroup)).toBeLessThan(1e-12);
    const h = report.segregation.multi.find((s) => s.key === 'informationTheory')!.value;
    expect(Math.abs(h - ref.segregation_multigroup.H_theil_multigroup)).toBeLessThan(1e-12);
    expect(report.segregation.population).toBe(234_987);
    // Seeded bootstrap interval and expected D: the same seed gives the same numbers here.
    const boot = bootstrapIndex(minority, total, { index: 'dissimilarity', iterations: 999, seed: 12345 });
    const row = report.segregation.single.find((s) => s.key === 'dissimilarity')!;
    expect(row.ci).toEqual(boot.ci);
    expect(row.ci[0]).toBeLessThan(d);
    expect(row.ci[1]).toBeGreaterThan(d);
    const exp = dissimilarityExpected(minority, total, { iterations: 100, seed: 12345 });
    expect(report.segregation.expectedDissimilarity.expected).toBe(exp.expected);
    expect(exp.expected).toBeLessThan(d);
    // Wider local environments smooth segregation away: the profile falls.
    const p = report.segregation.profile;
    expect(p[0]!.dissimilarity).toBeGreaterThan(p[p.length - 1]!.dissimilarity);
  });

  it('ranks Trafford among all councils of England and Wales as a direct recount does', () => {
    const t = parseCsv(
      gunzipSync(readFileSync(data('england-wales/ethnicity_2011_lsoa.csv.gz'))).toString('utf8'),
    );
    const by = new Map<string, { x: number[]; t: number[] }>();
    for (const r of t.rows) {
      const c = by.get(r.LAD11NM!) ?? { x: [], t: [] };
      c.t.push(Number(r.Persons));
      c.x.push(Number(r.Persons) - Number(r.WhiteBrit));
      by.set(r.LAD11NM!, c);
    }
    const dOf = new Map([...by].map(([name, c]) => [name, dissimilarityValue(c.x, c.t)]));
    const mine = dOf.get('Trafford')!;
    expect(report.national.values.dissimilarity).toBeCloseTo(mine, 12);
    expect(report.national.councils).toBe(348);
    const tr = by.get('Trafford')!;
    const boot = bootstrapIndex(tr.x, tr.t, { index: 'dissimilarity', iterations: 999, seed: 12345 });
    expect(report.national.dissimilarityCi.ci).toEqual(boot.ci);
    const higher = [...dOf.values()].filter((v) => v > mine).length;
    expect(report.national.national.dissimilarity).toMatchObject({ rank: higher + 1, of: 348 });
    expect(report.national.peers.names).toHaveLength(15);
    expect(report.national.peers.names).not.toContain('Trafford');
    const peerHigher = report.national.peers.names.filter((n) => dOf.get(n)! > mine).length;
    expect(report.national.peers.rank.dissimilarity).toMatchObject({ rank: peerHigher + 1, of: 16 });
  });

  it('access and hotspot figures come from the Trafford data', () => {
    expect(report.access.sites).toBe(427);
    expect(report.access.accessPoints).toBe(893);
    expect(report.access.byGroup).toHaveLength(19);
    expect(report.access.byBand.length).toBeGreaterThan(1);
    // Gi* of minority share with the report's seed and permutations, recomputed here.
    const { fc, total, minority } = trafford();
    const share = Float64Array.from(minority, (x, i) => x / total[i]!);
    const g = localGetisOrd(queenWeights(fc, { idProperty: 'area_code' }), share, {
      permutations: 999,
      seed: 12345,
    });
    expect(report.hotspots.minority.hot).toBe(g.cluster.filter((c) => c === 'hot').length);
    expect(report.hotspots.minority.cold).toBe(g.cluster.filter((c) => c === 'cold').length);
    // 5,113 burglaries: 404 in the partial quarters 2016-Q1 (231) and 2019-Q1 (173) are left out, the
    // few outside the council's LSOAs are reported, not counted.
    const b = report.hotspots.burglary;
    expect(b.leftOut).toBe(404);
    expect(b.incidents + b.leftOut + b.outside + b.skipped).toBe(5_113);
    expect(b.incidents).toBeGreaterThan(4_600);
    // Gi* per whole calendar quarter for the space–time trend: Feb 2016 – Jan 2019 holds 11 whole
    // quarters (2016-Q2 … 2018-Q4); the partial 2016-Q1 and 2019-Q1 are left out with their incidents.
    expect(report.hotspots.periods).toHaveLength(11);
    expect(report.hotspots.periods.reduce((a, p) => a + p.incidents, 0)).toBe(
      report.hotspots.burglary.incidents,
    );
  });

  it('labels come from the data; the change since 2011 is its own section; absent sections are listed', () => {
    const rep = JSON.parse(readFileSync(join(OUT, 'report.json'), 'utf8'));
    expect(rep.segregation).toMatchObject({
      year: 2021,
      geography: 'LSOA 2021',
      layout: 'Census 2021 TS021',
      referenceGroup: WB,
    });
    expect(rep.change.before).toMatchObject({ year: 2011, geography: 'LSOA 2011', areas: 138 });
    expect(rep.change.after.indices.dissimilarity).toBeCloseTo(report.segregation.single[0]!.value, 12);
    expect(rep.change.difference.dissimilarity.value).toBeCloseTo(
      rep.change.after.indices.dissimilarity - rep.change.before.indices.dissimilarity,
      12,
    );
    expect(rep.absentSections).toEqual([
      { section: 'deprivation', reason: expect.stringMatching(/no deprivation file given/) },
    ]);
    expect(html).toContain('data-section="change"');
    // Negative changes and their intervals both take the true minus sign, never a hyphen.
    const change = html.slice(
      html.indexOf('data-section="change"'),
      html.indexOf('</section>', html.indexOf('data-section="change"')),
    );
    expect(change).toMatch(/<td>−0\.\d{3}<\/td><td>−0\.\d{3} to −0\.\d{3}<\/td>/);
    expect(change).not.toMatch(/<td>[^<]*-\d/);
    // Headline cards name their census and areas; the 2011 rank is never set beside the 2021 D as a change.
    const cards = html.slice(
      html.indexOf('id="at-a-glance"'),
      html.indexOf('</div>\n', html.indexOf('id="at-a-glance"')),
    );
    expect(cards).toContain('(Census 2021, LSOA 2021)');
    expect(cards).toContain('(Census 2011, LSOA 2011)');
    expect(html).not.toMatch(/above 100%/);
    expect(html).not.toContain('LG Inform picks');
    // One rank share, one number: the key finding and the benchmark section round it the same way.
    const finding = /more segregated than about (\d+)%/.exec(html)?.[1];
    const section = /higher than (\d+) of the other (\d+) \((\d+)%\)/.exec(html);
    expect(finding).toBeDefined();
    expect(section?.[3]).toBe(finding);
    expect(Number(finding)).toBe(Math.round((100 * Number(section![1])) / Number(section![2])));
  });

  it('the HTML has every section, its numbers, maps, attribution and no external URL', () => {
    for (const s of ['segregation', 'benchmark', 'change', 'local', 'access', 'hotspots', 'sources'])
      expect(html).toContain(`data-section="${s}"`);
    expect(html.match(/<div class="what">/g)?.length).toBeGreaterThanOrEqual(5);
    // Where people live is kept apart from where incidents cluster: the minority-share clusters are
    // "clusters of share" (subject="composition") in the local section, burglary hot spots in their
    // own section, and both say what a cluster does and does not mean.
    const local = html.slice(
      html.indexOf('data-section="local"'),
      html.indexOf('</section>', html.indexOf('data-section="local"')),
    );
    const incidents = html.slice(
      html.indexOf('data-section="hotspots"'),
      html.indexOf('</section>', html.indexOf('data-section="hotspots"')),
    );
    expect(local).toMatch(/value="minority_gistar_z"[^>]*subject="composition"/);
    expect(local).not.toContain('burglary_gistar_z');
    expect(incidents).toMatch(/value="burglary_gistar_z"[^>]*subject="incidents"/);
    expect(incidents).not.toContain('minority_gistar_z');
    expect(html.match(/What a cluster does and does not mean/g)).toHaveLength(2);
    // The location quotient diverges around 1 (the council's own share), as the element's measure="lq".
    expect(html).toMatch(/<cohesion-map [^>]*value="minority_lq"[^>]*midpoint="1"/);
    // Human value labels and formats on the maps, never bare field names.
    for (const tag of html.match(/<cohesion-map [^>]*>/g) ?? [])
      expect(tag).toMatch(/value-label="[A-Z][^"]+"/);
    const d = report.segregation.single.find((s) => s.key === 'dissimilarity')!.value;
    expect(html).toContain(`<td>${d.toFixed(3)}</td>`);
    expect(html).toMatch(new RegExp(`>${report.national.national.dissimilarity.rank}(st|nd|rd|th) of 348<`));
    expect(html.match(/<cohesion-map /g)?.length).toBe(8);
    expect(html).toContain('Contains OS data © Crown copyright and database right');
    // The element's code, the page script and the stylesheet are files beside the page (a strict
    // CSP allows them as 'self'); nothing is loaded from elsewhere: no images, frames or URLs.
    expect(readFileSync(join(OUT, 'cohesion-map.js'), 'utf8')).toContain('customElements');
    const linked = [...html.matchAll(/<(?:script|img|iframe|link)[^>]+(?:src|href)="([^"]+)"/gi)].map(
      (m) => m[1],
    );
    expect(linked.sort()).toEqual(['cohesion-map.js', 'report.css', 'report.js']);
    for (const f of linked) expect(existsSync(join(OUT, f!)), f).toBe(true);
    expect(html).not.toMatch(/<script>/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?https?:/i);
  });

  it('opens from file:// in Chromium, draws every map and logs no error', async () => {
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--headless=new',
        '--enable-unsafe-swiftshader',
        '--use-angle=swiftshader',
        '--disable-background-networking',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('request', (r) => {
        if (!/^(file|data|blob):/.test(r.url())) problems.push(`request: ${r.url()}`);
      });
      await page.goto(pathToFileURL(join(OUT, 'index.html')).href);
      const maps = page.locator('cohesion-map');
      expect(await maps.count()).toBe(8);
      for (let i = 0; i < 8; i++) {
        const m = maps.nth(i);
        await m.scrollIntoViewIfNeeded();
        await page.waitForFunction(
          (el) => !!el?.shadowRoot?.querySelector('svg path') || !!(el as { error?: unknown }).error,
          await m.elementHandle(),
          { timeout: 60_000 },
        );
      }
      const state = await page.evaluate(() =>
        [...document.querySelectorAll('cohesion-map')].map((m) => ({
          error: (m as unknown as { error?: { message: string } }).error?.message ?? null,
          paths: m.shadowRoot!.querySelectorAll('svg path').length,
          rows: m.shadowRoot!.querySelectorAll('tbody tr').length,
          withSites: m.getAttribute('data-ref') === 'areas+sites',
          sites: m.shadowRoot!.querySelectorAll('svg path[fill="#00703c"]').length,
          layer: m.getAttribute('layer'),
          outlined: m.shadowRoot!.querySelectorAll('svg path[stroke="#0b0c0c"]').length,
        })),
      );
      for (const s of state) expect(s).toMatchObject({ error: null, rows: 139 });
      // The access maps overlay the green-space sites; the hotspot map outlines its significant areas.
      expect(state.some((s) => s.withSites)).toBe(true);
      for (const s of state) {
        if (s.withSites) expect(s.sites).toBeGreaterThan(50);
        else expect(s.sites).toBe(0);
      }
      const hot = state.filter((s) => s.layer === 'hotspots');
      expect(hot.length).toBeGreaterThan(0);
      for (const s of hot) expect(s.outlined).toBeGreaterThan(0);
      for (const s of state) expect(s.paths).toBeGreaterThanOrEqual(139);
      expect(await page.locator('svg.chart').count()).toBeGreaterThanOrEqual(5);
      // Accessibility: axe-core finds no serious or critical WCAG violation (maps' shadow DOM included).
      await page.addScriptTag({ content: readFileSync(AXE, 'utf8') });
      const violations = await page.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: {
              run(d: Document, o: object): Promise<{ violations: { id: string; impact: string }[] }>;
            };
          }
        ).axe;
        // preload: false — axe would re-fetch report.css by XHR, which a file:// page may not do.
        return (await axe.run(document, { preload: false })).violations.filter(
          (v) => v.impact === 'serious' || v.impact === 'critical',
        );
      });
      expect(violations.map((v) => v.id)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 240_000);
});

describe('cohesion report on a phone', () => {
  // Issue 18: WCAG 1.4.10 reflow at 320 CSS px, chart text ≥ 12 px on screen, the headline findings in
  // plain English on the first screen, axe clean, and a print layout. Screenshots in test/out/.
  it('reflows at 320 px: no horizontal scroll, chart text ≥ 12 px, key findings on the first screen', async () => {
    const shots = fileURLToPath(new URL('./out/', import.meta.url));
    mkdirSync(shots, { recursive: true });
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--headless=new', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 320, height: 568 }, deviceScaleFactor: 1 });
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      await page.goto(pathToFileURL(join(OUT, 'index.html')).href);
      await page.screenshot({ path: join(shots, 'report-phone-first-screen.png') });

      // The first screen: the title and the first key finding, its verdict and its plain sentence.
      const first = await page.evaluate(() => {
        const f = document.querySelector('#key-findings .finding')!;
        const band = f.querySelector('.band')!.getBoundingClientRect();
        const sentence = f.querySelector('.verdict + p')!;
        return {
          findings: document.querySelectorAll('#key-findings .finding').length,
          bandBottom: band.bottom,
          sentenceTop: sentence.getBoundingClientRect().top,
          text: sentence.textContent ?? '',
          verdict: f.querySelector('.band')!.textContent,
        };
      });
      expect(first.findings).toBe(4);
      expect(first.bandBottom).toBeLessThan(568);
      expect(first.sentenceTop).toBeLessThan(568);
      expect(first.verdict).toMatch(/^(Low|Moderate|High) segregation$/);
      expect(first.text).toMatch(/neighbourhoods/);
      expect(first.text).not.toMatch(/dissimilarity|Theil|Gini|Atkinson|nats/i);

      // Every map drawn, then every detail opened: nothing may widen the page.
      const maps = page.locator('cohesion-map');
      const n = await maps.count();
      for (let i = 0; i < n; i++) {
        const m = maps.nth(i);
        await m.scrollIntoViewIfNeeded();
        await page.waitForFunction(
          (el) => !!el?.shadowRoot?.querySelector('svg path'),
          await m.elementHandle(),
          {
            timeout: 60_000,
          },
        );
      }
      await page.evaluate(() => {
        for (const d of document.querySelectorAll('details')) d.open = true;
      });
      const layout = await page.evaluate(() => {
        const small: string[] = [];
        let measured = 0;
        for (const t of document.querySelectorAll<SVGTextElement>('svg.chart text')) {
          const svg = t.ownerSVGElement!;
          const w = svg.getBoundingClientRect().width;
          if (w === 0) continue; // the drawing for the other width
          measured++;
          const px = (Number(t.getAttribute('font-size')) * w) / svg.viewBox.baseVal.width;
          if (px < 12) small.push(`${t.textContent} ${px.toFixed(1)}px`);
        }
        for (const t of document.querySelectorAll<HTMLElement>(
          '.bars li span, .key li, .finding p, td, th',
        )) {
          const px = Number.parseFloat(getComputedStyle(t).fontSize);
          if (px < 12) small.push(`${t.textContent?.slice(0, 30)} ${px}px`);
        }
        return {
          scrollWidth: document.documentElement.scrollWidth,
          bodyWidth: document.body.scrollWidth,
          measured,
          small,
          bars: document.querySelectorAll('.bars li').length,
        };
      });
      expect(layout.scrollWidth).toBeLessThanOrEqual(320);
      expect(layout.bodyWidth).toBeLessThanOrEqual(320);
      expect(layout.measured).toBeGreaterThan(20);
      expect(layout.bars).toBeGreaterThan(20);
      expect(layout.small).toEqual([]);
      await page.screenshot({ path: join(shots, 'report-phone-full.png'), fullPage: true });

      // axe at phone width: still no serious or critical finding.
      await page.addScriptTag({ content: readFileSync(AXE, 'utf8') });
      const violations = await page.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: {
              run(d: Document, o: object): Promise<{ violations: { id: string; impact: string }[] }>;
            };
          }
        ).axe;
        // preload: false — axe would re-fetch report.css by XHR, which a file:// page may not do.
        return (await axe.run(document, { preload: false })).violations.filter(
          (v) => v.impact === 'serious' || v.impact === 'critical',
        );
      });
      expect(violations.map((v) => v.id)).toEqual([]);

      // Print: no navigation, the wide charts, tables unclipped, details open.
      await page.setViewportSize({ width: 794, height: 1123 });
      await page.emulateMedia({ media: 'print' });
      const print = await page.evaluate(() => ({
        nav: getComputedStyle(document.querySelector('nav')!).display,
        wide: [...document.querySelectorAll('svg.chart.wide')].every(
          (s) => getComputedStyle(s).display !== 'none',
        ),
        narrow: [...document.querySelectorAll('svg.chart.narrow')].every(
          (s) => getComputedStyle(s).display === 'none',
        ),
        overflow: getComputedStyle(document.querySelector('.tablewrap')!).overflowX,
      }));
      expect(print).toEqual({ nav: 'none', wide: true, narrow: true, overflow: 'visible' });
      await page.pdf({ path: join(shots, 'report-print.pdf'), format: 'A4' });
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 240_000);
});

describe('cohesion report: other councils and broken input', () => {
  it('any council in the national table gets the aspatial benchmark', () => {
    const out = join(tmp, 'leicester');
    const r = cohesion(['report', '--council', 'leicester', '--out', out]);
    expect(r.stderr).toMatch(/wrote index\.html/);
    expect(r.code).toBe(0);
    const rep = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(rep.national.council).toBe('Leicester');
    expect(rep.segregation).toBeNull();
    const [lo, hi] = rep.national.dissimilarityCi.ci;
    expect(lo).toBeLessThan(rep.national.values.dissimilarity);
    expect(hi).toBeGreaterThan(rep.national.values.dissimilarity);
    const page = readFileSync(join(out, 'index.html'), 'utf8');
    expect(page).toContain('data-section="benchmark"');
    expect(page).not.toContain('<cohesion-map ');
  });

  it('an unknown council is one clear line and a non-zero exit', () => {
    const r = cohesion(['report', '--council', 'Narnia', '--out', join(tmp, 'x')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^cohesion report: UNMATCHED_CODE: council "Narnia" is not in .*LAD11NM/);
    const typo = cohesion(['report', '--council', 'Trafford Borough', '--out', join(tmp, 'x')]);
    expect(typo.stderr).toMatch(/did you mean "Trafford"/);
  });

  it('an unknown dataset and a data folder without the files are named', () => {
    const r = cohesion(['report', '--dataset', 'atlantis', '--out', join(tmp, 'x')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/UNKNOWN_DATASET: unknown dataset "atlantis" \(known: .*trafford/);
    const empty = join(tmp, 'empty-data');
    mkdirSync(empty);
    const m = cohesion(['report', '--dataset', 'trafford', '--out', join(tmp, 'x')], {
      env: { COHESION_DATA_DIR: empty },
    });
    expect(m.code).toBe(1);
    expect(m.stderr.trim().split('\n')).toHaveLength(1);
    expect(m.stderr).toMatch(/READ_FAILED: dataset "trafford" needs trafford\/.* not found in .*empty-data/);
    expect(existsSync(join(tmp, 'x'))).toBe(false);
  });

  it('without the national table the dataset report is written and says what is missing', () => {
    const dir = join(tmp, 'only-trafford');
    mkdirSync(dir);
    symlinkSync(data('trafford'), join(dir, 'trafford'));
    const out = join(tmp, 'no-national');
    const r = cohesion(
      ['report', '--dataset', 'trafford', '--out', out, '--permutations', '99', '--replicates', '99'],
      {
        env: { COHESION_DATA_DIR: dir },
      },
    );
    expect(r.code).toBe(0);
    const rep = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(rep.national).toBeNull();
    expect(rep.notes[0]).toMatch(/england-wales\/ethnicity_2011_lsoa\.csv/);
    const page = readFileSync(join(out, 'index.html'), 'utf8');
    expect(page).not.toContain('data-section="benchmark"');
    expect(page).toContain('data-section="hotspots"');
    expect(page).toContain('No comparison with other councils');
  });

  it('missing flags are usage errors', () => {
    expect(cohesion(['report', '--out', join(tmp, 'x')])).toMatchObject({ code: 2 });
    expect(cohesion(['report', '--dataset', 'trafford']).stderr).toMatch(/--out/);
  });
});
