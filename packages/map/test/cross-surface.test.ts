// One data path, proved across the four surfaces (issue 16). One real CSV and one real GeoJSON —
// Trafford's 21 wards (2022 boundaries) and their Census 2021 ethnic-group counts (TS021) — are
// loaded through
//   - the library (@cohesion/geo: readCsv, joinByCode, numericColumn, locationQuotient,
//     classifyValues), the reference every other surface is compared with;
//   - the built CLI (`cohesion segregation --areas … --out`, `cohesion report --out`);
//   - the report (its areas.geojson, and the <cohesion-map> of its index.html in Chromium);
//   - the <cohesion-map> element in Chromium, reading the same CSV with data-src.
// It proves that every surface gives the same value for every area (location quotient of
// Pakistani residents; the report's own minority location quotient and group share) to 1e-12, the
// same class for every area (ckmeans and the report's threshold classes), and that bad input (a
// repeated code, "yes" in a count column) gives the same error code on every surface, shown in the
// element's alert with the CSV row.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  areaIds,
  type Classification,
  classifyValues,
  isCohesionError,
  joinByCode,
  locationQuotient,
  numericColumn,
  parseCsv,
  readAreas,
  readCsv,
} from '@cohesion/geo';
import type { FeatureCollection } from 'geojson';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cohesion, ROOT } from '../../cli/test/run-cli.js';
import {
  installEventLog,
  launchChromium,
  pageHtml,
  startServer,
  type TestServer,
  waitForEvents,
  watchPage,
} from './harness.js';

const AREAS = 'data/trafford/ward22_boundaries_generalised.geojson';
const TABLE = 'data/trafford/ethnicity_2021_ward22_wide.csv';
const GROUP = 'Asian, Asian British or Asian Welsh: Pakistani';
const TOTAL = 'total_usual_residents';
const WHITE_BRITISH = 'White: English, Welsh, Scottish, Northern Irish or British';
/** The report's location-quotient map classes (packages/report: scheme threshold). */
const REPORT_LQ_BREAKS = [0.5, 0.8, 1.25, 2];
const TOL = 1e-12;

/** What the library computes: the reference. All arrays in the areas' feature order. */
interface Reference {
  ids: string[];
  lq: Float64Array;
  share: Float64Array;
  ckmeans: Classification;
  minorityLq: Float64Array;
  minorityClasses: Classification;
}

async function library(): Promise<Reference> {
  const areas = await readAreas(join(ROOT, AREAS));
  const table = await readCsv(join(ROOT, TABLE));
  const { rowOfArea } = joinByCode(areas, table, { areaId: 'area_code', tableId: 'area_code' });
  const ids = areaIds(areas, 'area_code');
  const inAreaOrder = (column: string) => {
    const byRow = numericColumn(table, column);
    return Float64Array.from(rowOfArea, (r) => byRow[r] as number);
  };
  const x = inAreaOrder(GROUP);
  const t = inAreaOrder(TOTAL);
  const minority = Float64Array.from(t, (ti, i) => ti - (inAreaOrder(WHITE_BRITISH)[i] as number));
  const lq = locationQuotient(x, t, { ids }).values;
  const minorityLq = locationQuotient(minority, t, { ids }).values;
  return {
    ids,
    lq,
    share: Float64Array.from(x, (xi, i) => xi / (t[i] as number)),
    ckmeans: classifyValues(lq, { scheme: 'ckmeans', classes: 5 }),
    minorityLq,
    minorityClasses: classifyValues(minorityLq, { breaks: REPORT_LQ_BREAKS }),
  };
}

function expectClose(got: Map<string, number>, ref: Reference, values: ArrayLike<number>, what: string) {
  expect([...got.keys()].sort(), what).toEqual([...ref.ids].sort());
  ref.ids.forEach((id, i) => {
    const diff = Math.abs((got.get(id) as number) - (values[i] as number));
    expect(diff, `${what} ${id}`).toBeLessThanOrEqual(TOL);
  });
}

let server: TestServer;
const REPORT_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
  "connect-src 'self'; base-uri 'none'; form-action 'none'";

let browser: Browser;
let ref: Reference;
let reportDir: string;
const work = mkdtempSync(join(tmpdir(), 'cohesion-cross-surface-'));

beforeAll(async () => {
  ref = await library();
  server = await startServer();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a page with `body` (or a whole document) and waits for the element's ready or error. */
async function open(html: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  const { errors } = watchPage(page);
  await installEventLog(page);
  const path = `/p${Math.random().toString(36).slice(2)}.html`;
  await page.goto(server.put(path, html));
  return { page, errors };
}

/** An element's data table as it downloads it (toCsv): value and class label of every area, by code. */
async function elementTable(page: Page, selector: string) {
  const csv = await page.evaluate(
    (s) => (document.querySelector(s) as unknown as { toCsv(): string }).toCsv(),
    selector,
  );
  const t = parseCsv(csv, 'toCsv()');
  const valueColumn = t.columns[2] as string;
  const legend = await page
    .locator(`${selector} >> [part=legend] li:not([data-overlay]) span:not(.sw):not(.count)`)
    .allTextContents();
  return {
    values: new Map(t.rows.map((r) => [r.area_code as string, Number(r[valueColumn])])),
    // The class of an area is its label's place in the legend, which lists every class in order.
    classes: new Map(t.rows.map((r) => [r.area_code as string, legend.indexOf(r.class as string)])),
    legend,
  };
}

function expectClasses(got: Map<string, number>, ref: Reference, c: Classification, what: string) {
  ref.ids.forEach((id, i) => {
    expect(got.get(id), `${what} ${id}`).toBe(c.classOf[i]);
  });
}

const elementTag = (dataSrc: string) =>
  `<cohesion-map src="/${AREAS}" data-src="${dataSrc}" join="area_code" value="${GROUP}"
    per="${TOTAL}" measure="lq" layer="segregation" scheme="ckmeans" classes="5" renderer="svg"
    label="Location quotient of Pakistani residents, Trafford wards"></cohesion-map>`;

describe('one CSV and one GeoJSON give the same numbers on every surface', () => {
  it('CLI: cohesion segregation --areas writes the same location quotient for every ward', () => {
    const out = join(work, 'lq.geojson');
    const r = cohesion([
      'segregation',
      '--areas',
      AREAS,
      '--id',
      'area_code',
      '--table',
      TABLE,
      '--total',
      TOTAL,
      '--group',
      GROUP,
      '--out',
      out,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const fc = JSON.parse(readFileSync(out, 'utf8')) as FeatureCollection;
    const got = new Map(
      fc.features.map((f) => [String(f.properties?.area_code), f.properties?.locationQuotient as number]),
    );
    expectClose(got, ref, ref.lq, 'CLI locationQuotient');
  });

  it('report: areas.geojson holds the same minority location quotient and group share for every ward', () => {
    reportDir = join(work, 'report');
    const r = cohesion([
      'report',
      '--areas',
      AREAS,
      '--id',
      'area_code',
      '--table',
      TABLE,
      '--name',
      'Trafford',
      '--code',
      'E08000009',
      '--permutations',
      '99',
      '--replicates',
      '99',
      '--out',
      reportDir,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const fc = JSON.parse(readFileSync(join(reportDir, 'areas.geojson'), 'utf8')) as FeatureCollection;
    const prop = (name: string) =>
      new Map(fc.features.map((f) => [String(f.properties?.area_code), f.properties?.[name] as number]));
    expectClose(prop('minority_lq'), ref, ref.minorityLq, 'report minority_lq');
    expectClose(prop('share_pakistani'), ref, ref.share, 'report share_pakistani');
  });

  it('report in Chromium, served as published under a strict CSP: its location-quotient map shows the same values and threshold classes', async () => {
    expect(reportDir, 'the report test runs first').toBeDefined();
    // The whole folder, as a web editor uploads it; no 'unsafe-inline' for scripts or styles.
    const dir = `/report-${Math.random().toString(36).slice(2)}/`;
    for (const f of readdirSync(reportDir))
      server.put(
        dir + f,
        readFileSync(join(reportDir, f)),
        f === 'index.html' ? { 'content-security-policy': REPORT_CSP } : {},
      );
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const { errors } = watchPage(page);
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    await page.goto(`${server.origin}${dir}index.html`);
    const map = 'cohesion-map[value="minority_lq"]';
    await page.locator(map).waitFor({ state: 'attached' });
    await expect
      .poll(() =>
        page.evaluate(
          (s) => (document.querySelector(s) as unknown as { toCsv(): string }).toCsv().split('\n').length,
          map,
        ),
      )
      .toBeGreaterThan(ref.ids.length);
    const shown = await elementTable(page, map);
    expectClose(shown.values, ref, ref.minorityLq, 'report map value');
    expect(shown.legend).toHaveLength(ref.minorityClasses.breaks.length);
    expectClasses(shown.classes, ref, ref.minorityClasses, 'report map class');
    // The report declares no icon, so Chromium's own request for /favicon.ico is the one 404.
    expect(errors.filter((e) => !e.includes('status of 404'))).toEqual([]);
    await page.close();
  });

  it('element in Chromium: data-src gives the same location quotient and ckmeans class for every ward', async () => {
    const { page, errors } = await open(pageHtml(elementTag(`/${TABLE}`)));
    const [ready] = await waitForEvents(page, 'ready');
    expect(ready).toMatchObject({ areas: ref.ids.length });
    const shown = await elementTable(page, 'cohesion-map');
    expectClose(shown.values, ref, ref.lq, 'element value');
    // Same code, same order of sums: the element's quotients are the library's, bit for bit.
    ref.ids.forEach((id, i) => {
      expect(shown.values.get(id), id).toBe(ref.lq[i]);
    });
    expect(shown.legend).toHaveLength(ref.ckmeans.breaks.length);
    expectClasses(shown.classes, ref, ref.ckmeans, 'element class');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('bad input gives the same error code on every surface', () => {
  const csv = readFileSync(join(ROOT, TABLE), 'utf8').trimEnd().split(/\r?\n/);
  /** The CSV with one data row (1-based, as messages count) replaced by `edit(cells)`. */
  const variant = (name: string, row: number, edit: (cells: string[]) => string[], extra = false) => {
    const lines = [...csv];
    // Data rows hold no quoted commas (only the header does), so a split is exact here.
    const cells = (lines[row] as string).split(',');
    if (extra) lines.push(edit(cells).join(','));
    else lines[row] = edit(cells).join(',');
    const text = `${lines.join('\n')}\n`;
    const file = join(work, name);
    writeFileSync(file, text);
    return { file, text, path: `/${name}` };
  };
  const header = parseCsv(csv.join('\n')).columns;
  const groupAt = header.indexOf(GROUP);
  const cases = [
    {
      name: 'duplicate.csv',
      code: 'DUPLICATE_CODE',
      // The first ward's row again, at the end: data row 22.
      ...variant('duplicate.csv', 1, (c) => c, true),
      row: 22,
      mention: 'rows 1, 22',
      id: csv[1]!.split(',')[0]!,
    },
    {
      name: 'yes.csv',
      code: 'NON_NUMERIC',
      ...variant('yes.csv', 3, (c) => c.map((v, j) => (j === groupAt ? 'yes' : v))),
      row: 3,
      mention: 'row 3',
      id: csv[3]!.split(',')[0]!,
    },
  ];

  const libraryCode = async (file: string) => {
    try {
      const areas = await readAreas(join(ROOT, AREAS));
      const table = await readCsv(file);
      joinByCode(areas, table, { areaId: 'area_code', tableId: 'area_code' });
      const ids = areaIds(areas, 'area_code');
      locationQuotient(numericColumn(table, GROUP), numericColumn(table, TOTAL), { ids });
    } catch (e) {
      return isCohesionError(e) ? e.code : String(e);
    }
    return 'no error';
  };
  const cliCode = (args: string[]) => {
    const r = cohesion(args);
    expect(r.code, r.stderr).toBe(1);
    return /^cohesion \w+: ([A-Z_]+):/.exec(r.stderr)?.[1];
  };

  for (const c of cases) {
    it(`${c.name}: ${c.code} from the library, the CLI, the report and the element (alert names row ${c.row})`, async () => {
      expect(await libraryCode(c.file)).toBe(c.code);
      const common = ['--areas', AREAS, '--id', 'area_code', '--table', c.file];
      expect(
        cliCode([
          'segregation',
          ...common,
          '--total',
          TOTAL,
          '--group',
          GROUP,
          '--out',
          join(work, `${c.name}.geojson`),
        ]),
      ).toBe(c.code);
      expect(
        cliCode(['report', ...common, '--name', 'Trafford', '--out', join(work, `report-${c.name}`)]),
      ).toBe(c.code);

      server.put(c.path, c.text, { 'content-type': 'text/csv' });
      const { page } = await open(pageHtml(elementTag(c.path)));
      const [err] = (await waitForEvents(page, 'error')) as {
        code: string;
        message: string;
        detail: { row?: number; id?: string };
      }[];
      expect(err?.code).toBe(c.code);
      // detail.row is 0-based, messages count data rows from 1 (geo's convention everywhere).
      expect(err?.detail.row).toBe(c.row - 1);
      expect(err?.message).toContain(c.mention);
      expect(err?.message).toContain(c.id);
      const alert = await page.locator('cohesion-map >> [role=alert]').textContent();
      expect(alert).toContain(err!.message);
      expect(alert).toContain(`(${c.code})`);
      await page.close();
    });
  }
});
