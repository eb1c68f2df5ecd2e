import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { CohesionError } from '../errors.js';
import { detectCrs } from '../geography/crs.js';
import { type Extent, geometryBBox, geometryMeetsExtent } from '../geography/geometry.js';
import {
  ArrayReader,
  buildFeature,
  buildHeader,
  type ColumnMeta,
  ColumnType,
  calcTreeSize,
  deserialize,
  type HeaderMeta,
  inferGeometryType,
  magicbytes,
  parseGC,
  parseGeometry,
} from './flatgeobuf.vendor.js';
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
  options: { bbox?: BBox; name?: string } = {},
): Promise<FeatureCollection> {
  const name = options.name ?? describeSource(source);
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
      const expected = checkFlatGeobufLayout(bytes, name);
      header = ArrayReader.open(bytes).header;
      const indexed = header.indexNodeSize > 0;
      const opts = { headerMetaFn: (h: HeaderMeta) => (header = h), ...(rect && indexed ? { rect } : {}) };
      let seen = 0;
      for await (const f of deserialize(bytes, opts)) {
        seen++;
        if (rect && !indexed && !geometryMeetsExtent((f as Feature).geometry, bbox as BBox)) continue;
        features.push(f as Feature);
      }
      if (!(rect && indexed) && expected !== undefined && seen !== expected)
        throw truncated(name, `its header says ${expected} features but ${seen} could be read`);
    }
  } catch (err) {
    if (err instanceof CohesionError) throw err;
    throw new CohesionError('PARSE_ERROR', `${name}: ${(err as Error).message}`, { source: name });
  }
  const columns = header?.columns?.map((c) => c.name) ?? [];
  const fc: FeatureCollection = {
    type: 'FeatureCollection',
    features: features.map((f) => restoreFeature(f, columns)),
  };
  const code = header?.crs?.code;
  if (code === 27700)
    (fc as { crs?: unknown }).crs = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } };
  return fc;
}

function truncated(name: string, why: string): CohesionError {
  return new CohesionError(
    'TRUNCATED_FILE',
    `${name} is an incomplete FlatGeobuf file (${why}); it was probably cut while downloading or copying`,
    { source: name },
  );
}

/**
 * Walks the FlatGeobuf layout before decoding — magic bytes, header length, spatial index, then
 * every length-prefixed feature — so a file cut anywhere (even exactly at a feature boundary) is
 * `TRUNCATED_FILE` naming the file, never a smaller valid file or a raw "Invalid typed array
 * length". Returns the header's feature count (undefined when the header leaves it unknown, 0).
 */
export function checkFlatGeobufLayout(bytes: Uint8Array, name: string): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12) throw truncated(name, `only ${bytes.length} bytes`);
  const headerSize = view.getUint32(8, true);
  let at = 12 + headerSize;
  if (at > bytes.length)
    throw truncated(name, `the header needs ${headerSize} bytes, ${bytes.length - 12} are there`);
  let header: HeaderMeta;
  try {
    header = ArrayReader.open(bytes.subarray(0, at)).header;
  } catch (err) {
    throw new CohesionError(
      'PARSE_ERROR',
      `${name}: unreadable FlatGeobuf header (${(err as Error).message})`,
      {
        source: name,
      },
    );
  }
  const count = header.featuresCount;
  if (header.indexNodeSize > 0 && count > 0) at += calcTreeSize(count, header.indexNodeSize);
  if (at > bytes.length) throw truncated(name, 'the spatial index is cut short');
  let n = 0;
  while (at < bytes.length) {
    if (at + 4 > bytes.length) throw truncated(name, `feature ${n} is cut short`);
    const size = view.getUint32(at, true);
    at += 4 + size;
    if (at > bytes.length) throw truncated(name, `feature ${n} is cut short`);
    n++;
  }
  if (count > 0 && n !== count)
    throw truncated(name, `its header says ${count} features, the file holds ${n}`);
  return count > 0 ? count : undefined;
}

/**
 * Puts back what FlatGeobuf cannot store natively: the feature id and keys whose value was null. A
 * new feature object is built (rather than deleting `id` from the decoded one) so every feature has
 * the same fast shape: a deleted key turns a V8 object into a slow dictionary, which made copying
 * the features in a join of 190k areas take seconds.
 */
function restoreFeature(f: Feature, columns: string[]): Feature {
  const props = (f.properties ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const c of columns) {
    if (c === ID_COLUMN) continue;
    out[c] = c in props ? props[c] : null;
  }
  const id = ID_COLUMN in props ? props[ID_COLUMN] : undefined;
  return typeof id === 'string' || typeof id === 'number'
    ? { type: 'Feature', id, geometry: f.geometry, properties: out }
    : { type: 'Feature', geometry: f.geometry, properties: out };
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
 * CRS (27700 or 4326) is written into the header.
 *
 * With `spatialIndex: true` a packed Hilbert R-tree (node size 16, the FlatGeobuf default) is
 * written and the features are stored in Hilbert order of their box centres, as GDAL does: readers
 * can then fetch only what a bounding box needs, over HTTP range requests. Feature order changes
 * (ids and properties do not).
 */
export function writeFlatGeobuf(fc: FeatureCollection, options: { spatialIndex?: boolean } = {}): Uint8Array {
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
    blankColumn(k, columnType(fc.features.map((f) => f.properties?.[k]))),
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
  let features = fc.features;
  if (options.spatialIndex) {
    const order = hilbertOrder(features.map((f) => geometryBBox(f.geometry) as Extent));
    features = order.map((i) => fc.features[i] as Feature);
    setIndexNodeSize(header, NODE_SIZE);
  }
  const parts = features.map((f) => {
    const props: Record<string, unknown> = {};
    for (const c of columns) {
      const v = c.name === ID_COLUMN ? f.id : f.properties?.[c.name];
      props[c.name] = v === undefined ? null : v;
    }
    const g = f.geometry as Geometry;
    return buildFeature(
      g.type === 'GeometryCollection' ? parseGC(g) : parseGeometry(g as never),
      props as never,
      headerMeta,
    );
  });
  let index: Uint8Array | undefined;
  if (options.spatialIndex) {
    // Leaves point at each feature's byte offset within the feature section.
    const offsets: number[] = [];
    let at = 0;
    for (const p of parts) {
      offsets.push(at);
      at += p.length;
    }
    index = packedRTree(
      features.map((f) => geometryBBox(f.geometry) as Extent),
      offsets,
    );
  }
  const indexLength = index?.length ?? 0;
  const total = magicbytes.length + header.length + indexLength + parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(total);
  out.set(magicbytes);
  out.set(header, magicbytes.length);
  if (index) out.set(index, magicbytes.length + header.length);
  let offset = magicbytes.length + header.length + indexLength;
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

const NODE_SIZE = 16;
const NODE_BYTES = 40; // minX, minY, maxX, maxY as f64 + u64 offset

/**
 * Sets `index_node_size` (field 9 of the size-prefixed Header table) in place. flatgeobuf's
 * `buildHeader` always writes 0 there; the field is present because 0 differs from the schema
 * default of 16, so it can be patched without rebuilding the header.
 */
function setIndexNodeSize(header: Uint8Array, size: number): void {
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const table = 4 + view.getUint32(4, true);
  const vtable = table - view.getInt32(table, true);
  const vtableSize = view.getUint16(vtable, true);
  const slot = 4 + 2 * 9;
  const fieldOffset = slot < vtableSize ? view.getUint16(vtable + slot, true) : 0;
  if (fieldOffset === 0) throw new Error('FlatGeobuf header has no index_node_size field to set');
  view.setUint16(table + fieldOffset, size, true);
}

/** Item order along a 16-bit Hilbert curve over the boxes' centres (as flatbush and GDAL). */
function hilbertOrder(boxes: Extent[]): number[] {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const b of boxes) {
    x0 = Math.min(x0, b[0]);
    y0 = Math.min(y0, b[1]);
    x1 = Math.max(x1, b[2]);
    y1 = Math.max(y1, b[3]);
  }
  const max = 0xffff;
  const w = x1 - x0 || 1;
  const h = y1 - y0 || 1;
  const keys = boxes.map((b) =>
    hilbert(
      Math.floor((max * ((b[0] + b[2]) / 2 - x0)) / w),
      Math.floor((max * ((b[1] + b[3]) / 2 - y0)) / h),
    ),
  );
  return boxes.map((_, i) => i).sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
}

/** Hilbert curve index of (x, y) in a 2^16 × 2^16 grid (Skilling's rotation scheme). */
function hilbert(x: number, y: number): number {
  let d = 0;
  for (let s = 1 << 15; s > 0; s >>= 1) {
    const rx = (x & s) > 0 ? 1 : 0;
    const ry = (y & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) {
        x = s - 1 - x;
        y = s - 1 - y;
      }
      const t = x;
      x = y;
      y = t;
    }
  }
  return d;
}

/**
 * Packed R-tree in FlatGeobuf's layout: root first, leaves last; an inner node's offset is the
 * index of its first child node, a leaf's is its feature's byte offset in the feature section.
 */
function packedRTree(boxes: Extent[], featureOffsets: number[]): Uint8Array {
  const n = boxes.length;
  const levelSizes = [n];
  for (let m = n; m > 1; ) {
    m = Math.ceil(m / NODE_SIZE);
    levelSizes.push(m);
  }
  if (n === 1) levelSizes.push(1);
  const numNodes = levelSizes.reduce((a, b) => a + b, 0);
  // levelStart[l]: first node index of level l (0 = leaves), laid out from the root down.
  const levelStart: number[] = [];
  let end = numNodes;
  for (const size of levelSizes) {
    levelStart.push(end - size);
    end -= size;
  }
  const bytes = new Uint8Array(numNodes * NODE_BYTES);
  const view = new DataView(bytes.buffer);
  const box = new Float64Array(numNodes * 4);
  const setNode = (k: number, b: ArrayLike<number>, offset: number) => {
    for (let j = 0; j < 4; j++) {
      box[k * 4 + j] = b[j] as number;
      view.setFloat64(k * NODE_BYTES + 8 * j, b[j] as number, true);
    }
    view.setBigUint64(k * NODE_BYTES + 32, BigInt(offset), true);
  };
  const leaf0 = levelStart[0] as number;
  boxes.forEach((b, i) => {
    setNode(leaf0 + i, b, featureOffsets[i] ?? 0);
  });
  for (let l = 1; l < levelSizes.length; l++) {
    const childStart = levelStart[l - 1] as number;
    const childEnd = childStart + (levelSizes[l - 1] as number);
    for (let p = 0; p < (levelSizes[l] as number); p++) {
      const first = childStart + p * NODE_SIZE;
      const last = Math.min(first + NODE_SIZE, childEnd);
      const u = [
        Number.POSITIVE_INFINITY,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
      ];
      for (let c = first; c < last; c++) {
        u[0] = Math.min(u[0] as number, box[c * 4] as number);
        u[1] = Math.min(u[1] as number, box[c * 4 + 1] as number);
        u[2] = Math.max(u[2] as number, box[c * 4 + 2] as number);
        u[3] = Math.max(u[3] as number, box[c * 4 + 3] as number);
      }
      setNode((levelStart[l] as number) + p, u, first);
    }
  }
  return bytes;
}
