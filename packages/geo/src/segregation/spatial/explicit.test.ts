import { describe, expect, it } from 'vitest';
import { CohesionError } from '../../errors.js';
import { lonLatToBng, toWgs84 } from '../../geography/project.js';
import { queenWeights } from '../../weights/contiguity.js';
import { dissimilarity, dissimilarityValue } from '../single/dissimilarity.js';
import { entropy } from '../single/entropy.js';
import { gini } from '../single/gini.js';
import { type SpatialAreas, spatialAreas } from './areas.js';
import { sharedBoundaryWeights } from './boundary.js';
import {
  absoluteCentralization,
  absoluteConcentration,
  boundarySpatialDissimilarity,
  deltaIndex,
  distanceDecayIndices,
  perimeterAreaRatioDissimilarity,
  relativeCentralization,
  relativeConcentration,
  spatialDissimilarity,
  spatialProximityProfile,
} from './explicit.js';
import { spatialAreas as spatialAreasProjected } from './projected.js';
import { gridCounts, squareGrid } from './testgrid.js';

const grid = squareGrid(4, 4);
const areas = spatialAreas(grid, { idProperty: 'id' });
const queen = queenWeights(grid, { idProperty: 'id' });
const cheq = gridCounts(4, 4, 'chequerboard');
const halves = gridCounts(4, 4, 'halves');

/** Hand-made areas on a line (x = 0, 1000, 2000, … m) with given land areas. */
function lineAreas(areasM2: number[]): SpatialAreas {
  const n = areasM2.length;
  return {
    ids: areasM2.map((_, i) => `a${i}`),
    n,
    xs: Float64Array.from({ length: n }, (_, i) => 400000 + 1000 * i),
    ys: new Float64Array(n).fill(300000),
    areas: Float64Array.from(areasM2),
    perimeters: new Float64Array(n),
    geometries: [],
    sourceCrs: 'EPSG:27700',
  };
}

describe('chequerboard vs two solid halves (4 × 4 grid of 100 m cells)', () => {
  it('aspatial indices cannot tell them apart', () => {
    for (const f of [dissimilarity, gini, entropy]) {
      expect(f(cheq.group, cheq.total).value).toBeCloseTo(1, 12);
      expect(f(halves.group, halves.total).value).toBeCloseTo(1, 12);
    }
  });

  it("Morrill's D(adj) on queen contiguity: 1 − 48/84 vs 1 − 20/84 (worked by hand)", () => {
    // 84 directed queen links: 48 rook links (all mixed on the chequerboard) and 36 diagonal
    // links (all the same colour). Halves: 8 rook + 12 diagonal directed links cross the middle.
    expect(spatialDissimilarity(queen, cheq.group, cheq.total).value).toBeCloseTo(1 - 48 / 84, 14);
    expect(spatialDissimilarity(queen, halves.group, halves.total).value).toBeCloseTo(1 - 20 / 84, 14);
  });

  it('shared boundary lengths: rook neighbours share 100 m, diagonal ones nothing', () => {
    const b = sharedBoundaryWeights(areas);
    expect(b.neighbors.length).toBe(48);
    for (const v of b.weights) expect(v).toBeCloseTo(100, 9);
    // cell r1c1 (index 5) borders r0c1, r1c0, r1c2, r2c1
    expect([...b.neighbors.subarray(b.offsets[5], b.offsets[6])]).toEqual([1, 4, 6, 9]);
  });

  it('shared boundary lengths where edges do not line up: one long edge against shorter ones', () => {
    // A: 200 × 100 m with one 200 m top edge. B and C sit on it (100 m each, their bottom edges
    // lie inside A's); D sits on B and C offset by 50 m, so its bottom edge overlaps each half-way.
    const rect = (id: string, x0: number, y0: number, x1: number, y1: number) => ({
      type: 'Feature' as const,
      properties: { id },
      geometry: {
        type: 'Polygon' as const,
        coordinates: [
          [
            [400000 + x0, 300000 + y0],
            [400000 + x1, 300000 + y0],
            [400000 + x1, 300000 + y1],
            [400000 + x0, 300000 + y1],
            [400000 + x0, 300000 + y0],
          ],
        ],
      },
    });
    const fc = {
      type: 'FeatureCollection' as const,
      features: [
        rect('A', 0, 0, 200, 100),
        rect('B', 0, 100, 100, 200),
        rect('C', 100, 100, 200, 200),
        rect('D', 50, 200, 150, 300),
      ],
    };
    const w = sharedBoundaryWeights(spatialAreas(fc, { idProperty: 'id', crs: 'EPSG:27700' }));
    const link = (i: number, j: number) => {
      for (let q = w.offsets[i]!; q < w.offsets[i + 1]!; q++) if (w.neighbors[q] === j) return w.weights[q]!;
      return 0;
    };
    const expected = [
      [0, 100, 100, 0],
      [100, 0, 100, 50],
      [100, 100, 0, 50],
      [0, 50, 50, 0],
    ];
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++) expect(link(i, j), `${i}–${j}`).toBeCloseTo(expected[i]![j]!, 9);
  });

  it("Wong's D(w): 0 for the chequerboard, 1 − (7/3)/16 for the halves", () => {
    // Row-standardised: each chequerboard row sums |Δp| = 1 over 16 rows; halves: cells next to the
    // divide have 1 mixed neighbour of 3 (corners) or 4: 2 × (1/3 + 1/4 + 1/4 + 1/3) = 7/3.
    expect(boundarySpatialDissimilarity(areas, cheq.group, cheq.total).value).toBeCloseTo(0, 14);
    expect(boundarySpatialDissimilarity(areas, halves.group, halves.total).value).toBeCloseTo(
      1 - 7 / 3 / 16,
      14,
    );
  });

  it("Wong's D(s): 0 vs 1 − 8/48 (equal squares: (PAᵢ + PAⱼ) / (2 max PA) = 1)", () => {
    expect(perimeterAreaRatioDissimilarity(areas, cheq.group, cheq.total).value).toBeCloseTo(0, 14);
    expect(perimeterAreaRatioDissimilarity(areas, halves.group, halves.total).value).toBeCloseTo(
      1 - 8 / 48,
      14,
    );
  });

  it('spatial proximity and clustering: higher for the halves', () => {
    const c = distanceDecayIndices(areas, cheq.group, cheq.total, { scale: 100 });
    const h = distanceDecayIndices(areas, halves.group, halves.total, { scale: 100 });
    expect(h.spatialProximity).toBeGreaterThan(c.spatialProximity);
    expect(h.relativeClustering).toBeGreaterThanOrEqual(0);
    expect(h.absoluteClustering).toBeGreaterThan(c.absoluteClustering);
    expect(h.distanceDecayIsolation).toBeGreaterThan(c.distanceDecayIsolation);
    expect(c.distanceDecayIsolation + c.distanceDecayInteraction).toBeCloseTo(1, 14);
  });

  it('the kdbush cut-off path (36 scale units < the grid diagonal) equals the all-pairs definition', () => {
    // scale 10 m: pairs beyond 360 m are skipped; c there is below e^−36. Brute force Pxx with every pair.
    const r = distanceDecayIndices(areas, halves.group, halves.total, { scale: 10 });
    let xx = 0;
    for (let i = 0; i < 16; i++) {
      for (let j = 0; j < 16; j++) {
        const d =
          i === j
            ? Math.sqrt((0.6 * areas.areas[i]!) / 100)
            : Math.hypot(areas.xs[i]! - areas.xs[j]!, areas.ys[i]! - areas.ys[j]!) / 10;
        xx += halves.group[i]! * halves.group[j]! * Math.exp(-d);
      }
    }
    expect(r.pxx).toBeCloseTo(xx / 800 ** 2, 15);
  });

  it('delta is ½ (8/16 + 8/16) = 0.5 for both (it only sees densities)', () => {
    expect(deltaIndex(areas, cheq.group, cheq.total).value).toBeCloseTo(0.5, 14);
    expect(deltaIndex(areas, halves.group, halves.total).value).toBeCloseTo(0.5, 14);
  });

  it('spatial proximity profile: the halves score higher than the chequerboard', () => {
    const c = spatialProximityProfile(queen, cheq.group, cheq.total).value;
    const h = spatialProximityProfile(queen, halves.group, halves.total).value;
    expect(h).toBeGreaterThan(c);
  });
});

describe('distance-decay indices, two points 1 km apart (worked by hand)', () => {
  // Points (area 0 ⇒ c_ii = 1), c_12 = e^−1 at scale 1 km; x = [10, 0], t = [10, 10].
  const a = lineAreas([0, 0]);
  const r = distanceDecayIndices(a, [10, 0], [10, 10]);
  const e = Math.exp(-1);
  it('SP = 2/(1 + e⁻¹), RCL = 0, DPxx = 1/(1 + e⁻¹), ACL = tanh(½)', () => {
    expect(r.pxx).toBeCloseTo(1, 15);
    expect(r.pyy).toBeCloseTo(1, 15);
    expect(r.ptt).toBeCloseTo((1 + e) / 2, 15);
    expect(r.spatialProximity).toBeCloseTo(2 / (1 + e), 14);
    expect(r.relativeClustering).toBeCloseTo(0, 14);
    expect(r.distanceDecayIsolation).toBeCloseTo(1 / (1 + e), 14);
    expect(r.distanceDecayInteraction).toBeCloseTo(e / (1 + e), 14);
    expect(r.absoluteClustering).toBeCloseTo(Math.tanh(0.5), 14);
  });
  it('self-distance (α aᵢ)^β: a 1 km² area at α = 0.6 gives c_ii = exp(−√0.6)', () => {
    const b = lineAreas([1e6, 1e6]);
    const s = distanceDecayIndices(b, [10, 0], [10, 10]);
    const cii = Math.exp(-Math.sqrt(0.6));
    expect(s.pxx).toBeCloseTo(cii, 15);
    expect(s.distanceDecayIsolation).toBeCloseTo(cii / (cii + e), 14);
  });
});

describe('concentration and centralisation (worked by hand)', () => {
  it('group in the smallest of four areas: RCO = 8/9, ACO = 1', () => {
    // areas 1..4 km², t = 10 each, x = [10, 0, 0, 0]: n₁ = 1 (T₁ = 10), n₂ = 3 (T₂ = 10);
    // Σxa/X = 1 km², Σya/Y = 3, low = 1, high = 4 ⇒ RCO = (1/3 − 1)/(1/4 − 1) = 8/9.
    const a = lineAreas([1e6, 2e6, 3e6, 4e6]);
    expect(relativeConcentration(a, [10, 0, 0, 0], [10, 10, 10, 10]).value).toBeCloseTo(8 / 9, 14);
    expect(absoluteConcentration(a, [10, 0, 0, 0], [10, 10, 10, 10]).value).toBeCloseTo(1, 14);
  });
  it('group in the largest area: RCO = −1 … negative, ACO = 0', () => {
    const a = lineAreas([1e6, 2e6, 3e6, 4e6]);
    // Σxa/X = 4, Σya/Y = 2 ⇒ (2 − 1)/(1/4 − 1) = −4/3; ACO = 1 − (4 − 1)/(4 − 1) = 0.
    expect(relativeConcentration(a, [0, 0, 0, 10], [10, 10, 10, 10]).value).toBeCloseTo(-4 / 3, 14);
    expect(absoluteConcentration(a, [0, 0, 0, 10], [10, 10, 10, 10]).value).toBeCloseTo(0, 14);
  });
  it('group all at the centre: RCE = 1 and ACE = 2/3 over three equal areas', () => {
    const a = lineAreas([1e6, 1e6, 1e6]);
    const centre = { x: 400000, y: 300000 };
    const r = relativeCentralization(a, [10, 0, 0], [10, 10, 10], { centre });
    expect(r.value).toBeCloseTo(1, 14);
    expect(r.centre).toEqual([400000, 300000]);
    expect(absoluteCentralization(a, [10, 0, 0], [10, 10, 10], { centre }).value).toBeCloseTo(2 / 3, 14);
    // Group at the edge: RCE = −1.
    expect(relativeCentralization(a, [0, 0, 10], [10, 10, 10], { centre }).value).toBeCloseTo(-1, 14);
  });
  it('default centre is population weighted; a town hall can be given in lon/lat', () => {
    const a = lineAreas([1e6, 1e6, 1e6]);
    const r = relativeCentralization(a, [10, 0, 0], [10, 10, 40]);
    expect(r.centre[0]).toBeCloseTo((400000 * 10 + 401000 * 10 + 402000 * 40) / 60, 6);
    const townHall = { lon: -2.35, lat: 53.45 };
    // Areas prepared without a projection (BNG input through the subpath) cannot place a lon/lat centre.
    expect(() => relativeCentralization(a, [10, 0, 0], [10, 10, 10], { centre: townHall })).toThrow(
      /the areas are unprojected/,
    );
    const th = relativeCentralization({ ...a, project: lonLatToBng }, [10, 0, 0], [10, 10, 10], {
      centre: townHall,
    });
    expect(th.centre).toEqual(lonLatToBng(townHall.lon, townHall.lat));
    expect(th.centre[0]).toBeGreaterThan(370000);
    expect(th.centre[0]).toBeLessThan(380000);
  });
});

describe('bad input', () => {
  it('names the row when a group exceeds its total', () => {
    const t = new Float64Array(16).fill(100);
    const g = new Float64Array(16);
    g[3] = 101;
    try {
      spatialDissimilarity(queen, g, t);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CohesionError);
      expect((e as CohesionError).code).toBe('GROUP_EXCEEDS_TOTAL');
      expect((e as CohesionError).detail.id).toBe('r0c3');
    }
  });
  it('rejects counts that do not match the areas', () => {
    expect(() => deltaIndex(areas, [1, 2], [3, 4])).toThrow(/2 values for 16 areas/);
  });
  it('rejects area-based indices on points', () => {
    expect(() => deltaIndex(lineAreas([0, 1e6]), [1, 0], [2, 2])).toThrow(CohesionError);
  });
  it('rejects unknown coordinates instead of treating them as degrees or metres', () => {
    const bad = squareGrid(2, 2, 1, 0, 0);
    expect(() => spatialAreas(bad, { idProperty: 'id' })).toThrow(CohesionError);
    expect(spatialAreas(bad, { idProperty: 'id', crs: 'EPSG:27700' }).areas[0]).toBe(1);
  });
});

describe('zero-population areas', () => {
  it('links touching an empty area are ignored by D(adj)', () => {
    // Empty the four corner cells of the halves layout: the remaining links still cross the divide.
    const g = Float64Array.from(halves.group);
    const t = Float64Array.from(halves.total);
    for (const i of [0, 3, 12, 15]) {
      g[i] = 0;
      t[i] = 0;
    }
    const r = spatialDissimilarity(queen, g, t);
    expect(r.droppedAreas).toEqual([0, 3, 12, 15]);
    // Count the links among the 12 populated cells and the mixed ones directly.
    let links = 0;
    let mixed = 0;
    for (let i = 0; i < 16; i++) {
      if (t[i] === 0) continue;
      for (let q = queen.offsets[i]!; q < queen.offsets[i + 1]!; q++) {
        const j = queen.neighbors[q]!;
        if (t[j] === 0) continue;
        links++;
        if (g[i]! / t[i]! !== g[j]! / t[j]!) mixed++;
      }
    }
    expect(r.value).toBeCloseTo(1 - mixed / links, 14);
    expect(Number.isFinite(r.value)).toBe(true);
  });
});

describe('islands and unprojected coordinates', () => {
  it('an island adds its people to D but no links to the spatial terms', () => {
    // The halves grid plus a detached cell 2 km away (group 50 of 100).
    const withIsland = squareGrid(4, 4);
    const far = squareGrid(1, 1, 100, 382000, 395000).features[0]!;
    far.properties = { id: 'island' };
    withIsland.features.push(far);
    const a = spatialAreas(withIsland, { idProperty: 'id' });
    const w = queenWeights(withIsland, { idProperty: 'id' });
    expect(w.offsets[17]! - w.offsets[16]!).toBe(0);
    const g = Float64Array.from([...halves.group, 50]);
    const t = Float64Array.from([...halves.total, 100]);
    const D = dissimilarityValue(g, t);
    expect(D).toBeLessThan(1);
    expect(spatialDissimilarity(w, g, t).value).toBeCloseTo(D - 20 / 84, 14);
    expect(boundarySpatialDissimilarity(a, g, t).value).toBeCloseTo(D - 7 / 3 / 16, 12);
    const spp = spatialProximityProfile(w, g, t);
    expect(Number.isFinite(spp.value)).toBe(true);
    for (const v of spp.curve) expect(Number.isFinite(v)).toBe(true);
  });

  it('the subpath does not project lon/lat by itself: WRONG_CRS naming the ways to project', () => {
    const ll = toWgs84(grid);
    expect(() => spatialAreas(ll, { idProperty: 'id' })).toThrow(/pass \{ project: lonLatToBng \}/);
    try {
      spatialAreas(ll, { idProperty: 'id' });
    } catch (e) {
      expect((e as CohesionError).code).toBe('WRONG_CRS');
    }
    // BNG input needs no projection and records none.
    expect(areas.project).toBeUndefined();
  });

  it('lon/lat input is projected to BNG: same areas, distances and indices as the BNG grid', () => {
    const ll = toWgs84(grid);
    // The package root's spatialAreas projects by itself; the subpath's with `project`.
    const a = spatialAreasProjected(ll, { idProperty: 'id' });
    expect(spatialAreas(ll, { idProperty: 'id', project: lonLatToBng }).xs).toEqual(a.xs);
    expect(a.sourceCrs).toBe('EPSG:4326');
    expect(a.project).toBe(lonLatToBng);
    for (let i = 0; i < 16; i++) {
      // proj4 round trip BNG → WGS84 → BNG: about a millimetre.
      expect(Math.abs(a.xs[i]! - areas.xs[i]!)).toBeLessThan(0.01);
      expect(a.areas[i]).toBeCloseTo(10000, 0);
    }
    expect(boundarySpatialDissimilarity(a, halves.group, halves.total).value).toBeCloseTo(1 - 7 / 3 / 16, 9);
    const d1 = distanceDecayIndices(a, halves.group, halves.total, { scale: 100 }).spatialProximity;
    const d0 = distanceDecayIndices(areas, halves.group, halves.total, { scale: 100 }).spatialProximity;
    expect(d1).toBeCloseTo(d0, 4);
  });
});
