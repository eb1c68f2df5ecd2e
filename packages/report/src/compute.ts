import { ATTRIBUTION, catalogue, type ResolvedDataset, resolveDataset } from '@cohesion/data';
import { CohesionError } from '@cohesion/geo';
import { accessSection } from './compute/access.js';
import { censusSection, changeSection, deprivationSection } from './compute/census.js';
import { alertsSection, hotspotsSection } from './compute/hotspots.js';
import { type Build, fromDataset, fromOwnFiles, sourcesOf } from './compute/inputs.js';
import type { CouncilReport, ReportOptions } from './compute/types.js';
import { type NationalBenchmark, nationalBenchmark } from './national.js';
import { computeSurveySection } from './survey.js';

export { groupSlug } from './compute/census.js';
export { incidentAnalysis, tallyEmerging } from './compute/hotspots.js';
export type { CensusFileOptions, CouncilReport, HeadlineIndex, ReportOptions } from './compute/types.js';

const NATIONAL_DATASET = 'england-wales-2011';

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
  // Progress by section (the national benchmark, then each section on the council's areas): the
  // CLI shows it on a terminal; it does not change the report.
  const SECTIONS = 7;
  const progress = (k: number) => options.onProgress?.(k, SECTIONS);
  progress(1);
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

  const b: Build = {
    report,
    inputs,
    settings: { seed, permutations, replicates, threshold },
    notes,
    absent,
    ds,
  };
  const c = await censusSection(b);
  progress(2);
  await changeSection(b, c);
  progress(3);
  const imdDecile = await deprivationSection(b, c);
  progress(4);
  const accessPopulation = await accessSection(b, c, imdDecile);
  progress(5);
  await hotspotsSection(b, c, accessPopulation, options.period ?? 'quarter');
  progress(6);
  await alertsSection(b, c);
  progress(7);

  report.areas = {
    type: 'FeatureCollection',
    features: c.areas.features.map((f, i) => ({
      type: 'Feature',
      properties: c.props[i]!,
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
