// Burglary hotspots in Trafford, February 2016 – January 2019 (data.police.uk): incidents counted
// into LSOAs, empirical-Bayes smoothed rates per resident, Getis–Ord Gi*, and quarter-by-quarter
// Gi* with a Mann–Kendall trend to label emerging hot spots.
// Run from the repository root:  node examples/node/incidents.mjs
import { resolveDataset } from '@cohesion/data';
import { areaIds, incidentHotspots, numericColumn, pointsFromTable, readAreas, readCsv } from '@cohesion/geo';

const files = resolveDataset('trafford').files;
const lsoas = await readAreas(files.lsoa21.path);
const census = await readCsv(files.ethnicity2021Lsoa.path);
const rowOf = new Map(census.rows.map((r, i) => [r.area_code, i]));
const residents = numericColumn(census, 'total_usual_residents');
const population = Float64Array.from(areaIds(lsoas, 'area_code'), (id) => residents[rowOf.get(id)]);

const crimes = await readCsv(files.burglary.path);
const points = pointsFromTable(crimes, 'Longitude', 'Latitude');
// Three-month periods from the first month (Feb–Apr 2016, May–Jul 2016, …), labelled by their
// first month, so every period is complete.
const months = [...new Set(crimes.rows.map((r) => r.Month))].sort();
const periodOf = new Map(months.map((m, j) => [m, months[j - (j % 3)]]));
const periods = Array.from(points.rows, (r) => periodOf.get(crimes.rows[r].Month));

const result = incidentHotspots(lsoas, {
  idProperty: 'area_code',
  xs: points.xs,
  ys: points.ys,
  pointsCrs: points.crs,
  periods,
  population,
  permutations: 999,
  seed: 12345,
});
const sum = result.counts.reduce((a, b) => a + b, 0);
console.log(`${points.xs.length} burglaries, ${sum} inside Trafford's LSOAs, ${result.outside} outside`);
console.log(`EB prior mean rate: ${(1000 * result.rates.b).toFixed(4)} per 1,000 residents over the period`);
const hot = result.gi.cluster.filter((c) => c === 'hot').length;
const cold = result.gi.cluster.filter((c) => c === 'cold').length;
console.log(`Gi* on smoothed rates: ${hot} hot spots, ${cold} cold spots`);
for (const p of result.periods) {
  const n = p.counts.reduce((a, b) => a + b, 0);
  console.log(`  ${p.label}: ${n} burglaries, ${p.gi.cluster.filter((c) => c === 'hot').length} hot spots`);
}
const labels = {};
for (const l of result.emerging) if (l !== 'none') labels[l] = (labels[l] ?? 0) + 1;
console.log(`Emerging hot/cold spots: ${JSON.stringify(labels)}`);
