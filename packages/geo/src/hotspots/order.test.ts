// Issue 15, row order: a table in another order than the weights used to be read by position (the
// first LSOA got another's population with no error). With the rows' codes (`ids`) every hotspot
// statistic now either refuses (ORDER_MISMATCH naming the row) or, with `reorder: true`, matches by
// code and gives exactly the numbers of the table in weights order.

import type { Feature, FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import { CohesionError } from '../errors.js';
import { transformWeights, weightsFromLists } from '../weights/csr.js';
import { gearyGlobal, getisOrdGlobal, joinCounts, moranGlobal } from './global.js';
import { incidentHotspots, incidentHotspotsToGeoJSON } from './incidents.js';
import { localGeary, localGetisOrd, localHotspots, localMoran } from './local.js';

// A 4×4 grid of LSOAs (rook neighbours), row-standardised.
const N = 16;
const IDS = Array.from({ length: N }, (_, i) => `E0100${1000 + i}`);
const lists = IDS.map((_, i) => {
  const r = Math.floor(i / 4);
  const c = i % 4;
  const out: number[] = [];
  if (r > 0) out.push(i - 4);
  if (r < 3) out.push(i + 4);
  if (c > 0) out.push(i - 1);
  if (c < 3) out.push(i + 1);
  return out;
});
const W = transformWeights(weightsFromLists(IDS, lists), 'R');
// Populations in weights order: the first LSOA has 1,643 people.
const POP = [1643, 1893, 1711, 1502, 1580, 1966, 2104, 1688, 1455, 1790, 2250, 1612, 1399, 1840, 1933, 1720];
const BINARY = POP.map((p) => (p > 1700 ? 1 : 0));
// The same table as a council might send it: sorted by population, so in another order.
const ORDER = [...POP.keys()].sort((a, b) => POP[a]! - POP[b]!);
const shuffled = (x: readonly number[]) => ORDER.map((i) => x[i]!);
const SHUFFLED_IDS = ORDER.map((i) => IDS[i]!);

const opts = { permutations: 49, seed: 7 };
const STATS: [string, (x: readonly number[], o: object) => unknown][] = [
  ['localMoran', (x, o) => localMoran(W, x, { ...opts, ...o })],
  ['localGetisOrd', (x, o) => localGetisOrd(W, x, { ...opts, star: true, ...o })],
  ['localGeary', (x, o) => localGeary(W, x, { ...opts, ...o })],
  ['localHotspots', (x, o) => localHotspots(W, x, { ...opts, ...o })],
  ['moranGlobal', (x, o) => moranGlobal(W, x, { ...opts, ...o })],
  ['gearyGlobal', (x, o) => gearyGlobal(W, x, { ...opts, ...o })],
  ['getisOrdGlobal', (x, o) => getisOrdGlobal(W, x, { ...opts, ...o })],
];

function errorOf(f: () => unknown): CohesionError {
  try {
    f();
  } catch (e) {
    if (e instanceof CohesionError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('hotspot statistics and row order', () => {
  it.each(STATS)('%s: a table in another order with its codes is ORDER_MISMATCH, not a number', (_n, run) => {
    const e = errorOf(() => run(shuffled(POP), { ids: SHUFFLED_IDS }));
    expect(e.code).toBe('ORDER_MISMATCH');
    // The first differing row is named with both codes.
    expect(e.detail.row).toBe(0);
    expect(e.detail.id).toBe(SHUFFLED_IDS[0]);
    expect(e.detail.expected).toBe(IDS[0]);
  });
  it.each(STATS)('%s: reorder: true matches rows by code and gives the in-order numbers', (_n, run) => {
    expect(run(shuffled(POP), { ids: SHUFFLED_IDS, reorder: true })).toEqual(run(POP, {}));
  });
  it.each(STATS)('%s: codes in weights order pass', (_n, run) => {
    expect(run(POP, { ids: IDS })).toEqual(run(POP, {}));
  });
  it('joinCounts: the same for a 0/1 variable', () => {
    expect(errorOf(() => joinCounts(W, shuffled(BINARY), { ...opts, ids: SHUFFLED_IDS })).code).toBe(
      'ORDER_MISMATCH',
    );
    expect(joinCounts(W, shuffled(BINARY), { ...opts, ids: SHUFFLED_IDS, reorder: true })).toEqual(
      joinCounts(W, BINARY, opts),
    );
  });
  it('a code missing from the table is UNMATCHED_CODE, a repeated one DUPLICATE_CODE', () => {
    const missing = [...SHUFFLED_IDS];
    missing[3] = 'E01099999';
    expect(errorOf(() => localMoran(W, shuffled(POP), { ids: missing, reorder: true })).code).toBe(
      'UNMATCHED_CODE',
    );
    const twice = [...IDS];
    twice[5] = IDS[4]!;
    expect(errorOf(() => localMoran(W, POP, { ids: twice })).code).toBe('DUPLICATE_CODE');
  });
});

describe('incidentHotspots and row order', () => {
  // The grid as polygons (100 m squares, BNG), features in weights order.
  const square = (i: number): Feature => {
    const x = 380000 + (i % 4) * 100;
    const y = 394000 + Math.floor(i / 4) * 100;
    return {
      type: 'Feature',
      properties: { code: IDS[i] },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [x, y],
            [x + 100, y],
            [x + 100, y + 100],
            [x, y + 100],
            [x, y],
          ],
        ],
      },
    };
  };
  const areas: FeatureCollection = {
    type: 'FeatureCollection',
    crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } },
    features: IDS.map((_, i) => square(i)),
  } as FeatureCollection;
  // Incidents: area i gets i % 5 + (i < 4 ? 6 : 0) incidents at its middle.
  const xs: number[] = [];
  const ys: number[] = [];
  IDS.forEach((_, i) => {
    for (let k = 0; k < (i % 5) + (i < 4 ? 6 : 0); k++) {
      xs.push(380050 + (i % 4) * 100);
      ys.push(394050 + Math.floor(i / 4) * 100);
    }
  });
  const base = {
    idProperty: 'code',
    xs: Float64Array.from(xs),
    ys: Float64Array.from(ys),
    permutations: 49,
    seed: 3,
  };
  it('population keyed by code in another order gives the in-order result', () => {
    const inOrder = incidentHotspots(areas, { ...base, population: POP });
    const keyed = incidentHotspots(areas, {
      ...base,
      population: { ids: SHUFFLED_IDS, values: shuffled(POP) },
    });
    expect(keyed).toEqual(inOrder);
    expect(inOrder.rates?.smoothed).toHaveLength(N);
  });
  it('keyed population with a code that is not an area is UNMATCHED_CODE', () => {
    const ids = [...SHUFFLED_IDS];
    ids[0] = 'E01099999';
    expect(
      errorOf(() => incidentHotspots(areas, { ...base, population: { ids, values: shuffled(POP) } })).code,
    ).toBe('UNMATCHED_CODE');
  });
  it('weights listing the areas in another order than the features: counts follow the codes', () => {
    const inOrder = incidentHotspots(areas, { ...base, weights: W });
    const reversed = { ...areas, features: [...areas.features].reverse() };
    const r = incidentHotspots(reversed, { ...base, weights: W });
    expect(r.ids).toEqual(IDS);
    expect(Array.from(r.counts)).toEqual(Array.from(inOrder.counts));
    expect(Array.from(r.gi.z)).toEqual(Array.from(inOrder.gi.z));
    // The GeoJSON output puts each area's results on its own feature, not on the feature at its row.
    const out = incidentHotspotsToGeoJSON(reversed, r);
    const back = incidentHotspotsToGeoJSON(areas, inOrder);
    expect(out.features.map((f) => f.properties)).toEqual(
      [...back.features].reverse().map((f) => f.properties),
    );
    expect(out.features[0]!.properties!.id).toBe(IDS[N - 1]);
  });
});
