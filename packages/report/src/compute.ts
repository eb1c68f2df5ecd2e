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
  isCohesionError,
  linkAccessPoints,
  localGetisOrd,
  localSegregation,
  locationQuotientValues,
  meanByAreaClass,
  multiGroupProfile,
  numericColumn,
  type PeriodUnit,
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
  wholePeriods,
} from '@cohesion/geo';
import type { FeatureCollection } from 'geojson';
import { computeReportAlerts, type ReportAlerts } from './alerts.js';
import {
  type CensusReadOptions,
  type CensusTable,
  geographyLabel,
  groupName,
  propertiesTable,
  readCensusTable,
} from './census.js';
import { type CensusComparison, compareCensuses } from './change.js';
import { type NationalBenchmark, nationalBenchmark } from './national.js';
import { computeSurveySection, type SurveyReportOptions, type SurveySection } from './survey.js';

/** An ethnic-group table given by the user: the file and how to read it (see `readCensusTable`). */
export interface CensusFileOptions extends Omit<CensusReadOptions, 'id'> {
  /** CSV file; omitted = the areas' own properties. */
  table?: string;
  /** Column of the area code in the table (default: a usual name such as `area_code`). */
  tableId?: string;
  /** Geography label, e.g. "ward 2022" (default: read from the area codes and the year). */
  geography?: string;
}

/** What to build the report for: a catalogue dataset, a council of the national table, or the council's own files. */
export interface ReportOptions extends CensusFileOptions {
  /** Catalogue dataset with boundaries (e.g. `trafford`): the full report. */
  dataset?: string;
  /** Council in the national table, by name or ONS code; defaults to the dataset's council or `name`. */
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
  /** A residents' survey: adds the "What residents say" section. */
  survey?: SurveyReportOptions;
  /** Peer councils for the benchmark (names or codes); default: the 15 nearest by size and mix. */
  peers?: readonly string[];
  // ---- The council's own files ----
  /** Area boundaries (GeoJSON, TopoJSON, FlatGeobuf; WGS84 or British National Grid). */
  areas?: string;
  /** Area id property of `areas`. */
  id?: string;
  /** Area name property (default `area_name`, else the id). */
  nameProperty?: string;
  /** Council name shown in the report. */
  name?: string;
  /** Council ONS code shown in the report. */
  code?: string;
  /** Property of the areas holding the population for access (default: the census total). */
  population?: string;
  /** Green-space sites (polygons). */
  sites?: string;
  /** Site id property (for `siteRef`). */
  siteId?: string;
  /** Access points of the sites. */
  accessPoints?: string;
  /** Property of each access point naming its site id (default: linked spatially, within 20 m). */
  siteRef?: string;
  /** Incident points CSV (e.g. data.police.uk) with WGS84 columns. */
  incidents?: string;
  lon?: string;
  lat?: string;
  /** Date column (`YYYY-MM…`); enables the space–time analysis over whole periods. */
  time?: string;
  /** Period of the space–time analysis (default quarter). */
  period?: PeriodUnit;
  /** What the incidents are, plural, for the text (default "incidents"; the demo's are burglaries). */
  incidentsLabel?: string;
  /** IMD CSV (IoD2019 file 1 layout: `LSOA code (2011)`, `Index of Multiple Deprivation (IMD) Decile`). */
  imd?: string;
  imdId?: string;
  imdDecile?: string;
  /** An earlier census of the same council: the "change since" section. */
  before?: CensusFileOptions & { table: string };
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
  /** Each section left out of the report and why (its data were not given, or could not be used). */
  absentSections: { section: string; reason: string }[];
  /** Aspatial benchmark from the national 2011 table (any council). */
  national: NationalBenchmark | null;
  /** Census segregation over the council's areas (with boundaries and a census table). */
  segregation: {
    /** Census year of the counts. */
    year: number;
    /** Areas, e.g. "LSOA 2021", "LSOA 2011", "ward 2022". */
    geography: string;
    /** Census layout recognised (e.g. "Census 2021 TS021"), or null when named by flags. */
    layout: string | null;
    /** The reference group (White British for a recognised layout). */
    referenceGroup: string;
    /** Groups counted in the minority: every group but the reference group. */
    minorityGroups: string[];
    /** Groups counted as White for the LGA's non-White share, or null when the layout does not say. */
    whiteGroups: string[] | null;
    /** Table the counts came from and its total column. */
    source: string;
    totalColumn: string;
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
    /** The largest group other than the reference group: its name, share property and D. */
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
    /** Who counts as minority for the focus areas (the LGA's threshold), in words. */
    focusDefinition: string;
    /** Short word for them: "non-White", or "not <reference group>" when the layout does not say which groups are White. */
    focusWord: string;
    /** Where the population weights came from. */
    populationSource: string;
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
    /** The incident layer (burglaries in the demo dataset). */
    burglary: {
      /** What the incidents are, plural (e.g. "burglaries"). */
      what: string;
      incidents: number;
      /** Incidents in partial first/last periods, left out of every figure. */
      leftOut: number;
      /** Whole periods analysed (e.g. "quarter") and why any were left out. */
      periodUnit: string;
      periodNote: string | null;
      outside: number;
      skipped: number;
      firstMonth: string;
      lastMonth: string;
      hot: number;
      cold: number;
      /** Areas by emerging hot/cold spot label (Mann–Kendall on per-period Gi*), labels with none left out. */
      emerging: Record<string, number>;
    } | null;
    monthly: { month: string; count: number }[];
    /** Per whole period: incidents and Gi* hot/cold spots; each area's z and p are in `areas` (`burglary_gistar_z_<period>`, `…_p_<period>`). */
    periods: { period: string; incidents: number; hot: number; cold: number }[];
  } | null;
  /** Change between two censuses of the council (`compareCensuses`), when an earlier census is given. */
  change: CensusComparison | null;
  /** Deprivation (IMD decile of each area), when an IMD file is given. */
  deprivation: {
    source: string;
    matched: number;
    unmatched: number;
    byDecile: {
      decile: number;
      areas: number;
      population: number;
      minorityShare: number;
      nearest_m: number | null;
    }[];
  } | null;
  /** Early warning: wards above their burglary threshold in the latest month (alerts.ts); absent without ward boundaries. */
  alerts?: ReportAlerts | null;
  /** Per-area results (WGS84), the data of every map. */
  areas: FeatureCollection | null;
  /** Green-space sites (WGS84, `site_name`, `site_type`), overlaid on the access map. */
  sites: FeatureCollection | null;
  /** Residents' survey estimates by area, when a survey was given. */
  survey?: SurveySection | null;
}

const NATIONAL_DATASET = 'england-wales-2011';
/** Radii of the multiscalar profile, metres. */
const PROFILE_DISTANCES = [250, 500, 1000, 1500, 2000, 3000, 4000, 5000];
const BANDS = [0, 0.1, 0.2, 0.3, 0.4] as const;
const short = groupName;

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

type Source = CouncilReport['sources'][number];

function sourcesOf(ds: ResolvedDataset, keys: readonly string[]): Source[] {
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

const ownSource = (file: string, description: string): Source => ({
  file,
  description,
  publisher: 'supplied by the user',
  url: '',
  licence: '',
});

/** Everything a full report reads, whether from the catalogue or the council's own files. */
interface ResolvedInputs {
  areas: string;
  id: string;
  nameProperty: string | undefined;
  census: CensusFileOptions;
  before: (CensusFileOptions & { table: string }) | undefined;
  population: string | undefined;
  sites: string | undefined;
  siteId: string | undefined;
  accessPoints: string | undefined;
  siteRef: string | undefined;
  incidents: { path: string; lon: string; lat: string; time: string | undefined; what: string } | undefined;
  imd: { path: string; id: string | undefined; decile: string | undefined } | undefined;
  sources: Source[];
}

function fromDataset(ds: ResolvedDataset, o: ReportOptions): ResolvedInputs {
  const f = ds.files;
  const lsoa = f.lsoa21!;
  const census = f.ethnicity2021Lsoa!;
  const old = f.ethnicity2011Lsoa;
  const crime = f.burglary;
  return {
    areas: lsoa.path,
    id: lsoa.id ?? 'area_code',
    nameProperty: lsoa.name,
    census: {
      table: census.path,
      ...(census.id ? { tableId: census.id } : {}),
      ...(census.total ? { total: census.total } : {}),
    },
    before: old
      ? {
          table: old.path,
          ...(old.id ? { tableId: old.id } : {}),
          ...(old.total ? { total: old.total } : {}),
        }
      : undefined,
    population: undefined,
    sites: f.greenspaceSites?.path,
    siteId: undefined,
    accessPoints: f.greenspaceAccessPoints?.path,
    siteRef: undefined,
    incidents: crime
      ? {
          path: crime.path,
          lon: crime.lon ?? 'Longitude',
          lat: crime.lat ?? 'Latitude',
          time: crime.time ?? 'Month',
          what: 'burglaries',
        }
      : undefined,
    imd: o.imd ? { path: o.imd, id: o.imdId, decile: o.imdDecile } : undefined,
    sources: sourcesOf(ds, [
      'lsoa21',
      'ethnicity2021Lsoa',
      ...(old ? ['ethnicity2011Lsoa'] : []),
      'greenspaceSites',
      'greenspaceAccessPoints',
      'burglary',
    ]),
  };
}

function fromOwnFiles(o: ReportOptions): ResolvedInputs {
  if (!o.id)
    throw new CohesionError(
      'MISSING_INPUT',
      'with --areas, say which property holds the area code (--id PROP)',
      {},
    );
  if (o.incidents && (!o.lon || !o.lat))
    throw new CohesionError(
      'MISSING_INPUT',
      'with --incidents, give the coordinate columns --lon COL and --lat COL',
      {},
    );
  if (o.accessPoints && !o.sites)
    throw new CohesionError(
      'MISSING_INPUT',
      '--access-points needs --sites (the green spaces they lead into)',
      {},
    );
  const sources = [
    ownSource(o.areas!, 'Area boundaries'),
    ...(o.table ? [ownSource(o.table, 'Census ethnic group counts')] : []),
    ...(o.before ? [ownSource(o.before.table, 'Earlier census ethnic group counts')] : []),
    ...(o.sites ? [ownSource(o.sites, 'Green-space sites')] : []),
    ...(o.accessPoints ? [ownSource(o.accessPoints, 'Green-space access points')] : []),
    ...(o.incidents ? [ownSource(o.incidents, 'Incident points')] : []),
    ...(o.imd ? [ownSource(o.imd, 'Index of Multiple Deprivation')] : []),
  ];
  return {
    areas: o.areas!,
    id: o.id,
    nameProperty: o.nameProperty,
    census: {
      ...(o.table ? { table: o.table } : {}),
      ...(o.tableId ? { tableId: o.tableId } : {}),
      ...(o.total ? { total: o.total } : {}),
      ...(o.groups ? { groups: o.groups } : {}),
      ...(o.referenceGroup ? { referenceGroup: o.referenceGroup } : {}),
      ...(o.year !== undefined ? { year: o.year } : {}),
      ...(o.geography ? { geography: o.geography } : {}),
    },
    before: o.before,
    population: o.population,
    sites: o.sites,
    siteId: o.siteId,
    accessPoints: o.accessPoints,
    siteRef: o.siteRef,
    incidents: o.incidents
      ? { path: o.incidents, lon: o.lon!, lat: o.lat!, time: o.time, what: o.incidentsLabel ?? 'incidents' }
      : undefined,
    imd: o.imd ? { path: o.imd, id: o.imdId, decile: o.imdDecile } : undefined,
    sources,
  };
}

/** Reads a census table (a CSV, or the areas' own properties) for the areas, in their order. */
async function readCensus(
  c: CensusFileOptions,
  areas: FeatureCollection,
  ids: readonly string[],
  areasPath: string,
  idProp: string,
): Promise<CensusTable> {
  const table = c.table
    ? await readCsv(c.table)
    : propertiesTable(
        areas.features.map((f) => ({ properties: f.properties as Record<string, unknown> | null })),
        areasPath,
      );
  return readCensusTable(table, ids, {
    id: c.table ? c.tableId : (c.tableId ?? idProp),
    ...(c.total ? { total: c.total } : {}),
    ...(c.groups ? { groups: c.groups } : {}),
    ...(c.referenceGroup ? { referenceGroup: c.referenceGroup } : {}),
    ...(c.year !== undefined ? { year: c.year } : {}),
    areasSource: areasPath,
  });
}

/** A census table read on its own (its rows are its areas), for the earlier census. */
async function readCensusAlone(c: CensusFileOptions & { table: string }): Promise<CensusTable> {
  return readCensusTable(await readCsv(c.table), null, {
    ...(c.tableId ? { id: c.tableId } : {}),
    ...(c.total ? { total: c.total } : {}),
    ...(c.groups ? { groups: c.groups } : {}),
    ...(c.referenceGroup ? { referenceGroup: c.referenceGroup } : {}),
    ...(c.year !== undefined ? { year: c.year } : {}),
  });
}

/**
 * Computes every number of the cohesion report with `@cohesion/geo`: census segregation over the
 * council's areas (single-group and multigroup indices, location quotients, Elbers' local
 * segregation), the national 2011 benchmark (rank among all councils of England and Wales, within
 * the region and among peers), the change since an earlier census, green-space access with equity
 * by ethnic group and minority-share band, and Getis–Ord Gi* hotspots of minority share and of
 * incident rates over whole periods. Inputs come from a catalogue dataset or from the council's own
 * files; each label (year, geography, groups) is read from them, and every section left out is
 * listed with its reason in `absentSections`. Every random step is seeded.
 */
export async function computeCouncilReport(options: ReportOptions): Promise<CouncilReport> {
  const seed = options.seed ?? 12345;
  const permutations = options.permutations ?? 999;
  const replicates = options.replicates ?? 999;
  const threshold = options.minorityThreshold ?? 0.4;
  if (!options.dataset && !options.council && !options.areas) {
    throw new CohesionError(
      'INVALID_ARGUMENT',
      'give a dataset with boundaries (e.g. trafford), a council name or code, or your own files (--areas …)',
      {},
    );
  }
  if (options.dataset && options.areas)
    throw new CohesionError(
      'INVALID_ARGUMENT',
      'give either a catalogue dataset or your own --areas, not both',
      {},
    );
  const dirOpt = options.dataDir ? { dir: options.dataDir } : {};
  const ds = options.dataset ? resolveDataset(options.dataset, dirOpt) : null;
  if (ds && (!ds.files.lsoa21 || !ds.files.ethnicity2021Lsoa)) {
    throw new CohesionError(
      'UNKNOWN_DATASET',
      `dataset "${ds.name}" has no LSOA boundaries with census counts (lsoa21 + ethnicity2021Lsoa); use --council NAME for the national comparison`,
      { value: ds.name },
    );
  }
  const inputs = ds ? fromDataset(ds, options) : options.areas ? fromOwnFiles(options) : null;
  const absent: CouncilReport['absentSections'] = [];
  const notes: string[] = [];

  // ---- National benchmark (any council of the 2011 table) ----
  const explicitCouncil = options.council;
  const councilQuery = explicitCouncil ?? ds?.council?.name ?? options.code ?? options.name;
  let national: ResolvedDataset | null = null;
  try {
    national = resolveDataset(NATIONAL_DATASET, dirOpt);
  } catch (err) {
    if (!inputs || !(err instanceof Error) || (err as { code?: string }).code !== 'READ_FAILED') throw err;
    notes.push(`No comparison with other councils: ${err.message}`);
    absent.push({
      section: 'benchmark',
      reason: `the national table is not in the data folder (${err.message})`,
    });
  }
  const nat = national?.files.ethnicity2011Lsoa;
  let bench: NationalBenchmark | null = null;
  if (nat && councilQuery) {
    const run = () =>
      nationalBenchmark(nat.path, councilQuery, {
        groups: nat.groups ?? [],
        ...(nat.total ? { total: nat.total } : {}),
        ...(nat.by ? { by: nat.by } : {}),
        ...(nat.region ? { region: nat.region } : {}),
        ...(options.peers ? { peers: options.peers } : {}),
        seed,
        replicates,
      });
    if (explicitCouncil || ds) bench = await run();
    else {
      // Own files named only by --name/--code: a name the table does not know leaves the benchmark out.
      try {
        bench = await run();
      } catch (err) {
        if ((err as { code?: string }).code !== 'UNMATCHED_CODE') throw err;
        absent.push({
          section: 'benchmark',
          reason: `${(err as Error).message} (give --council NAME or CODE to compare with other councils)`,
        });
      }
    }
  } else if (nat && !councilQuery) {
    absent.push({
      section: 'benchmark',
      reason: 'no council named (give --council NAME or CODE, or --name)',
    });
  }
  const name = options.name ?? bench?.council ?? councilQuery ?? ds?.title ?? 'Council';
  const code = options.code ?? ds?.council?.code ?? bench?.code ?? null;
  const report: CouncilReport = {
    title: `Community cohesion report: ${name}`,
    council: { name, code },
    dataset: ds?.name ?? null,
    generatedWith: { seed, permutations, replicates },
    attribution: ATTRIBUTION,
    sources: [
      ...(inputs?.sources ?? []),
      ...(national && bench ? sourcesOf(national, ['ethnicity2011Lsoa']) : []),
    ],
    notes,
    absentSections: absent,
    national: bench,
    segregation: null,
    access: null,
    hotspots: null,
    change: null,
    deprivation: null,
    areas: null,
    sites: null,
  };
  if (options.survey) {
    // The survey's areas default to the dataset's ward boundaries.
    const wards = ds?.files.ward22?.path;
    report.survey = await computeSurveySection({
      ...options.survey,
      ...(options.survey.areas === undefined && wards ? { areas: wards } : {}),
    });
  }
  if (!inputs) {
    const why =
      'no area boundaries and census table given (--dataset NAME, or --areas FILE --id PROP --table CSV …)';
    for (const section of ['segregation', 'local', 'change', 'access', 'hotspots', 'deprivation'])
      absent.push({ section, reason: why });
    return report;
  }

  // ---- Census by area ----
  const areas = await readAreas(inputs.areas);
  const idProp = inputs.id;
  const ids = areaIds(areas, idProp);
  const census = await readCensus(inputs.census, areas, ids, inputs.areas, idProp);
  notes.push(...census.notes);
  const year = census.year;
  const geography = inputs.census.geography ?? geographyLabel(ids, year);
  const groupNames = census.groups.map((g) => g.label);
  const groups = census.groups.map((g) => g.counts);
  const total = census.total;
  const ref = census.reference;
  const refLabel = groupNames[ref]!;
  const minority = Float64Array.from(total, (t, i) => t - groups[ref]![i]!);
  const minorityLabel = `not ${short(refLabel)}`;
  const single: SingleGroupIndexName[] = [
    'dissimilarity',
    'gini',
    'entropy',
    'isolation',
    'exposure',
    'correlationRatio',
    'atkinson',
  ];
  const one = segregationIndices(
    {
      groups: [minority],
      groupNames: [minorityLabel],
      total,
      ids,
      totalColumn: census.totalColumn,
      source: census.source,
    },
    { single },
  );
  const all = segregationIndices(
    { groups, groupNames, total, ids, totalColumn: census.totalColumn, source: census.source },
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
  const singleProfile = singleGroupProfile(points, minority, total, {
    distances,
    indices: ['dissimilarity'],
  });
  const multiProfile = multiGroupProfile(
    points,
    { counts, k },
    { distances, indices: ['multiDissimilarity', 'informationTheory'] },
  );
  const T = one.populationTotal;
  const withCi = (key: SingleGroupIndexName, label: string): HeadlineIndex => {
    const b = bootstrapIndex(minority, total, { index: key, iterations: replicates, seed, ids, level: 0.95 });
    return { key, label, value: s1(key), ci: b.ci, se: b.standardError };
  };
  const expected = dissimilarityExpected(minority, total, { iterations: 100, seed, ids });
  const whiteKnown = census.groups.every((g) => g.white !== null);
  report.segregation = {
    year,
    geography,
    layout: census.layout,
    referenceGroup: refLabel,
    minorityGroups: groupNames.filter((_, m) => m !== ref),
    whiteGroups: whiteKnown ? census.groups.filter((g) => g.white).map((g) => g.label) : null,
    source: census.source,
    totalColumn: census.totalColumn,
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
      withCi('exposure', `Exposure to ${short(refLabel)} residents xPy`),
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
      dissimilarity: singleProfile[j]!.indices.dissimilarity!,
      multiDissimilarity: multiProfile[j]!.indices.multiDissimilarity!,
      informationTheory: multiProfile[j]!.indices.informationTheory!,
    })),
  };

  // Local segregation: minority share, its location quotient, Elbers' local ls (all groups).
  const share = Float64Array.from(minority, (x, i) => (total[i]! > 0 ? x / total[i]! : Number.NaN));
  const lq = locationQuotientValues(minority, total);
  const ls = localSegregation({ counts, k }, { ids, groupColumns: groupNames });
  // The LGA's 40% threshold is on residents from non-White groups when the layout says which groups
  // are White (every recognised layout, 2011 ones included); otherwise on everyone but the reference group.
  const focusGroups = whiteKnown
    ? census.groups.map((g, m) => (g.white ? -1 : m)).filter((m) => m >= 0)
    : census.groups.map((_, m) => (m === ref ? -1 : m)).filter((m) => m >= 0);
  const focusWord = whiteKnown ? 'non-White' : minorityLabel;
  const nonWhiteShare = Float64Array.from(total, (t, i) => {
    let s = 0;
    for (const m of focusGroups) s += groups[m]![i]!;
    return t > 0 ? s / t : Number.NaN;
  });
  const nameProp = inputs.nameProperty ?? 'area_name';
  const props: Record<string, unknown>[] = ids.map((id, i) => ({
    area_code: id,
    area_name: String(areas.features[i]!.properties?.[nameProp] ?? id),
    population: total[i]!,
    minority_share: share[i]!,
    non_white_share: nonWhiteShare[i]!,
    minority_lq: lq[i]!,
    local_segregation: ls.ls[i]!,
  }));
  const shareKeys = groupNames.map((g) => `share_${groupSlug(g)}`);
  groupNames.forEach((_, m) => {
    props.forEach((p, i) => {
      p[shareKeys[m]!] = total[i]! > 0 ? groups[m]![i]! / total[i]! : Number.NaN;
    });
  });
  let largest = -1;
  groupNames.forEach((_, m) => {
    if (m !== ref && (largest < 0 || all.groupTotals[m]! > all.groupTotals[largest]!)) largest = m;
  });
  if (largest >= 0)
    report.segregation.largestGroup = {
      name: groupNames[largest]!,
      property: shareKeys[largest]!,
      share: all.groupTotals[largest]! / all.populationTotal,
      dissimilarity: all.single.dissimilarity![largest]!,
    };

  // ---- Change since the earlier census ----
  if (inputs.before) {
    const before = await readCensusAlone(inputs.before);
    const beforeGeo = inputs.before.geography ?? geographyLabel(before.ids, before.year);
    report.change = compareCensuses(before, census, {
      seed,
      replicates,
      iterations: replicates,
      geography: [beforeGeo, geography],
      // Each group is shown with D only; the seven indices are for the headline comparison.
      groupIndices: ['dissimilarity'],
    });
  } else {
    absent.push({
      section: 'change',
      reason: 'no earlier census given (--before CSV with the 2011 counts of the same council)',
    });
  }

  // ---- IMD ----
  let imdDecile: (number | null)[] | undefined;
  if (inputs.imd) {
    const t = await readCsv(inputs.imd.path);
    const idCol =
      inputs.imd.id ?? (t.columns.includes('LSOA code (2011)') ? 'LSOA code (2011)' : 'area_code');
    const decCol =
      inputs.imd.decile ??
      t.columns.find((c) => /index of multiple deprivation.*decile/i.test(c)) ??
      'imd_decile';
    const dec = numericColumn(t, decCol);
    if (!t.columns.includes(idCol))
      throw new CohesionError('MISSING_COLUMN', `${inputs.imd.path} has no id column "${idCol}" (--imd-id)`, {
        column: idCol,
        source: inputs.imd.path,
      });
    const rowOf = new Map(t.rows.map((r, j) => [(r[idCol] ?? '').trim(), j]));
    imdDecile = ids.map((id) => {
      const j = rowOf.get(id);
      return j === undefined ? null : dec[j]!;
    });
    const matched = imdDecile.filter((d) => d !== null).length;
    if (matched === 0)
      throw new CohesionError(
        'UNMATCHED_CODE',
        `none of the ${ids.length} areas is in ${inputs.imd.path} (${idCol}): the IMD is by LSOA 2011; are the files for the same council?`,
        { source: inputs.imd.path },
      );
    imdDecile.forEach((d, i) => {
      props[i]!.imd_decile = d;
    });
    const byDecile: NonNullable<CouncilReport['deprivation']>['byDecile'] = [];
    for (let d = 1; d <= 10; d++) {
      let n = 0;
      let pop = 0;
      let mino = 0;
      imdDecile.forEach((x, i) => {
        if (x === d) {
          n++;
          pop += total[i]!;
          mino += minority[i]!;
        }
      });
      if (n > 0)
        byDecile.push({ decile: d, areas: n, population: pop, minorityShare: mino / pop, nearest_m: null });
    }
    report.deprivation = { source: inputs.imd.path, matched, unmatched: ids.length - matched, byDecile };
    if (matched < ids.length)
      notes.push(
        `${ids.length - matched} of ${ids.length} areas have no IMD decile in ${inputs.imd.path} (the IMD 2019 is by LSOA 2011; areas redrawn since are left out of the deprivation figures).`,
      );
  } else {
    absent.push({
      section: 'deprivation',
      reason: 'no deprivation file given (--imd CSV, e.g. IoD2019 file 1)',
    });
  }

  // ---- Green-space access ----
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

  // ---- Hotspots: Gi* of minority share and of incident rates ----
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
  if (inputs.incidents) {
    const f = inputs.incidents;
    const inc = await incidentAnalysis(areas, idProp, accessPopulation, f, {
      period: options.period ?? 'quarter',
      permutations,
      seed,
    });
    const r = inc.result;
    inc.result.values.forEach((v, i) => {
      const c = r.counts[i]!;
      // Small counts are suppressed in the outputs (< 5), as police and ONS tables do.
      props[i]!.burglaries = c > 0 && c < r.suppressBelow ? null : c;
      props[i]!.burglary_rate_eb = inc.years > 0 ? (1000 * v) / inc.years : Number.NaN;
      props[i]!.burglary_gistar_z = r.gi.z[i]!;
      props[i]!.burglary_gistar_p = r.gi.p_sim[i]!;
      props[i]!.burglary_trend = r.emerging?.[i] ?? 'none';
      for (const q of r.periods ?? []) {
        props[i]![`burglary_gistar_z_${q.label}`] = q.gi.z[i]!;
        props[i]![`burglary_gistar_p_${q.label}`] = q.gi.permutations > 0 ? q.gi.p_sim[i]! : q.gi.p_norm[i]!;
      }
    });
    if (inc.note) notes.push(inc.note);
    report.hotspots = {
      ...report.hotspots,
      burglary: {
        what: f.what,
        incidents: inc.used - r.outside,
        leftOut: inc.leftOut,
        periodUnit: inc.unit,
        periodNote: inc.note,
        outside: r.outside,
        skipped: inc.skipped,
        firstMonth: inc.firstMonth,
        lastMonth: inc.lastMonth,
        hot: count(r.gi.cluster, 'hot'),
        cold: count(r.gi.cluster, 'cold'),
        emerging: tallyEmerging(r.emerging),
      },
      monthly: inc.monthly,
      periods: (r.periods ?? []).map((q) => ({
        period: q.label,
        incidents: q.counts.reduce((a, b) => a + b, 0),
        hot: count(q.gi.cluster, 'hot'),
        cold: count(q.gi.cluster, 'cold'),
      })),
    };
  } else {
    absent.push({
      section: 'incidents',
      reason:
        'no incident points given (--incidents CSV --lon COL --lat COL --time COL, e.g. data.police.uk)',
    });
  }

  // ---- Early warning: monthly alarms by ward (alerts.ts) ----
  if (ds?.files.burglary && ds.files.ward22) {
    report.alerts = await computeReportAlerts(ds.files.burglary, ds.files.ward22);
  } else if (inputs.incidents?.time) {
    // Own files: the incidents by month in the report's own areas (no ward file is needed).
    const f = inputs.incidents;
    try {
      report.alerts = await computeReportAlerts(
        { path: f.path, lon: f.lon, lat: f.lat, time: f.time },
        { path: inputs.areas, id: idProp, name: inputs.nameProperty ?? idProp },
        { what: f.what, areaWord: geography.replace(/\s*\d{4}$/, '') || 'area' },
      );
    } catch (err) {
      if (!isCohesionError(err)) throw err;
      absent.push({
        section: 'alerts',
        reason: `the early warning could not run on ${f.path}: ${err.message}`,
      });
    }
  } else {
    absent.push({
      section: 'alerts',
      reason: inputs.incidents
        ? 'the incident points have no date column (--time COL, months as YYYY-MM)'
        : 'no incident points given (--incidents CSV --lon COL --lat COL --time COL)',
    });
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

/** Areas by emerging hot/cold spot label, labels with none left out. */
export function tallyEmerging(labels: readonly string[] | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const label of labels ?? []) if (label !== 'none') out[label] = (out[label] ?? 0) + 1;
  return out;
}

/**
 * The incident analysis the report and `cohesion incidents` share: points from a CSV, dated
 * incidents sorted into whole calendar periods (`wholePeriods`: partial first/last periods and their
 * incidents left out, with a note), then `incidentHotspots` with rates against `population`
 * (empirical Bayes), queen contiguity (row-standardised), Gi* per period and the emerging labels.
 */
export async function incidentAnalysis(
  areas: FeatureCollection,
  idProperty: string,
  population: ArrayLike<number> | undefined,
  f: { path: string; lon: string; lat: string; time: string | undefined },
  o: {
    period: PeriodUnit;
    permutations?: number;
    seed?: number;
    toBng?: boolean;
    weights?: Parameters<typeof incidentHotspots>[1]['weights'];
    alpha?: number;
    suppressBelow?: number;
  },
) {
  const crime = await readCsv(f.path);
  for (const c of [f.lon, f.lat, ...(f.time ? [f.time] : [])])
    if (!crime.columns.includes(c))
      throw new CohesionError('MISSING_COLUMN', `${f.path} has no column "${c}"`, {
        column: c,
        source: f.path,
      });
  const pts = pointsFromTable(crime, f.lon, f.lat, o.toBng ? { toBng: true } : {});
  let keep: number[] = Array.from(pts.xs.keys());
  let periods: ReturnType<typeof wholePeriods> | null = null;
  if (f.time) {
    const times = Array.from(pts.rows, (r) => (crime.rows[r]![f.time!] ?? '').trim());
    periods = wholePeriods(times, o.period);
    keep = keep.filter((j) => periods!.periodOf[j] !== null);
  }
  const xs = Float64Array.from(keep, (j) => pts.xs[j]!);
  const ys = Float64Array.from(keep, (j) => pts.ys[j]!);
  const result = incidentHotspots(areas, {
    idProperty,
    xs,
    ys,
    pointsCrs: pts.crs,
    ...(periods ? { periods: keep.map((j) => periods!.periodOf[j]!), periodLabels: periods.labels } : {}),
    ...(population ? { population } : {}),
    ...(o.weights ? { weights: o.weights } : {}),
    ...(o.permutations !== undefined ? { permutations: o.permutations } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.alpha !== undefined ? { alpha: o.alpha } : {}),
    ...(o.suppressBelow !== undefined ? { suppressBelow: o.suppressBelow } : {}),
  });
  // Incidents per month over the analysed months (zero months kept).
  const monthly: { month: string; count: number }[] = [];
  if (periods) {
    const times = keep.map((j) => (crime.rows[pts.rows[j]!]![f.time!] ?? '').trim().slice(0, 7));
    const byMonth = new Map<string, number>();
    for (const t of times) byMonth.set(t, (byMonth.get(t) ?? 0) + 1);
    const firstKept = periods.labels[0];
    if (firstKept !== undefined) {
      const startMonth = monthOfPeriod(firstKept, periods.unit);
      for (let m = 0; m < periods.months; m++) {
        const label = addMonths(startMonth, m);
        monthly.push({ month: label, count: byMonth.get(label) ?? 0 });
      }
    }
  }
  const firstMonth = monthly[0]?.month ?? periods?.firstMonth ?? '';
  const lastMonth = monthly[monthly.length - 1]?.month ?? periods?.lastMonth ?? '';
  return {
    result,
    unit: o.period,
    used: keep.length,
    leftOut: pts.xs.length - keep.length,
    skipped: pts.skippedRows.length,
    note: periods?.note ?? null,
    partial: periods?.partial ?? [],
    firstMonth,
    lastMonth,
    /** Years covered by the analysed periods (for yearly rates); 0 without dates. */
    years: periods ? periods.months / 12 : 0,
    monthly,
  };
}

function monthOfPeriod(label: string, unit: PeriodUnit): string {
  if (unit === 'month') return label;
  if (unit === 'year') return `${label}-01`;
  const [y, q] = label.split('-Q');
  return `${y}-${String((Number(q) - 1) * 3 + 1).padStart(2, '0')}`;
}

function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const k = y * 12 + (m - 1) + n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}

/** Every dataset name in the catalogue that the full report can use (LSOA boundaries + census). */
export function reportDatasets(): string[] {
  return Object.entries(catalogue.datasets)
    .filter(([, d]) => d.files.lsoa21 && d.files.ethnicity2021Lsoa)
    .map(([name]) => name);
}
