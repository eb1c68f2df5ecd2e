/**
 * Multiscalar segregation profile (issue 5): every multigroup index on the local environments of
 * every area at 10 bandwidths from 250 m to 5 km (triangular kernel), on area centroids.
 */
import { readFileSync } from 'node:fs';
import { groupTableFromColumns, multiGroupProfile, parseCsv, pointsFromAreas } from '@cohesion/geo';
import { loadGeoJSON } from '../lib/inputs.mjs';

const DISTANCES = [250, 500, 750, 1000, 1500, 2000, 2500, 3000, 4000, 5000];
const GROUPS_2011 = [
  'WhiteBrit',
  'Irish',
  'OtherWhite',
  'Mixed',
  'Indian',
  'Pakistani',
  'Bangladeshi',
  'Chinese',
  'OtherAsian',
  'BlkAfrican',
  'BlkCaribbean',
  'OtherBlk',
  'Arab',
  'Other',
];

/** @type {import('../run.mjs').BenchCase} */
export default {
  name: 'segregation-profile',
  group: 'segregation',
  title: 'Multiscalar segregation profile (10 distances, every multigroup index)',
  description:
    `Ours: \`multiGroupProfile(points, table, {distances: [${DISTANCES.join(', ')}]})\` — every multigroup index on every ` +
    "area's local environment (triangular kernel, PySAL `segregation` conventions) at 10 bandwidths, on the areas' " +
    'centroids (computed untimed). Trafford: Census 2021, 19 groups, LSOA 2021; Greater Manchester: Census 2011, ' +
    '14 groups + the White Gypsy/Irish Traveller remainder, LSOA 2011. No peer: PySAL `segregation` is not packaged ' +
    'for Debian, and its profiles are validated against in the segregation reference tests instead.',
  sizes: ['trafford-lsoa21', 'gm-lsoa11'],
  quickSizes: ['trafford-lsoa21'],
  setup(ctx) {
    if (ctx.input.id === 'trafford-lsoa21') {
      const fc = JSON.parse(readFileSync(/** @type {string} */ (ctx.input.boundaries), 'utf8'));
      const table = parseCsv(readFileSync(/** @type {string} */ (ctx.input.table), 'utf8'));
      const byCode = new Map(table.rows.map((r) => [r.area_code, r]));
      const groups = table.columns.filter(
        (c) => !['area_code', 'area_name', 'total_usual_residents'].includes(c),
      );
      const rows = fc.features.map((/** @type {any} */ f) => byCode.get(f.properties.area_code));
      const cols = groups.map((g) => Float64Array.from(rows, (r) => Number(r[g])));
      return { points: pointsFromAreas(fc, { idProperty: 'area_code' }), table: groupTableFromColumns(cols) };
    }
    const fc = loadGeoJSON(ctx.input.geojson);
    const rows = parseCsv(readFileSync(ctx.input.table, 'utf8')).rows;
    const byCode = new Map(rows.map((r) => [r.LSOA11CD, r]));
    const ordered = fc.features.map((/** @type {any} */ f) => byCode.get(f.properties.area_code));
    const cols = GROUPS_2011.map((g) => Float64Array.from(ordered, (r) => Number(r[g])));
    // Persons minus the 14 groups = White Gypsy or Irish Traveller: the groups must be exhaustive.
    cols.push(Float64Array.from(ordered, (r, i) => Number(r.Persons) - cols.reduce((s, c) => s + c[i], 0)));
    return { points: pointsFromAreas(fc, { idProperty: 'area_code' }), table: groupTableFromColumns(cols) };
  },
  run: (s) => multiGroupProfile(s.points, s.table, { distances: DISTANCES }),
  notes: [
    'Target (issue 5): Trafford (LSOA 2021, 19 groups, 10 distances) under a second; all of Greater Manchester in a few seconds.',
  ],
};
