// Hand-built BNG fixtures shared by the access tests (not a test file itself).
import type { Feature, FeatureCollection, Position } from 'geojson';

export const BNG = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } };

export function fc(features: Feature[]): FeatureCollection {
  return { type: 'FeatureCollection', crs: BNG, features } as FeatureCollection;
}

/** Axis-aligned rectangle ring (closed, anticlockwise). */
export function rect(x0: number, y0: number, x1: number, y1: number): Position[] {
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ];
}

export function polygon(rings: Position[][], properties: Record<string, unknown> = {}): Feature {
  return { type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: rings } };
}

export function point(x: number, y: number, properties: Record<string, unknown> = {}): Feature {
  return { type: 'Feature', properties, geometry: { type: 'Point', coordinates: [x, y] } };
}

/**
 * Site A: 100 m square at (400000, 300000) → 1 ha.
 * Site B: 200 × 500 m at (401000, 300000) with a 100 × 100 m hole → 10 − 1 = 9 ha.
 */
export function twoSites(): FeatureCollection {
  return fc([
    polygon([rect(400000, 300000, 400100, 300100)], { id: 'A', site_type: 'Play Space' }),
    polygon([rect(401000, 300000, 401200, 300500), rect(401050, 300200, 401150, 300300)], {
      id: 'B',
      site_type: 'Public Park Or Garden',
    }),
  ]);
}
