import type { EquityGap, PeriodUnit } from '@cohesion/geo';
import type { FeatureCollection } from 'geojson';
import type { ReportAlerts } from '../alerts.js';
import type { CensusReadOptions } from '../census.js';
import type { CensusComparison } from '../change.js';
import type { NationalBenchmark } from '../national.js';
import type { SurveyReportOptions, SurveySection } from '../survey.js';

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
  /**
   * Told `(done, 7)` after the benchmark and after each section (census, change, deprivation,
   * access, hotspots, alerts); does not change the report. The CLI draws it on a terminal.
   */
  onProgress?: (done: number, total: number) => void;
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
    /** The measure's name and geo's equity gap, without its populations, replicates and seed. */
    gap:
      | ({ measure: string } & Pick<
          EquityGap,
          'focusMean' | 'restMean' | 'ratio' | 'lower' | 'upper' | 'focusAreas' | 'restAreas' | 'level'
        >)
      | null;
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
