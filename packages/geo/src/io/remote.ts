import type { Feature, FeatureCollection } from 'geojson';
import { CohesionError } from '../errors.js';
import type { Table } from './csv.js';
import { asFeatureCollection } from './geojson.js';

/** Public endpoints of the official sources (override `baseUrl` for mirrors and tests). */
export const OFFICIAL_ENDPOINTS = {
  policeApi: 'https://data.police.uk/api',
  onsGeoportal: 'https://services1.arcgis.com/ESMARspQHYMw9BZ9/arcgis/rest/services',
} as const;

async function getJson(url: string, fetchImpl: typeof fetch): Promise<unknown> {
  let res: Response;
  try {
    res = await fetchImpl(url);
  } catch (err) {
    throw new CohesionError('READ_FAILED', `could not fetch ${url}: ${(err as Error).message}`, {
      source: url,
    });
  }
  if (!res.ok) {
    const hint =
      res.status === 503
        ? ' (data.police.uk answers 503 when an area holds over 10,000 crimes: split it)'
        : '';
    throw new CohesionError('READ_FAILED', `fetching ${url} gave HTTP ${res.status}${hint}`, {
      source: url,
      value: res.status,
    });
  }
  try {
    return await res.json();
  } catch (err) {
    throw new CohesionError('PARSE_ERROR', `${url} did not return JSON: ${(err as Error).message}`, {
      source: url,
    });
  }
}

export interface PoliceCrimesOptions {
  /** Polygon as [lon, lat] pairs (e.g. a council boundary's outer ring, simplified to < 100 points). */
  polygon: [number, number][];
  /** Month as `YYYY-MM`. */
  month: string;
  /** data.police.uk category slug, e.g. `all-crime`, `burglary`, `public-order` (default `all-crime`). */
  category?: string;
  baseUrl?: string;
  fetch?: typeof fetch;
}

/**
 * Street-level crimes for one month inside a polygon from the data.police.uk API
 * (`/crimes-street/{category}?poly=…&date=…`), as a {@link Table} with the same column names as
 * the bulk CSV downloads (`Crime ID`, `Month`, `Crime type`, `Longitude`, `Latitude`, `Location`),
 * so it feeds `pointsFromTable` and the incident hotspot tools unchanged. Locations are the
 * police's anonymised map points.
 */
export async function fetchPoliceCrimes(options: PoliceCrimesOptions): Promise<Table> {
  const { polygon, month, category = 'all-crime' } = options;
  if (!/^\d{4}-\d{2}$/.test(month)) {
    throw new CohesionError('INVALID_ARGUMENT', `month must look like 2024-01, got "${month}"`, {
      value: month,
    });
  }
  if (polygon.length < 3) throw new CohesionError('INVALID_ARGUMENT', 'polygon needs at least 3 points');
  const poly = polygon.map(([lon, lat]) => `${lat.toFixed(5)},${lon.toFixed(5)}`).join(':');
  const base = options.baseUrl ?? OFFICIAL_ENDPOINTS.policeApi;
  const url = `${base}/crimes-street/${encodeURIComponent(category)}?poly=${poly}&date=${month}`;
  const body = await getJson(url, options.fetch ?? fetch);
  if (!Array.isArray(body))
    throw new CohesionError('PARSE_ERROR', `${url} did not return a list of crimes`, { source: url });
  const columns = ['Crime ID', 'Month', 'Crime type', 'Longitude', 'Latitude', 'Location'];
  const rows = body.map((c: Record<string, unknown>) => {
    const loc = (c.location ?? {}) as { latitude?: string; longitude?: string; street?: { name?: string } };
    return {
      'Crime ID': String(c.persistent_id ?? c.id ?? ''),
      Month: String(c.month ?? month),
      'Crime type': String(c.category ?? category),
      Longitude: String(loc.longitude ?? ''),
      Latitude: String(loc.latitude ?? ''),
      Location: String(loc.street?.name ?? ''),
    };
  });
  return { columns, rows, source: url };
}

export interface ArcGisQueryOptions {
  /** Feature layer URL, e.g. `${OFFICIAL_ENDPOINTS.onsGeoportal}/<service>/FeatureServer/0`. */
  layerUrl: string;
  /** SQL where clause, e.g. `LAD22CD = 'E08000009'` (default `1=1`). */
  where?: string;
  outFields?: string[];
  /** Records per request (the ONS portal allows up to 2,000). */
  pageSize?: number;
  fetch?: typeof fetch;
}

/**
 * Downloads every feature matching `where` from an ArcGIS feature layer — the ONS Open Geography
 * Portal serves boundaries and lookups this way — as WGS84 GeoJSON, following the server's paging
 * (`resultOffset`, `exceededTransferLimit`) until all records are in.
 */
export async function fetchArcGisFeatures(options: ArcGisQueryOptions): Promise<FeatureCollection> {
  const { layerUrl, where = '1=1', outFields = ['*'], pageSize = 2000 } = options;
  const fetchImpl = options.fetch ?? fetch;
  const features: Feature[] = [];
  for (let offset = 0; ; offset += pageSize) {
    const q = new URLSearchParams({
      where,
      outFields: outFields.join(','),
      outSR: '4326',
      f: 'geojson',
      resultOffset: String(offset),
      resultRecordCount: String(pageSize),
    });
    const url = `${layerUrl.replace(/\/$/, '')}/query?${q}`;
    const body = (await getJson(url, fetchImpl)) as {
      error?: { message?: string };
      exceededTransferLimit?: boolean;
      properties?: { exceededTransferLimit?: boolean };
    };
    if (body.error)
      throw new CohesionError('READ_FAILED', `${layerUrl}: ${body.error.message ?? 'query failed'}`, {
        source: url,
      });
    const page = asFeatureCollection(body, url);
    features.push(...page.features);
    const more = body.exceededTransferLimit ?? body.properties?.exceededTransferLimit ?? false;
    if (!more && page.features.length < pageSize) break;
    if (page.features.length === 0) break;
  }
  return { type: 'FeatureCollection', features };
}
