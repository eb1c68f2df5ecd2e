import { ArrayReader } from 'flatgeobuf/lib/mjs/array-reader.js';
import type { ColumnMeta } from 'flatgeobuf/lib/mjs/column-meta.js';
import { magicbytes } from 'flatgeobuf/lib/mjs/constants.js';
import { ColumnType } from 'flatgeobuf/lib/mjs/flat-geobuf/column-type.js';
import { buildFeature } from 'flatgeobuf/lib/mjs/generic/feature.js';
import { buildHeader } from 'flatgeobuf/lib/mjs/generic/featurecollection.js';
import { inferGeometryType } from 'flatgeobuf/lib/mjs/generic/header.js';
import { parseGC, parseGeometry } from 'flatgeobuf/lib/mjs/geojson/geometry.js';
import { deserialize } from 'flatgeobuf/lib/mjs/geojson.js';
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { CohesionError } from '../errors.js';
import { detectCrs } from '../geography/crs.js';
import { geometryMeetsExtent } from '../geography/geometry.js';
import { type DataSource, describeSource, readBytes } from './source.js';

/** [minX, minY, maxX, maxY] in the data's own coordinates. */
export type BBox = [number, number, number, number];

/** Column that carries GeoJSON feature ids, which FlatGeobuf has no slot for. */
const ID_COLUMN = '__cohesion_id';

/** True when bytes start with the FlatGeobuf magic number. */
export function isFlatGeobuf(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0x66 && bytes[1] === 0x67 && bytes[2] === 0x62;
}

/**
 * Reads FlatGeobuf from a path, URL or bytes. With `bbox`, only features whose bounding box meets
 * it are returned: on a file with a spatial index the index is used (over HTTP this means range
 * requests, so only the needed bytes travel); without an index every feature is tested.
 */
export async function readFlatGeobuf(
  source: DataSource,
  options: { bbox?: BBox } = {},
): Promise<FeatureCollection> {
  const name = describeSource(source);
  const { bbox } = options;
  const rect = bbox ? { minX: bbox[0], minY: bbox[1], maxX: bbox[2], maxY: bbox[3] } : undefined;
  const isRemote =
    (typeof source === 'string' && /^https?:\/\//i.test(source)) ||
    (source instanceof URL && /^https?:$/.test(source.protocol));
  let header: HeaderMeta | undefined;
  const features: Feature[] = [];
  try {
    if (isRemote && rect) {
      // Streams only the index nodes and features that intersect (HTTP range requests).
      const url = typeof source === 'string' ? source : source.href;
      for await (const f of deserialize(url, { rect, headerMetaFn: (h: HeaderMeta) => (header = h) }))
        features.push(f as Feature);
    } else {
      let bytes = await readBytes(source);
      // flatgeobuf's reader assumes the bytes start at offset 0 of their buffer.
      if (bytes.byteOffset !== 0) bytes = bytes.slice();
      if (!isFlatGeobuf(bytes)) {
        throw new CohesionError('PARSE_ERROR', `${name} is not a FlatGeobuf file (bad magic bytes)`, {
          source: name,
        });
      }
      const indexed = isIndexed(bytes);
      const opts = { headerMetaFn: (h: HeaderMeta) => (header = h), ...(rect && indexed ? { rect } : {}) };
      for await (const f of deserialize(bytes, opts)) {
        if (rect && !indexed && !geometryMeetsExtent((f as Feature).geometry, bbox as BBox)) continue;
        features.push(f as Feature);
      }
    }
  } catch (err) {
    if (err instanceof CohesionError) throw err;
    throw new CohesionError('PARSE_ERROR', `${name}: ${(err as Error).message}`, { source: name });
  }
  const columns = header?.columns?.map((c) => c.name) ?? [];
  for (const f of features) restoreFeature(f, columns);
  const fc: FeatureCollection = { type: 'FeatureCollection', features };
  const code = header?.crs?.code;
  if (code === 27700)
    (fc as { crs?: unknown }).crs = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } };
  return fc;
}

function isIndexed(bytes: Uint8Array): boolean {
  return ArrayReader.open(bytes).header.indexNodeSize > 0;
}

/** Puts back what FlatGeobuf cannot store natively: the feature id and keys whose value was null. */
function restoreFeature(f: Feature, columns: string[]): void {
  const props = (f.properties ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const c of columns) {
    if (c === ID_COLUMN) continue;
    out[c] = c in props ? props[c] : null;
  }
  if (ID_COLUMN in props) {
    const id = props[ID_COLUMN];
    if (typeof id === 'string' || typeof id === 'number') f.id = id;
  } else {
    delete f.id;
  }
  f.properties = out;
}

function columnType(values: unknown[]): ColumnType {
  let type: ColumnType | undefined;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    const t =
      typeof v === 'boolean'
        ? ColumnType.Bool
        : typeof v === 'number'
          ? ColumnType.Double
          : typeof v === 'string'
            ? ColumnType.String
            : ColumnType.Json;
    if (type === undefined) type = t;
    else if (type !== t) return ColumnType.Json; // mixed types keep their JSON types exactly
  }
  return type ?? ColumnType.String;
}

/**
 * Serialises a FeatureCollection as FlatGeobuf bytes. Every property key of every feature becomes a
 * column (FlatGeobuf has a fixed schema), typed from all values; feature ids are kept in a hidden
 * column and restored by {@link readFlatGeobuf}, so properties and ids survive a round trip. The
 * CRS (27700 or 4326) is written into the header. No spatial index is written.
 */
export function writeFlatGeobuf(fc: FeatureCollection): Uint8Array {
  if (fc.features.length === 0)
    throw new CohesionError('EMPTY_INPUT', 'cannot write an empty FlatGeobuf file');
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const f of fc.features) {
    for (const k of Object.keys(f.properties ?? {})) {
      if (!seen.has(k)) {
        seen.add(k);
        keys.push(k);
      }
    }
  }
  const hasIds = fc.features.some((f) => f.id !== undefined);
  const columns: ColumnMeta[] = keys.map((k) =>
    blankColumn(k, columnType(fc.features.map((f) => (f.properties ?? {})[k]))),
  );
  if (hasIds) columns.push(blankColumn(ID_COLUMN));
  fc.features.forEach((f, i) => {
    if (!f.geometry) {
      throw new CohesionError('INVALID_GEOMETRY', `feature ${i} has no geometry; FlatGeobuf needs one`, {
        feature: i,
      });
    }
  });
  let crsCode = 0;
  try {
    crsCode = detectCrs(fc) === 'EPSG:27700' ? 27700 : 4326;
  } catch {
    crsCode = 0;
  }
  const headerMeta: HeaderMeta = {
    geometryType: inferGeometryType(fc.features as never),
    columns,
    envelope: null,
    featuresCount: fc.features.length,
    indexNodeSize: 0,
    crs: null,
    title: null,
    description: null,
    metadata: null,
  };
  const header = buildHeader(headerMeta, crsCode);
  const parts = fc.features.map((f) => {
    const props: Record<string, unknown> = {};
    for (const c of columns) {
      const v = c.name === ID_COLUMN ? f.id : (f.properties ?? {})[c.name];
      props[c.name] = v === undefined ? null : v;
    }
    const g = f.geometry as Geometry;
    return buildFeature(
      g.type === 'GeometryCollection' ? parseGC(g) : parseGeometry(g as never),
      props as never,
      headerMeta,
    );
  });
  const total = magicbytes.length + header.length + parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(total);
  out.set(magicbytes);
  out.set(header, magicbytes.length);
  let offset = magicbytes.length + header.length;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

function blankColumn(name: string, type: ColumnType = ColumnType.Json): ColumnMeta {
  return {
    name,
    type,
    title: null,
    description: null,
    width: -1,
    precision: -1,
    scale: -1,
    nullable: true,
    unique: false,
    primary_key: false,
  };
}
