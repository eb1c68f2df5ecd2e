// `cohesion tiles`: the built binary writes PMTiles archives that the reference reader (the
// `pmtiles` package) opens and @mapbox/vector-tile decodes; BNG input is reprojected first.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { PMTiles, type Source, TileType } from 'pmtiles';
import { describe, expect, it } from 'vitest';
import { cohesion, ROOT } from './run-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'cohesion-tiles-'));
const data = (p: string) => join(ROOT, 'data', p);

function open(path: string): PMTiles {
  const bytes = new Uint8Array(readFileSync(path));
  const source: Source = {
    getKey: () => path,
    getBytes: async (offset, length) => ({ data: bytes.slice(offset, offset + length).buffer }),
  };
  return new PMTiles(source);
}

const lonToX = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
const latToY = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
};

/** Distinct values of `prop` over every tile of zoom z inside the archive's bounds. */
async function codesAt(p: PMTiles, layer: string, prop: string, z: number): Promise<Set<string>> {
  const h = await p.getHeader();
  const codes = new Set<string>();
  for (let x = lonToX(h.minLon, z); x <= lonToX(h.maxLon, z); x++) {
    for (let y = latToY(h.maxLat, z); y <= latToY(h.minLat, z); y++) {
      const r = await p.getZxy(z, x, y);
      if (!r) continue;
      const l = new VectorTile(new PbfReader(new Uint8Array(r.data))).layers[layer];
      expect(l).toBeDefined();
      for (let i = 0; i < l!.length; i++) codes.add(String(l!.feature(i).properties[prop]));
    }
  }
  return codes;
}

describe('cohesion tiles', () => {
  it('writes the Trafford LSOAs (GeoJSON, WGS84) as a PMTiles archive with every area at zoom 10', async () => {
    const out = join(tmp, 'trafford.pmtiles');
    const r = cohesion([
      'tiles',
      '--in',
      data('trafford/lsoa21_boundaries_generalised.geojson'),
      '--out',
      out,
      '--layer',
      'lsoa',
      '--minzoom',
      '8',
      '--maxzoom',
      '11',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info).toMatchObject({ features: 139, crs: 'EPSG:4326', reprojected: false, layer: 'lsoa' });
    expect(info.bytes).toBe(readFileSync(out).length);
    const p = open(out);
    const h = await p.getHeader();
    expect([h.specVersion, h.tileType, h.minZoom, h.maxZoom]).toEqual([3, TileType.Mvt, 8, 11]);
    expect(h.numAddressedTiles).toBe(info.tiles);
    const meta = (await p.getMetadata()) as { vector_layers: { id: string; fields: object }[] };
    expect(meta.vector_layers.map((l) => l.id)).toEqual(['lsoa']);
    const fc = JSON.parse(readFileSync(data('trafford/lsoa21_boundaries_generalised.geojson'), 'utf8'));
    const codes = new Set(
      fc.features.map((f: { properties: { area_code: string } }) => f.properties.area_code),
    );
    expect(await codesAt(p, 'lsoa', 'area_code', 10)).toEqual(codes);
  });

  it('reprojects British National Grid input (GM 2016 wards) to WGS84 before tiling', async () => {
    const out = join(tmp, 'wards.pmtiles');
    const r = cohesion([
      'tiles',
      '--in',
      data('greater-manchester/boundaries/gm_ward16_bng_epsg27700.geojson.gz'),
      '--out',
      out,
      '--maxzoom',
      '9',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ features: 215, crs: 'EPSG:27700', reprojected: true });
    const h = await open(out).getHeader();
    // Greater Manchester in degrees: about 2.73°W to 1.91°W, 53.33°N to 53.69°N.
    expect(h.minLon).toBeGreaterThan(-2.8);
    expect(h.maxLon).toBeLessThan(-1.85);
    expect(h.minLat).toBeGreaterThan(53.3);
    expect(h.maxLat).toBeLessThan(53.7);
    expect(h.minZoom).toBe(0);
    const wards = await codesAt(open(out), 'areas', 'wd16cd', 9);
    expect(wards.size).toBe(215);
  });

  it('fails with one line: usage errors exit 2, bad input exits 1 with its code', () => {
    const missing = cohesion(['tiles', '--out', join(tmp, 'x.pmtiles')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing required flag --in/);
    const badZoom = cohesion(['tiles', '--in', 'a.geojson', '--out', 'b.pmtiles', '--maxzoom', 'ten']);
    expect(badZoom.code).toBe(2);
    expect(badZoom.stderr).toMatch(/--maxzoom must be a whole number/);
    const mercator = join(tmp, 'mercator.geojson');
    writeFileSync(
      mercator,
      '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[-255000,7070000],[-254000,7070000],[-254000,7071000],[-255000,7070000]]]}}]}',
    );
    const wrong = cohesion(['tiles', '--in', mercator, '--out', join(tmp, 'm.pmtiles')]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expect(wrong.stderr).toMatch(/^cohesion tiles: WRONG_CRS: /);
    const range = cohesion([
      'tiles',
      '--in',
      data('trafford/lsoa21_boundaries_generalised.geojson'),
      '--out',
      join(tmp, 'r.pmtiles'),
      '--minzoom',
      '9',
      '--maxzoom',
      '4',
    ]);
    expect(range.code).toBe(1);
    expect(range.stderr).toMatch(/INVALID_ARGUMENT: minzoom 9 is above maxzoom 4/);
  });
});
