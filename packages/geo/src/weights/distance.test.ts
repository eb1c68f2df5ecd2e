import { describe, expect, it } from 'vitest';
import { pointInPolygon } from '../geography/geometry.js';
import { toBng } from '../geography/project.js';
import { weightsSymmetry, weightsToNeighbourList } from './csr.js';
import { distanceBandWeights, kernelValue, kernelWeights, knnWeights, pointsFromAreas } from './distance.js';
import { repoAreas, repoJson } from './testdata.js';

const columbus = repoAreas('data/reference/columbus/columbus.geojson');
const colExp = repoJson('data/reference/columbus/expected.json');

describe('KNN weights', () => {
  const pts = pointsFromAreas(columbus, { idProperty: 'POLYID', coordinates: 'planar' });
  const expected = Object.fromEntries(
    colExp.ids.map((id: number, i: number) => [
      String(id),
      colExp.knn4.neighbours_by_distance[i].map(String),
    ]),
  );
  it('polygon centroids: shoelace formula by hand, and within 1e-4 of the stored sf centroids', () => {
    // Feature 1 by hand (Python, same shoelace sum): (8.827218469203899, 14.36907601891205).
    expect(pts.xs[0]).toBeCloseTo(8.827218469203899, 12);
    expect(pts.ys[0]).toBeCloseTo(14.36907601891205, 12);
    colExp.knn4.centroid_x.forEach((x: number, i: number) => {
      expect(Math.abs((pts.xs[i] as number) - x)).toBeLessThan(1e-3);
    });
    colExp.knn4.centroid_y.forEach((y: number, i: number) => {
      expect(Math.abs((pts.ys[i] as number) - y)).toBeLessThan(1e-3);
    });
  });
  it('k = 4 on the stored centroids reproduces spdep knearneigh nearest-first', () => {
    const w = knnWeights({ ids: pts.ids, xs: colExp.knn4.centroid_x, ys: colExp.knn4.centroid_y }, 4);
    expect(weightsToNeighbourList(w)).toEqual(expected);
    expect(weightsSymmetry(w).neighborsSymmetric).toBe(false);
  });
  it('k = 4 on our own centroids gives the same lists', () => {
    expect(weightsToNeighbourList(knnWeights(pts, 4))).toEqual(expected);
  });
  it('rejects k outside 1..n-1', () => {
    expect(() => knnWeights(pts, 49)).toThrow(/k must be an integer in 1..48/);
  });
});

describe('points in metres from lon/lat areas', () => {
  it('points on surface of the Trafford LSOAs lie inside their (BNG-projected) polygons', () => {
    const trafford = repoAreas('data/reference/trafford_lsoa21/lsoa21_boundaries_generalised.geojson');
    const pts = pointsFromAreas(trafford, { idProperty: 'area_code', method: 'pointOnSurface' });
    const bng = toBng(trafford);
    bng.features.forEach((f, i) => {
      expect(pointInPolygon(pts.xs[i] as number, pts.ys[i] as number, f.geometry)).toBe(true);
    });
    // BNG metres: Trafford lies around easting 375–385 km, northing 385–400 km.
    expect(pts.xs[0]).toBeGreaterThan(370_000);
    expect(pts.ys[0]).toBeLessThan(400_000);
  });
});

describe('distance band and kernel weights', () => {
  // esda test_getisord.py points, dnearneigh(pts, 0, 15).
  const getis = repoJson('data/reference/esda_published/expected.json').getisord_points;
  const xs = [10, 20, 40, 15, 30, 30];
  const ys = [10, 10, 10, 20, 20, 30];
  const p = { ids: ['1', '2', '3', '4', '5', '6'], xs, ys };
  it('band ≤ 15 reproduces dnearneigh', () => {
    const w = distanceBandWeights(p, { threshold: 15 });
    expect(Object.values(weightsToNeighbourList(w))).toEqual(
      getis.neighbours_distance_le_15.map((r: number[]) => r.map(String)),
    );
  });
  it('inverse distance weights are d^-power', () => {
    const w = distanceBandWeights(p, { threshold: 15, kind: 'inverse', power: 2 });
    // 1→2 at distance 10, 1→4 at sqrt(125).
    expect(w.weights[0]).toBeCloseTo(1 / 100, 16);
    expect(w.weights[1]).toBeCloseTo(1 / 125, 16);
  });
  it('kernel functions match their definitions', () => {
    expect(kernelValue('triangular', 0.25)).toBe(0.75);
    expect(kernelValue('uniform', 0.9)).toBe(0.5);
    expect(kernelValue('quadratic', 0.5)).toBe(0.75 * 0.75);
    expect(kernelValue('quartic', 0.5)).toBe((15 / 16) * 0.75 ** 2);
    expect(kernelValue('gaussian', 1)).toBeCloseTo(0.24197072451914337, 15);
  });
  it('fixed kernel with bandwidth 15: diagonal K(0) and K(d/h) off-diagonal', () => {
    const w = kernelWeights(p, { kernel: 'triangular', bandwidth: 15 });
    expect(Array.from(w.neighbors.subarray(0, 3))).toEqual([0, 1, 3]);
    expect(w.weights[0]).toBe(1);
    expect(w.weights[1]).toBeCloseTo(1 - 10 / 15, 15);
    expect(w.weights[2]).toBeCloseTo(1 - Math.sqrt(125) / 15, 15);
  });
  it('adaptive kernel uses each point’s k-th neighbour distance', () => {
    const w = kernelWeights(p, { kernel: 'uniform', adaptive: true, k: 1, includeSelf: false });
    // Point 3 (40,10): nearest is 5 (30,20) at sqrt(200).
    const list = weightsToNeighbourList(w);
    expect(list['3']).toEqual(['5']);
    expect(list['1']).toEqual(['2']);
  });
});
