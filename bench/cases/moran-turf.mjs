/**
 * Global Moran's I on Turf's own weights (inverse distance between vertex-mean centroids within a
 * threshold, row-standardised) vs `@turf/moran-index`, the only JavaScript peer.
 */
import { distanceBandWeights, moranGlobal, transformWeights } from '@cohesion/geo';
import turfMoranIndex from '@turf/moran-index';
import { assertClose } from '../lib/agreement.mjs';
import { loadGeoJSON } from '../lib/inputs.mjs';

const THRESHOLD_M = 10_000;

/** Turf's `centroid`: the mean of every position except each ring's closing one. @param {any} g */
function vertexMean(g) {
  let sx = 0;
  let sy = 0;
  let k = 0;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const poly of polys)
    for (const ring of poly)
      for (let i = 0; i < ring.length - 1; i++) {
        sx += ring[i][0];
        sy += ring[i][1];
        k++;
      }
  return [sx / k, sy / k];
}

/** @type {import('../run.mjs').BenchCase} */
export default {
  name: 'moran-turf',
  group: 'hotspots',
  title: "Global Moran's I, inverse-distance weights (Turf's definition)",
  description:
    `Ours: \`distanceBandWeights(points, {threshold: ${THRESHOLD_M}, kind: 'inverse', power: 1})\` → ` +
    "`transformWeights(w, 'R')` → `moranGlobal(w, x, {permutations: 0})`, on Turf's centroids (vertex means) " +
    `computed untimed. Peer: \`@turf/moran-index\` \`moranIndex(fc, {inputField: 'value', threshold: ${THRESHOLD_M}})\` ` +
    '(inverse distance d⁻¹ within the threshold, row-standardised, dense n × n matrix). ' +
    'Agreement: I and the normality z to 1e-9 relative.',
  sizes: ['gm-lsoa11', 'voronoi-35k'],
  quickSizes: ['trafford-lsoa11'],
  setup(ctx) {
    const fc = loadGeoJSON(ctx.input.geojson);
    const xs = new Float64Array(fc.features.length);
    const ys = new Float64Array(fc.features.length);
    fc.features.forEach((/** @type {any} */ f, i) => {
      [xs[i], ys[i]] = vertexMean(f.geometry);
    });
    const ids = fc.features.map((/** @type {any} */ f) => f.properties[ctx.input.idProperty]);
    const x = Float64Array.from(fc.features, (/** @type {any} */ f) => f.properties[ctx.input.valueProperty]);
    return { points: { ids, xs, ys }, x, fc };
  },
  run(s) {
    const w = distanceBandWeights(s.points, { threshold: THRESHOLD_M, kind: 'inverse', power: 1 });
    return moranGlobal(transformWeights(w, 'R'), s.x, { permutations: 0 });
  },
  summarize: (r) => ({ I: r.I, z_norm: r.z_norm }),
  peers: [
    {
      name: '@turf/moran-index',
      sizes: ['trafford-lsoa11', 'gm-lsoa11'],
      setup: (ctx) => loadGeoJSON(ctx.input.geojson),
      run: (fc) => turfMoranIndex(fc, { inputField: 'value', threshold: THRESHOLD_M }),
      summarize: (r) => ({ I: r.moranIndex, z_norm: r.zNorm }),
      check(ours, theirs) {
        assertClose("Moran's I vs Turf", ours.I, theirs.I);
        assertClose('normality z vs Turf', ours.z_norm, theirs.z_norm);
        return `I = ${ours.I.toPrecision(10)} and z within 1e-9`;
      },
    },
  ],
  notes: [
    'Turf builds a dense n × n matrix of arrays (≈ 10 GB at 35,000 areas), so it is run on Greater Manchester only.',
  ],
};
