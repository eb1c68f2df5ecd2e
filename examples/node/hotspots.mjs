// Spatial weights and hotspots: where do neighbourhoods with many ethnic-minority residents cluster?
// Queen contiguity (as R spdep poly2nb), global Moran's I, LISA and Getis–Ord Gi* with seeded
// permutations. Run from the repository root:  node examples/node/hotspots.mjs
import { resolveDataset } from '@cohesion/data';
import {
  areaIds,
  fdrAdjust,
  localGetisOrd,
  localMoran,
  moranGlobal,
  numericColumn,
  queenWeights,
  readAreas,
  readCsv,
  transformWeights,
  weightsIslands,
} from '@cohesion/geo';

const files = resolveDataset('trafford').files;
const lsoas = await readAreas(files.lsoa21.path);
const census = await readCsv(files.ethnicity2021Lsoa.path);
const rowOf = new Map(census.rows.map((r, i) => [r.area_code, i]));
const order = areaIds(lsoas, 'area_code').map((id) => rowOf.get(id));
const total = numericColumn(census, 'total_usual_residents');
const wb = numericColumn(census, 'White: English, Welsh, Scottish, Northern Irish or British');
// Minority share in feature order: 1 − White British / residents.
const share = Float64Array.from(order, (i) => 1 - wb[i] / total[i]);

const queen = queenWeights(lsoas, { idProperty: 'area_code' });
let links = 0;
for (let i = 0; i < queen.n; i++) links += queen.offsets[i + 1] - queen.offsets[i];
console.log(
  `Queen contiguity: ${queen.n} LSOAs, ${links} directed links, ${weightsIslands(queen).length} islands`,
);

const w = transformWeights(queen, 'R');
const moran = moranGlobal(w, share, { permutations: 999, seed: 12345 });
console.log(
  `Moran's I: ${moran.I.toFixed(6)} (z randomisation ${moran.z_rand.toFixed(6)}, pseudo-p ${moran.p_sim.toFixed(6)})`,
);

const lisa = localMoran(w, share, { permutations: 999, seed: 12345 });
const quadrants = {};
for (const c of lisa.cluster) quadrants[c] = (quadrants[c] ?? 0) + 1;
console.log(`LISA clusters (p < 0.05): ${JSON.stringify(quadrants)}`);

const gi = localGetisOrd(queen, share, { permutations: 999, seed: 12345 });
const hot = gi.cluster.filter((c) => c === 'hot').length;
const cold = gi.cluster.filter((c) => c === 'cold').length;
console.log(`Gi* hot spots: ${hot}, cold spots: ${cold}`);
// Many tests at once: how many survive a false-discovery-rate correction?
const q = fdrAdjust(gi.p_sim);
console.log(`Gi* significant after FDR (q < 0.05): ${q.filter((x) => x < 0.05).length}`);
const top = [...gi.z.keys()].sort((a, b) => gi.z[b] - gi.z[a]).slice(0, 3);
for (const i of top)
  console.log(`  ${gi.ids[i]}: z ${gi.z[i].toFixed(3)}, minority share ${(100 * share[i]).toFixed(1)}%`);
