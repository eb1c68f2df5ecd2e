// Reproduces every analytic figure in data/reference (spdep 1.2-7 and published esda values).
import { describe, expect, it } from 'vitest';
import { CohesionError } from '../errors.js';
import { contiguityWeights } from '../weights/contiguity.js';
import { type SpatialWeights, transformWeights, weightsFromLists } from '../weights/csr.js';
import { distanceBandWeights } from '../weights/distance.js';
import { parseGal } from '../weights/formats.js';
import { repoAreas, repoJson, repoText } from '../weights/testdata.js';
import { gearyGlobal, getisOrdGlobal, moranGlobal } from './global.js';
import { localGetisOrd, localMoran, QUADRANT_LABELS } from './local.js';

const TOL = 1e-9;

function close(actual: number, expected: number, tol = TOL): void {
  const rel = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  if (!(rel <= tol))
    expect.fail(`${actual} differs from ${expected} (relative ${rel.toExponential(2)} > ${tol})`);
}

function closeAll(actual: ArrayLike<number>, expected: number[], tol = TOL): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => {
    close(actual[i] as number, e, tol);
  });
}

type MoranRef = {
  I: number;
  expectation: number;
  variance: number;
  z: number;
  p_greater: number;
  p_two_sided: number;
};

function checkMoran(
  w: SpatialWeights,
  x: number[],
  ref: { randomisation: MoranRef; normality: MoranRef },
): void {
  const m = moranGlobal(w, x, { permutations: 0 });
  close(m.I, ref.randomisation.I);
  close(m.EI, ref.randomisation.expectation);
  close(m.VI_rand, ref.randomisation.variance);
  close(m.z_rand, ref.randomisation.z);
  close(m.p_rand_greater, ref.randomisation.p_greater);
  close(m.p_rand, ref.randomisation.p_two_sided);
  close(m.VI_norm, ref.normality.variance);
  close(m.z_norm, ref.normality.z);
  close(m.p_norm_greater, ref.normality.p_greater);
  close(m.p_norm, ref.normality.p_two_sided);
}

const VARIANTS = [
  ['conditional', 'conditional_TRUE_mlvar_TRUE'],
  ['total', 'conditional_FALSE_mlvar_TRUE'],
  ['esda', 'conditional_FALSE_mlvar_FALSE'],
] as const;

const SPDEP_QUADRANT: Record<string, string> = {
  HH: 'High-High',
  LH: 'Low-High',
  LL: 'Low-Low',
  HL: 'High-Low',
};

// biome-ignore lint/suspicious/noExplicitAny: reference JSON
function checkSpatialBlock(w0: SpatialWeights, x: number[], ref: any): void {
  const wW = transformWeights(w0, 'R');
  const wB = transformWeights(w0, 'B');
  checkMoran(wW, x, ref.moran_global_W);
  checkMoran(wB, x, ref.moran_global_B);
  const g = gearyGlobal(wW, x, { permutations: 0 });
  close(g.C, ref.geary_global_W.randomisation.C);
  close(g.VC_rand, ref.geary_global_W.randomisation.variance);
  close(g.z_rand, ref.geary_global_W.randomisation.z);
  close(g.p_rand_greater, ref.geary_global_W.randomisation.p_greater);
  close(g.VC_norm, ref.geary_global_W.normality.variance);
  close(g.z_norm, ref.geary_global_W.normality.z);
  close(g.p_norm_greater, ref.geary_global_W.normality.p_greater);
  for (const [variant, key] of VARIANTS) {
    const l = localMoran(wW, x, { variant, permutations: 0 });
    const r = ref.local_moran_W[key];
    closeAll(l.Ii, r.Ii);
    closeAll(l.EIi, r['E.Ii']);
    closeAll(l.VIi, r['Var.Ii']);
    closeAll(l.z, r['Z.Ii']);
    closeAll(l.p_norm, r.p_two_sided);
  }
  for (const centre of ['mean', 'median', 'pysal'] as const) {
    const l = localMoran(wW, x, { permutations: 0, quadrant: centre });
    expect(Array.from(l.quadrant, (q) => SPDEP_QUADRANT[QUADRANT_LABELS[q] as string])).toEqual(
      ref.local_moran_W[`quadrant_${centre}`],
    );
  }
  for (const star of [false, true]) {
    const name = star ? 'Gistar' : 'Gi';
    closeAll(localGetisOrd(wW, x, { star, permutations: 0 }).z, ref.localG[`${name}_z_W`]);
    closeAll(localGetisOrd(wB, x, { star, permutations: 0 }).z, ref.localG[`${name}_z_B`]);
    const g = localGetisOrd(wW, x, { star, permutations: 0 });
    const inn = ref.localG[`${name}_internals_W`];
    closeAll(g.G, inn.G);
    closeAll(g.EG, inn.EG);
    closeAll(g.VG, inn.VG);
    closeAll(g.z, inn.ZG);
    closeAll(g.p_norm, inn.p_two_sided);
  }
}

describe('columbus (spdep 1.2-7)', () => {
  const fc = repoAreas('data/reference/columbus/columbus.geojson');
  const ref = repoJson('data/reference/columbus/expected.json');
  for (const rule of ['queen', 'rook'] as const)
    it(`${rule}: Moran W/B, Geary, three local Moran variants, quadrants, Gi/Gi* within 1e-9`, () => {
      const w = contiguityWeights(fc, { idProperty: 'POLYID', rule }).weights;
      checkSpatialBlock(w, ref.x, ref[rule]);
      close(
        moranGlobal(transformWeights(w, 'R'), ref.x, { permutations: 0 }).K,
        ref[rule].moran_global_W.K_kurtosis,
      );
    });

  it('Geary on rook / r: esda published C, variances, z with esda sign reversed', () => {
    const w = transformWeights(contiguityWeights(fc, { idProperty: 'POLYID', rule: 'rook' }).weights, 'R');
    const g = gearyGlobal(w, ref.x, { permutations: 0 });
    const pub = ref.published.geary_rook_r;
    close(g.C, pub.C);
    close(g.VC_norm, pub.VC_norm);
    close(g.VC_rand, pub.VC_rand);
    close(-g.z_norm, pub.z_norm);
    close(-g.z_rand, pub.z_rand);
    close(g.p_norm_greater, pub.p_norm);
    close(g.p_rand_greater, pub.p_rand);
  });
});

describe('Trafford LSOA 2021 minority share, queen (spdep 1.2-7)', () => {
  it('every statistic within 1e-9', () => {
    const fc = repoAreas('data/reference/trafford_lsoa21/lsoa21_boundaries_generalised.geojson');
    const ref = repoJson('data/reference/trafford_lsoa21/expected.json');
    const w = contiguityWeights(fc, { idProperty: 'area_code' }).weights;
    expect(w.ids).toEqual(ref.ids);
    checkSpatialBlock(w, ref.minority_share.values, ref.spatial_minority_share_queen);
  });
});

describe('esda published data sets (GAL weights)', () => {
  const ref = repoJson('data/reference/esda_published/expected.json');
  for (const [key, file] of [
    ['stl', 'stl.gal'],
    ['sids2', 'sids2.gal'],
    ['desmith', 'desmith.gal'],
  ] as const)
    it(`${key}: Moran (rand/norm) and conditional local Moran`, () => {
      const ids = ref[key].ids.map(String);
      const w = transformWeights(parseGal(repoText(`data/reference/esda_published/${file}`), { ids }), 'R');
      checkMoran(w, ref[key].x, ref[key].moran_W);
      const l = localMoran(w, ref[key].x, { permutations: 0 });
      const r = ref[key].local_moran_W_conditional_TRUE_mlvar_TRUE;
      closeAll(l.Ii, r.Ii);
      closeAll(l.EIi, r['E.Ii']);
      closeAll(l.VIi, r['Var.Ii']);
      closeAll(l.p_norm, r.p_two_sided);
      if (ref[key].published?.I !== undefined) {
        close(moranGlobal(w, ref[key].x, { permutations: 0 }).I, ref[key].published.I, 1e-14);
        close(
          moranGlobal(w, ref[key].x, { permutations: 0 }).p_norm_greater,
          ref[key].published.p_norm_one_tailed,
          1e-9,
        );
      }
    });

  it('Getis–Ord 6-point example: spdep localG (B and W) and esda published G, Zs[0]', () => {
    const g = ref.getisord_points;
    const xs = [10, 20, 40, 15, 30, 30];
    const ys = [10, 10, 10, 20, 20, 30];
    const wB = distanceBandWeights({ ids: ['1', '2', '3', '4', '5', '6'], xs, ys }, { threshold: 15 });
    const wW = transformWeights(wB, 'R');
    closeAll(localGetisOrd(wB, g.y, { star: false, permutations: 0 }).z, g.spdep_localG_z_B);
    closeAll(localGetisOrd(wW, g.y, { star: false, permutations: 0 }).z, g.spdep_localG_z_W);
    closeAll(localGetisOrd(wB, g.y, { star: true, permutations: 0 }).z, g.spdep_localGstar_z_B);
    closeAll(localGetisOrd(wW, g.y, { star: true, permutations: 0 }).z, g.spdep_localGstar_z_W);
    close(
      localGetisOrd(wB, g.y, { star: false, permutations: 0 }).z[0] as number,
      g.published.G_Local_Zs0_B,
      1e-7,
    );
    close(
      localGetisOrd(wB, g.y, { star: true, permutations: 0 }).z[0] as number,
      g.published.G_Local_star_Zs0_B,
      1e-7,
    );
    const G = getisOrdGlobal(wB, g.y, { permutations: 0 });
    close(G.G, g.spdep_globalG_B);
    close(G.G, g.published.G_global_B, 1e-7);
    close(G.p_norm_greater, g.published.G_global_p_norm, 1e-5);
  });
});

describe('input checks', () => {
  const w = transformWeights(weightsFromLists(['a', 'b', 'c', 'd'], [[1], [0, 2], [1, 3], [2]]), 'R');
  it('NaN, wrong length, constant values, islands, no links, too few areas', () => {
    expect(() => moranGlobal(w, [1, Number.NaN, 3, 4])).toThrow(/area b \(row 2\) is missing/);
    // Nothing is coerced: null, '', true and '5' are errors, not 0, 0, 1 and 5.
    for (const bad of [null, '', true, '5'])
      expect(() => moranGlobal(w, [1, bad as unknown as number, 3, 4])).toThrow(CohesionError);
    expect(() => moranGlobal(w, [1, 2, 3])).toThrow(/3 values for 4 areas/);
    expect(() => localMoran(w, [2, 2, 2, 2])).toThrow(/all 4 values are equal/);
    const island = weightsFromLists(['a', 'b', 'c', 'd'], [[1], [0], [], []]);
    expect(() => moranGlobal(island, [1, 2, 3, 4])).toThrow(/2 area\(s\) have no neighbours: c, d/);
    const none = weightsFromLists(['a', 'b', 'c'], [[], [], []]);
    expect(() => localGetisOrd(none, [1, 2, 3])).toThrow(/no area has any neighbour/);
    expect(() => moranGlobal(weightsFromLists(['a', 'b'], [[1], [0]]), [1, 2])).toThrow(/at least 3 areas/);
  });
});
