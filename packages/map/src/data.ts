import { CohesionError } from '@cohesion/geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';

/** Fetches a URL named by an attribute; a network or HTTP failure becomes READ_FAILED. */
export async function fetchBytes(url: string, signal?: AbortSignal): Promise<ArrayBuffer> {
  let res: Response;
  try {
    res = await fetch(url, signal ? { signal } : {});
  } catch (e) {
    throw new CohesionError('READ_FAILED', `could not fetch ${url}: ${(e as Error).message}`, {
      source: url,
    });
  }
  if (!res.ok)
    throw new CohesionError('READ_FAILED', `could not fetch ${url}: HTTP ${res.status}`, { source: url });
  return res.arrayBuffer();
}

function isFgb(bytes: Uint8Array): boolean {
  // FlatGeobuf magic: "fgb" then major version 3 ("fgb\x03fgb\x00").
  return bytes[0] === 0x66 && bytes[1] === 0x67 && bytes[2] === 0x62 && bytes[4] === 0x66;
}

/**
 * Parses GeoJSON, TopoJSON (first object, or `object`) or FlatGeobuf bytes into a FeatureCollection
 * of polygons. Detection is by content, not by file name.
 */
export async function parseAreas(
  bytes: ArrayBuffer,
  source: string,
  object?: string,
): Promise<FeatureCollection> {
  const u8 = new Uint8Array(bytes);
  if (isFgb(u8)) {
    const { deserialize } = await import('flatgeobuf/lib/mjs/geojson.js');
    const features: Feature[] = [];
    try {
      for await (const f of deserialize(u8)) features.push(f as unknown as Feature);
    } catch (e) {
      throw new CohesionError('PARSE_ERROR', `${source} is not valid FlatGeobuf: ${(e as Error).message}`, {
        source,
      });
    }
    return checkCollection({ type: 'FeatureCollection', features }, source);
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(u8));
  } catch (e) {
    throw new CohesionError(
      'PARSE_ERROR',
      `${source} is not GeoJSON, TopoJSON or FlatGeobuf: ${(e as Error).message}`,
      {
        source,
      },
    );
  }
  const obj = json as { type?: string; objects?: Record<string, unknown> };
  if (obj?.type === 'Topology' && obj.objects) {
    const { feature } = await import('topojson-client');
    const names = Object.keys(obj.objects);
    const name = object ?? names[0];
    if (!name || !obj.objects[name]) {
      throw new CohesionError('PARSE_ERROR', `TopoJSON ${source} has no object ${name ?? ''}`, { source });
    }
    // biome-ignore lint/suspicious/noExplicitAny: topojson-client's types need the exact topology shape
    const fc = feature(obj as any, obj.objects[name] as any) as unknown as FeatureCollection;
    return checkCollection(fc, source);
  }
  return checkCollection(json, source);
}

/** Validates a FeatureCollection of (Multi)Polygons with coordinates; names the first bad feature. */
export function checkCollection(json: unknown, source: string): FeatureCollection {
  const fc = json as FeatureCollection;
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new CohesionError('PARSE_ERROR', `${source} is not a GeoJSON FeatureCollection`, { source });
  }
  if (fc.features.length === 0)
    throw new CohesionError('EMPTY_INPUT', `${source} has no features`, { source });
  fc.features.forEach((f: Feature, i) => {
    const g = f?.geometry as Geometry | null;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || !Array.isArray(g.coordinates)) {
      throw new CohesionError(
        'INVALID_GEOMETRY',
        `feature ${i} of ${source} is not a Polygon or MultiPolygon (${g ? g.type : 'null geometry'})`,
        { feature: i, source },
      );
    }
  });
  return fc;
}

/** Loads any GeoJSON features (points or polygons) for an overlay such as green-space sites. */
export function parseOverlay(bytes: ArrayBuffer, source: string): FeatureCollection {
  let json: FeatureCollection;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new CohesionError('PARSE_ERROR', `${source} is not GeoJSON: ${(e as Error).message}`, { source });
  }
  if (json?.type !== 'FeatureCollection') {
    throw new CohesionError('PARSE_ERROR', `${source} is not a GeoJSON FeatureCollection`, { source });
  }
  return json;
}

/** True when coordinates look like British National Grid metres rather than longitude/latitude. */
export function looksProjected(fc: FeatureCollection): boolean {
  for (const f of fc.features) {
    const g = f.geometry as Geometry | null;
    if (!g || !('coordinates' in g)) continue;
    let c: unknown = g.coordinates;
    while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
    const p = c as number[];
    if (Array.isArray(p) && p.length >= 2)
      return Math.abs(p[0] as number) > 360 || Math.abs(p[1] as number) > 90;
  }
  return false;
}

/** Minimal RFC 4180 CSV parser (quoted fields, doubled quotes, CRLF, UTF-8 BOM). */
export function parseCsvText(text: string): { columns: string[]; rows: string[][] } {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      field = '';
      if (record.length > 1 || record[0] !== '') records.push(record);
      record = [];
    } else field += ch;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const columns = records.shift() ?? [];
  return { columns: columns.map((c) => c.trim()), rows: records };
}

/**
 * Joins CSV rows onto features by code: `join` is `"column"` (same name in both) or
 * `"areaProperty=csvColumn"`. Every CSV column is copied onto the matching feature's properties.
 * A CSV code that matches no area, or appears twice, is an error naming the row; areas without a CSV
 * row keep their own properties (their value becomes no data).
 */
export function joinCsv(
  fc: FeatureCollection,
  csv: { columns: string[]; rows: string[][] },
  join: string,
  idProperty: string,
  source: string,
): FeatureCollection {
  const [left, right] = join.includes('=') ? (join.split('=') as [string, string]) : [idProperty, join];
  const col = csv.columns.indexOf(right.trim());
  if (col < 0) {
    throw new CohesionError('MISSING_COLUMN', `${source} has no column "${right}" to join on`, {
      column: right,
      source,
    });
  }
  const byCode = new Map<string, number>();
  fc.features.forEach((f, i) => {
    const code = f.properties?.[left.trim()];
    if (code !== undefined && code !== null) byCode.set(String(code).trim(), i);
  });
  const seen = new Set<string>();
  const props = fc.features.map((f) => ({ ...(f.properties ?? {}) }));
  csv.rows.forEach((row, r) => {
    const code = (row[col] ?? '').trim();
    if (code === '') {
      throw new CohesionError('BLANK_CODE', `row ${r + 1} of ${source} has a blank ${right}`, {
        row: r,
        source,
      });
    }
    if (seen.has(code)) {
      throw new CohesionError('DUPLICATE_CODE', `row ${r + 1} of ${source} repeats code ${code}`, {
        row: r,
        id: code,
        source,
      });
    }
    seen.add(code);
    const i = byCode.get(code);
    if (i === undefined) {
      throw new CohesionError('UNMATCHED_CODE', `row ${r + 1} of ${source}: code ${code} matches no area`, {
        row: r,
        id: code,
        source,
      });
    }
    const p = props[i]!;
    csv.columns.forEach((c, j) => {
      if (c !== right) p[c] = row[j] ?? '';
    });
  });
  return { ...fc, features: fc.features.map((f, i) => ({ ...f, properties: props[i]! })) };
}

/**
 * Reads a numeric property: numbers pass, strings are parsed (thousands separators allowed, booleans
 * yes/no/true/false → 1/0); empty / null / "NA" is no data (NaN). Anything else is NON_NUMERIC.
 */
export function numericValue(raw: unknown, id: string, column: string, feature: number): number {
  if (raw === null || raw === undefined) return Number.NaN;
  if (typeof raw === 'number') {
    if (Number.isNaN(raw)) return raw;
    if (!Number.isFinite(raw)) {
      throw new CohesionError('NON_FINITE', `area ${id}: ${column} is ${raw}`, { id, column, feature });
    }
    return raw;
  }
  if (typeof raw === 'boolean') return raw ? 1 : 0;
  const s = String(raw).trim();
  if (s === '' || /^(na|n\/a|nan|null|-|\.\.)$/i.test(s)) return Number.NaN;
  if (/^(true|yes)$/i.test(s)) return 1;
  if (/^(false|no)$/i.test(s)) return 0;
  const n = Number(s.replace(/,(?=\d{3}(\D|$))/g, ''));
  if (!Number.isFinite(n)) {
    throw new CohesionError('NON_NUMERIC', `area ${id}: ${column} is not a number: "${s}"`, {
      id,
      column,
      feature,
      value: s,
    });
  }
  return n;
}

/** Bounding box [west, south, east, north] of a FeatureCollection. */
export function bboxOf(fc: FeatureCollection): [number, number, number, number] {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const x = c[0] as number;
      const y = c[1] as number;
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
    } else if (Array.isArray(c)) for (const d of c) visit(d);
  };
  for (const f of fc.features) if (f.geometry && 'coordinates' in f.geometry) visit(f.geometry.coordinates);
  return [w, s, e, n];
}

/** Web Mercator's latitude limit: MapLibre cannot show a box reaching beyond it. */
const MERCATOR_LAT = 85.0511;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses a `bounds` attribute: "west,south,east,north" in degrees (comma and/or space separated).
 * Throws INVALID_ARGUMENT unless it is four decimal numbers with west < east, south < north,
 * longitudes within ±180 and latitudes within Web Mercator's ±85.0511, so a typo is reported
 * instead of silently showing some other view.
 */
export function parseBounds(text: string): [number, number, number, number] {
  const parts = text.trim().split(/\s*,\s*|\s+/);
  const fail = (why: string): never => {
    throw new CohesionError('INVALID_ARGUMENT', `bounds="${text}": ${why}`, {
      attribute: 'bounds',
      value: text,
    });
  };
  if (parts.length !== 4) fail(`expected four numbers west,south,east,north, got ${parts.length}`);
  const bad = parts.find((p) => !DECIMAL.test(p));
  if (bad !== undefined) fail(bad === '' ? 'a value is empty' : `"${bad}" is not a number`);
  const [w, s, e, n] = parts.map(Number) as [number, number, number, number];
  if ([w, e].some((x) => x < -180 || x > 180)) fail('longitudes must be between -180 and 180');
  if ([s, n].some((y) => y < -MERCATOR_LAT || y > MERCATOR_LAT)) {
    fail(`latitudes must be between -${MERCATOR_LAT} and ${MERCATOR_LAT}`);
  }
  if (!(w < e)) fail(`west (${w}) must be less than east (${e})`);
  if (!(s < n)) fail(`south (${s}) must be less than north (${n})`);
  return [w, s, e, n];
}

/** Area-weighted-free label point: the centre of the bounding box of the largest ring. */
export function labelPoint(g: Geometry): [number, number] {
  const rings: number[][][] =
    g.type === 'Polygon'
      ? [g.coordinates[0] ?? []]
      : g.type === 'MultiPolygon'
        ? g.coordinates.map((p) => p[0] ?? [])
        : [];
  let best: [number, number] = [0, 0];
  let bestArea = -1;
  for (const ring of rings) {
    let a = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const p = ring[i]!;
      const q = ring[j]!;
      const cross = q[0]! * p[1]! - p[0]! * q[1]!;
      a += cross;
      cx += (q[0]! + p[0]!) * cross;
      cy += (q[1]! + p[1]!) * cross;
    }
    if (Math.abs(a) > bestArea && a !== 0) {
      bestArea = Math.abs(a);
      best = [cx / (3 * a), cy / (3 * a)];
    }
  }
  return best;
}
