import { GeoJSONVT } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { FeatureCollection } from 'geojson';
import { CohesionError } from '../errors.js';
import { coordinateExtent } from '../geography/crs.js';

/** Options of {@link writePmtiles}. */
export interface WritePmtilesOptions {
  /** Vector layer name inside every tile (the map's `source-layer`). Default `"areas"`. */
  layer?: string;
  /** Lowest zoom level written. Default 0. */
  minzoom?: number;
  /** Highest zoom level written (at most 20); the map overzooms beyond it. Default 12. */
  maxzoom?: number;
  /** `name` in the archive's JSON metadata. Default the layer name. */
  name?: string;
  /** `attribution` in the archive's JSON metadata (plain text). */
  attribution?: string;
  /**
   * Largest size in bytes of the header plus root directory; entries beyond it go to leaf
   * directories. The PMTiles v3 limit (and default) is 16,384; smaller values are for tests.
   */
  rootBytes?: number;
}

const HEADER_BYTES = 127;
const EXTENT = 4096;
/** Refuse archives that would take minutes to cut: tiles visited over all zooms. */
const MAX_TILES = 2_000_000;

interface Entry {
  tileId: number;
  offset: number;
  length: number;
  runLength: number;
}

/**
 * Position of tile z/x/y on the PMTiles v3 sequence of Hilbert curves: every tile of lower zooms
 * first ((4^z − 1) / 3 of them), then the Hilbert index of (x, y) at zoom z.
 */
export function zxyToTileId(z: number, x: number, y: number): number {
  const n = 2 ** z;
  let tx = x;
  let ty = y;
  let d = 0;
  for (let s = n / 2; s >= 1; s /= 2) {
    const rx = (tx & s) > 0 ? 1 : 0;
    const ry = (ty & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) {
        tx = n - 1 - tx;
        ty = n - 1 - ty;
      }
      const t = tx;
      tx = ty;
      ty = t;
    }
  }
  return (4 ** z - 1) / 3 + d;
}

/** Little-endian base-128 varint of a non-negative integer up to 2^53 (no 32-bit bitwise ops). */
function pushVarint(out: number[], v: number): void {
  let x = v;
  while (x >= 0x80) {
    out.push((x % 0x80) | 0x80);
    x = Math.floor(x / 0x80);
  }
  out.push(x);
}

/** A directory serialised per the spec: count, delta tile ids, run lengths, lengths, offsets. */
function encodeDirectory(entries: readonly Entry[]): Uint8Array {
  const out: number[] = [];
  pushVarint(out, entries.length);
  let last = 0;
  for (const e of entries) {
    pushVarint(out, e.tileId - last);
    last = e.tileId;
  }
  for (const e of entries) pushVarint(out, e.runLength);
  for (const e of entries) pushVarint(out, e.length);
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    // 0 means "straight after the previous entry's bytes", else offset + 1.
    pushVarint(out, i > 0 && prev && e.offset === prev.offset + prev.length ? 0 : e.offset + 1);
  });
  return Uint8Array.from(out);
}

/**
 * Root directory alone when it fits under `rootBytes` with the header; otherwise leaf directories
 * of a growing number of entries each, the root pointing at their first tile ids (run length 0).
 */
function buildDirectories(entries: Entry[], rootBytes: number): { root: Uint8Array; leaves: Uint8Array } {
  const root = encodeDirectory(entries);
  if (HEADER_BYTES + root.length <= rootBytes) return { root, leaves: new Uint8Array(0) };
  for (let leafSize = 256; ; leafSize *= 2) {
    const rootEntries: Entry[] = [];
    const parts: Uint8Array[] = [];
    let offset = 0;
    for (let i = 0; i < entries.length; i += leafSize) {
      const chunk = entries.slice(i, i + leafSize);
      const leaf = encodeDirectory(chunk);
      rootEntries.push({ tileId: (chunk[0] as Entry).tileId, offset, length: leaf.length, runLength: 0 });
      parts.push(leaf);
      offset += leaf.length;
    }
    const r = encodeDirectory(rootEntries);
    if (HEADER_BYTES + r.length <= rootBytes || rootEntries.length === 1) {
      if (HEADER_BYTES + r.length > rootBytes) {
        throw new CohesionError(
          'INVALID_ARGUMENT',
          `rootBytes ${rootBytes} is too small for one root entry`,
          {
            value: rootBytes,
          },
        );
      }
      return { root: r, leaves: concat(parts, offset) };
    }
  }
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function lonToX(lon: number, z: number): number {
  const n = 2 ** z;
  return Math.min(n - 1, Math.max(0, Math.floor(((lon + 180) / 360) * n)));
}

function latToY(lat: number, z: number): number {
  const n = 2 ** z;
  const r = (Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180;
  const y = ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n;
  return Math.min(n - 1, Math.max(0, Math.floor(y)));
}

/** FNV-1a over the bytes: a cheap key for spotting identical tiles (confirmed byte by byte). */
function hashBytes(b: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193);
  return `${b.length}:${h >>> 0}`;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function zoomOption(v: number | undefined, fallback: number, name: string): number {
  const z = v ?? fallback;
  if (!Number.isInteger(z) || z < 0 || z > 20) {
    throw new CohesionError('INVALID_ARGUMENT', `${name} must be a whole number from 0 to 20, not ${v}`, {
      value: v,
    });
  }
  return z;
}

/** TileJSON field types of each property: Number, String, Boolean, or Mixed when they disagree. */
function fieldTypes(fc: FeatureCollection): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const f of fc.features) {
    for (const [k, v] of Object.entries(f.properties ?? {})) {
      if (v === null || v === undefined) continue;
      const t = typeof v === 'number' ? 'Number' : typeof v === 'boolean' ? 'Boolean' : 'String';
      const had = fields[k];
      fields[k] = had === undefined || had === t ? t : 'Mixed';
    }
  }
  return fields;
}

/**
 * Cuts a WGS84 FeatureCollection into Mapbox Vector Tiles and packs them into one PMTiles v3
 * archive: one vector layer, zooms `minzoom`..`maxzoom`, tiles uncompressed (tile and internal
 * compression "none", which the spec allows), identical tiles stored once, JSON metadata with
 * `vector_layers`. Serve the file with HTTP range requests and draw it with `<cohesion-map
 * src="pmtiles://…">` (or any PMTiles reader). Tiling uses geojson-vt's default simplification
 * (3 of 4,096 units per tile), so areas far smaller than a tile vanish at low zooms, as in any tiler.
 *
 * Throws `EMPTY_INPUT` for no features, `WRONG_CRS` for coordinates that are not longitude/latitude
 * (reproject British National Grid with `toWgs84` first) and `INVALID_ARGUMENT` for bad zooms or an
 * extent needing more than 2 million tiles.
 *
 * @example
 * ```ts
 * const fc = toWgs84(await readAreas('lsoa.geojson'));
 * await saveFile('lsoa.pmtiles', writePmtiles(fc, { layer: 'areas', minzoom: 6, maxzoom: 12 }));
 * ```
 */
export function writePmtiles(fc: FeatureCollection, options: WritePmtilesOptions = {}): Uint8Array {
  const layer = options.layer ?? 'areas';
  if (!layer) throw new CohesionError('INVALID_ARGUMENT', 'the layer name must not be empty');
  const minzoom = zoomOption(options.minzoom, 0, 'minzoom');
  const maxzoom = zoomOption(options.maxzoom, 12, 'maxzoom');
  if (minzoom > maxzoom) {
    throw new CohesionError('INVALID_ARGUMENT', `minzoom ${minzoom} is above maxzoom ${maxzoom}`, {
      value: [minzoom, maxzoom],
    });
  }
  if (fc?.type !== 'FeatureCollection' || fc.features.length === 0) {
    throw new CohesionError('EMPTY_INPUT', 'no features to tile');
  }
  const extent = coordinateExtent(fc);
  if (!extent) throw new CohesionError('EMPTY_INPUT', 'no coordinates to tile');
  const [west, south, east, north] = extent;
  if (west < -180 || east > 180 || south < -90 || north > 90) {
    throw new CohesionError(
      'WRONG_CRS',
      `coordinates span [${extent.map((v) => +v.toFixed(3)).join(', ')}]: vector tiles need WGS84 longitude/latitude (reproject with toWgs84)`,
      { value: extent },
    );
  }
  let visits = 0;
  for (let z = minzoom; z <= maxzoom; z++) {
    visits += (lonToX(east, z) - lonToX(west, z) + 1) * (latToY(south, z) - latToY(north, z) + 1);
  }
  if (visits > MAX_TILES) {
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `zooms ${minzoom}–${maxzoom} over this extent need ${visits} tiles (limit ${MAX_TILES}); lower maxzoom`,
      { value: visits },
    );
  }

  const index = new GeoJSONVT(fc, { maxZoom: maxzoom, indexMaxZoom: Math.min(maxzoom, 5), extent: EXTENT });
  const cut: { tileId: number; bytes: Uint8Array }[] = [];
  for (let z = minzoom; z <= maxzoom; z++) {
    for (let x = lonToX(west, z); x <= lonToX(east, z); x++) {
      for (let y = latToY(north, z); y <= latToY(south, z); y++) {
        const tile = index.getTile(z, x, y);
        if (!tile || tile.features.length === 0) continue;
        cut.push({
          tileId: zxyToTileId(z, x, y),
          bytes: fromGeojsonVt({ [layer]: tile }, { extent: EXTENT, version: 2 }),
        });
      }
    }
  }
  if (cut.length === 0) throw new CohesionError('EMPTY_INPUT', 'the features produced no tiles');
  cut.sort((a, b) => a.tileId - b.tileId);

  // Clustered layout: tile bytes in tile-id order; a repeat of earlier bytes points back at them,
  // and a repeat on the very next tile id extends the previous entry's run.
  const entries: Entry[] = [];
  const blobs: Uint8Array[] = [];
  const seen = new Map<string, { offset: number; bytes: Uint8Array }[]>();
  let dataLength = 0;
  for (const { tileId, bytes } of cut) {
    const key = hashBytes(bytes);
    const same = seen.get(key)?.find((s) => sameBytes(s.bytes, bytes));
    const last = entries[entries.length - 1];
    if (same && last && last.offset === same.offset && last.tileId + last.runLength === tileId) {
      last.runLength++;
      continue;
    }
    let offset: number;
    if (same) offset = same.offset;
    else {
      offset = dataLength;
      blobs.push(bytes);
      dataLength += bytes.length;
      const list = seen.get(key);
      if (list) list.push({ offset, bytes });
      else seen.set(key, [{ offset, bytes }]);
    }
    entries.push({ tileId, offset, length: bytes.length, runLength: 1 });
  }

  const { root, leaves } = buildDirectories(entries, options.rootBytes ?? 16_384);
  const metadata = new TextEncoder().encode(
    JSON.stringify({
      name: options.name ?? layer,
      format: 'pbf',
      type: 'overlay',
      generator: '@cohesion/geo writePmtiles',
      ...(options.attribution ? { attribution: options.attribution } : {}),
      vector_layers: [{ id: layer, fields: fieldTypes(fc), minzoom, maxzoom }],
    }),
  );

  const rootOffset = HEADER_BYTES;
  const metadataOffset = rootOffset + root.length;
  const leavesOffset = metadataOffset + metadata.length;
  const dataOffset = leavesOffset + leaves.length;
  const out = new Uint8Array(dataOffset + dataLength);
  const view = new DataView(out.buffer);
  const u64 = (at: number, v: number) => {
    view.setUint32(at, v % 2 ** 32, true);
    view.setUint32(at + 4, Math.floor(v / 2 ** 32), true);
  };
  const e7 = (at: number, deg: number) => view.setInt32(at, Math.round(deg * 1e7), true);
  out.set(new TextEncoder().encode('PMTiles'), 0);
  out[7] = 3;
  u64(8, rootOffset);
  u64(16, root.length);
  u64(24, metadataOffset);
  u64(32, metadata.length);
  u64(40, leavesOffset);
  u64(48, leaves.length);
  u64(56, dataOffset);
  u64(64, dataLength);
  u64(72, cut.length); // addressed tiles
  u64(80, entries.length); // tile entries
  u64(88, blobs.length); // distinct tile contents
  out[96] = 1; // clustered
  out[97] = 1; // internal compression: none
  out[98] = 1; // tile compression: none
  out[99] = 1; // tile type: MVT
  out[100] = minzoom;
  out[101] = maxzoom;
  e7(102, west);
  e7(106, south);
  e7(110, east);
  e7(114, north);
  out[118] = minzoom;
  e7(119, (west + east) / 2);
  e7(123, (south + north) / 2);
  out.set(root, rootOffset);
  out.set(metadata, metadataOffset);
  out.set(leaves, leavesOffset);
  let o = dataOffset;
  for (const b of blobs) {
    out.set(b, o);
    o += b.length;
  }
  return out;
}
