/** Global Moran's I with normality and randomisation inference vs spdep `moran.test` (issue 4). */
import { contiguityWeights, moranGlobal, transformWeights } from '@cohesion/geo';
import { assertClose } from '../lib/agreement.mjs';
import { areasAndValues } from '../lib/hotspot-inputs.mjs';
import { requirePeer, runExternal } from '../lib/peers.mjs';

/** @type {import('../run.mjs').BenchCase} */
export default {
  name: 'moran-global',
  group: 'hotspots',
  title: "Global Moran's I (queen, row-standardised)",
  description:
    'Ours: `moranGlobal(wR, x, {permutations: 0})` (I, E[I], normality and randomisation variances, z and p) on ' +
    'queen weights built untimed. Peer: R spdep `moran.test(x, nb2listw(poly2nb(a), style = "W"))` ' +
    '(randomisation, weights built untimed). Agreement: I, Var_R and z_R to 1e-9 relative.',
  sizes: ['gm-lsoa11', 'voronoi-35k', 'voronoi-190k'],
  quickSizes: ['trafford-lsoa11'],
  setup(ctx) {
    const s = areasAndValues(ctx);
    const w = contiguityWeights(s.fc, { idProperty: s.idProperty, rule: 'queen' }).weights;
    return { wR: transformWeights(w, 'R'), x: s.x };
  },
  run: (s) => moranGlobal(s.wR, s.x, { permutations: 0 }),
  summarize: (r) => ({ I: r.I, VI_rand: r.VI_rand, z_rand: r.z_rand }),
  peers: [
    {
      name: 'spdep moran.test (R)',
      // At 190k its untimed poly2nb setup alone takes minutes; poly2nb at 190k is timed in queen-weights.
      sizes: ['trafford-lsoa11', 'gm-lsoa11', 'voronoi-35k'],
      available: () => requirePeer('R', ['spdep', 'sf', 'jsonlite']),
      exec: (ctx) =>
        runExternal(
          'R',
          ctx.runId,
          `
a <- st_read(cfg$path, quiet = TRUE)
x <- as.numeric(a[[cfg$value]])
lw <- nb2listw(poly2nb(a, queen = TRUE), style = "W")
b <- bench(function() moran.test(x, lw))
emit(b, list(I = unname(b$res$estimate[1]), VI_rand = unname(b$res$estimate[3]), z_rand = unname(b$res$statistic)))`,
          {
            params: { path: ctx.input.geojson, value: ctx.input.valueProperty, libs: ['sf', 'spdep'] },
            policy: ctx.policy,
            timeoutMs: ctx.timeoutMs,
          },
        ),
      check(ours, theirs) {
        assertClose("Moran's I vs spdep", ours.I, theirs.I);
        assertClose('Var_R vs spdep', ours.VI_rand, theirs.VI_rand);
        assertClose('z_R vs spdep', ours.z_rand, theirs.z_rand);
        return `I = ${ours.I.toPrecision(10)}, Var_R and z_R within 1e-9`;
      },
    },
  ],
};
