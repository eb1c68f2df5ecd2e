import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { FeatureCollection } from 'geojson';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { CohesionError } from '../errors.js';
import { detectCrs } from './crs.js';
import { BNG_PROJ4, bngToLonLat, lonLatToBng, toBng, toWgs84 } from './project.js';

const DATA_DIR = new URL('../../../../data/', import.meta.url);
const load = (p: string) => {
  const bytes = readFileSync(new URL(p, DATA_DIR));
  return JSON.parse((p.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8')) as FeatureCollection;
};

describe('CRS detection and reprojection', () => {
  it('reads a declared EPSG:27700 crs member', () => {
    expect(detectCrs(load('greater-manchester/boundaries/gm_ward16_bng_epsg27700.geojson.gz'))).toBe(
      'EPSG:27700',
    );
  });
  it('reads declared CRS84 as WGS84', () => {
    expect(detectCrs(load('trafford/lsoa21_boundaries_generalised.geojson'))).toBe('EPSG:4326');
  });
  it('falls back to coordinate ranges when nothing is declared', () => {
    const pt = (x: number, y: number): FeatureCollection => ({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [x, y] } }],
    });
    expect(detectCrs(pt(-2.29, 53.44))).toBe('EPSG:4326');
    expect(detectCrs(pt(378_000, 394_000))).toBe('EPSG:27700');
    // Web Mercator metres for Manchester are outside BNG's range: refuse rather than guess.
    expect(() => detectCrs(pt(-255_000, 7_070_000))).toThrowError(CohesionError);
    try {
      detectCrs(pt(-255_000, 7_070_000));
    } catch (e) {
      expect((e as CohesionError).code).toBe('UNKNOWN_CRS');
    }
  });
  it('a feature left in degrees inside a grid-metre file is WRONG_CRS, declared or not', () => {
    // Greater Manchester wards in BNG, with the 10th ward's polygon put back into lon/lat.
    const bng = load('greater-manchester/boundaries/gm_ward16_bng_epsg27700.geojson.gz');
    const mixed = structuredClone(bng);
    const tenth = mixed.features[9]!;
    tenth.geometry = toWgs84({ type: 'FeatureCollection', features: [tenth] }).features[0]!.geometry;
    const undeclared = { ...mixed, crs: undefined };
    for (const fc of [mixed, undeclared]) {
      let error: CohesionError | undefined;
      try {
        detectCrs(fc, 'wards.geojson');
      } catch (e) {
        error = e as CohesionError;
      }
      expect(error?.code).toBe('WRONG_CRS');
      expect(error?.detail.feature).toBe(9);
      expect(error?.message).toMatch(/^wards\.geojson: feature 10 .*WGS84 degrees/);
    }
    // The untouched file, and a small synthetic grid declared as metres, are fine.
    expect(detectCrs(bng)).toBe('EPSG:27700');
    const grid: FeatureCollection = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } },
      features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [10, 20] } }],
    } as FeatureCollection;
    expect(detectCrs(grid)).toBe('EPSG:27700');
  });

  it('matches the OS worked example for the Transverse Mercator projection to the millimetre', () => {
    // Ordnance Survey, "A guide to coordinate systems in Great Britain", Annex C worked example:
    // OSGB36 52°39'27.2531"N 1°43'4.5177"E → E 651409.903, N 313177.270 (Airy 1830, no datum shift).
    const airyToGrid = proj4('+proj=longlat +ellps=airy +no_defs', BNG_PROJ4.replace(/\+towgs84=\S+ /, ''));
    const lat = 52 + 39 / 60 + 27.2531 / 3600;
    const lon = 1 + 43 / 60 + 4.5177 / 3600;
    const [x, y] = airyToGrid.forward([lon, lat]) as [number, number];
    expect(Math.abs(x - 651_409.903)).toBeLessThan(0.002);
    expect(Math.abs(y - 313_177.27)).toBeLessThan(0.002);
  });
  it('applies the OSGB36 datum shift (about 100 m in Great Britain) and inverts it', () => {
    const lon = -2.24468;
    const lat = 53.4793;
    const [x, y] = lonLatToBng(lon, lat);
    const noShift = proj4('EPSG:4326', BNG_PROJ4.replace(/\+towgs84=\S+ /, '')).forward([
      lon,
      lat,
    ]) as number[];
    const shift = Math.hypot(x - noShift[0]!, y - noShift[1]!);
    expect(shift).toBeGreaterThan(50);
    expect(shift).toBeLessThan(150);
    const [lon2, lat2] = bngToLonLat(x, y);
    expect(lon2).toBeCloseTo(lon, 7);
    expect(lat2).toBeCloseTo(lat, 7);
  });
  it('round-trips a FeatureCollection and keeps properties and ids', () => {
    const fc = load('trafford/ward22_boundaries_generalised.geojson');
    const bng = toBng(fc);
    expect(detectCrs(bng)).toBe('EPSG:27700');
    const back = toWgs84(bng);
    expect(back.features[0]?.properties).toEqual(fc.features[0]?.properties);
    const first = (g: unknown) =>
      JSON.stringify(g)
        .match(/-?\d+\.\d+,-?\d+\.\d+/)![0]
        .split(',')
        .map(Number);
    const a = first(fc.features[0]?.geometry);
    const b = first(back.features[0]?.geometry);
    expect(b[0]).toBeCloseTo(a[0]!, 7); // ~1 mm: proj4 inverts the datum shift iteratively
    expect(b[1]).toBeCloseTo(a[1]!, 7);
  });
});
