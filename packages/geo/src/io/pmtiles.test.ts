// writePmtiles read back by the reference reader (the `pmtiles` package) and decoded with
// @mapbox/vector-tile: header, directories (root and leaves), metadata, tile contents.
import { VectorTile } from '@mapbox/vector-tile';
import type { Feature, FeatureCollection, Position } from 'geojson';
import { PbfReader } from 'pbf';
import { Compression, PMTiles, type Source, TileType, zxyToTileId } from 'pmtiles';
import { describe, expect, it } from 'vitest';
import { isCohesionError } from '../errors.js';
import { coordinateExtent } from '../geography/crs.js';
import { pointOnSurface } from '../geography/geometry.js';
import { toBng } from '../geography/project.js';
import { readGeoJSON } from './geojson.js';
import { zxyToTileId as ourTileId, writePmtiles } from './pmtiles.js';

const DATA_DIR = new URL('../../../../data/', import.meta.url);
const trafford = () =>
  readGeoJSON(new URL('trafford/lsoa21_boundaries_generalised.geojson', DATA_DIR).pathname);

/** A pmtiles Source over bytes in memory, counting reads. */
function memorySource(bytes: Uint8Array): Source & { reads: number } {
  const s = {
    reads: 0,
    getKey: () => 'memory',
    getBytes: async (offset: number, length: number) => {
      s.reads++;
      return { data: bytes.slice(offset, offset + length).buffer };
    },
  };
  return s;
}

const lonToX = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
const latToY = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
};

function inRing(x: number, y: number, ring: Position[]): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

/** Every tile of zoom z over the extent, decoded (undefined where the archive has none). */
async function tilesAt(p: PMTiles, z: number, ext: [number, number, number, number]) {
  const out: { x: number; y: number; tile: VectorTile }[] = [];
  let missing = 0;
  for (let x = lonToX(ext[0], z); x <= lonToX(ext[2], z); x++) {
    for (let y = latToY(ext[3], z); y <= latToY(ext[1], z); y++) {
      const r = await p.getZxy(z, x, y);
      if (r) out.push({ x, y, tile: new VectorTile(new PbfReader(new Uint8Array(r.data))) });
      else missing++;
    }
  }
  return { tiles: out, missing };
}

describe('writePmtiles', () => {
  it('numbers tiles on the Hilbert curves exactly as the reference reader does', () => {
    for (let z = 0; z <= 12; z++) {
      for (let k = 0; k < 40; k++) {
        const x = Math.floor((((k * 7919) % 1000) / 1000) * 2 ** z);
        const y = Math.floor((((k * 104729) % 997) / 997) * 2 ** z);
        expect(ourTileId(z, x, y)).toBe(zxyToTileId(z, x, y));
      }
    }
  });

  it('writes a PMTiles v3 archive of the Trafford LSOAs the reference reader opens', async () => {
    const fc = await trafford();
    const bytes = writePmtiles(fc, { layer: 'lsoa', minzoom: 8, maxzoom: 12, attribution: 'ONS' });
    const src = memorySource(bytes);
    const p = new PMTiles(src);
    const h = await p.getHeader();
    const ext = coordinateExtent(fc)!;
    expect(h.specVersion).toBe(3);
    expect([h.minZoom, h.maxZoom]).toEqual([8, 12]);
    expect(h.tileType).toBe(TileType.Mvt);
    expect(h.tileCompression).toBe(Compression.None);
    expect(h.internalCompression).toBe(Compression.None);
    expect(h.clustered).toBe(true);
    expect(h.minLon).toBeCloseTo(ext[0], 6);
    expect(h.minLat).toBeCloseTo(ext[1], 6);
    expect(h.maxLon).toBeCloseTo(ext[2], 6);
    expect(h.maxLat).toBeCloseTo(ext[3], 6);
    expect(h.rootDirectoryOffset).toBe(127);
    expect(h.tileDataOffset + (h.tileDataLength ?? 0)).toBe(bytes.length);

    const meta = (await p.getMetadata()) as {
      attribution: string;
      vector_layers: { id: string; fields: Record<string, string>; minzoom: number; maxzoom: number }[];
    };
    expect(meta.attribution).toBe('ONS');
    expect(meta.vector_layers).toEqual([
      { id: 'lsoa', fields: { area_code: 'String', area_name: 'String' }, minzoom: 8, maxzoom: 12 },
    ]);

    // Walk every tile position of every zoom over the extent through the reader: the tiles it finds
    // are exactly the addressed count in the header.
    let found = 0;
    const codesAt: Set<string>[] = [];
    for (let z = 8; z <= 12; z++) {
      const { tiles } = await tilesAt(p, z, ext);
      found += tiles.length;
      const codes = new Set<string>();
      for (const { tile } of tiles) {
        expect(Object.keys(tile.layers)).toEqual(['lsoa']);
        const layer = tile.layers.lsoa!;
        expect(layer.extent).toBe(4096);
        for (let i = 0; i < layer.length; i++) codes.add(String(layer.feature(i).properties.area_code));
      }
      codesAt[z] = codes;
    }
    expect(found).toBe(h.numAddressedTiles);
    expect(h.numTileEntries).toBeLessThanOrEqual(found);
    // From zoom 10 every LSOA survives simplification; each appears with its own name.
    expect(codesAt[10]).toEqual(new Set(fc.features.map((f) => f.properties!.area_code)));
    expect(codesAt[12]!.size).toBe(139);

    // Decode the zoom-12 tile holding one LSOA's interior point: the feature there carries that
    // LSOA's code and name, and its decoded polygon contains the point.
    const target = fc.features.find((f) => f.properties!.area_code === 'E01006074') as Feature;
    const [lon, lat] = pointOnSurface(target.geometry);
    const [x, y] = [lonToX(lon, 12), latToY(lat, 12)];
    const r = await p.getZxy(12, x, y);
    expect(r).toBeDefined();
    const layer = new VectorTile(new PbfReader(new Uint8Array(r!.data))).layers.lsoa!;
    // Vector tile spec v2 (MapLibre warns about any other version).
    expect(layer.version).toBe(2);
    const hits: string[] = [];
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      const g = f.toGeoJSON(x, y, 12).geometry;
      const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
      if (polys.some((poly) => inRing(lon, lat, poly[0]!) && !poly.slice(1).some((h) => inRing(lon, lat, h))))
        hits.push(`${f.properties.area_code}|${f.properties.area_name}`);
      expect(f.type).toBe(3); // polygon
    }
    expect(hits).toEqual(['E01006074|Trafford 025A']);
  });

  it('moves entries into leaf directories when the root would be too big, and they still resolve', async () => {
    const fc = await trafford();
    const small = writePmtiles(fc, { minzoom: 9, maxzoom: 13, rootBytes: 200 });
    const plain = writePmtiles(fc, { minzoom: 9, maxzoom: 13 });
    const hs = await new PMTiles(memorySource(small)).getHeader();
    const hp = await new PMTiles(memorySource(plain)).getHeader();
    expect(hs.leafDirectoryLength).toBeGreaterThan(0);
    expect(hp.leafDirectoryLength).toBe(0);
    expect(hs.rootDirectoryLength).toBeLessThanOrEqual(200 - 127);
    expect(hs.numAddressedTiles).toBe(hp.numAddressedTiles);
    // Every tile reads back identical through the leaves.
    const ext = coordinateExtent(fc)!;
    const ps = new PMTiles(memorySource(small));
    const pp = new PMTiles(memorySource(plain));
    let compared = 0;
    for (let z = 9; z <= 13; z++) {
      for (let x = lonToX(ext[0], z); x <= lonToX(ext[2], z); x++) {
        for (let y = latToY(ext[3], z); y <= latToY(ext[1], z); y++) {
          const [a, b] = await Promise.all([ps.getZxy(z, x, y), pp.getZxy(z, x, y)]);
          expect(a === undefined).toBe(b === undefined);
          if (a && b) {
            expect(new Uint8Array(a.data)).toEqual(new Uint8Array(b.data));
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(hp.numAddressedTiles);
  });

  it('stores identical tiles once (one big square polygon at zoom 14)', async () => {
    const square: FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { name: 'park' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [-2.6, 53.3],
                [-2.2, 53.3],
                [-2.2, 53.55],
                [-2.6, 53.55],
                [-2.6, 53.3],
              ],
            ],
          },
        },
      ],
    };
    const bytes = writePmtiles(square, { minzoom: 14, maxzoom: 14 });
    const h = await new PMTiles(memorySource(bytes)).getHeader();
    // Inner tiles are all the same full square: far fewer contents than addressed tiles.
    expect(h.numAddressedTiles).toBeGreaterThan(100);
    expect(h.numTileContents).toBeLessThan(h.numAddressedTiles / 2);
    expect(h.numTileEntries).toBeLessThanOrEqual(h.numAddressedTiles);
  });

  it('rejects British National Grid, bad zooms and empty input with CohesionErrors', async () => {
    const fc = await trafford();
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isCohesionError(e) ? e.code : String(e);
      }
      return 'no error';
    };
    expect(code(() => writePmtiles(toBng(fc)))).toBe('WRONG_CRS');
    expect(code(() => writePmtiles(fc, { minzoom: 9, maxzoom: 3 }))).toBe('INVALID_ARGUMENT');
    expect(code(() => writePmtiles(fc, { maxzoom: 21 }))).toBe('INVALID_ARGUMENT');
    expect(code(() => writePmtiles(fc, { minzoom: 1.5 }))).toBe('INVALID_ARGUMENT');
    expect(code(() => writePmtiles({ type: 'FeatureCollection', features: [] }))).toBe('EMPTY_INPUT');
  });
});
