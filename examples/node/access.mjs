// Green-space access in Trafford: distance from every LSOA to the nearest OS Open Greenspace site,
// Natural England's ANGSt standard, and who lacks access — by ethnic group and in neighbourhoods
// where 40% or more of residents are from ethnic minorities (the LGA's threshold).
// Run from the repository root:  node examples/node/access.mjs
import { resolveDataset } from '@cohesion/data';
import {
  analyseGreenSpaceAccess,
  areaIds,
  createSiteIndex,
  linkAccessPoints,
  numericColumn,
  prepareGreenSpaceSites,
  prepareOrigins,
  preparePoints,
  readAreas,
  readCsv,
} from '@cohesion/geo';

const files = resolveDataset('trafford').files;
const lsoas = await readAreas(files.lsoa21.path);
const census = await readCsv(files.ethnicity2021Lsoa.path);
const rowOf = new Map(census.rows.map((r, i) => [r.area_code, i]));
const order = areaIds(lsoas, 'area_code').map((id) => rowOf.get(id));
const column = (name) => Float64Array.from(order, (i) => numericColumn(census, name)[i]);
const groupNames = census.columns.filter(
  (c) => !['area_code', 'area_name', 'total_usual_residents'].includes(c),
);

// Origins: a point inside each LSOA (BNG metres). Sites: polygons with their area in hectares.
const origins = prepareOrigins(lsoas, { idProperty: 'area_code' });
const sites = prepareGreenSpaceSites(await readAreas(files.greenspaceSites.path));
const points = preparePoints(await readAreas(files.greenspaceAccessPoints.path));
// Access points are linked to the site whose boundary is within 20 m; a site is then reached at its entrance.
const link = linkAccessPoints(points, createSiteIndex(sites), { maxDistance: 20 });
const index = createSiteIndex(sites, link);

const result = analyseGreenSpaceAccess(origins, index, {
  population: column('total_usual_residents'),
  groups: Object.fromEntries(groupNames.map((g) => [g, column(g)])),
  minorityGroups: groupNames.filter((g) => !g.startsWith('White')),
  minorityThreshold: 0.4,
  accessPoints: link,
  bootstrap: { replicates: 999, seed: 12345 },
});
console.log(
  `${result.summary.origins} LSOAs, ${result.summary.sites} sites (${result.summary.sites_total_ha.toFixed(1)} ha), ${link.linked} of ${link.site.length} access points linked`,
);
for (const rule of result.summary.standards[0].rules)
  console.log(`  ${rule.key}: ${(100 * rule.share_of_population).toFixed(2)}% of residents`);
const nearest = result.summary.measures.find((m) => m.measure === 'nearest_m');
console.log(
  `  mean distance to the nearest site: ${nearest.mean_over_population.toFixed(2)} m (population-weighted)`,
);

const eq = result.equity.measures.nearest_m;
for (const g of eq.by_group.filter((g) => g.population > 5000))
  console.log(`  ${g.group}: ${g.mean.toFixed(2)} m`);
const gap = eq.minority_gap;
console.log(
  `Areas with ≥ 40% ethnic-minority residents: ${gap.focusAreas}; mean distance ${gap.focusMean.toFixed(2)} m vs ${gap.restMean.toFixed(2)} m elsewhere; ratio ${gap.ratio.toFixed(4)} (95% interval ${gap.lower.toFixed(4)} to ${gap.upper.toFixed(4)})`,
);
