import type { ResolvedDataset, resolveDataset } from '@cohesion/data';
import { CohesionError, readCsv } from '@cohesion/geo';
import type { FeatureCollection } from 'geojson';
import { type CensusTable, propertiesTable, readCensusTable } from '../census.js';
import type { CensusFileOptions, CouncilReport, ReportOptions } from './types.js';

/** Where the report's inputs come from (a catalogue dataset or the council's own files) and what every section shares. */

export type Source = CouncilReport['sources'][number];

export function sourcesOf(ds: ResolvedDataset, keys: readonly string[]): Source[] {
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

export const ownSource = (file: string, description: string): Source => ({
  file,
  description,
  publisher: 'supplied by the user',
  url: '',
  licence: '',
});

/** Everything a full report reads, whether from the catalogue or the council's own files. */
export interface ResolvedInputs {
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

export function fromDataset(ds: ResolvedDataset, o: ReportOptions): ResolvedInputs {
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

export function fromOwnFiles(o: ReportOptions): ResolvedInputs {
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
export async function readCensus(
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
    flags: { id: '--table-id', year: '--year' },
  });
}

/** A census table read on its own (its rows are its areas), for the earlier census. */
export async function readCensusAlone(c: CensusFileOptions & { table: string }): Promise<CensusTable> {
  return readCensusTable(await readCsv(c.table), null, {
    ...(c.tableId ? { id: c.tableId } : {}),
    ...(c.total ? { total: c.total } : {}),
    ...(c.groups ? { groups: c.groups } : {}),
    ...(c.referenceGroup ? { referenceGroup: c.referenceGroup } : {}),
    ...(c.year !== undefined ? { year: c.year } : {}),
    flags: { id: '--before-table-id', year: '--before-year' },
  });
}

/** Seeds and sizes of every random step, and the LGA threshold. */
export interface Settings {
  seed: number;
  permutations: number;
  replicates: number;
  threshold: number;
}

/** The report being built, with its inputs and settings; each section fills its part and says what it left out. */
export interface Build {
  report: CouncilReport;
  inputs: ResolvedInputs;
  settings: Settings;
  notes: string[];
  absent: CouncilReport['absentSections'];
  /** The catalogue dataset, when the report is built from one. */
  ds: ReturnType<typeof resolveDataset> | null;
}
