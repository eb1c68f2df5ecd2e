import { checkSingleGroup, locationQuotient } from '@cohesion/geo/segregation';
import {
  CohesionError,
  coordinateExtent,
  decodeText,
  joinByCode,
  numericValues,
  parseCsv,
  type Table,
} from '@cohesion/geo/tables';
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

/**
 * A `data-src` CSV as the element holds it: the table read by `@cohesion/geo`'s reader, and for
 * each area the table row joined to it (−1 for none), so values are read from the CSV cells
 * themselves and a bad cell is named by its CSV row.
 */
export interface AreaTable {
  table: Table;
  /** The CSV column holding the codes (not a value column). */
  codeColumn: string;
  rowOfArea: Int32Array;
}

/**
 * Reads CSV bytes with `@cohesion/geo`'s `parseCsv`, the reader of the CLI and the report:
 * UTF-8 or UTF-16 (`decodeText`), RFC 4180, BOM dropped; ragged rows and blank or repeated header names are `PARSE_ERROR`, a file
 * cut mid-row `TRUNCATED_FILE`, no header `EMPTY_INPUT`.
 */
export function readTable(bytes: ArrayBuffer, source: string): Table {
  return parseCsv(decodeText(new Uint8Array(bytes)), source);
}

/** `join` is `"column"` (the same name in the areas and the CSV) or `"areaProperty=csvColumn"`. */
export function joinColumns(join: string, idProperty: string): [area: string, csv: string] {
  const eq = join.indexOf('=');
  return eq < 0 ? [idProperty, join.trim()] : [join.slice(0, eq).trim(), join.slice(eq + 1).trim()];
}

/**
 * Joins the CSV onto the areas by code with `@cohesion/geo`'s `joinByCode`: codes trimmed, a
 * missing join column is `MISSING_COLUMN`, a blank code `BLANK_CODE`, a repeated code
 * `DUPLICATE_CODE` and a CSV code that matches no area `UNMATCHED_CODE` (each naming the CSV row);
 * areas without a row are no data (`allowMissingRows`). Every CSV column but the code is copied
 * onto the features' properties.
 */
export function joinTable(
  fc: FeatureCollection,
  table: Table,
  join: string,
  idProperty: string,
): { fc: FeatureCollection; data: AreaTable } {
  const [areaId, tableId] = joinColumns(join, idProperty);
  const j = joinByCode(fc, table, { areaId, tableId, allowMissingRows: true });
  return { fc: j.areas, data: { table, codeColumn: tableId, rowOfArea: j.rowOfArea } };
}

/**
 * The numbers of one column for every area, by `@cohesion/geo`'s one rule (`numericValues`):
 * text such as `29,199` is read, `yes`, `NA`, `-`, `..` are `NON_NUMERIC`, ±Infinity `NON_FINITE`;
 * a blank cell, `null`, or an area without a CSV row is no data (NaN, the `allowBlank` policy).
 * A CSV column is read from the CSV cells (errors name the CSV row and the area); any other from
 * the features' properties (errors name the feature and the area). `map` rewrites raw values
 * first (LISA quadrant names to codes).
 */
export function areaValues(
  fc: FeatureCollection,
  name: string,
  ids: readonly string[],
  data: AreaTable | undefined,
  source: string,
  map: (raw: unknown) => unknown = (raw) => raw,
): Float64Array {
  const lenient = { allowBlank: true, allowNegative: true, column: name };
  if (data && name !== data.codeColumn && data.table.columns.includes(name)) {
    const { table, rowOfArea } = data;
    // The code of each row, so a bad cell is named by its area as well as its row.
    const rowIds = new Array<string>(table.rows.length);
    rowOfArea.forEach((r, a) => {
      if (r >= 0) rowIds[r] = ids[a] as string;
    });
    const byRow = numericValues(
      table.rows.map((row) => map(row[name])),
      { ...lenient, ids: rowIds, ...(table.source !== undefined ? { source: table.source } : {}) },
    );
    return Float64Array.from(rowOfArea, (r) => (r < 0 ? Number.NaN : (byRow[r] as number)));
  }
  if (!fc.features.some((f) => f.properties && name in f.properties)) {
    throw new CohesionError('MISSING_PROPERTY', `no area has the property "${name}"`, { column: name });
  }
  return numericValues(
    fc.features.map((f) => map(f.properties?.[name])),
    { ...lenient, ids, source, kind: 'feature' },
  );
}

/**
 * Group share xᵢ/tᵢ of every area, or with `lq` the location quotient (xᵢ/tᵢ)/(X/T) from
 * `@cohesion/geo`'s `locationQuotient` (Isard 1960). Both go through geo's count checks
 * (`NEGATIVE_COUNT`, `GROUP_EXCEEDS_TOTAL`, `ZERO_POPULATION`, naming the area) with its
 * missing-value policy `missing: 'nan'`: an area with no data for either count is no data and is
 * left out of X and T; an area with tᵢ = 0 has no share.
 */
export function groupShares(
  x: Float64Array,
  t: Float64Array,
  ids: readonly string[],
  columns: { group: string; total: string },
  lq: boolean,
): Float64Array {
  const opts = { ids, groupColumn: columns.group, totalColumn: columns.total, missing: 'nan' as const };
  if (lq) return locationQuotient(x, t, opts).values;
  checkSingleGroup(x, t, opts);
  return Float64Array.from(x, (xi, i) => {
    const ti = t[i] as number;
    return ti > 0 ? xi / ti : Number.NaN;
  });
}

/**
 * Values handed over in the `results` property (an array in area order, or a record by code),
 * checked by geo's `numericValues` (finite numbers or numeric text; null, undefined and NaN are no
 * data). A code that matches no area is `UNMATCHED_CODE`.
 */
export function resultValues(
  v: ArrayLike<unknown> | Record<string, unknown>,
  ids: readonly string[],
  what: string,
): Float64Array {
  const n = ids.length;
  const opts = { allowBlank: true, allowNegative: true, column: `results.${what}` };
  if (typeof (v as ArrayLike<unknown>).length === 'number') {
    const a = v as ArrayLike<unknown>;
    if (a.length !== n) {
      throw new CohesionError('LENGTH_MISMATCH', `results.${what} has ${a.length} values for ${n} areas`, {
        value: a.length,
      });
    }
    return numericValues(a, { ...opts, ids, kind: 'feature' });
  }
  const index = new Map(ids.map((id, i) => [id, i]));
  const raw = new Array<unknown>(n).fill(null);
  for (const [id, x] of Object.entries(v as Record<string, unknown>)) {
    const i = index.get(id.trim());
    if (i === undefined) {
      throw new CohesionError('UNMATCHED_CODE', `results.${what}: code ${id} matches no area`, { id });
    }
    raw[i] = x;
  }
  return numericValues(raw, { ...opts, ids, kind: 'feature' });
}

/**
 * Bounding box [west, south, east, north] of a FeatureCollection (geo's extent walker);
 * [∞, ∞, −∞, −∞] when it has no coordinates.
 */
export function bboxOf(fc: FeatureCollection): [number, number, number, number] {
  return coordinateExtent(fc) ?? [Infinity, Infinity, -Infinity, -Infinity];
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
