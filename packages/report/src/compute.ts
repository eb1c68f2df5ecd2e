import { ATTRIBUTION, catalogue, type ResolvedDataset, resolveDataset } from '@cohesion/data';
import {
  analyseGreenSpaceAccess,
  areaIds,
  bootstrapIndex,
  CohesionError,
  createSiteIndex,
  dissimilarityExpected,
  type GroupMean,
  incidentHotspots,
  linkAccessPoints,
  localGetisOrd,
  localSegregation,
  locationQuotientValues,
  meanByAreaClass,
  multiGroupProfile,
  numericColumn,
  pointsFromTable,
  prepareGreenSpaceSites,
  prepareOrigins,
  preparePoints,
  queenWeights,
  readAreas,
  readCsv,
  type SingleGroupIndexName,
  segregationIndices,
  singleGroupProfile,
  spatialAreas,
  type Table,
} from '@cohesion/geo';
import type { FeatureCollection } from 'geojson';
import { type NationalBenchmark, nationalBenchmark } from './national.js';

/** What to build the report for. */
export interface ReportOptions {
  /** Catalogue dataset with boundaries (e.g. `trafford`): the full report. */
  dataset?: string;
  /** Council name in the national table (`LAD11NM`); defaults to the dataset's council. */
  council?: string;
  /** Data directory (default: `COHESION_DATA_DIR`, else the repository's `data/`). */
  dataDir?: string;
  /** Seed of every permutation and bootstrap (default 12345). */
  seed?: number;
  /** Permutations for Gi* (default 999). */
  permutations?: number;
  /** Bootstrap replicates for the access gap interval (default 999). */
  replicates?: number;
  /** Minority-share threshold for the access focus areas (default 0.4, the LGA's 40%). */
  minorityThreshold?: number;
}

/** A headline index: value and what it measures. */
export interface HeadlineIndex {
  key: string;
  label: string;
  value: number;
  /** Bootstrap percentile interval (persons resampled, seeded), when computed. */
  ci?: [number, number];
  /** Bootstrap standard error. */
  se?: number;
}

/** Everything the report shows; also written as `report.json`. */
export interface CouncilReport {
  title: string;
  council: { name: string; code: string | null };
  dataset: string | null;
  generatedWith: { seed: number; permutations: number; replicates: number };
  attribution: string;
  sources: { file: string; description: string; publisher: string; url: string; licence: string }[];
  /** What was left out and why (e.g. no national table in the data folder). */
  notes: string[];
  /** Aspatial benchmark from the national 2011 table (any council). */
  national: NationalBenchmark | null;
  /** 2021 census segregation over the dataset's LSOAs (full report only). */
  segregation: {
    areas: number;
    population: number;
    minorityLabel: string;
    minorityShare: number;
    /** Expected D with no segregation at all (small-area bias), Elbers' dissimilarity_expected. */
    expectedDissimilarity: { expected: number; standardError: number; iterations: number };
    /** Confidence level and replicates of the bootstrap intervals. */
    bootstrap: { level: number; replicates: number; resample: 'persons' };
    single: HeadlineIndex[];
    multi: HeadlineIndex[];
    byGroup: { group: string; share: number; dissimilarity: number }[];
    /** The largest group other than White British: its name, share property and D. */
    largestGroup?: { name: string; property: string; share: number; dissimilarity: number };
    /** Multiscalar profile: indices on local environments (triangular kernel) of growing radius. */
    profile: {
      distance: number;
      dissimilarity: number;
      multiDissimilarity: number;
      informationTheory: number;
    }[];
  } | null;
  access: {
    sites: number;
    sitesHa: number;
    accessPoints: number;
    shareMeeting: { key: string; label: string; shareOfPopulation: number | null }[];
    byGroup: { group: string; nearest_m: number; angst300: number; population: number }[];
    byBand: { band: string; nearest_m: number; angst300: number; population: number; areas: number }[];
    gap: {
      measure: string;
      focusMean: number;
      restMean: number;
      ratio: number;
      lower: number;
      upper: number;
      focusAreas: number;
      restAreas: number;
      level: number;
    } | null;
    threshold: number;
  } | null;
  hotspots: {
    minority: { hot: number; cold: number };
    burglary: {
      incidents: number;
      outside: number;
      skipped: number;
      firstMonth: string;
      lastMonth: string;
      hot: number;
      cold: number;
      /** Areas by emerging hot/cold spot label (Mann–Kendall on quarterly Gi*), labels with none left out. */
      emerging: Record<string, number>;
    } | null;
    monthly: { month: string; count: number }[];
    periods: { period: string; incidents: number; hot: number; cold: number }[];
  } | null;
  /** Per-area results (WGS84), the data of every map. */
  areas: FeatureCollection | null;
  /** Green-space sites (WGS84, `site_name`, `site_type`), overlaid on the access map. */
  sites: FeatureCollection | null;
}

const WHITE_BRITISH = /^White: English, Welsh, Scottish, Northern Irish or British$/;
const NATIONAL_DATASET = 'england-wales-2011';
const USED_FILES = ['lsoa21', 'ethnicity2021Lsoa', 'greenspaceSites', 'greenspaceAccessPoints', 'burglary'];
/** Radii of the multiscalar profile, metres. */
const PROFILE_DISTANCES = [250, 500, 1000, 1500, 2000, 3000, 4000, 5000];
const BANDS = [0, 0.1, 0.2, 0.3, 0.4] as const;

function column(table: Table, name: string, rows: readonly number[]): Float64Array {
  const col = numericColumn(table, name);
  return Float64Array.from(rows, (r) => col[r]!);
}

/** Rows of `table` in the order of `ids` (every id must have exactly one row). */
function rowsFor(table: Table, idColumn: string, ids: readonly string[], what: string): number[] {
  const rowOf = new Map<string, number>();
  table.rows.forEach((r, k) => {
    const id = (r[idColumn] ?? '').trim();
    if (rowOf.has(id)) {
      throw new CohesionError(
        'DUPLICATE_CODE',
        `${what}: "${id}" appears twice (rows ${rowOf.get(id)! + 1}, ${k + 1})`,
        {
          row: k,
          id,
          column: idColumn,
          source: table.source,
        },
      );
    }
    rowOf.set(id, k);
  });
  return ids.map((id, i) => {
    const r = rowOf.get(id);
    if (r === undefined) {
      throw new CohesionError('UNMATCHED_CODE', `area "${id}" (feature ${i}) has no row in ${what}`, {
        feature: i,
        id,
        source: table.source,
      });
    }
    return r;
  });
}

/** `Asian, Asian British or Asian Welsh: Pakistani` → `pakistani`; `White: Other White` → `other_white`. */
export function groupSlug(group: string): string {
  return group
    .replace(/^[^:]*: /, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

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

function sourcesOf(ds: ResolvedDataset, keys: readonly string[]) {
  return keys.flatMap((k) => {
    const f = ds.files[k];
    if (!f) return [];
    const s = f.sourceInfo;
    return [
      {
        file: f.path.slice(ds.dir.length + 1),
        description: f.description,
        publisher: s?.publisher ?? f.source,
        url: s?.url ?? '',
        licence: s?.licence ?? '',
      },
    ];
  });
}

/**
 * Computes every number of the cohesion report with `@cohesion/geo`: 2021 LSOA segregation
 * (single-group and multigroup indices, location quotients, Elbers' local segregation), the national
 * 2011 benchmark (rank among all councils of England and Wales, within the region and among peers),
 * green-space access with equity by ethnic group and minority-share band, and Getis–Ord Gi* hotspots
 * of minority share and of burglary rates, per year. Every random step is seeded.
 */
export async function computeCouncilReport(options: ReportOptions): Promise<CouncilReport> {
  const seed = options.seed ?? 12345;
  const permutations = options.permutations ?? 999;
  const replicates = options.replicates ?? 999;
  const threshold = options.minorityThreshold ?? 0.4;
  if (!options.dataset && !options.council) {
    throw new CohesionError(
      'INVALID_ARGUMENT',
      'give a dataset with boundaries (e.g. trafford) or a council name',
      {},
    );
  }
  const dirOpt = options.dataDir ? { dir: options.dataDir } : {};
  const ds = options.dataset ? resolveDataset(options.dataset, dirOpt) : null;
  const files = ds?.files ?? {};
  if (ds && (!files.lsoa21 || !files.ethnicity2021Lsoa)) {
    throw new CohesionError(
      'UNKNOWN_DATASET',
      `dataset "${ds.name}" has no LSOA boundaries with census counts (lsoa21 + ethnicity2021Lsoa); use --council NAME for the national comparison`,
      { value: ds.name },
    );
  }
  const councilName = options.council ?? ds?.council?.name;
  // The national table is needed for --council; with a dataset the benchmark is left out (and said
  // so in the report) when the table is not in the data folder.
  const notes: string[] = [];
  let national: ResolvedDataset | null = null;
  try {
    national = resolveDataset(NATIONAL_DATASET, dirOpt);
  } catch (err) {
    if (!ds || !(err instanceof Error) || (err as { code?: string }).code !== 'READ_FAILED') throw err;
    notes.push(`No comparison with other councils: ${err.message}`);
  }
  const nat = national?.files.ethnicity2011Lsoa;
  const sources = [
    ...(ds ? sourcesOf(ds, USED_FILES) : []),
    ...(national ? sourcesOf(national, ['ethnicity2011Lsoa']) : []),
  ];
  const bench =
    councilName && nat
      ? await nationalBenchmark(nat.path, councilName, {
          groups: nat.groups ?? [],
          ...(nat.total ? { total: nat.total } : {}),
          ...(nat.by ? { by: nat.by } : {}),
          ...(nat.region ? { region: nat.region } : {}),
          seed,
          replicates,
        })
      : null;
  const name = bench?.council ?? councilName ?? ds!.title;
  const report: CouncilReport = {
    title: `Community cohesion report: ${name}`,
    council: { name, code: ds?.council?.code ?? null },
    dataset: ds?.name ?? null,
    generatedWith: { seed, permutations, replicates },
    attribution: ATTRIBUTION,
    sources,
    national: bench,
    notes,
    segregation: null,
    access: null,
    hotspots: null,
    areas: null,
    sites: null,
  };
  if (!ds) return report;

  // ---- 2021 census by LSOA ----
  const lsoaFile = files.lsoa21!;
  const censusFile = files.ethnicity2021Lsoa!;
  const areas = await readAreas(lsoaFile.path);
  const idProp = lsoaFile.id ?? 'area_code';
  const ids = areaIds(areas, idProp);
  const census = await readCsv(censusFile.path);
  const rows = rowsFor(census, censusFile.id ?? 'area_code', ids, censusFile.path);
  const totalCol = censusFile.total ?? 'total_usual_residents';
  const groupNames = census.columns.filter(
    (c) => c !== (censusFile.id ?? 'area_code') && c !== totalCol && !/_name$/.test(c),
  );
  const total = column(census, totalCol, rows);
  const groups = groupNames.map((g) => column(census, g, rows));
  const wb = groupNames.findIndex((g) => WHITE_BRITISH.test(g));
  if (wb < 0) throw new CohesionError('MISSING_COLUMN', `no White British column in ${censusFile.path}`, {});
  const minority = Float64Array.from(total, (t, i) => t - groups[wb]![i]!);
  const minorityLabel = 'not White British';
  const one = segregationIndices(
    {
      groups: [minority],
      groupNames: [minorityLabel],
      total,
      ids,
      totalColumn: totalCol,
      source: censusFile.path,
    },
    { single: ['dissimilarity', 'gini', 'entropy', 'isolation', 'exposure', 'correlationRatio', 'atkinson'] },
  );
  const all = segregationIndices(
    { groups, groupNames, total, ids, totalColumn: totalCol, source: censusFile.path },
    {
      single: ['dissimilarity'],
      multi: ['multiDissimilarity', 'informationTheory', 'mutualInformation', 'simpsonsInteraction'],
    },
  );
  const s1 = (k: keyof typeof one.single) => one.single[k]![0]!;
  const k = groupNames.length;
  const counts = new Float64Array(ids.length * k);
  for (let i = 0; i < ids.length; i++) for (let m = 0; m < k; m++) counts[i * k + m] = groups[m]![i]!;
  const points = spatialAreas(areas, { idProperty: idProp });
  const distances = PROFILE_DISTANCES;
  const single = singleGroupProfile(points, minority, total, { distances, indices: ['dissimilarity'] });
  const multiProfile = multiGroupProfile(
    points,
    { counts, k },
    {
      distances,
      indices: ['multiDissimilarity', 'informationTheory'],
    },
  );
  const T = one.populationTotal;
  const withCi = (key: SingleGroupIndexName, label: string): HeadlineIndex => {
    const b = bootstrapIndex(minority, total, { index: key, iterations: replicates, seed, ids, level: 0.95 });
    return { key, label, value: s1(key), ci: b.ci, se: b.standardError };
  };
  const expected = dissimilarityExpected(minority, total, { iterations: 100, seed, ids });
  report.segregation = {
    areas: ids.length,
    population: T,
    minorityLabel,
    minorityShare: one.groupTotals[0]! / T,
    expectedDissimilarity: {
      expected: expected.expected,
      standardError: expected.standardError,
      iterations: expected.iterations,
    },
    bootstrap: { level: 0.95, replicates, resample: 'persons' },
    single: [
      withCi('dissimilarity', 'Index of dissimilarity D'),
      withCi('gini', 'Gini index'),
      withCi('entropy', 'Entropy index H (Theil)'),
      withCi('isolation', 'Isolation xPx'),
      withCi('exposure', 'Exposure to White British residents xPy'),
      withCi('correlationRatio', 'Correlation ratio η²'),
      withCi('atkinson', 'Atkinson (b = 0.5)'),
    ],
    multi: [
      {
        key: 'multiDissimilarity',
        label: 'Multigroup dissimilarity D',
        value: all.multi.multiDissimilarity!,
      },
      { key: 'informationTheory', label: 'Information theory index H', value: all.multi.informationTheory! },
      { key: 'mutualInformation', label: 'Mutual information M (nats)', value: all.multi.mutualInformation! },
      { key: 'simpsonsInteraction', label: "Simpson's interaction", value: all.multi.simpsonsInteraction! },
    ],
    byGroup: groupNames.map((g, m) => ({
      group: g,
      share: all.groupTotals[m]! / all.populationTotal,
      dissimilarity: all.single.dissimilarity![m]!,
    })),
    profile: distances.map((distance, j) => ({
      distance,
      dissimilarity: single[j]!.indices.dissimilarity!,
      multiDissimilarity: multiProfile[j]!.indices.multiDissimilarity!,
      informationTheory: multiProfile[j]!.indices.informationTheory!,
    })),
  };

  // Local segregation: minority share, its location quotient, Elbers' local ls (19 groups).
  const share = Float64Array.from(minority, (x, i) => (total[i]! > 0 ? x / total[i]! : Number.NaN));
  const lq = locationQuotientValues(minority, total);
  const ls = localSegregation({ counts, k }, { ids, groupColumns: groupNames });
  // Non-White share for the LGA's 40% threshold (the access equity focus areas).
  const nonWhite = groupNames.map((g, m) => (/^white/i.test(g) ? -1 : m)).filter((m) => m >= 0);
  const nonWhiteShare = Float64Array.from(total, (t, i) => {
    let s = 0;
    for (const m of nonWhite) s += groups[m]![i]!;
    return t > 0 ? s / t : Number.NaN;
  });

  const props: Record<string, unknown>[] = ids.map((id, i) => ({
    area_code: id,
    area_name: String(areas.features[i]!.properties?.[lsoaFile.name ?? 'area_name'] ?? id),
    population: total[i]!,
    minority_share: share[i]!,
    non_white_share: nonWhiteShare[i]!,
    minority_lq: lq[i]!,
    local_segregation: ls.ls[i]!,
  }));
  // Each group's share per LSOA (`share_<group>`), for group maps and the CSV.
  const shareKeys = groupNames.map((g) => `share_${groupSlug(g)}`);
  groupNames.forEach((_, m) => {
    props.forEach((p, i) => {
      p[shareKeys[m]!] = total[i]! > 0 ? groups[m]![i]! / total[i]! : Number.NaN;
    });
  });
  // The largest group other than White British gets its own map.
  let largest = -1;
  groupNames.forEach((_, m) => {
    if (m !== wb && (largest < 0 || all.groupTotals[m]! > all.groupTotals[largest]!)) largest = m;
  });
  report.segregation.largestGroup = {
    name: groupNames[largest]!,
    property: shareKeys[largest]!,
    share: all.groupTotals[largest]! / all.populationTotal,
    dissimilarity: all.single.dissimilarity![largest]!,
  };

  // ---- Green-space access ----
  if (files.greenspaceSites) {
    const sitesFc = await readAreas(files.greenspaceSites.path);
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
    const origins = prepareOrigins(areas, { idProperty: idProp, source: lsoaFile.path });
    const sites = prepareGreenSpaceSites(sitesFc, { source: files.greenspaceSites.path });
    let index = createSiteIndex(sites);
    let link: ReturnType<typeof linkAccessPoints> | undefined;
    if (files.greenspaceAccessPoints) {
      const pts = preparePoints(await readAreas(files.greenspaceAccessPoints.path), 'access points');
      link = linkAccessPoints(pts, index, { maxDistance: 20 });
      index = createSiteIndex(sites, link);
    }
    const groupRecord = Object.fromEntries(groupNames.map((g, m) => [g, groups[m]!]));
    const out = analyseGreenSpaceAccess(origins, index, {
      population: total,
      groups: groupRecord,
      minorityGroups: nonWhite.map((m) => groupNames[m]!),
      minorityThreshold: threshold,
      ...(link ? { accessPoints: link } : {}),
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
        { by_group?: GroupMean[]; minority_gap?: NonNullable<CouncilReport['access']>['gap'] }
      >;
    };
    const byGroupNearest = equity.measures?.nearest_m?.by_group ?? [];
    const byGroupAngst = equity.measures?.angst_2ha_300m?.by_group ?? [];
    const bands = Array.from(nonWhiteShare, (s) => (Number.isFinite(s) ? bandOf(s) : null));
    const bandNearest = meanByAreaClass(nearest, total, bands);
    const bandAngst = meanByAreaClass(angst, total, bands);
    const summary = out.summary as {
      sites: number;
      sites_total_ha: number;
      standards: { rules: { key: string; label: string; share_of_population: number | null }[] }[];
    };
    const gap = equity.measures?.nearest_m?.minority_gap ?? null;
    report.access = {
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
  }

  // ---- Hotspots: Gi* of minority share and of burglary rates ----
  const w = queenWeights(areas, { idProperty: idProp });
  const giShare = localGetisOrd(w, share, { permutations, seed });
  const count = (c: ('hot' | 'cold' | 'ns')[], what: 'hot' | 'cold') => c.filter((x) => x === what).length;
  giShare.z.forEach((z, i) => {
    props[i]!.minority_gistar_z = z;
    props[i]!.minority_gistar_p = giShare.p_sim[i]!;
  });
  report.hotspots = {
    minority: { hot: count(giShare.cluster, 'hot'), cold: count(giShare.cluster, 'cold') },
    burglary: null,
    monthly: [],
    periods: [],
  };
  if (files.burglary) {
    const f = files.burglary;
    const crime = await readCsv(f.path);
    const pts = pointsFromTable(crime, f.lon ?? 'Longitude', f.lat ?? 'Latitude');
    const months = crime.rows.map((r) => (r[f.time ?? 'Month'] ?? '').trim());
    const pointMonth = Array.from(pts.rows, (r) => months[r]!);
    const sortedMonths = [...new Set(pointMonth)].sort();
    const firstMonth = sortedMonths[0] ?? '';
    const lastMonth = sortedMonths[sortedMonths.length - 1] ?? '';
    // Quarters (three-month blocks from the first month), labelled by their first month.
    const quarterOf = new Map(sortedMonths.map((m, j) => [m, sortedMonths[j - (j % 3)]!]));
    const inc = incidentHotspots(areas, {
      idProperty: idProp,
      xs: pts.xs,
      ys: pts.ys,
      pointsCrs: pts.crs,
      periods: pointMonth.map((m) => quarterOf.get(m)!),
      population: total,
      permutations,
      seed,
    });
    const years = Math.max(1, sortedMonths.length / 12);
    inc.values.forEach((v, i) => {
      const c = inc.counts[i]!;
      // Small counts are suppressed in the outputs (< 5), as police and ONS tables do.
      props[i]!.burglaries = c > 0 && c < inc.suppressBelow ? null : c;
      props[i]!.burglary_rate_eb = (1000 * v) / years;
      props[i]!.burglary_gistar_z = inc.gi.z[i]!;
      props[i]!.burglary_gistar_p = inc.gi.p_sim[i]!;
      props[i]!.burglary_trend = inc.emerging?.[i] ?? 'none';
    });
    const monthly = sortedMonths.map((m) => ({ month: m, count: 0 }));
    const monthIdx = new Map(sortedMonths.map((m, j) => [m, j]));
    // Incidents are attributed to areas inside incidentHotspots; count the months over all points.
    for (const m of pointMonth) monthly[monthIdx.get(m)!]!.count++;
    const emerging: Record<string, number> = {};
    for (const label of inc.emerging ?? [])
      if (label !== 'none') emerging[label] = (emerging[label] ?? 0) + 1;
    report.hotspots = {
      ...report.hotspots,
      burglary: {
        incidents: pts.xs.length - inc.outside,
        outside: inc.outside,
        skipped: pts.skippedRows.length,
        firstMonth,
        lastMonth,
        hot: count(inc.gi.cluster, 'hot'),
        cold: count(inc.gi.cluster, 'cold'),
        emerging,
      },
      monthly,
      periods: (inc.periods ?? []).map((q) => ({
        period: q.label,
        incidents: q.counts.reduce((a, b) => a + b, 0),
        hot: count(q.gi.cluster, 'hot'),
        cold: count(q.gi.cluster, 'cold'),
      })),
    };
  }

  report.areas = {
    type: 'FeatureCollection',
    features: areas.features.map((f, i) => ({
      type: 'Feature',
      properties: props[i]!,
      geometry: f.geometry,
    })),
  };
  return report;
}

/** Every dataset name in the catalogue that the full report can use (LSOA boundaries + census). */
export function reportDatasets(): string[] {
  return Object.entries(catalogue.datasets)
    .filter(([, d]) => d.files.lsoa21 && d.files.ethnicity2021Lsoa)
    .map(([name]) => name);
}
