// The early-warning layer: `cohesion alerts --out x.geojson` drawn by <cohesion-map> in Chromium.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
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

const CLI = fileURLToPath(new URL('../../cli/dist/cli.js', import.meta.url));
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

describe('<cohesion-map> draws the alarms of cohesion alerts', () => {
  it('the latest month on the wards: alarming wards in their own class, every ward in the table', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cohesion-alerts-layer-')), 'alarms.geojson');
    const r = spawnSync(
      process.execPath,
      [
        CLI,
        ...['alerts', '--points', `${REPO_DATA}trafford/crime_burglary_2016-02_to_2019-01.csv`],
        ...['--lon', 'Longitude', '--lat', 'Latitude', '--time', 'Month'],
        ...['--areas', `${REPO_DATA}trafford/ward22_boundaries_generalised.geojson`, '--id', 'area_code'],
        ...['--method', 'farrington', '--out', out],
      ],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    const layer = JSON.parse(readFileSync(out, 'utf8'));
    const alarming = layer.features.filter(
      (f: { properties: { alarm_flag: number } }) => f.properties.alarm_flag === 1,
    );
    expect(alarming.length).toBeGreaterThan(0);
    const src = server.put('/alarms.geojson', readFileSync(out), { 'content-type': 'application/geo+json' });
    const page = await browser.newPage();
    const { errors } = watchPage(page);
    await installEventLog(page);
    await page.goto(
      server.put(
        '/alarms.html',
        pageHtml(
          `<cohesion-map src="${src}" id-property="id" name-property="name" value="alarm_flag" breaks="0.5"
            label="Wards above their burglary threshold, January 2019" value-label="Above threshold (1 = yes)"></cohesion-map>`,
        ),
      ),
    );
    await waitForEvents(page, 'ready');
    expect(
      await page.evaluate(() =>
        (window as unknown as { __events: { type: string }[] }).__events.filter((e) => e.type === 'error'),
      ),
    ).toEqual([]);
    const rows = await page.$$eval('cohesion-map >> tbody tr', (trs) =>
      trs.map((tr) => tr.textContent ?? ''),
    );
    expect(rows).toHaveLength(21);
    for (const f of alarming as { properties: { name: string } }[])
      expect(
        rows.some((t) => t.includes(f.properties.name)),
        f.properties.name,
      ).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
