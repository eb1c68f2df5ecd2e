/**
 * The hot statistics on prebuilt queen weights — LISA, Gi* and local Geary with 999 conditional
 * permutations each — ours on every core against ours on one thread (the thread speed-up, results
 * bit-identical) and against jsgeoda (GeoDa's C++ in WebAssembly), with the memory-bound limit.
 */
import {
  contiguityWeights,
  localGeary,
  localGearyParallel,
  localHotspots,
  localHotspotsParallel,
  transformWeights,
} from '@cohesion/geo';
import { AgreementError, assertArrayClose } from '../lib/agreement.mjs';
import {
  assertPseudoPClose,
  compareWithGeodaNeighbours,
  fileArrayBuffer,
  geodaNeighbours,
  jsgeodaAvailable,
  newGeoda,
} from '../lib/geoda.mjs';
import { areasAndValues } from '../lib/hotspot-inputs.mjs';
import { permutationLimit } from '../lib/limit.mjs';
import { neighbourLists } from '../lib/weights-cases.mjs';

const R = 999;
// GeoDa's conventions (see lib/geoda.mjs): esda-variant I_i, Gi* on row-standardised weights, folded p.
const OPTS = { permutations: R, seed: 1, alternative: /** @type {const} */ ('folded') };

function setup(/** @type {any} */ ctx) {
  const s = areasAndValues(ctx);
  const w = contiguityWeights(s.fc, { idProperty: s.idProperty, rule: 'queen' }).weights;
  return { w: transformWeights(w, 'R'), x: s.x };
}

/** @param {any} s @param {number | undefined} threads 1 = the synchronous single-thread functions */
async function ours(s, threads) {
  const opts = { ...OPTS, lisa: { variant: /** @type {const} */ ('esda') } };
  const both =
    threads === 1
      ? localHotspots(s.w, s.x, opts)
      : await localHotspotsParallel(s.w, s.x, { ...opts, threads });
  const geary =
    threads === 1 ? localGeary(s.w, s.x, OPTS) : await localGearyParallel(s.w, s.x, { ...OPTS, threads });
  return { w: s.w, lisa: both.lisa, gi: both.gi, geary };
}

const summarize = (/** @type {any} */ r) => ({
  nb: neighbourLists(r.w),
  Ii: Array.from(r.lisa.Ii),
  pI: Array.from(r.lisa.p_sim),
  G: Array.from(r.gi.G),
  pG: Array.from(r.gi.p_sim),
  C: Array.from(r.geary.C),
  pC: Array.from(r.geary.p_sim),
});

/** @type {import('../run.mjs').BenchCase} */
export default {
  name: 'local-permutations',
  group: 'hotspots',
  title:
    'LISA + Gi* + local Geary (999 permutations each) on queen weights, every core vs one thread vs GeoDa',
  description:
    'Weights built untimed (queen, row-standardised). Ours: `localHotspotsParallel(w, x, {permutations: 999})` (LISA `esda` variant and Gi* from one pass of shared draws) + ' +
    '`localGearyParallel(w, x, {permutations: 999})`, on every core (worker threads); "ours, 1 thread" runs `localHotspots` + `localGeary`. ' +
    'Peer: jsgeoda `localMoran`, `localGStar`, `localGeary` (999 permutations each, GeoDa\'s "lookup" method) on its own queen weights built untimed. ' +
    'Agreement: the 1-thread run bit-identical (every p-value); vs GeoDa every I_i, G*_i and c_i to 1e-9 and pseudo p-values within Monte-Carlo error ' +
    '(independent random streams; on areas with the same neighbours — see the pipeline case; local Geary p-values folded to the smaller tail first, since GeoDa reports the larger one for some areas). ' +
    "Limit: the direct method's random loads at this machine's measured load time, on every core (bench/lib/limit.mjs).",
  sizes: ['gm-lsoa11', 'voronoi-35k', 'voronoi-190k'],
  quickSizes: ['trafford-lsoa11'],
  threadCeiling: true,
  setup,
  run: (s) => ours(s, undefined),
  summarize,
  limit: (o, ctx) =>
    permutationLimit({ R, links: o.nb.reduce((a, l) => a + l.length, 0), statistics: 3, n: ctx.input.n }),
  peers: [
    {
      name: 'ours, 1 thread',
      paired: true,
      setup,
      run: (s) => ours(s, 1),
      summarize,
      check(o, t) {
        for (const k of ['pI', 'pG', 'pC', 'Ii', 'G', 'C'])
          if (o[k].some((/** @type {number} */ v, /** @type {number} */ i) => !Object.is(v, t[k][i])))
            throw new AgreementError(`${k} on every core differs from one thread`);
        return 'bit-identical I_i, G*_i, c_i and all three p-values on one thread';
      },
    },
    {
      name: 'jsgeoda (GeoDa, WebAssembly)',
      available: jsgeodaAvailable,
      async setup(ctx) {
        const geoda = await newGeoda();
        const map = geoda.readGeoJSON(fileArrayBuffer(ctx.input.geojson));
        const w = geoda.getQueenWeights(map);
        return { geoda, w, x: geoda.getCol(map, ctx.input.valueProperty), n: ctx.input.n };
      },
      run(s) {
        const lisa = s.geoda.localMoran(s.w, s.x, R);
        const gi = s.geoda.localGStar(s.w, s.x, R);
        const geary = s.geoda.localGeary(s.w, s.x, R);
        return { lisa, gi, geary };
      },
      summarize: (r, s) => ({
        nb: geodaNeighbours(s.geoda, s.w, s.x.length),
        Ii: Array.from(r.lisa.lisaValues),
        pI: Array.from(r.lisa.pvalues),
        G: Array.from(r.gi.lisaValues),
        pG: Array.from(r.gi.pvalues),
        C: Array.from(r.geary.lisaValues),
        pC: Array.from(r.geary.pvalues),
      }),
      check(o, t) {
        const { same, extra, note } = compareWithGeodaNeighbours(o.nb, t.nb);
        const keep = (/** @type {number[]} */ a) => a.filter((_, i) => same[i]);
        const tol = { rel: 1e-9, abs: 1e-12 };
        assertArrayClose('local Moran I_i vs jsgeoda', keep(o.Ii), keep(t.Ii), tol);
        assertArrayClose('Gi* vs jsgeoda', keep(o.G), keep(t.G), tol);
        assertArrayClose('local Geary c_i vs jsgeoda', keep(o.C), keep(t.C), tol);
        const parts = [
          assertPseudoPClose('LISA pseudo-p vs jsgeoda', keep(o.pI), keep(t.pI), R),
          assertPseudoPClose('Gi* pseudo-p vs jsgeoda', keep(o.pG), keep(t.pG), R),
          assertPseudoPClose('local Geary pseudo-p (folded) vs jsgeoda', keep(o.pC), keep(t.pC), R, {
            fold: true,
          }),
        ];
        return `${note}; I_i, G*_i, c_i within 1e-9 on ${o.Ii.length - extra} areas; LISA ${parts[0]}; Gi* ${parts[1]}; Geary ${parts[2]}`;
      },
    },
  ],
  notes: [
    'Target (issue 20): the permutations scale to ≥ 1.7× on 2 cores (the ratio against "ours, 1 thread"), with identical results. On a shared machine the speed-up is capped by the cores actually free: see the load average.',
  ],
};
