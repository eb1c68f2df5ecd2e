import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cohesion, ROOT } from './run-cli.js';

// Spawns the built CLI (`pnpm run build` first) on the Trafford reference files.
const ref = (p: string) => join(ROOT, 'data', 'reference', p);
const AREAS = ref('trafford_lsoa21/lsoa21_boundaries_generalised.geojson');
const CSV = ref('trafford_lsoa21/ethnicity_2021_lsoa_wide.csv');
const MINORITY = '1 - `White: English, Welsh, Scottish, Northern Irish or British` / total_usual_residents';
const expected = JSON.parse(readFileSync(ref('trafford_lsoa21/expected.json'), 'utf8'));
const block = expected.spatial_minority_share_queen;
const tmp = mkdtempSync(join(tmpdir(), 'cohesion-hotspots-'));

function close(actual: number, want: number, tol = 1e-9) {
  const err = Math.abs(actual - want) / Math.max(Math.abs(want), 1e-300);
  expect(err, `expected ${want}, got ${actual}`).toBeLessThanOrEqual(tol);
}

function hotspots(args: string[]) {
  const r = cohesion([
    'hotspots',
    '--areas',
    AREAS,
    '--id',
    'area_code',
    '--table',
    CSV,
    '--table-id',
    'area_code',
    ...args,
  ]);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

describe('cohesion hotspots on Trafford minority share (spdep reference)', () => {
  it('moran: exact keys, values within 1e-9, seeded p_sim', () => {
    const out = hotspots(['--value', MINORITY, '--statistic', 'moran', '--seed', '1', '--json']);
    expect(Object.keys(out)).toEqual([
      'I',
      'EI',
      'VI_norm',
      'z_norm',
      'p_norm',
      'VI_rand',
      'z_rand',
      'p_rand',
      'p_sim',
    ]);
    const m = block.moran_global_W;
    close(out.I, m.I);
    close(out.EI, m.randomisation.expectation);
    close(out.VI_norm, m.normality.variance);
    close(out.z_norm, m.normality.z);
    close(out.p_norm, m.normality.p_two_sided);
    close(out.VI_rand, m.randomisation.variance);
    close(out.z_rand, m.randomisation.z);
    close(out.p_rand, m.randomisation.p_two_sided);
    expect(out.p_sim).toBe(0.002); // I far above every permutation: two-sided 2·(0+1)/1000
    expect(hotspots(['--value', MINORITY, '--statistic', 'moran', '--seed', '1', '--json'])).toEqual(out);
  });

  it('geary: C, variances and spdep-signed z', () => {
    const out = hotspots(['--value', MINORITY, '--statistic', 'geary', '--permutations', '99', '--json']);
    expect(Object.keys(out)).toEqual([
      'C',
      'EC',
      'VC_norm',
      'z_norm',
      'p_norm',
      'VC_rand',
      'z_rand',
      'p_rand',
      'p_sim',
    ]);
    const g = block.geary_global_W;
    close(out.C, g.randomisation.C);
    close(out.VC_rand, g.randomisation.variance);
    close(out.z_rand, g.randomisation.z);
    close(out.VC_norm, g.normality.variance);
    close(out.z_norm, g.normality.z);
    expect(out.p_sim).toBe(0.02); // C far below every permutation: two-sided 2·(0+1)/100
  });

  it('--transform b reproduces the binary-weights Moran', () => {
    const out = hotspots([
      '--value',
      MINORITY,
      '--statistic',
      'moran',
      '--transform',
      'b',
      '--permutations',
      '0',
      '--json',
    ]);
    close(out.I, block.moran_global_B.randomisation.I);
    close(out.z_rand, block.moran_global_B.randomisation.z);
    expect(out.p_sim).toBeNull();
  });

  it('lisa: results per area with I, z, p_norm, quadrant, cluster as spdep localmoran', () => {
    const out = hotspots(['--value', MINORITY, '--statistic', 'lisa', '--json']);
    close(out.I, block.moran_global_W.I);
    expect(out.results).toHaveLength(139);
    expect(Object.keys(out.results[0])).toEqual([
      'id',
      'value',
      'I',
      'z',
      'p_norm',
      'p_sim',
      'quadrant',
      'cluster',
    ]);
    const lm = block.local_moran_W.conditional_TRUE_mlvar_TRUE;
    const names: Record<string, string> = { HH: 'High-High', LH: 'Low-High', LL: 'Low-Low', HL: 'High-Low' };
    out.results.forEach((r: Record<string, number | string>, i: number) => {
      expect(r.id).toBe(expected.ids[i]);
      close(r.value as number, expected.minority_share.values[i]);
      close(r.I as number, lm.Ii[i]);
      close(r.z as number, lm['Z.Ii'][i]);
      close(r.p_norm as number, lm.p_two_sided[i]);
      expect(names[r.quadrant as string]).toBe(block.local_moran_W.quadrant_mean[i]);
      expect(['ns', r.quadrant]).toContain(r.cluster);
      if (r.cluster !== 'ns') expect(r.p_sim as number).toBeLessThanOrEqual(0.05);
    });
    expect(out.results.filter((r: { cluster: string }) => r.cluster === 'HH').length).toBeGreaterThan(5);
  });

  it('--correction fdr keeps a subset of the uncorrected gistar clusters', () => {
    const plain = hotspots(['--value', MINORITY, '--statistic', 'gistar', '--json']).results;
    const fdr = hotspots([
      '--value',
      MINORITY,
      '--statistic',
      'gistar',
      '--correction',
      'fdr',
      '--json',
    ]).results;
    const sig = (r: { cluster: string }[]) => r.filter((x) => x.cluster !== 'ns').length;
    expect(sig(fdr)).toBeLessThanOrEqual(sig(plain));
    expect(sig(fdr)).toBeGreaterThan(0);
    fdr.forEach((r: { cluster: string }, i: number) => {
      if (r.cluster !== 'ns') expect(plain[i].cluster).toBe(r.cluster);
    });
  });

  it.each([
    ['gi', 'Gi_z_W'],
    ['gistar', 'Gistar_z_W'],
  ])('%s: z as spdep localG, hot/cold/ns clusters', (statistic, key) => {
    const out = hotspots(['--value', MINORITY, '--statistic', statistic, '--json']);
    out.results.forEach((r: Record<string, number | string>, i: number) => {
      close(r.z as number, block.localG[key][i]);
      expect(r.cluster === 'ns' || (r.cluster === 'hot') === (r.z as number) > 0).toBe(true);
    });
  });

  it('the issue example "(Persons-WhiteBrit)/Persons" on 2011 LSOAs; --out writes GeoJSON', () => {
    const areas11 = join(ROOT, 'data/trafford/lsoa11_boundaries_generalised.geojson');
    const csv11 = join(ROOT, 'data/trafford/ethnicity_2011_lsoa_MLID.csv');
    const out = join(tmp, 'gistar.geojson');
    const r = cohesion([
      'hotspots',
      '--areas',
      areas11,
      '--id',
      'area_code',
      '--table',
      csv11,
      '--table-id',
      'LSOA11CD',
      '--value',
      '(Persons-WhiteBrit)/Persons',
      '--statistic',
      'gistar',
      '--out',
      out,
      '--json',
    ]);
    expect(r.stderr).toBe('');
    const res = JSON.parse(r.stdout).results;
    expect(res).toHaveLength(138);
    // E01006074: Persons 1574, WhiteBrit 1409.
    expect(res[0].id).toBe('E01006074');
    close(res[0].value, (1574 - 1409) / 1574, 1e-15);
    const fc = JSON.parse(readFileSync(out, 'utf8'));
    expect(fc.features).toHaveLength(138);
    expect(fc.features[0].properties.cluster).toBe(res[0].cluster);
  });

  it('bad input: NaN values, a single area, no neighbours, unmatched ids, bad expression', () => {
    const fail = (args: string[], table = true) => {
      const r = cohesion([
        'hotspots',
        '--areas',
        AREAS,
        '--id',
        'area_code',
        ...(table ? ['--table', CSV] : []),
        ...args,
      ]);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      return { code: r.code, err: r.stderr.trim() };
    };
    const roma = fail(['--value', 'total_usual_residents / `White: Roma`', '--statistic', 'moran', '--json']);
    expect(roma.code).toBe(1);
    expect(roma.err).toMatch(/^cohesion hotspots: NON_FINITE: .* is (Infinity|NaN) at row \d+/);
    const blank = fail(['--value', 'area_name', '--statistic', 'moran', '--json']);
    expect(blank.err).toMatch(/NON_NUMERIC: .*column "area_name" row 1 holds "Trafford/);
    const one = JSON.parse(readFileSync(AREAS, 'utf8'));
    one.features = one.features.slice(0, 1);
    const onePath = join(tmp, 'one.geojson');
    writeFileSync(onePath, JSON.stringify(one));
    const single = cohesion([
      'hotspots',
      '--areas',
      onePath,
      '--id',
      'area_code',
      '--value',
      '1',
      '--statistic',
      'moran',
      '--json',
    ]);
    expect(single.stderr).toMatch(/TOO_FEW_AREAS: spatial statistics need at least 3 areas, got 1/);
    const none = fail([
      '--value',
      MINORITY,
      '--statistic',
      'lisa',
      '--weights',
      'distance',
      '--threshold',
      '1',
      '--json',
    ]);
    expect(none.err).toMatch(/NO_NEIGHBOURS: no area has any neighbour/);
    const unmatched = fail([
      '--table-id',
      'area_name',
      '--value',
      MINORITY,
      '--statistic',
      'moran',
      '--json',
    ]);
    expect(unmatched.err).toMatch(/^cohesion hotspots: UNMATCHED_CODE: /);
    const expr = fail(['--value', '(total_usual_residents', '--statistic', 'moran', '--json']);
    expect(expr.err).toMatch(/INVALID_EXPRESSION: expression "\(total_usual_residents": missing "\)"/);
    const stat = fail(['--value', MINORITY, '--statistic', 'sum', '--json']);
    expect(stat.code).toBe(2);
  });
});
