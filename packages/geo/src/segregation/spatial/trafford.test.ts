import { readFileSync } from 'node:fs';
import type { FeatureCollection } from 'geojson';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { queenWeights } from '../../weights/contiguity.js';
import type { KernelFunction } from '../../weights/distance.js';
import { DEFAULT_SINGLE_GROUP_INDICES, MULTIGROUP_INDICES } from '../batch.js';
import { groupTableFromColumns } from '../input.js';
import { multiDissimilarityValue } from '../multigroup/multiDissimilarity.js';
import { informationTheoryValue } from '../multigroup/mutualInformation.js';
import { dissimilarityValue } from '../single/dissimilarity.js';
import { localEnvironment, localEnvironmentSingle } from './environment.js';
import {
  absoluteCentralization,
  absoluteConcentration,
  boundarySpatialDissimilarity,
  deltaIndex,
  perimeterAreaRatioDissimilarity,
  relativeCentralization,
  relativeConcentration,
  spatialDissimilarity,
  spatialProximityProfile,
} from './explicit.js';
import {
  multiGroupProfile,
  SPATIAL_MULTI_GROUP_FORMULAS,
  SPATIAL_SINGLE_GROUP_FORMULAS,
  singleGroupProfile,
  singleGroupProfiles,
  spatialMultiGroupIndex,
} from './profile.js';
import { spatialAreas } from './projected.js';

// Trafford 2021 LSOAs (139, lon/lat) and TS021 ethnicity, from data/reference/trafford_lsoa21/.
const REF = new URL('../../../../../data/reference/trafford_lsoa21/', import.meta.url);
const fc: FeatureCollection = JSON.parse(
  readFileSync(new URL('lsoa21_boundaries_generalised.geojson', REF), 'utf8'),
);
const rows = Papa.parse<Record<string, string>>(
  readFileSync(new URL('ethnicity_2021_lsoa_wide.csv', REF), 'utf8'),
  { header: true, skipEmptyLines: true },
).data;
const byCode = new Map(rows.map((r) => [r.area_code, r]));
const ordered = fc.features.map((f) => byCode.get(String(f.properties?.area_code))!);
const column = (name: string) => Float64Array.from(ordered, (r) => Number(r[name]));
const PAK = 'Asian, Asian British or Asian Welsh: Pakistani';
const pak = column(PAK);
const total = column('total_usual_residents');
const groupNames = Object.keys(rows[0]!).filter(
  (c) => c !== 'area_code' && c !== 'area_name' && c !== 'total_usual_residents',
);
const table = groupTableFromColumns(groupNames.map(column));
const areas = spatialAreas(fc, { idProperty: 'area_code' });
const queen = queenWeights(fc, { idProperty: 'area_code' });

function expectClose(actual: number, expected: number, tol: number) {
  const err = Math.abs(actual - expected) / Math.abs(expected);
  if (!(err <= tol)) throw new Error(`expected ${expected}, got ${actual} (relative error ${err})`);
}

/*
 * Reference figures: the bodies of PySAL `segregation`'s functions (singlegroup/spatial_dissim.py,
 * boundary_spatial_dissim.py incl. `_return_length_weighted_w`, par_dissim.py, delta.py,
 * relative/absolute_concentration.py, relative/absolute_centralization.py,
 * spatial_prox_profile.py, and `_build_local_environment` in _base.py) run under geopandas 0.12,
 * shapely/GEOS, libpysal 4.7 (Queen, Rook, Kernel, fill_diagonal, lag_spatial) and scipy
 * (floyd_warshall), on the same file reprojected with `to_crs(27700)` (centroids agree with ours to
 * < 1 mm). The `segregation` package itself cannot be installed on this machine.
 */
// Kernel weights move with the distances: our BNG centroids differ from pyproj's by < 1 mm, which
// shifts the environment indices by a few parts in 1e9.
const TOL_ENV = 2e-8;

describe('spatially explicit indices: Trafford, Pakistani vs rest (PySAL figures)', () => {
  it('aspatial D is the reference D', () => {
    expectClose(dissimilarityValue(pak, total), 0.46071933163944817, 1e-13);
  });
  it("Morrill's D(adj), queen, binary and row-standardised", () => {
    expectClose(spatialDissimilarity(queen, pak, total).value, 0.43540537744851016, 1e-12);
    expectClose(
      spatialDissimilarity(queen, pak, total, { standardize: true }).value,
      0.4346183921930991,
      1e-12,
    );
  });
  it("Wong's D(w) with shared-boundary lengths (row-standardised and raw) and D(s)", () => {
    expectClose(boundarySpatialDissimilarity(areas, pak, total).value, 0.436472159033508, 1e-9);
    expectClose(
      boundarySpatialDissimilarity(areas, pak, total, { standardize: false }).value,
      0.4365939484347665,
      1e-9,
    );
    expectClose(perimeterAreaRatioDissimilarity(areas, pak, total).value, 0.45095958679315307, 1e-9);
  });
  it('delta, relative and absolute concentration', () => {
    expectClose(deltaIndex(areas, pak, total).value, 0.5588315532346866, 1e-9);
    expectClose(relativeConcentration(areas, pak, total).value, 0.06929514304935248, 1e-9);
    expectClose(absoluteConcentration(areas, pak, total).value, 0.8983853579452927, 1e-9);
  });
  it('relative and absolute centralisation around the population-weighted and the mean centre', () => {
    const r = relativeCentralization(areas, pak, total);
    expect(r.centre[0]).toBeCloseTo(377869.025360975, 1);
    expect(r.centre[1]).toBeCloseTo(391882.1294388535, 1);
    expectClose(r.value, -0.28497312766664606, 1e-9);
    expectClose(absoluteCentralization(areas, pak, total).value, -0.025140850669053805, 1e-7);
    expectClose(
      relativeCentralization(areas, pak, total, { centre: 'mean' }).value,
      -0.291480984239179,
      1e-9,
    );
    expectClose(
      absoluteCentralization(areas, pak, total, { centre: 'mean' }).value,
      -0.03506687899015404,
      1e-7,
    );
  });
  it('spatial proximity profile (queen hop distances, m = 1000)', () => {
    expectClose(spatialProximityProfile(queen, pak, total).value, 0.19531014698617596, 1e-12);
  });
});

describe('spatially implicit D on local environments (PySAL _build_local_environment figures)', () => {
  const ref: Record<string, [number, number]> = {
    // kernel_bandwidth: [D exact, D on environments rounded to whole people as PySAL does]
    triangular_500: [0.47025565962502924, 0.47015589452055845],
    triangular_1000: [0.463080217922116, 0.4631826715680142],
    triangular_2000: [0.41219573663139886, 0.4122028804407961],
    uniform_500: [0.4766437037913135, 0.4766536759806435],
    uniform_1000: [0.44286419731542304, 0.44287856010538906],
    uniform_2000: [0.36731485794285984, 0.3673281088189424],
    quadratic_500: [0.471985904509393, 0.4718542237998906],
    quadratic_1000: [0.46043918949197327, 0.4604254587764304],
    quadratic_2000: [0.4039716852861865, 0.40394077979265963],
    quartic_500: [0.4692890143816264, 0.46949018491217154],
    quartic_1000: [0.4682971146535704, 0.4682714298179792],
    quartic_2000: [0.42181315018985543, 0.42181132762478374],
    gaussian_500: [0.4714145540547684, 0.47160412754542397],
    gaussian_1000: [0.44753026046323163, 0.4474093890608789],
    gaussian_2000: [0.3805848915062186, 0.38059956872208234],
  };
  for (const [key, [exact, rounded]] of Object.entries(ref)) {
    const [kernel, bw] = key.split('_') as [KernelFunction, string];
    it(`${kernel} kernel, ${bw} m`, () => {
      const e = localEnvironmentSingle(areas, pak, total, { distance: Number(bw), kernel });
      expectClose(dissimilarityValue(e.group, e.total), exact, TOL_ENV);
      const r = localEnvironmentSingle(areas, pak, total, { distance: Number(bw), kernel, round: true });
      for (const v of r.total) expect(Number.isInteger(v)).toBe(true);
      expectClose(dissimilarityValue(r.group, r.total), rounded, TOL_ENV);
    });
  }

  it('profiles cover the aspatial CLI keys: every deterministic single-group index and every multigroup one', () => {
    expect(Object.keys(SPATIAL_SINGLE_GROUP_FORMULAS)).toEqual([...DEFAULT_SINGLE_GROUP_INDICES]);
    expect(Object.keys(SPATIAL_MULTI_GROUP_FORMULAS).sort()).toEqual([...MULTIGROUP_INDICES].sort());
  });

  it('the single-group profile gives the same series, ready to plot', () => {
    const p = singleGroupProfile(areas, pak, total, {
      distances: [500, 1000, 2000],
      indices: ['dissimilarity', 'gini'],
    });
    expect(p.map((s) => s.distance)).toEqual([500, 1000, 2000]);
    expectClose(p[0]!.indices.dissimilarity!, 0.47025565962502924, TOL_ENV);
    expectClose(p[2]!.indices.dissimilarity!, 0.41219573663139886, TOL_ENV);
    // Smoothing over wider environments lowers measured segregation.
    expect(p[2]!.indices.gini!).toBeLessThan(p[0]!.indices.gini!);
  });

  it('profiles of several groups share the environments and give each group its own series', () => {
    const many = singleGroupProfiles(
      areas,
      { Pakistani: pak, Indian: column('Asian, Asian British or Asian Welsh: Indian') },
      total,
      { distances: [500, 2000], indices: ['dissimilarity'] },
    );
    expectClose(many.Pakistani![0]!.indices.dissimilarity!, 0.47025565962502924, TOL_ENV);
    expectClose(many.Pakistani![1]!.indices.dissimilarity!, 0.41219573663139886, TOL_ENV);
    expect(many.Indian).toHaveLength(2);
    expect(many.Indian![1]!.indices.dissimilarity!).toBeLessThan(many.Indian![0]!.indices.dissimilarity!);
  });

  it('19-group multigroup D and H on triangular environments of 1 and 2 km', () => {
    const prof = multiGroupProfile(areas, table, {
      distances: [1000, 2000],
      indices: ['multiDissimilarity', 'informationTheory'],
    });
    expectClose(prof[0]!.indices.multiDissimilarity!, 0.2992725931488021, TOL_ENV);
    expectClose(prof[0]!.indices.informationTheory!, 0.07946993730513212, TOL_ENV);
    expectClose(prof[1]!.indices.multiDissimilarity!, 0.2398665222735286, TOL_ENV);
    expectClose(prof[1]!.indices.informationTheory!, 0.05626406802373447, TOL_ENV);
    expectClose(
      spatialMultiGroupIndex(multiDissimilarityValue, areas, table, { distance: 1000 }),
      0.2992725931488021,
      TOL_ENV,
    );
    const env = localEnvironment(areas, table, { distance: 2000 });
    expectClose(informationTheoryValue(env.counts, env.k), 0.05626406802373447, TOL_ENV);
  });
});
