// Issue 7's "done when": examples/embed/index.html, a plain council page using only the tag and the
// built files, served by its own serve.mjs, draws all three maps in headless Chromium with no console
// errors, no serious/critical axe findings and no request outside the page, the built element and the
// data files its tags name. Needs `pnpm run build` first.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  installEventLog,
  launchChromium,
  waitForEvents,
  watchPage,
} from '../../packages/map/test/harness.js';

const serveScript = fileURLToPath(new URL('./serve.mjs', import.meta.url));
let child: ChildProcess;
let url: string;
let browser: Browser;

/** A free localhost port (serve.mjs takes one as its argument). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  child = spawn(process.execPath, [serveScript, String(await freePort())], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (c) => reject(new Error(`serve.mjs exited (${c})`)));
    child.stdout!.on('data', (b: Buffer) => {
      const m = /(http:\/\/\S+)/.exec(b.toString());
      if (m) resolve(m[1]!);
    });
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  child?.kill();
});

describe('examples/embed council page', () => {
  it('draws its three maps (lazily, as they scroll into view) with no errors, axe findings or stray requests', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const { errors } = watchPage(page);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await installEventLog(page);
    await page.goto(url);
    await waitForEvents(page, 'ready', 1);
    // The others load as they near the viewport.
    for (const i of [1, 2]) {
      await page.locator('cohesion-map').nth(i).scrollIntoViewIfNeeded();
      await waitForEvents(page, 'ready', i + 1);
    }
    const rows = await page.$$eval('cohesion-map', (els) =>
      els.map((e) => e.shadowRoot!.querySelectorAll('tbody tr').length),
    );
    expect(rows).toEqual([139, 139, 21]); // Trafford's LSOAs (twice) and its 21 wards (2022)
    const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    await page.addScriptTag({ content: axe });
    const serious = await page.evaluate(async () => {
      const r = await (
        window as unknown as {
          axe: { run(d: Document): Promise<{ violations: { id: string; impact: string }[] }> };
        }
      ).axe.run(document);
      return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
    });
    expect(serious).toEqual([]);
    const origin = new URL(url).origin;
    const data = [
      'lsoa21_boundaries_generalised.geojson',
      'ethnicity_2021_lsoa_wide.csv',
      'ward22_boundaries_generalised.geojson',
      'ethnicity_2021_ward22_wide.csv',
      'greenspace_sites.geojson',
    ];
    for (const r of requests) {
      const u = new URL(r);
      if (u.protocol === 'data:' || u.protocol === 'blob:') continue;
      expect(u.origin).toBe(origin);
      const ok =
        u.href === url ||
        u.pathname.endsWith('/examples/embed/council.css') ||
        u.pathname.includes('/packages/map/dist/') ||
        data.some((d) => u.pathname.endsWith(`/data/trafford/${d}`));
      expect(ok, u.pathname).toBe(true);
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});
