import {
  analyseGreenSpaceAccess,
  createSiteIndex,
  type GroupMean,
  linkAccessPoints,
  meanByAreaClass,
  numericColumn,
  prepareGreenSpaceSites,
  prepareOrigins,
  preparePoints,
  readAreas,
} from '@cohesion/geo';
import { groupName, propertiesTable } from '../census.js';
import type { CensusContext } from './census.js';
import type { Build } from './inputs.js';
import type { CouncilReport } from './types.js';

const BANDS = [0, 0.1, 0.2, 0.3, 0.4] as const;
const short = groupName;

function bandOf(share: number): string {
  let label = '';
  for (let b = BANDS.length - 1; b >= 0; b--) {
    if (share >= BANDS[b]!) {
      const lo = Math.round(BANDS[b]! * 100);
      label = b === BANDS.length - 1 ? `${lo}% or more` : `${lo}–${Math.round(BANDS[b + 1]! * 100)}%`;
      break;
    }
  }
  return label;
}

/**
 * Green-space access: distance to the nearest site, the ANGSt standards, equity by ethnic group, by
 * minority-share band and the focus-area gap with its bootstrap interval. Returns the population the
 * access figures (and the incident rates) use.
 */
export async function accessSection(
  b: Build,
  c: CensusContext,
  imdDecile: (number | null)[] | undefined,
): Promise<Float64Array> {
  const { inputs, absent, report } = b;
  const { seed, replicates, threshold } = b.settings;
  const { total, census, year, areas, idProp, groupNames, groups, focusGroups, props, nonWhiteShare } = c;
  const { whiteKnown, minorityLabel, focusWord } = c;
  let accessPopulation = total;
  let populationSource = `census total (${census.totalColumn}, ${year})`;
  if (inputs.population) {
    const pt = propertiesTable(
      areas.features.map((f) => ({ properties: f.properties as Record<string, unknown> | null })),
      inputs.areas,
    );
    accessPopulation = numericColumn(pt, inputs.population);
    populationSource = `the areas' property "${inputs.population}"`;
  }
  if (inputs.sites) {
    const sitesPath = inputs.sites;
    const sitesFc = await readAreas(sitesPath);
    report.sites = {
      type: 'FeatureCollection',
      features: sitesFc.features.map((f) => ({
        type: 'Feature',
        properties: {
          site_name: f.properties?.site_name ?? null,
          site_type: f.properties?.site_type ?? null,
        },
        geometry: f.geometry,
      })),
    };
    const origins = prepareOrigins(areas, { idProperty: idProp, source: inputs.areas });
    const sites = prepareGreenSpaceSites(sitesFc, {
      source: sitesPath,
      ...(inputs.siteId ? { idProperty: inputs.siteId } : {}),
    });
    let index = createSiteIndex(sites);
    let link: ReturnType<typeof linkAccessPoints> | undefined;
    if (inputs.accessPoints) {
      const pts = preparePoints(await readAreas(inputs.accessPoints), 'access points');
      link = linkAccessPoints(pts, index, inputs.siteRef ? { siteRef: inputs.siteRef } : { maxDistance: 20 });
      index = createSiteIndex(sites, link);
    }
    const groupRecord = Object.fromEntries(groupNames.map((g, m) => [g, groups[m]!]));
    const out = analyseGreenSpaceAccess(origins, index, {
      population: accessPopulation,
      groups: groupRecord,
      minorityGroups: focusGroups.map((m) => groupNames[m]!),
      minorityThreshold: threshold,
      ...(link ? { accessPoints: link } : {}),
      ...(imdDecile ? { imdDecile } : {}),
      bootstrap: { seed, replicates },
    });
    const nearest = Float64Array.from(out.results, (r) =>
      typeof r.nearest_m === 'number' ? r.nearest_m : Number.NaN,
    );
    const angst = Float64Array.from(out.results, (r) => (r.angst_2ha_300m ? 1 : 0));
    out.results.forEach((r, i) => {
      props[i]!.nearest_greenspace_m = nearest[i]!;
      props[i]!.nearest_site_name = r.nearest_site_name;
      props[i]!.angst_2ha_300m = angst[i]!;
      props[i]!.sites_within_1km = r.sites_within_1km;
    });
    const equity = out.equity as {
      measures?: Record<
        string,
        {
          by_group?: GroupMean[];
          by_imd_decile?: GroupMean[];
          minority_gap?: NonNullable<CouncilReport['access']>['gap'];
        }
      >;
    };
    const byGroupNearest = equity.measures?.nearest_m?.by_group ?? [];
    const byGroupAngst = equity.measures?.angst_2ha_300m?.by_group ?? [];
    const bands = Array.from(nonWhiteShare, (s) => (Number.isFinite(s) ? bandOf(s) : null));
    const bandNearest = meanByAreaClass(nearest, accessPopulation, bands);
    const bandAngst = meanByAreaClass(angst, accessPopulation, bands);
    if (report.deprivation) {
      for (const g of equity.measures?.nearest_m?.by_imd_decile ?? []) {
        const row = report.deprivation.byDecile.find((b) => String(b.decile) === String(g.group));
        if (row) row.nearest_m = g.mean;
      }
    }
    const summary = out.summary as {
      sites: number;
      sites_total_ha: number;
      standards: { rules: { key: string; label: string; share_of_population: number | null }[] }[];
    };
    const gap = equity.measures?.nearest_m?.minority_gap ?? null;
    report.access = {
      focusDefinition: whiteKnown
        ? `residents of every group but the White ones (${census.groups
            .filter((g) => g.white)
            .map((g) => short(g.label))
            .join(', ')})`
        : `residents ${minorityLabel} (the table does not say which columns are White groups)`,
      focusWord,
      populationSource,
      sites: summary.sites,
      sitesHa: summary.sites_total_ha,
      accessPoints: link ? link.site.length : 0,
      shareMeeting: summary.standards.flatMap((s) =>
        s.rules.map((r) => ({ key: r.key, label: r.label, shareOfPopulation: r.share_of_population })),
      ),
      byGroup: byGroupNearest.map((g, m) => ({
        group: g.group,
        nearest_m: g.mean,
        angst300: byGroupAngst[m]?.mean ?? Number.NaN,
        population: g.population,
      })),
      byBand: bandNearest.map((b, m) => ({
        band: b.group,
        nearest_m: b.mean,
        angst300: bandAngst[m]?.mean ?? Number.NaN,
        population: b.population,
        areas: b.areas,
      })),
      gap: gap
        ? {
            measure: 'nearest_m',
            focusMean: gap.focusMean,
            restMean: gap.restMean,
            ratio: gap.ratio,
            lower: gap.lower,
            upper: gap.upper,
            focusAreas: gap.focusAreas,
            restAreas: gap.restAreas,
            level: gap.level,
          }
        : null,
      threshold,
    };
  } else {
    absent.push({
      section: 'access',
      reason: 'no green-space sites given (--sites FILE, e.g. OS Open Greenspace)',
    });
  }
  return accessPopulation;
}
