// Runs the built @cohesion/geo under Deno and checks it gives the same results as Node: the same
// seeded random stream, the same file reading, the same statistics. Run by `pnpm test:deno`.
import { deepStrictEqual as assertEquals } from 'node:assert';
import * as geo from '../dist/index.js';

const DATA_DIR = new URL('../../../data/', import.meta.url);

/** Evaluates `code` (an async function body using `geo`) under Node against the same build. */
async function underNode(code: string): Promise<unknown> {
  const dist = new URL('../dist/index.js', import.meta.url).href;
  const script = `import * as geo from ${JSON.stringify(dist)};\nconst out = await (async () => { ${code} })();\nprocess.stdout.write(JSON.stringify(out));`;
  const cmd = new Deno.Command('node', {
    args: ['--input-type=module', '-e', script],
    stdout: 'piped',
    stderr: 'piped',
  });
  const { code: exit, stdout, stderr } = await cmd.output();
  if (exit !== 0) throw new Error(new TextDecoder().decode(stderr));
  return JSON.parse(new TextDecoder().decode(stdout));
}

async function underDeno(code: string): Promise<unknown> {
  const fn = new Function('geo', `return (async () => { ${code} })();`);
  return JSON.parse(JSON.stringify(await fn(geo)));
}

async function sameOnBothRuntimes(code: string): Promise<unknown> {
  const [d, n] = await Promise.all([underDeno(code), underNode(code)]);
  assertEquals(d, n);
  return d;
}

Deno.test('seeded random streams are identical in Deno and Node', async () => {
  const out = (await sameOnBothRuntimes(`
    const r = geo.createRandom(2024);
    const xs = [];
    for (let i = 0; i < 1000; i++) xs.push(r.nextUint32());
    const perm = r.shuffle(Array.from({ length: 50 }, (_, i) => i));
    return { head: xs.slice(0, 5), sum: xs.reduce((a, b) => a + b, 0), perm, u: r.next(), k: r.int(999) };
  `)) as { perm: number[] };
  assertEquals(
    [...out.perm].sort((a, b) => a - b),
    Array.from({ length: 50 }, (_, i) => i),
  );
});

Deno.test('reads, detects CRS and joins the Trafford data in Deno as in Node', async () => {
  const dir = new URL('trafford/', DATA_DIR).pathname;
  const out = (await sameOnBothRuntimes(`
    const areas = await geo.readAreas(${JSON.stringify(`${dir}lsoa21_boundaries_generalised.geojson`)});
    const table = await geo.readCsv(${JSON.stringify(`${dir}ethnicity_2021_lsoa_wide.csv`)});
    const { areas: joined, report } = geo.joinByCode(areas, table, { areaId: 'area_code', tableId: 'area_code' });
    const bng = geo.toBng(joined);
    const total = geo.numericColumn(table, 'total_usual_residents').reduce((a, b) => a + b, 0);
    const area = bng.features.reduce((s, f) => s + geo.planarArea(f.geometry), 0);
    return { crs: geo.detectCrs(areas), bngCrs: geo.detectCrs(bng), matched: report.matched, total, area: Math.round(area) };
  `)) as { crs: string; matched: number; total: number; area: number };
  assertEquals(out.crs, 'EPSG:4326');
  assertEquals(out.matched, 139);
  assertEquals(out.total, 234_987);
  // Trafford covers about 106 km² (ONS Standard Area Measurements).
  if (out.area < 100e6 || out.area > 112e6) throw new Error(`Trafford area ${out.area} m² is not ~106 km²`);
});

Deno.test('typed errors cross the runtime boundary with their codes', async () => {
  await sameOnBothRuntimes(`
    try { geo.parseCsv('code,n\\nA,-1\\n'); const t = geo.parseCsv('code,n\\nA,-1\\n'); geo.numericColumn(t, 'n'); }
    catch (e) { return { name: e.name, code: e.code, row: e.detail.row }; }
    return null;
  `);
});

Deno.test('permutation inference (LISA, Gi*, Moran) gives identical pseudo p-values in Deno and Node', async () => {
  const dir = new URL('trafford/', DATA_DIR).pathname;
  const out = (await sameOnBothRuntimes(`
    const areas = await geo.readAreas(${JSON.stringify(`${dir}lsoa21_boundaries_generalised.geojson`)});
    const table = await geo.readCsv(${JSON.stringify(`${dir}ethnicity_2021_lsoa_wide.csv`)});
    const { areas: joined } = geo.joinByCode(areas, table, { areaId: 'area_code', tableId: 'area_code' });
    const wb = joined.features.map((f) => Number(f.properties['White: English, Welsh, Scottish, Northern Irish or British']));
    const tot = joined.features.map((f) => Number(f.properties.total_usual_residents));
    const share = wb.map((v, i) => 1 - v / tot[i]);
    const w = geo.transformWeights(geo.queenWeights(joined, { idProperty: 'area_code' }), 'R');
    const { lisa, gi } = geo.localHotspots(w, share, { permutations: 999, seed: 7 });
    const moran = geo.moranGlobal(w, share, { permutations: 999, seed: 7 });
    return { lisa: Array.from(lisa.p_sim), gi: Array.from(gi.p_sim), moran: moran.p_sim, clusters: lisa.cluster };
  `)) as { lisa: number[]; gi: number[] };
  assertEquals(out.lisa.length, 139);
  if (!out.lisa.every((p) => p > 0 && p <= 1)) throw new Error('pseudo p-values outside (0, 1]');
});

Deno.test('parallel permutations (Web Workers in Deno, worker threads in Node) match one thread exactly', async () => {
  // A 30 × 30 queen lattice × 999 permutations, with minWorkPerThread low enough for 2 and 3 threads.
  const out = (await sameOnBothRuntimes(`
    const side = 30, ids = [], lists = [], x = [];
    for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) {
      const i = r * side + c, row = [];
      for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) {
        const rr = r + dr, cc = c + dc;
        if ((dr || dc) && rr >= 0 && rr < side && cc >= 0 && cc < side) row.push(rr * side + cc);
      }
      ids.push('a' + i); lists.push(row); x.push(Math.sin(r / 4) + Math.cos(c / 5) + ((i * 7919) % 101) / 100);
    }
    const w = geo.transformWeights(geo.weightsFromLists(ids, lists), 'R');
    const opts = { permutations: 999, seed: 11, minWorkPerThread: 100000 };
    const one = geo.localHotspots(w, x, opts);
    const runs = [];
    for (const threads of [1, 2, 3]) runs.push(await geo.localHotspotsParallel(w, x, { ...opts, threads }));
    // No releaseThreads(): Web Workers end after each call, or this test (and any script) would hang.
    const same = runs.every((r) => JSON.stringify([...r.lisa.p_sim, ...r.gi.p_sim]) === JSON.stringify([...one.lisa.p_sim, ...one.gi.p_sim]));
    return { same, lisa: Array.from(one.lisa.p_sim) };
  `)) as { same: boolean; lisa: number[] };
  assertEquals(out.same, true);
  assertEquals(out.lisa.length, 900);
});
