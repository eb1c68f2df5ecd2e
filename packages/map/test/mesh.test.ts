// The areas' WebGL mesh (mesh.ts): the triangles cover exactly the polygons (holes excluded), the
// outlines are every ring edge, and picking agrees with a plain point-in-polygon test.
import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { wideLineGeometry } from '../src/gllines.js';
import { meshMatrix, rgbBytes } from '../src/glutil.js';
import { buildAreaMesh, mercatorX, mercatorY, meshBuilder, pickArea } from '../src/mesh.js';
import { insidePoint, REPO_DATA } from './harness.js';

const trafford = JSON.parse(
  readFileSync(`${REPO_DATA}trafford/lsoa21_boundaries_generalised.geojson`, 'utf8'),
) as FeatureCollection;

/** Shoelace area of a ring in mercator units. */
function ringArea(ring: Position[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = [mercatorX(ring[i]![0]!), mercatorY(ring[i]![1]!)];
    const [xj, yj] = [mercatorX(ring[j]![0]!), mercatorY(ring[j]![1]!)];
    a += xj * yi - xi * yj;
  }
  return Math.abs(a) / 2;
}

/** Area of a polygon set: outer rings minus holes. */
function polygonArea(g: Polygon | MultiPolygon): number {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let a = 0;
  for (const p of polys) {
    p.forEach((ring, k) => {
      a += k === 0 ? ringArea(ring) : -ringArea(ring);
    });
  }
  return a;
}

/** Area covered by the mesh's triangles of each area. */
function meshAreas(fc: FeatureCollection): Float64Array {
  const m = buildAreaMesh(fc);
  const out = new Float64Array(m.count);
  const p = m.positions;
  for (let t = 0; t < m.triangles.length; t += 3) {
    const [a, b, c] = [m.triangles[t]!, m.triangles[t + 1]!, m.triangles[t + 2]!];
    const area =
      Math.abs(
        (p[2 * b]! - p[2 * a]!) * (p[2 * c + 1]! - p[2 * a + 1]!) -
          (p[2 * c]! - p[2 * a]!) * (p[2 * b + 1]! - p[2 * a + 1]!),
      ) / 2;
    out[m.vertexArea[a]!]! += area;
  }
  return out;
}

const square = (x0: number, y0: number, s: number): Position[] => [
  [x0, y0],
  [x0 + s, y0],
  [x0 + s, y0 + s],
  [x0, y0 + s],
  [x0, y0],
];
const feature = (geometry: Polygon | MultiPolygon | null): Feature => ({
  type: 'Feature',
  geometry: geometry!,
  properties: {},
});

describe('buildAreaMesh', () => {
  it('hand case: a square with a square hole, a two-part area, an area without geometry', () => {
    const fc: FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        feature({ type: 'Polygon', coordinates: [square(-2.4, 53.4, 0.1), square(-2.37, 53.43, 0.04)] }),
        feature({
          type: 'MultiPolygon',
          coordinates: [[square(-2.2, 53.4, 0.02)], [square(-2.1, 53.4, 0.02)]],
        }),
        feature(null),
      ],
    };
    const m = buildAreaMesh(fc);
    expect(m.count).toBe(3);
    // 5 positions per ring, 4 rings; 4 edges per ring; a square with a hole is 8 triangles, a square 2.
    expect(m.positions.length / 2).toBe(20);
    expect(m.edges.length / 2).toBe(16);
    expect(m.triangles.length / 3).toBe(8 + 2 + 2);
    const areas = meshAreas(fc);
    expect(areas[0]).toBeCloseTo(polygonArea(fc.features[0]!.geometry as Polygon), 12);
    expect(areas[1]).toBeCloseTo(polygonArea(fc.features[1]!.geometry as MultiPolygon), 12);
    expect(areas[2]).toBe(0);
    // The hole is not part of the area; both parts of the multipolygon are; nothing picks the empty one.
    expect(pickArea(m, -2.35, 53.415)).toBe(0);
    expect(pickArea(m, -2.35, 53.45)).toBe(-1);
    expect(pickArea(m, -2.19, 53.41)).toBe(1);
    expect(pickArea(m, -2.09, 53.41)).toBe(1);
    expect(pickArea(m, -2.15, 53.41)).toBe(-1);
    // Vertices are stored relative to the north-west corner, so they stay small in float32.
    expect(m.origin[0]).toBeCloseTo(mercatorX(-2.4), 15);
    expect(m.origin[1]).toBeCloseTo(mercatorY(53.5), 15);
    for (const v of m.positions) expect(v).toBeGreaterThanOrEqual(0);
  });

  it("Trafford's 139 LSOAs: triangles cover each area exactly and a point inside each picks it", () => {
    const areas = meshAreas(trafford);
    const m = buildAreaMesh(trafford);
    trafford.features.forEach((f, i) => {
      const g = f.geometry as MultiPolygon;
      expect(Math.abs(areas[i]! - polygonArea(g)) / polygonArea(g)).toBeLessThan(1e-5);
      const [lon, lat] = insidePoint(g.coordinates[0]![0]!);
      expect(pickArea(m, lon, lat)).toBe(i);
    });
    // Every ring edge is an outline segment.
    let edges = 0;
    for (const f of trafford.features)
      for (const p of (f.geometry as MultiPolygon).coordinates) for (const r of p) edges += r.length - 1;
    expect(m.edges.length / 2).toBe(edges);
  });

  it('built in slices gives the same mesh as built at once', () => {
    const whole = buildAreaMesh(trafford);
    const b = meshBuilder(trafford);
    let steps = 0;
    // A deadline already passed: each step does the minimum (16 areas) and stops.
    while (!b.step(0)) steps++;
    expect(steps).toBeGreaterThan(1);
    const sliced = b.finish();
    expect(sliced.triangles).toEqual(whole.triangles);
    expect(sliced.positions).toEqual(whole.positions);
    expect(sliced.edges).toEqual(whole.edges);
  });

  it('parses colours for the colour buffers', () => {
    expect(rgbBytes('#1d70b8')).toEqual([0x1d, 0x70, 0xb8]);
    expect(rgbBytes('#fff')).toEqual([255, 255, 255]);
    expect(rgbBytes('red')).toEqual([128, 128, 128]);
  });

  it('wide outlines: four corners per ring edge, both ends relative to the origin, distance along the ring', () => {
    const fc: FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        feature({ type: 'Polygon', coordinates: [square(-2.4, 53.4, 0.1), square(-2.37, 53.43, 0.04)] }),
        feature({ type: 'Polygon', coordinates: [square(-2.2, 53.4, 0.02)] }),
      ],
    };
    const m = buildAreaMesh(fc);
    const g = wideLineGeometry(m, [0, -1, 7]);
    // Area 0 only (−1 and 7 are not areas): 2 rings × 4 edges, 4 vertices × 7 floats and 6 indices each.
    expect(g.vertices.length).toBe(8 * 4 * 7);
    expect(g.indices.length).toBe(8 * 6);
    const [ox, oy] = m.origin;
    // First edge of the outer ring: (−2.4, 53.4) → (−2.3, 53.4), corners (0,−1) (0,1) (1,−1) (1,1).
    const first = Array.from(g.vertices.subarray(0, 28));
    const ax = mercatorX(-2.4) - ox;
    const ay = mercatorY(53.4) - oy;
    const bx = mercatorX(-2.3) - ox;
    expect(first[0]).toBeCloseTo(ax, 9);
    expect(first[1]).toBeCloseTo(ay, 9);
    expect(first[2]).toBeCloseTo(bx, 9);
    expect(first.filter((_, k) => k % 7 === 4)).toEqual([0, 0, 1, 1]);
    expect(first.filter((_, k) => k % 7 === 5)).toEqual([-1, 1, -1, 1]);
    // The second edge starts where the first ends along the ring.
    expect(g.vertices[28 + 6]).toBeCloseTo(bx - ax, 9);
    // Each quad is two triangles over its own four vertices.
    expect(Array.from(g.indices.subarray(6, 12))).toEqual([4, 5, 6, 5, 7, 6]);
    expect(wideLineGeometry(m, []).indices.length).toBe(0);
  });

  it('meshMatrix: the world matrix applied to origin + v equals the composed matrix applied to v', () => {
    const world = [2, 0.5, 0, 0, -0.25, 3, 0, 0, 0, 0, 1, 0, -7, 11, 0, 1];
    const origin: [number, number] = [0.4932, 0.3267];
    const out = meshMatrix(world, origin, new Float32Array(16));
    const apply = (mat: ArrayLike<number>, x: number, y: number) =>
      [0, 1, 3].map((r) => mat[r]! * x + mat[4 + r]! * y + mat[12 + r]!);
    const [vx, vy] = [0.0012, -0.0007];
    const direct = apply(world, origin[0] + vx, origin[1] + vy);
    const composed = apply(out, vx, vy);
    composed.forEach((c, k) => {
      expect(c).toBeCloseTo(direct[k]!, 5);
    });
  });
});
