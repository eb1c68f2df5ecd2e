import { CohesionError } from '../errors.js';
import type { ProgressOptions } from '../stats/progress.js';
import type { RowOrderOptions } from '../validate/align.js';
import {
  equityGap,
  type GroupMean,
  meanByAreaClass,
  meanByPopulationGroup,
  minorityShare,
} from './equity.js';
import {
  type CatchmentPairs,
  type DistanceStep,
  enhancedTwoStepFca,
  type GravityOptions,
  gravityAccess,
  straightLineCatchment,
  twoStepFca,
} from './fca.js';
import {
  type AccessPointLink,
  nearestAccessPoint,
  nearestGreenSpace,
  sitesWithinDistance,
} from './measures.js';
import { type AccessNetwork, nearestGreenSpaceByNetwork, networkCatchment } from './network.js';
import type { AccessOrigins } from './origins.js';
import { checkPopulation, originColumnsInOrder } from './population.js';
import type { SiteIndex } from './site-index.js';
import { type AccessStandard, ANGST, evaluateCapacity } from './standards.js';

/**
 * Inputs beyond origins and sites for {@link analyseGreenSpaceAccess}. The per-origin arrays
 * (`population`, `groups`, `imdDecile`) are in the origins' order, unless `ids` gives each row's
 * code: then they must be the origins' ids in order (`ORDER_MISMATCH` naming the first differing
 * row) or, with `reorder: true`, are matched to the origins by code.
 */
export interface GreenSpaceAccessOptions extends RowOrderOptions, ProgressOptions {
  /** Residents per origin: enables population shares, 2SFCA and equity. */
  population?: ArrayLike<number>;
  /** Standards to flag; ANGSt is always included (its four flags are part of the output contract). */
  standards?: readonly AccessStandard[];
  /** Distance for the count/area-within measure (default 1000 m, the ONS measure). */
  withinDistanceM?: number;
  /** Catchment for `fca_ha_per_1000` (default 1000 m; for E2SFCA the last step's distance). */
  catchmentM?: number;
  /**
   * Supply-to-demand model for `fca_ha_per_1000` (site hectares per 1,000 residents): 2SFCA
   * (default), E2SFCA with stepped weights, or gravity with power decay, all within the catchment.
   */
  model?:
    | { type: '2sfca' }
    | { type: 'e2sfca'; steps: readonly DistanceStep[] }
    | ({ type: 'gravity' } & GravityOptions);
  /** Footpath/street network: distances become network distances (snap + path + entry). */
  network?: AccessNetwork;
  /** The linked access points (for `nearest_access_point_m` and the summary). */
  accessPoints?: AccessPointLink;
  /** Residents per origin by group (e.g. Census ethnic group), for equity. */
  groups?: Readonly<Record<string, ArrayLike<number>>>;
  /** Which of `groups` are minorities for the minority-share threshold. */
  minorityGroups?: readonly string[];
  /** Focus areas have minority share ≥ this (default 0.4, the LGA's 40%). */
  minorityThreshold?: number;
  /** IMD decile (1 = most deprived) per origin; null where unknown. */
  imdDecile?: ArrayLike<number | null>;
  /** Bootstrap for the gap ratio: replicates (default 999) and seed (default 12345). */
  bootstrap?: { replicates?: number; seed?: number };
}

/** One origin's row of results; keys are part of the CLI contract. */
export type AccessResultRow = Record<string, string | number | boolean | null>;

/** Summary of one measure across all origins. */
export interface MeasureSummary {
  measure: string;
  /** Share of origins meeting a flag, or the mean over origins for a number. */
  mean_over_areas: number;
  /** Population-weighted mean (share of people for a flag); null without population. */
  mean_over_population: number | null;
}

/** Equity breakdown of one measure. */
export interface MeasureEquity {
  by_group?: GroupMean[];
  by_imd_decile?: GroupMean[];
  minority_gap?: ReturnType<typeof equityGap>;
}

/** Output of {@link analyseGreenSpaceAccess}. */
export interface GreenSpaceAccessResult {
  results: AccessResultRow[];
  summary: Record<string, unknown>;
  equity: Record<string, unknown>;
}

/** `gi_capacity_3ha_per_1000` → `gi_capacity_ha_per_1000` (the value behind the flag). */
const capacityValueKey = (key: string) => key.replace(/_[\d_.]+ha_per_1000$/, '_ha_per_1000');

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

/**
 * One call for the whole green-space access workflow behind `cohesion access`: for every origin
 * the nearest site (distance and id), the nearest access point, the count and hectares of sites
 * within 1 km, every standard's flags, the 2SFCA hectares per 1,000 people; a summary with shares
 * of areas and people meeting each standard; and equity breakdowns (by group, by IMD decile,
 * minority-share focus areas vs the rest with a bootstrap gap ratio).
 * Row order: per-origin columns in `origins.ids` order, else checked or matched by code via `ids` / `reorder`.
 */
export function analyseGreenSpaceAccess(
  origins: AccessOrigins,
  index: SiteIndex,
  options: GreenSpaceAccessOptions = {},
): GreenSpaceAccessResult {
  options = originColumnsInOrder(origins.ids, options);
  const n = origins.ids.length;
  const sites = index.sites;
  const pop = options.population ? checkPopulation(options.population, origins.ids) : undefined;
  const within = options.withinDistanceM ?? 1000;
  const model = options.model ?? { type: '2sfca' };
  const catchment =
    model.type === 'e2sfca' && model.steps.length > 0
      ? model.steps[model.steps.length - 1]!.maxDistanceM
      : (options.catchmentM ?? 1000);
  const net = options.network;
  const standards = [ANGST, ...(options.standards ?? []).filter((s) => s.name !== ANGST.name)];
  const withinKey = within % 1000 === 0 ? `${within / 1000}km` : `${within}m`;

  const nearestAt = (minAreaHa: number) =>
    net
      ? nearestGreenSpaceByNetwork(origins, index, net, minAreaHa)
      : nearestGreenSpace(origins, index, minAreaHa);
  const pairsWithin = (d: number): CatchmentPairs =>
    net ? networkCatchment(origins, index, net, d) : straightLineCatchment(origins, index, d);

  // Progress by stage (nearest site, within distance, standards, capacity and 2SFCA, per-origin
  // rows): each is one pass over every origin, the long part at address scale.
  const STAGES = 5;
  const stageDone = (k: number) => options.onProgress?.(k, STAGES);
  const near = nearestAt(0);
  stageDone(1);
  const numeric: Record<string, Float64Array> = { nearest_m: near.distance };
  const flags: Record<string, Uint8Array> = {};
  const straight = net ? nearestGreenSpace(origins, index) : undefined;

  // Count and hectares within the distance.
  const count = new Float64Array(n);
  const area = new Float64Array(n);
  if (net) {
    const pairs = pairsWithin(within);
    for (let j = 0; j < pairs.nSites; j++) {
      for (let k = pairs.siteStart[j]!; k < pairs.siteStart[j + 1]!; k++) {
        count[pairs.origin[k]!]!++;
        area[pairs.origin[k]!]! += sites.areaHa[j]!;
      }
    }
  } else {
    const w = sitesWithinDistance(origins, index, within);
    count.set(w.count);
    area.set(w.areaHa);
  }
  numeric[`sites_within_${withinKey}`] = count;
  numeric[`area_within_${withinKey}_ha`] = area;
  stageDone(2);

  const nearestCache = new Map<number, Float64Array>([[0, near.distance]]);
  for (const std of standards) {
    for (const rule of std.rules) {
      let d = nearestCache.get(rule.minAreaHa);
      if (!d) {
        d = nearestAt(rule.minAreaHa).distance;
        nearestCache.set(rule.minAreaHa, d);
      }
      flags[rule.key] = Uint8Array.from(d, (x) => (x <= rule.maxDistanceM ? 1 : 0));
    }
  }
  stageDone(3);
  const capacities = pop
    ? standards.flatMap((s) =>
        s.capacity
          ? [evaluateCapacity(origins, index, s.capacity, pop, pairsWithin(s.capacity.catchmentM))]
          : [],
      )
    : [];
  for (const c of capacities) flags[c.key] = c.meets;
  let fca: Float64Array | undefined;
  if (pop) {
    const pairs = pairsWithin(catchment);
    const r =
      model.type === 'e2sfca'
        ? enhancedTwoStepFca(pairs, sites.areaHa, pop, model.steps, origins.ids)
        : model.type === 'gravity'
          ? gravityAccess(pairs, sites.areaHa, pop, model, origins.ids)
          : twoStepFca(pairs, sites.areaHa, pop, origins.ids);
    fca = r.access.map((a) => a * 1000);
    numeric.fca_ha_per_1000 = fca;
  }
  const ap = options.accessPoints ? nearestAccessPoint(origins, options.accessPoints) : undefined;
  stageDone(4);

  const results: AccessResultRow[] = [];
  for (let i = 0; i < n; i++) {
    const s = near.site[i]!;
    const row: AccessResultRow = {
      id: origins.ids[i]!,
      nearest_m: finiteOrNull(near.distance[i]!),
      nearest_site: s >= 0 ? sites.ids[s]! : null,
      nearest_site_name: s >= 0 ? sites.names[s]! : null,
      nearest_site_type: s >= 0 ? sites.types[s]! : null,
      nearest_site_ha: s >= 0 ? sites.areaHa[s]! : null,
    };
    if (straight) row.nearest_straight_m = straight.distance[i]!;
    if (ap) row.nearest_access_point_m = ap.distance[i]!;
    row[`sites_within_${withinKey}`] = count[i]!;
    row[`area_within_${withinKey}_ha`] = area[i]!;
    for (const [k, f] of Object.entries(flags)) row[k] = f[i] === 1;
    for (const c of capacities) row[capacityValueKey(c.key)] = c.haPer1000[i]!;
    if (pop) row.population = pop[i]!;
    if (fca) row.fca_ha_per_1000 = fca[i]!;
    results.push(row);
  }
  stageDone(5);

  const measures: Record<string, ArrayLike<number>> = { ...numeric, ...flags };
  const summaries: MeasureSummary[] = Object.entries(measures).map(([measure, v]) => {
    let s = 0;
    let c = 0;
    let sp = 0;
    let p = 0;
    for (let i = 0; i < n; i++) {
      const x = v[i]!;
      if (!Number.isFinite(x)) continue;
      s += x;
      c++;
      if (pop) {
        sp += pop[i]! * x;
        p += pop[i]!;
      }
    }
    return { measure, mean_over_areas: s / c, mean_over_population: pop ? sp / p : null };
  });
  let totalHa = 0;
  for (const a of sites.areaHa) totalHa += a;
  let totalPop: number | null = null;
  if (pop) {
    totalPop = 0;
    for (const p of pop) totalPop += p;
  }
  const summary: Record<string, unknown> = {
    origins: n,
    sites: sites.count,
    sites_total_ha: totalHa,
    distance: net ? 'network' : 'straight-line',
    distance_convention: options.accessPoints
      ? 'sites with linked access points are reached at their nearest access point, others at their boundary; 0 inside a site'
      : '0 inside a site, else to the nearest point of its boundary',
    within_distance_m: within,
    catchment_m: pop ? catchment : null,
    fca_model: pop ? model : null,
    population: totalPop,
    access_points: options.accessPoints
      ? {
          count: options.accessPoints.site.length,
          linked: options.accessPoints.linked,
          unlinked: options.accessPoints.unlinked,
          sites_with_access_points: options.accessPoints.sitesWithAccessPoints,
          method: options.accessPoints.method,
        }
      : null,
    standards: standards.map((s) => ({
      name: s.name,
      label: s.label,
      reference: s.reference,
      rules: s.rules.map((r) => {
        const f = flags[r.key]!;
        let k = 0;
        let p = 0;
        for (let i = 0; i < n; i++)
          if (f[i]) {
            k++;
            if (pop) p += pop[i]!;
          }
        return {
          key: r.key,
          label: r.label,
          min_area_ha: r.minAreaHa,
          max_distance_m: r.maxDistanceM,
          share_of_areas: k / n,
          share_of_population: pop && totalPop ? p / totalPop : null,
        };
      }),
      capacity: s.capacity
        ? (() => {
            const c = capacities.find((x) => x.key === s.capacity!.key);
            return c
              ? {
                  key: c.key,
                  ha_per_1000: s.capacity.haPer1000,
                  catchment_m: s.capacity.catchmentM,
                  overall_ha_per_1000: c.overallHaPer1000,
                  share_of_areas: c.shareOfAreas,
                  share_of_population: c.shareOfPopulation,
                }
              : { key: s.capacity.key, note: 'needs population' };
          })()
        : null,
    })),
    measures: summaries,
  };

  // Equity.
  const equity: Record<string, unknown> = {};
  if (!pop) {
    equity.available = false;
    equity.reason = 'needs population (--table and --population)';
    return { results, summary, equity };
  }
  equity.available = true;
  const groups = options.groups;
  const threshold = options.minorityThreshold ?? 0.4;
  if (!(threshold >= 0 && threshold <= 1)) {
    throw new CohesionError('INVALID_ARGUMENT', `minority threshold must be in [0, 1], got ${threshold}`, {
      value: threshold,
    });
  }
  let focus: Uint8Array | undefined;
  if (groups && options.minorityGroups && options.minorityGroups.length > 0) {
    const share = minorityShare(groups, pop, options.minorityGroups, origins.ids);
    focus = Uint8Array.from(share, (s) => (s >= threshold ? 1 : 0));
    let fa = 0;
    for (const f of focus) fa += f;
    equity.minority = {
      threshold,
      groups: options.minorityGroups,
      focus_areas: fa,
      other_areas: n - fa,
    };
  }
  const byMeasure: Record<string, MeasureEquity> = {};
  for (const [measure, v] of Object.entries(measures)) {
    const e: MeasureEquity = {};
    if (groups) e.by_group = meanByPopulationGroup(v, groups);
    if (options.imdDecile) e.by_imd_decile = meanByAreaClass(v, pop, options.imdDecile);
    if (focus) e.minority_gap = equityGap(v, pop, focus, options.bootstrap);
    byMeasure[measure] = e;
  }
  equity.measures = byMeasure;
  return { results, summary, equity };
}
