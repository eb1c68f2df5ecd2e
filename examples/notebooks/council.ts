// The notebooks' inputs for any council: a name or ONS code of the Census 2011 national table, or a
// council.json with the council's own files (the keys of `cohesion report --config`). Trafford comes
// with every layer (Census 2021 by LSOA, green space, burglary); a Greater Manchester council gets its
// LSOA 2011 boundaries, Census 2011 counts and the GMP burglary points from the repository's data;
// any other council of England and Wales its Census 2011 counts by LSOA (no boundaries: the maps and
// spatial steps say so and are skipped).
import { dirname, isAbsolute, resolve } from 'node:path';
import { resolveDataset } from '@cohesion/data';
import * as geo from '@cohesion/geo';
import { type CensusTable, findCouncil, readCensusTable } from '@cohesion/report';
import type { FeatureCollection } from 'geojson';

/** What a notebook analyses. */
export interface CouncilData {
  name: string;
  /** "Census 2021, LSOA 2021" etc., for titles. */
  label: string;
  year: number;
  geography: string;
  /** Boundaries in the order of the counts, or null when the data folder has none for this council. */
  areas: FeatureCollection | null;
  idProperty: string;
  census: CensusTable;
  sites: string | null;
  accessPoints: string | null;
  incidents: { path: string; lon: string; lat: string; time: string; what: string } | null;
  /** Why a layer is missing, in plain words. */
  missing: string[];
}

const GM = new Set([
  'Bolton',
  'Bury',
  'Manchester',
  'Oldham',
  'Rochdale',
  'Salford',
  'Stockport',
  'Tameside',
  'Trafford',
  'Wigan',
]);

/** Loads the council named by `council` (name or code), or described by the JSON file `config`. */
export async function loadCouncil(params: { council?: string; config?: string }): Promise<CouncilData> {
  if (params.config) return fromConfig(params.config);
  const nat = resolveDataset('england-wales-2011').files.ethnicity2011Lsoa!;
  const table = await geo.readCsv(nat.path);
  const names = [...new Set(table.rows.map((r) => r.LAD11NM ?? ''))];
  const name = findCouncil(params.council ?? 'Trafford', names, 'the national table');
  if (name === 'Trafford') {
    const f = resolveDataset('trafford').files;
    const areas = await geo.readAreas(f.lsoa21!.path);
    const ids = geo.areaIds(areas, 'area_code');
    const census = readCensusTable(await geo.readCsv(f.ethnicity2021Lsoa!.path), ids, { id: 'area_code' });
    return {
      name,
      label: 'Census 2021, LSOA 2021',
      year: 2021,
      geography: 'LSOA 2021',
      areas,
      idProperty: 'area_code',
      census,
      sites: f.greenspaceSites!.path,
      accessPoints: f.greenspaceAccessPoints!.path,
      incidents: {
        path: f.burglary!.path,
        lon: 'Longitude',
        lat: 'Latitude',
        time: 'Month',
        what: 'burglaries',
      },
      missing: [],
    };
  }
  const rows = table.rows.filter((r) => r.LAD11NM === name);
  const mine: geo.Table = { columns: table.columns, rows, source: `${nat.path} (${name})` };
  const missing: string[] = [];
  let areas: FeatureCollection | null = null;
  let incidents: CouncilData['incidents'] = null;
  if (GM.has(name)) {
    const gm = resolveDataset('greater-manchester').files;
    const all = await geo.readAreas(gm.lsoa11!.path);
    const codes = new Set(rows.map((r) => r.LSOA11CD));
    areas = {
      type: 'FeatureCollection',
      features: all.features.filter((f) => codes.has(String(f.properties?.area_code))),
    };
    const crime = gm.burglary;
    if (crime)
      incidents = {
        path: crime.path,
        lon: crime.lon ?? 'Longitude',
        lat: crime.lat ?? 'Latitude',
        time: crime.time ?? 'Month',
        what: 'burglaries',
      };
  } else {
    missing.push(
      `the data folder has no boundaries for ${name}: give your own in a council.json (areas, id)`,
    );
  }
  if (!incidents) missing.push(`no incident points for ${name} in the data folder`);
  missing.push(
    `no green-space sites for ${name} in the data folder (OS Open Greenspace: give "sites" in a council.json)`,
  );
  const ids = areas ? geo.areaIds(areas, 'area_code') : null;
  const census = readCensusTable(mine, ids, { id: 'LSOA11CD' });
  return {
    name,
    label: 'Census 2011, LSOA 2011',
    year: 2011,
    geography: 'LSOA 2011',
    areas,
    idProperty: 'area_code',
    census,
    sites: null,
    accessPoints: null,
    incidents,
    missing,
  };
}

async function fromConfig(path: string): Promise<CouncilData> {
  const c = JSON.parse(await Deno.readTextFile(path)) as Record<string, string | number | string[]>;
  const at = (k: string) => {
    const v = c[k];
    if (typeof v !== 'string') return null;
    return isAbsolute(v) ? v : resolve(dirname(path), v);
  };
  const areasPath = at('areas');
  if (!areasPath || typeof c.id !== 'string')
    throw new Error(`${path}: give "areas" and "id" (the area code property)`);
  const areas = await geo.readAreas(areasPath);
  const ids = geo.areaIds(areas, c.id);
  const tablePath = at('table');
  const table = tablePath
    ? await geo.readCsv(tablePath)
    : {
        columns: Object.keys(areas.features[0]?.properties ?? {}),
        rows: areas.features.map((f) =>
          Object.fromEntries(Object.entries(f.properties ?? {}).map(([k, v]) => [k, String(v ?? '')])),
        ),
        source: areasPath,
      };
  const census = readCensusTable(table, ids, {
    id: (c.tableId as string | undefined) ?? (tablePath ? undefined : c.id),
    ...(c.total ? { total: String(c.total) } : {}),
    ...(c.groups ? { groups: Array.isArray(c.groups) ? c.groups : String(c.groups).split(',') } : {}),
    ...(c.referenceGroup ? { referenceGroup: String(c.referenceGroup) } : {}),
    ...(c.year ? { year: Number(c.year) } : {}),
  });
  const geography = typeof c.geography === 'string' ? c.geography : 'areas';
  const incidents = at('incidents');
  return {
    name: String(c.name ?? 'Council'),
    label: `Census ${census.year}, ${geography}`,
    year: census.year,
    geography,
    areas,
    idProperty: c.id,
    census,
    sites: at('sites'),
    accessPoints: at('accessPoints'),
    incidents: incidents
      ? {
          path: incidents,
          lon: String(c.lon ?? 'Longitude'),
          lat: String(c.lat ?? 'Latitude'),
          time: String(c.time ?? 'Month'),
          what: String(c.incidentsLabel ?? 'incidents'),
        }
      : null,
    missing: [],
  };
}
