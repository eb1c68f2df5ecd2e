/**
 * The issue-4 target: queen weights + LISA + Gi*, 999 permutations each, from parsed polygons —
 * "under 2 s for 35,000 areas on one core and ≥ 5× faster than spdep on the same work".
 */
import { contiguityWeights, localGetisOrd, localMoran, transformWeights } from '@cohesion/geo';
import { assertArrayClose } from '../lib/agreement.mjs';
import { areasAndValues } from '../lib/hotspot-inputs.mjs';
import { requirePeer, runExternal } from '../lib/peers.mjs';

/** @type {import('../run.mjs').BenchCase} */
export default {
  name: 'hotspots-pipeline',
  group: 'hotspots',
  title: 'Queen weights + LISA + Gi* (999 permutations each)',
  description:
    'Ours: `contiguityWeights` (queen) → `transformWeights(w, "R")` → `localMoran(wR, x, {permutations: 999})` ' +
    '(spdep `localmoran` conditional variant) → `localGetisOrd(w, x, {star: true, permutations: 999})` (binary weights + self), ' +
    'on the parsed BNG polygons and their `value` (real inputs: share of residents not White British, Census 2011). ' +
    'Peer: R spdep on the same polygons (`st_read` not timed): `poly2nb` → `nb2listw(style = "W")` → ' +
    '`localmoran_perm(nsim = 999)` → `localG_perm(nb2listw(include.self(nb), style = "B"), nsim = 999)`. ' +
    'Agreement: every I_i and every Gi* statistic (G*_i = Σ_j w_ij x_j / Σ_j x_j) to 1e-9 relative. ' +
    "(`localG_perm`'s returned z is standardised by the permutation mean and variance, so it is not compared; " +
    'our analytic Gi* z equals spdep `localG` — see the hotspot reference tests. Permutation p-values come from ' +
    'different random streams and are not compared.)',
  sizes: ['gm-lsoa11', 'voronoi-35k', 'voronoi-190k'],
  quickSizes: ['trafford-lsoa11'],
  setup: areasAndValues,
  run(s) {
    const w = contiguityWeights(s.fc, { idProperty: s.idProperty, rule: 'queen' }).weights;
    const lisa = localMoran(transformWeights(w, 'R'), s.x, { permutations: 999, seed: 1 });
    const gi = localGetisOrd(w, s.x, { star: true, permutations: 999, seed: 1 });
    return { lisa, gi };
  },
  summarize: (r) => ({ Ii: Array.from(r.lisa.Ii), G: Array.from(r.gi.G) }),
  peers: [
    {
      name: 'spdep poly2nb + localmoran_perm + localG_perm (R)',
      sizes: ['trafford-lsoa11', 'gm-lsoa11', 'voronoi-35k'],
      available: () => requirePeer('R', ['spdep', 'sf', 'jsonlite']),
      exec: (ctx) =>
        runExternal(
          'R',
          ctx.runId,
          `
a <- st_read(cfg$path, quiet = TRUE)
x <- as.numeric(a[[cfg$value]])
b <- bench(function() {
  nb <- poly2nb(a, queen = TRUE)
  lm <- localmoran_perm(x, nb2listw(nb, style = "W"), nsim = 999, iseed = 1)
  lg <- localG_perm(x, nb2listw(include.self(nb), style = "B"), nsim = 999, iseed = 1)
  list(lm = lm, lg = lg)
})
emit(b, list(Ii = I(as.numeric(b$res$lm[, "Ii"])), G = I(as.numeric(attr(b$res$lg, "internals")[, "Gi"]))))`,
          {
            params: { path: ctx.input.geojson, value: ctx.input.valueProperty, libs: ['sf', 'spdep'] },
            policy: ctx.policy,
            timeoutMs: ctx.timeoutMs,
          },
        ),
      check(ours, theirs) {
        assertArrayClose('local Moran I_i vs spdep localmoran_perm', ours.Ii, theirs.Ii, {
          rel: 1e-9,
          abs: 1e-12,
        });
        assertArrayClose('Gi* vs spdep localG_perm', ours.G, theirs.G, { rel: 1e-9, abs: 1e-12 });
        return `all ${ours.Ii.length} I_i and Gi* within 1e-9`;
      },
    },
  ],
  notes: [
    'Target (issue 4): under 2 s for 35,000 areas single-threaded, and at least 5× faster than spdep on the same work.',
    'spdep is not run on the 190,000-area tessellation (its permutation step alone takes many minutes there).',
  ],
};
