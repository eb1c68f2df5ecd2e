// Residential segregation in Trafford (Census 2021, LSOAs) and every council of England and Wales
// (Census 2011). Run from the repository root:  node_modules/.bin/deno run --allow-read --allow-env --allow-sys examples/deno/segregation.ts
import { resolveDataset } from '@cohesion/data';
import {
  bootstrapIndex,
  groupTableFromColumns,
  multiGroupProfile,
  numericColumn,
  readAreas,
  readCsv,
  segregationByGroup,
  segregationIndices,
  spatialAreas,
} from '@cohesion/geo';

const trafford = resolveDataset('trafford').files;
const { ethnicity2021Lsoa, lsoa21 } = trafford as Required<typeof trafford>;
const census = await readCsv(ethnicity2021Lsoa.path);
const total = numericColumn(census, 'total_usual_residents');
const groupNames = census.columns.filter(
  (c) => !['area_code', 'area_name', 'total_usual_residents'].includes(c),
);
const groups = groupNames.map((g) => numericColumn(census, g));
const whiteBritish = numericColumn(census, 'White: English, Welsh, Scottish, Northern Irish or British');
const minority = total.map((t, i) => t - whiteBritish[i]!);

// Each index of one group against everyone else (here: residents who are not White British).
const one = segregationIndices({ groups: [minority], groupNames: ['not White British'], total });
console.log(`Trafford, Census 2021: ${census.rows.length} LSOAs, ${one.populationTotal} residents`);
for (const [name, values] of Object.entries(one.single)) console.log(`  ${name}: ${values![0]!.toFixed(6)}`);

// A seeded bootstrap interval: the same seed gives the same interval in Node, Deno and browsers.
const boot = bootstrapIndex(minority, total, { index: 'dissimilarity', iterations: 999, seed: 12345 });
console.log(`  dissimilarity 95% interval: ${boot.ci[0].toFixed(6)} to ${boot.ci[1].toFixed(6)}`);

// All 19 groups at once.
const all = segregationIndices({ groups, groupNames, total });
console.log(`  multigroup dissimilarity: ${all.multi.multiDissimilarity!.toFixed(6)}`);
console.log(`  information theory H: ${all.multi.informationTheory!.toFixed(6)}`);

// Multiscalar profile: the multigroup indices on local environments of growing radius (metres).
const lsoas = await readAreas(lsoa21.path);
const rowOf = new Map(census.rows.map((r, i) => [r.area_code, i]));
const order = lsoas.features.map((f) => rowOf.get(String(f.properties?.area_code))!);
const table = groupTableFromColumns(groups.map((g) => order.map((i) => g[i]!)));
const profile = multiGroupProfile(spatialAreas(lsoas, { idProperty: 'area_code' }), table, {
  distances: [500, 1000, 2000, 4000],
  indices: ['multiDissimilarity'],
});
for (const step of profile)
  console.log(`  profile ${step.distance} m: multigroup D ${step.indices.multiDissimilarity!.toFixed(6)}`);

// Every council in England and Wales in one pass (34,753 LSOAs, 2011).
const national = resolveDataset('england-wales-2011').files.ethnicity2011Lsoa!;
const ew = await readCsv(national.path);
const persons = numericColumn(ew, 'Persons');
const wb = numericColumn(ew, 'WhiteBrit');
const byCouncil = segregationByGroup(
  { groups: [persons.map((p, i) => p - wb[i]!)], groupNames: ['not White British'], total: persons },
  ew.rows.map((r) => r.LAD11NM ?? ''),
  { single: ['dissimilarity'], multi: [] },
);
const ranked = byCouncil.places
  .map((place, j) => ({ place, d: byCouncil.results[j]!.single.dissimilarity![0]! }))
  .sort((a, b) => b.d - a.d);
console.log(`England and Wales, Census 2011: ${ranked.length} councils; most segregated by D:`);
for (const { place, d } of ranked.slice(0, 5)) console.log(`  ${place}: ${d.toFixed(6)}`);
const rank = ranked.findIndex((r) => r.place === 'Trafford') + 1;
console.log(`  Trafford ranks ${rank} of ${ranked.length}`);
