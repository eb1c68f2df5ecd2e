/**
 * Loading the element's areas: the geometry (`data` property, `src` file or PMTiles archive), the
 * CSV joined to it (`data-src`), the green-space sites, and from them each area's code, name,
 * position and keyboard order. Parsing itself is data.ts's (and pmtiles.ts's) job.
 */
import { areaIds } from '@cohesion/geo/tables';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import {
  type AreaTable,
  checkCollection,
  fetchBytes,
  joinTable,
  labelPoint,
  looksProjected,
  parseAreas,
  parseOverlay,
  readTable,
} from './data.js';
import { readingOrder } from './keyboard.js';
import { areaExtents } from './labels.js';
import type { PmtilesAreas } from './pmtiles.js';
import type { AttrReader } from './types.js';

const NAME_KEYS = ['area_name', 'name', 'NAME', 'LSOA21NM', 'LSOA11NM', 'WD22NM', 'WD23NM', 'LAD21NM'];
const ID_KEYS = ['area_code', 'code', 'id', 'LSOA21CD', 'LSOA11CD', 'WD22CD', 'WD23CD', 'LAD21CD'];

/** The areas as loaded, with what every view needs per area (all in feature order). */
export interface LoadedAreas {
  features: FeatureCollection;
  /** Set for `src="pmtiles://…"`: the tiles' side of the map (src/pmtiles.ts). */
  pm: PmtilesAreas | undefined;
  ids: string[];
  names: string[];
  /** Label point (longitude, latitude) of each area; NaN where unknown (PMTiles areas not decoded). */
  xs: Float64Array;
  ys: Float64Array;
  /** Areas in reading order (keyboard), and each area's rank in it. */
  order: Int32Array;
  rank: Int32Array;
  /** Extent of each area, for choosing place labels (src/labels.ts). */
  extents: Float64Array;
}

/** The property holding area codes: the tiles' for PMTiles, else `id-property`, else a known name. */
export function idKeyOf(fc: FeatureCollection, pm: PmtilesAreas | undefined, attr: AttrReader): string {
  if (pm && fc === pm.features) return pm.idProperty;
  const a = attr('id-property');
  if (a) return a;
  const props = fc.features[0]?.properties ?? {};
  return ID_KEYS.find((k) => k in props) ?? 'id';
}

/** What {@link loadAreas} reads besides the attributes. */
export interface LoadInput {
  attr: AttrReader;
  /** The `data` property (overrides `src`). */
  data: FeatureCollection | undefined;
  /** The `sitesData` property (overrides `sites`). */
  sites: FeatureCollection | undefined;
  signal: AbortSignal;
}

/** The geometry and sites as read, before codes and positions are worked out. */
export interface ReadAreas {
  features: FeatureCollection;
  pm: PmtilesAreas | undefined;
  /** The `data-src` CSV and each area's row in it (values are read from its cells, src/data.ts). */
  table: AreaTable | undefined;
  sites: FeatureCollection | undefined;
}

/** Reads the areas and sites; undefined when there is no `src` nor `data`. */
export async function readAreas(o: LoadInput): Promise<ReadAreas | undefined> {
  const { attr, signal } = o;
  const src = attr('src');
  // The CSV and sites download alongside the areas (awaited in order, so errors still come in order).
  const later = (url: string | null): Promise<ArrayBuffer> | undefined => {
    if (!url || !(o.data || src)) return undefined;
    const p = fetchBytes(url, signal);
    p.catch(() => {});
    return p;
  };
  const dataSrc = attr('data-src');
  const csvBytes = later(dataSrc);
  const sites = attr('sites');
  const sitesBytes = o.sites ? undefined : later(sites);
  let fc: FeatureCollection;
  let pm: PmtilesAreas | undefined;
  if (o.data) fc = checkCollection(o.data, 'data property');
  else if (src) {
    if (src.startsWith('pmtiles://')) {
      // Geometry stays in the tiles; the CSV lists the areas (src/pmtiles.ts, its own chunk).
      const { loadPmtilesAreas } = await import('./pmtiles.js');
      pm = await loadPmtilesAreas({
        src,
        dataSrc,
        csv: csvBytes,
        join: attr('join'),
        idProperty: attr('id-property'),
        sourceLayer: attr('source-layer'),
        idKeys: ID_KEYS,
      });
      fc = pm.features;
    } else fc = await parseAreas(await fetchBytes(src, signal), src);
  } else return undefined;
  if (looksProjected(fc)) {
    const { toWgs84 } = await import('./bng.js');
    fc = toWgs84(fc);
  }
  // CSV reading, the join and every code follow @cohesion/geo's rules (src/data.ts).
  let table: AreaTable | undefined = pm?.data;
  if (dataSrc && csvBytes && !pm) {
    const join = attr('join') ?? idKeyOf(fc, pm, attr);
    ({ fc, data: table } = joinTable(fc, readTable(await csvBytes, dataSrc), join, idKeyOf(fc, pm, attr)));
  }
  let siteFc = o.sites;
  if (sites && sitesBytes) {
    siteFc = parseOverlay(await sitesBytes, sites);
    if (looksProjected(siteFc)) siteFc = (await import('./bng.js')).toWgs84(siteFc);
  }
  return { features: fc, pm, table, sites: siteFc };
}

/**
 * Each area's code — by geo's one id rule (`areaIds`: trimmed; `MISSING_PROPERTY`, `BLANK_CODE`,
 * `DUPLICATE_CODE` naming the feature) — name and position.
 */
export function indexAreas(
  fc: FeatureCollection,
  pm: PmtilesAreas | undefined,
  attr: AttrReader,
  source: string,
): LoadedAreas {
  const idKey = idKeyOf(fc, pm, attr);
  const nameKey = attr('name-property') ?? NAME_KEYS.find((k) => k in (fc.features[0]?.properties ?? {}));
  const ids = areaIds(fc, idKey, source);
  const names = fc.features.map((f, i) => {
    const n = nameKey ? f.properties?.[nameKey] : undefined;
    return n === undefined || n === null || n === '' ? (ids[i] as string) : String(n);
  });
  const n = fc.features.length;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  fc.features.forEach((f: Feature, i) => {
    const [x, y] = pm ? [pm.xs[i] as number, pm.ys[i] as number] : labelPoint(f.geometry as Geometry);
    xs[i] = x;
    ys[i] = y;
  });
  const order = readingOrder(xs, ys);
  const rank = new Int32Array(n);
  order.forEach((a, r) => {
    rank[a] = r;
  });
  const extents = pm ? new Float64Array(n).fill(Number.NaN) : areaExtents(fc);
  return { features: fc, pm, ids, names, xs, ys, order, rank, extents };
}
