// "Same seed, same result on every runtime": the built @cohesion/geo, bundled for the browser as a
// page would load it, runs in real Chromium (Debian's, headless) and must give exactly the Node
// results — the seeded random stream and the permutation pseudo p-values of LISA, Gi* and Moran.
// (packages/geo/deno/ checks Deno against Node the same way.)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  createRandom,
  joinByCode,
  localHotspots,
  moranGlobal,
  parseCsv,
  parseGeoJSON,
  queenWeights,
  transformWeights,
} from '@cohesion/geo';
import { build } from 'esbuild';
import type { FeatureCollection } from 'geojson';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DIST = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const TRAFFORD = new URL('../../../data/trafford/', import.meta.url);
const areasText = readFileSync(new URL('lsoa21_boundaries_generalised.geojson', TRAFFORD), 'utf8');
const csvText = readFileSync(new URL('ethnicity_2021_lsoa_wide.csv', TRAFFORD), 'utf8');
const WB = 'White: English, Welsh, Scottish, Northern Irish or British';

type Geo = typeof import('@cohesion/geo');

/** The computation under test, written once and run in both places (its source is sent to the page). */
function compute(geo: Geo, areasJson: string, csv: string) {
  const r = geo.createRandom(2024);
  const stream = Array.from({ length: 1000 }, () => r.nextUint32());
  const { areas } = geo.joinByCode(geo.parseGeoJSON(areasJson), geo.parseCsv(csv), {
    areaId: 'area_code',
    tableId: 'area_code',
  });
  const share = areas.features.map(
    (f: FeatureCollection['features'][number]) =>
      1 - Number(f.properties?.[WB_NAME]) / Number(f.properties?.total_usual_residents),
  );
  const w = geo.transformWeights(geo.queenWeights(areas, { idProperty: 'area_code' }), 'R');
  const { lisa, gi } = geo.localHotspots(w, share, { permutations: 999, seed: 7 });
  const moran = geo.moranGlobal(w, share, { permutations: 999, seed: 7 });
  return {
    stream,
    lisa: Array.from(lisa.p_sim),
    gi: Array.from(gi.p_sim),
    moran: moran.p_sim,
    I: moran.I,
  };
}
// `compute` runs from its source text in the page too, where the page body defines WB_NAME the same way.
const WB_NAME = WB;

let browser: Browser;
let bundle = '';
beforeAll(async () => {
  // The package as a browser gets it: one bundle of dist/index.js and its dependencies.
  const out = await build({
    entryPoints: [DIST],
    bundle: true,
    format: 'iife',
    globalName: 'cohesionGeo',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  bundle = out.outputFiles[0]!.text;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless=new', '--disable-background-networking', '--disable-component-update'],
  });
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

/** A side × side queen lattice and a smooth field: big enough for several threads. */
function lattice(geo: Geo, side: number) {
  const ids: string[] = [];
  const lists: number[][] = [];
  const x: number[] = [];
  for (let r = 0; r < side; r++)
    for (let c = 0; c < side; c++) {
      const i = r * side + c;
      const row: number[] = [];
      for (let dr = -1; dr <= 1; dr++)
        for (let dc = -1; dc <= 1; dc++) {
          const rr = r + dr;
          const cc = c + dc;
          if ((dr || dc) && rr >= 0 && rr < side && cc >= 0 && cc < side) row.push(rr * side + cc);
        }
      ids.push(`a${i}`);
      lists.push(row);
      x.push(Math.sin(r / 4) + Math.cos(c / 5) + ((i * 7919) % 101) / 100);
    }
  return { w: geo.transformWeights(geo.weightsFromLists(ids, lists), 'R'), x };
}

describe('the same seed gives the same result in Chromium as in Node', () => {
  it('permutations on Web Workers in Chromium equal one thread in Node', async () => {
    const geo = await import('@cohesion/geo');
    const { w, x } = lattice(geo as unknown as Geo, 30);
    const one = geo.localHotspots(w, x, { permutations: 999, seed: 11 });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.setContent('<!doctype html><title>workers</title>');
    await page.addScriptTag({ content: bundle });
    const body = `
      let started = 0;
      const Native = globalThis.Worker;
      globalThis.Worker = class extends Native { constructor(...a) { super(...a); started++; } };
      const { w, x } = (${lattice.toString()})(geo, 30);
      const runs = [];
      for (const threads of [2, 3])
        runs.push(await geo.localHotspotsParallel(w, x, { permutations: 999, seed: 11, threads, minWorkPerThread: 100000 }));
      geo.releaseThreads();
      return { started, runs: runs.map((r) => ({ lisa: Array.from(r.lisa.p_sim), gi: Array.from(r.gi.p_sim) })) };`;
    const out = (await page.evaluate(
      ({ body }) =>
        new Function('geo', `return (async () => { ${body} })();`)(
          (globalThis as unknown as { cohesionGeo: unknown }).cohesionGeo,
        ),
      { body },
    )) as { started: number; runs: { lisa: number[]; gi: number[] }[] };
    expect(errors).toEqual([]);
    expect(out.started).toBe(3); // 1 Web Worker for 2 threads, then 2 for 3 (ended after each call)
    for (const r of out.runs) {
      expect(r.lisa).toEqual(Array.from(one.lisa.p_sim));
      expect(r.gi).toEqual(Array.from(one.gi.p_sim));
    }
    await page.close();
  });

  it('random stream, LISA / Gi* / Moran pseudo p-values are identical', async () => {
    const geo = {
      createRandom,
      joinByCode,
      localHotspots,
      moranGlobal,
      parseCsv,
      parseGeoJSON,
      queenWeights,
      transformWeights,
    };
    const inNode = compute(geo as unknown as Geo, areasText, csvText);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.setContent('<!doctype html><title>determinism</title>');
    await page.addScriptTag({ content: bundle });
    const body = `const WB_NAME = ${JSON.stringify(WB)}; return (${compute.toString()})(geo, areasJson, csv);`;
    const inBrowser = await page.evaluate(
      ({ body, areasJson, csv }) =>
        new Function('geo', 'areasJson', 'csv', body)(
          (globalThis as unknown as { cohesionGeo: unknown }).cohesionGeo,
          areasJson,
          csv,
        ),
      { body, areasJson: areasText, csv: csvText },
    );
    expect(errors).toEqual([]);
    expect(inNode.lisa).toHaveLength(139);
    // Queen, row-standardised Moran's I of this variable is 0.8757488279716507 (spdep, trafford_lsoa21).
    expect(inNode.I).toBeCloseTo(0.8757488279716507, 12);
    expect(inBrowser).toEqual(inNode);
    await page.close();
  });
});
