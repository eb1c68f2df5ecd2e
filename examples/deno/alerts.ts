// Early warning of rising burglary in Trafford's 21 wards (data.police.uk, February 2016 –
// January 2019): incidents counted into wards by month, then each ward's latest months checked
// against a threshold from its own past with the Farrington flexible algorithm (as R surveillance),
// and the council total with EARS C1 too.
// Run from the repository root:  node_modules/.bin/deno run --allow-read --allow-env --allow-sys examples/deno/alerts.ts
import { resolveDataset } from '@cohesion/data';
import {
  countPointsInAreas,
  detectAlerts,
  ears,
  pointsFromTable,
  readAreas,
  readCsv,
  seriesFromPoints,
  totalSeries,
} from '@cohesion/geo';

const files = resolveDataset('trafford').files as Required<ReturnType<typeof resolveDataset>['files']>;
const wards = await readAreas(files.ward22.path);
const ids = wards.features.map((f) => String(f.properties?.area_code));
const names = new Map(
  wards.features.map((f) => [String(f.properties?.area_code), String(f.properties?.area_name)]),
);
const crimes = await readCsv(files.burglary.path);
const points = pointsFromTable(crimes, 'Longitude', 'Latitude');
const inWards = countPointsInAreas(wards, points.xs, points.ys, { pointsCrs: points.crs });
const months = Array.from(points.rows, (r) => crimes.rows[r]?.Month ?? '');
const series = seriesFromPoints(months, inWards.areaIndex, ids);
console.log(
  `${points.xs.length} burglaries in ${ids.length} wards, ${series.periods[0]} to ${series.periods.at(-1)}`,
);

const total = totalSeries(series);
const c1 = ears(total, 'c1', { alpha: 0.05 });
const last = c1.observed.length - 1;
console.log(
  `Council total, EARS C1 (last 7 months, alpha 0.05): ${c1.observed[last]} in ${series.periods.at(-1)}, threshold ${(c1.threshold[last] as number).toFixed(2)}, alarm ${c1.alarm[last] === 1}`,
);

const report = detectAlerts(series, { method: 'farrington' });
console.log(`Farrington, ${report.baseline} years of baseline, checked ${report.from} to ${report.to}:`);
const alarms = report.results.filter((r) => r.alarm);
console.log(`  ${alarms.length} alarms over ${report.results.length} ward-months (incl. the council total)`);
for (const r of report.current)
  console.log(
    `  ALARM ${r.area === 'all' ? 'Trafford' : names.get(r.area)}: ${r.observed} in ${r.period}, expected ${r.expected?.toFixed(2)}, threshold ${r.threshold?.toFixed(2)}, since ${r.since}`,
  );
console.log(report.multipleTesting.note);
