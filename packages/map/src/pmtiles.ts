// `src="pmtiles://…"`: areas drawn from a PMTiles archive of vector tiles, values from the CSV.
// Loaded lazily (its own chunk with the pmtiles reader and the MVT decoder), only for such sources.

import { assertColumn, CohesionError, readIds } from '@cohesion/geo/tables';
import { VectorTile } from '@mapbox/vector-tile';
import type { Feature, FeatureCollection } from 'geojson';
import type * as MapLibre from 'maplibre-gl';
import { PbfReader } from 'pbf';
import { type Header, PMTiles, Protocol, TileType } from 'pmtiles';
import { type AreaTable, readTable } from './data.js';
import { pmtilesMapAreas } from './pmlayers.js';
import type { MapAreas } from './renderer.js';

type Expr = MapLibre.ExpressionSpecification;

/** Most tiles decoded to place areas for keyboard navigation (see {@link PmtilesAreas.xs}). */
const POSITION_TILES = 16;
/** Above this many tiles even at the archive's minzoom, positions are not decoded at all. */
const POSITION_TILES_MAX = 64;

const protocol = new Protocol();
let registered: typeof MapLibre | undefined;

/** Options for {@link loadPmtilesAreas}, read from the element's attributes. */
export interface PmtilesOptions {
  /** The `src` attribute, `pmtiles://` followed by the archive's URL (absolute or page-relative). */
  src: string;
  /** The `data-src` attribute: the CSV that lists the areas and their values. */
  dataSrc: string | null;
  /** The CSV's bytes, already being fetched. */
  csv: Promise<ArrayBuffer> | undefined;
  join: string | null;
  idProperty: string | null;
  sourceLayer: string | null;
  /** Property names tried, in order, for the area code when neither `join` nor `id-property` says. */
  idKeys: readonly string[];
}

/**
 * The areas of a PMTiles map: one feature per CSV row (no geometry; properties are the CSV columns
 * plus the tile property holding the code), and the MapLibre side (vector source, layers,
 * highlights, picking) keyed by that code.
 */
export interface PmtilesAreas {
  /** Areas in CSV row order; `geometry` is null (the geometry stays in the tiles). */
  features: FeatureCollection;
  /** The CSV, each area being its own row (values are read from its cells, src/data.ts). */
  data: AreaTable;
  /** Tile property holding the area code (the element's id property). */
  idProperty: string;
  sourceLayer: string;
  /** Initial view: the archive header's bounds. */
  bounds: [number, number, number, number];
  /**
   * Approximate position (area-weighted centroid of the pieces seen) of each area, in CSV order,
   * from the tiles of {@link positionZoom}; NaN for an area not seen there.
   */
  xs: Float64Array;
  ys: Float64Array;
  /** Zoom whose tiles were decoded for positions, or −1 when there were too many tiles. */
  positionZoom: number;
  /** CSV codes with no feature in the decoded tiles (empty when none were decoded). */
  unseen: string[];
  /** Area index of a rendered feature (from its id property), or −1. */
  indexOf(f: { properties?: Record<string, unknown> | null }): number;
  /** Puts the vector source (and highlight layers) on the map, replacing any other `cm-areas`. */
  attach(map: MapLibre.Map, ml: typeof MapLibre): void;
  /** Removes what {@link attach} added (when the element switches to another source). */
  detach(map: MapLibre.Map): void;
  /** The element's layer over `cm-areas` (feature-index expressions) rewritten for the tiles. */
  adapt(layer: MapLibre.LayerSpecification): MapLibre.LayerSpecification;
  /** Shows the hover and focus/selection outlines for these area indices (−1 for none). */
  highlight(map: MapLibre.Map, hover: number, marks: number[]): void;
  /** The areas as the MapLibre map holds them: the layers of pmlayers.ts over the vector source. */
  mapAreas(): MapAreas;
}

function lonToX(lon: number, z: number): number {
  return Math.min(2 ** z - 1, Math.max(0, Math.floor(((lon + 180) / 360) * 2 ** z)));
}

function latToY(lat: number, z: number): number {
  const r = (Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180;
  const y = ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z;
  return Math.min(2 ** z - 1, Math.max(0, Math.floor(y)));
}

function tileCount(h: Header, z: number): number {
  return (lonToX(h.maxLon, z) - lonToX(h.minLon, z) + 1) * (latToY(h.minLat, z) - latToY(h.maxLat, z) + 1);
}

/** The deepest zoom whose tiles over the bounds are few enough to fetch for positions, or −1. */
function positionZoomOf(h: Header): number {
  for (let z = h.maxZoom; z >= h.minZoom; z--) if (tileCount(h, z) <= POSITION_TILES) return z;
  return tileCount(h, h.minZoom) <= POSITION_TILES_MAX ? h.minZoom : -1;
}

/**
 * Reads the CSV into one feature per row, keyed by `column`, with `@cohesion/geo`'s CSV reader and
 * id rule (`readIds`: trimmed; blank is `BLANK_CODE`, repeated `DUPLICATE_CODE`, naming the row).
 */
function csvAreas(
  bytes: ArrayBuffer,
  source: string,
  column: string,
  idProperty: string,
): { features: Feature[]; ids: string[]; data: AreaTable } {
  const table = readTable(bytes, source);
  assertColumn(table, column);
  if (table.rows.length === 0) throw new CohesionError('EMPTY_INPUT', `${source} has no rows`, { source });
  const { ids } = readIds(
    table.rows.map((row) => row[column]),
    { column, source },
  );
  const features = table.rows.map((row, r): Feature => {
    const properties: Record<string, string> = { ...row };
    properties[idProperty] = ids[r] as string;
    return { type: 'Feature', geometry: null as unknown as Feature['geometry'], properties };
  });
  // Each feature is its own CSV row.
  const rowOfArea = Int32Array.from(ids, (_, r) => r);
  return { features, ids, data: { table, codeColumn: column, rowOfArea } };
}

/**
 * Area-weighted centroids, in Web Mercator world units (0–1), of every feature of `layer` whose
 * code is known, summed over the tiles (a feature cut by tile edges is the sum of its pieces; the
 * tile buffers count twice, which moves a centroid only slightly).
 */
function accumulate(
  tile: VectorTile,
  layerName: string,
  z: number,
  x: number,
  y: number,
  idProperty: string,
  index: Map<string, number>,
  sums: Float64Array,
): void {
  const layer = tile.layers[layerName];
  if (!layer) return;
  const scale = 1 / (2 ** z * layer.extent);
  for (let i = 0; i < layer.length; i++) {
    const f = layer.feature(i);
    const k = index.get(String(f.properties[idProperty]));
    if (k === undefined || f.type !== 3) continue;
    let a = 0;
    let cx = 0;
    let cy = 0;
    // Exterior and hole rings wind oppositely, so signed areas subtract the holes.
    for (const ring of f.loadGeometry()) {
      for (let p = 0, q = ring.length - 1; p < ring.length; q = p++) {
        const P = ring[p] as { x: number; y: number };
        const Q = ring[q] as { x: number; y: number };
        const cross = Q.x * P.y - P.x * Q.y;
        a += cross;
        cx += (Q.x + P.x) * cross;
        cy += (Q.y + P.y) * cross;
      }
    }
    if (a === 0) continue;
    // Σ a and Σ a·c over pieces (a in tile units², the same at one zoom), with c in world units:
    // (tile origin + centroid in tile units) × scale.
    sums[k * 3] = (sums[k * 3] as number) + a / 2;
    sums[k * 3 + 1] = (sums[k * 3 + 1] as number) + (a / 2) * (x * layer.extent + cx / (3 * a)) * scale;
    sums[k * 3 + 2] = (sums[k * 3 + 2] as number) + (a / 2) * (y * layer.extent + cy / (3 * a)) * scale;
  }
}

/**
 * Opens the archive named by `src` (header and metadata by HTTP range requests) and the CSV, and
 * returns the areas: the CSV rows, joined to the tiles by code, with positions from a few decoded
 * tiles. Errors: `MISSING_INPUT` without `data-src`, `READ_FAILED` / `PARSE_ERROR` for an archive
 * that cannot be fetched or read, `UNSUPPORTED_FORMAT` for raster tiles, `INVALID_ARGUMENT` for a
 * `source-layer` the archive lacks, `MISSING_PROPERTY` for an id property the layer lacks, and the
 * CSV's own codes (`MISSING_COLUMN`, `BLANK_CODE`, `DUPLICATE_CODE`).
 */
export async function loadPmtilesAreas(o: PmtilesOptions): Promise<PmtilesAreas> {
  const rest = o.src.slice('pmtiles://'.length);
  const url = new URL(rest, document.baseURI).href;
  if (!o.dataSrc || !o.csv) {
    throw new CohesionError(
      'MISSING_INPUT',
      `${o.src} needs data-src: a CSV listing every area's code and values (vector tiles hold geometry only)`,
      { source: o.src },
    );
  }
  const archive = protocol.get(url) ?? new PMTiles(url);
  protocol.add(archive);
  const failed = (e: unknown): never => {
    const m = (e as Error)?.message ?? String(e);
    // pmtiles' own wording ("…supports HTTP Byte Serving") is jargon to a web editor: say what to do.
    if (/byte serving|content-length/i.test(m)) {
      throw new CohesionError(
        'READ_FAILED',
        `the server sent the whole of ${url} instead of the parts asked for: vector tiles need a server ` +
          'that answers HTTP Range requests (most web hosts and object stores do; for a local preview ' +
          'use node examples/embed/serve.mjs, not python3 -m http.server)',
        { source: url, reason: 'no-range-support' },
      );
    }
    throw /magic|spec version|varint|directory/i.test(m)
      ? new CohesionError('PARSE_ERROR', `${url} is not a PMTiles v3 archive: ${m}`, { source: url })
      : new CohesionError('READ_FAILED', `could not read ${url}: ${m}`, { source: url });
  };
  const headerP = archive.getHeader().catch(failed);
  headerP.catch(() => {});
  const csvBytes = await o.csv;
  const header = await headerP;
  if (header.tileType !== TileType.Mvt) {
    throw new CohesionError(
      'UNSUPPORTED_FORMAT',
      `${url} holds ${TileType[header.tileType] ?? 'unknown'} tiles; the map needs vector (MVT) tiles`,
      { source: url },
    );
  }
  const meta = ((await archive.getMetadata().catch(failed)) ?? {}) as {
    vector_layers?: { id?: string; fields?: Record<string, string> }[];
  };
  const layers = Array.isArray(meta.vector_layers) ? meta.vector_layers : [];
  const sourceLayer = o.sourceLayer ?? layers[0]?.id;
  if (!sourceLayer) {
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `${url} lists no vector layers in its metadata: set the source-layer attribute`,
      { source: url },
    );
  }
  const info = layers.find((l) => l.id === sourceLayer);
  if (layers.length > 0 && !info) {
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `${url} has no vector layer "${sourceLayer}"; its layers: ${layers.map((l) => l.id).join(', ')}`,
      { source: url, value: sourceLayer },
    );
  }
  const fields = info?.fields ? Object.keys(info.fields) : undefined;
  // join="tileProperty=csvColumn", or one name for both; else id-property, else a known code name.
  const [left, right] = o.join?.includes('=')
    ? (o.join.split('=').map((s) => s.trim()) as [string, string])
    : [o.idProperty ?? undefined, o.join?.trim() || undefined];
  const idProperty = left ?? o.idKeys.find((k) => fields?.includes(k)) ?? right ?? 'id';
  if (fields && !fields.includes(idProperty)) {
    throw new CohesionError(
      'MISSING_PROPERTY',
      `layer "${sourceLayer}" of ${url} has no property "${idProperty}"; its properties: ${fields.join(', ')}`,
      { column: idProperty, source: url },
    );
  }
  const { features, ids, data } = csvAreas(csvBytes, o.dataSrc, right ?? idProperty, idProperty);
  const index = new Map(ids.map((id, i) => [id, i]));

  // Positions for keyboard navigation from a few tiles (the same range requests MapLibre makes).
  const n = ids.length;
  const xs = new Float64Array(n).fill(Number.NaN);
  const ys = new Float64Array(n).fill(Number.NaN);
  const z = positionZoomOf(header);
  const unseen: string[] = [];
  if (z >= 0) {
    const sums = new Float64Array(n * 3);
    const jobs: Promise<void>[] = [];
    for (let x = lonToX(header.minLon, z); x <= lonToX(header.maxLon, z); x++) {
      for (let y = latToY(header.maxLat, z); y <= latToY(header.minLat, z); y++) {
        jobs.push(
          archive.getZxy(z, x, y).then((r) => {
            if (r) {
              const tile = new VectorTile(new PbfReader(new Uint8Array(r.data)));
              accumulate(tile, sourceLayer, z, x, y, idProperty, index, sums);
            }
          }),
        );
      }
    }
    await Promise.all(jobs).catch(failed);
    for (let i = 0; i < n; i++) {
      const a = sums[i * 3] as number;
      if (a === 0) {
        unseen.push(ids[i] as string);
        continue;
      }
      const wx = (sums[i * 3 + 1] as number) / a;
      const wy = (sums[i * 3 + 2] as number) / a;
      xs[i] = wx * 360 - 180;
      ys[i] = (Math.atan(Math.sinh(Math.PI * (1 - 2 * wy))) * 180) / Math.PI;
    }
  }

  const key: Expr = ['to-string', ['get', idProperty]];
  const inCsv = ['match', key, ids, true, false] as unknown as Expr;
  const tiles = [`pmtiles://${url}/{z}/{x}/{y}`];
  const HL = ['cm-pm-hover', 'cm-pm-sel-halo', 'cm-pm-sel'] as const;
  const dropAreas = (map: MapLibre.Map) => {
    for (const l of map.getStyle().layers ?? []) {
      if ('source' in l && l.source === 'cm-areas') map.removeLayer(l.id);
    }
    if (map.getSource('cm-areas')) map.removeSource('cm-areas');
  };
  /** Rewrites `['id']` (the GeoJSON path's feature index) to the code, and index labels to codes. */
  const rewrite = (v: unknown): unknown => {
    if (!Array.isArray(v)) return v;
    if (v.length === 1 && v[0] === 'id') return key;
    if (v[0] === 'match' && Array.isArray(v[1]) && v[1].length === 1 && v[1][0] === 'id') {
      const out: unknown[] = ['match', key];
      for (let i = 2; i < v.length; i++) {
        const label = v[i];
        const isLabel = i % 2 === 0 && i < v.length - 1;
        out.push(
          !isLabel
            ? rewrite(label)
            : Array.isArray(label)
              ? label.map((k) => ids[k as number])
              : ids[label as number],
        );
      }
      return out;
    }
    return v.map(rewrite);
  };
  const lineLayer = (id: string, color: string, width: number): MapLibre.LayerSpecification => ({
    id,
    type: 'line',
    source: 'cm-areas',
    'source-layer': sourceLayer,
    layout: { visibility: 'none' },
    paint: { 'line-color': color, 'line-width': width },
  });

  const pm: PmtilesAreas = {
    mapAreas: () => pmtilesMapAreas(pm),
    features: { type: 'FeatureCollection', features },
    data,
    idProperty,
    sourceLayer,
    bounds: [header.minLon, header.minLat, header.maxLon, header.maxLat],
    xs,
    ys,
    positionZoom: z,
    unseen,
    indexOf(f) {
      const v = f.properties?.[idProperty];
      return v === undefined || v === null ? -1 : (index.get(String(v)) ?? -1);
    },
    attach(map, ml) {
      if (registered !== ml) {
        ml.addProtocol('pmtiles', protocol.tile as Parameters<typeof ml.addProtocol>[1]);
        registered = ml;
      }
      dropAreas(map);
      for (const id of HL) if (map.getLayer(id)) map.removeLayer(id);
      // Outlines left in the GeoJSON path's highlight source would belong to the old areas.
      (map.getSource('cm-hl') as MapLibre.GeoJSONSource | undefined)?.setData({
        type: 'FeatureCollection',
        features: [],
      });
      map.addSource('cm-areas', {
        type: 'vector',
        tiles,
        minzoom: header.minZoom,
        maxzoom: header.maxZoom,
        bounds: [header.minLon, header.minLat, header.maxLon, header.maxLat],
      });
      // On top of every other layer; filtered to the highlighted areas, hidden when there are none.
      map.addLayer(lineLayer('cm-pm-hover', '#0b0c0c', 2.5));
      map.addLayer(lineLayer('cm-pm-sel-halo', '#0b0c0c', 7));
      map.addLayer(lineLayer('cm-pm-sel', '#ffdd00', 3.5));
    },
    detach(map) {
      for (const id of HL) if (map.getLayer(id)) map.removeLayer(id);
      if ((map.getSource('cm-areas') as { type?: string } | undefined)?.type === 'vector') dropAreas(map);
    },
    adapt(layer) {
      if (!('source' in layer) || layer.source !== 'cm-areas') return layer;
      const out = { ...layer, 'source-layer': sourceLayer } as MapLibre.LayerSpecification & {
        filter?: unknown;
        paint?: Record<string, unknown>;
        layout?: Record<string, unknown>;
      };
      // Only the CSV's areas are drawn: the archive may cover far more than the table.
      out.filter = (out.filter ? ['all', inCsv, rewrite(out.filter)] : inCsv) as Expr;
      if (out.paint)
        out.paint = Object.fromEntries(Object.entries(out.paint).map(([k, v]) => [k, rewrite(v)]));
      return out;
    },
    highlight(map, hover, marks) {
      const show = (id: string, areas: number[]) => {
        if (!map.getLayer(id)) return;
        const codes = [...new Set(areas.filter((i) => i >= 0).map((i) => ids[i] as string))];
        map.setLayoutProperty(id, 'visibility', codes.length ? 'visible' : 'none');
        if (codes.length) map.setFilter(id, ['match', key, codes, true, false] as unknown as Expr);
      };
      show('cm-pm-hover', [hover]);
      show('cm-pm-sel-halo', marks);
      show('cm-pm-sel', marks);
    },
  };
  return pm;
}
