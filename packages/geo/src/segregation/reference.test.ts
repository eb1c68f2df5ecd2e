import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { readDataText } from '../weights/testdata.js';
import { groupTableFromColumns } from './input.js';
import { localSegregation } from './local.js';
import {
  divergenceValue,
  diversityValue,
  informationTheoryValue,
  multiDissimilarityValue,
  multiGiniValue,
  mutualInformationValue,
  mutualInformationWithin,
  simpsonsConcentrationValue,
  simpsonsInteractionValue,
} from './multigroup/all.js';
import {
  atkinsonValue,
  correlationRatioValue,
  dissimilarityValue,
  entropyValue,
  exposureValue,
  giniValue,
  isolationValue,
} from './single/all.js';

// Conformance data (read-only copies of the reference figures): data/reference/.
const REF = new URL('../../../../data/reference/', import.meta.url);
const readJson = (p: string) => JSON.parse(readDataText(new URL(p, REF)));
const readRows = (p: string) =>
  Papa.parse<Record<string, string>>(readDataText(new URL(p, REF)), {
    header: true,
    skipEmptyLines: true,
  }).data;
const col = (rows: Record<string, string>[], name: string) => Float64Array.from(rows, (r) => Number(r[name]));

/** Relative error, with an absolute floor for values at 0. */
function expectClose(actual: number, expected: number, tol = 1e-12) {
  const err = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  if (!(err <= tol)) throw new Error(`expected ${expected}, got ${actual} (relative error ${err})`);
}

describe('trafford_lsoa21 (PySAL / elbersb conventions, R reference)', () => {
  const ref = readJson('trafford_lsoa21/expected.json');
  const rows = readRows('trafford_lsoa21/ethnicity_2021_lsoa_wide.csv');
  const total = col(rows, 'total_usual_residents');

  function checkGroup(x: Float64Array, e: Record<string, number>) {
    expectClose(dissimilarityValue(x, total), e.D!);
    expectClose(giniValue(x, total), e.Gini!);
    expectClose(entropyValue(x, total), e.H_theil!);
    expectClose(isolationValue(x, total), e.xPx_isolation!);
    expectClose(exposureValue(x, total), e.xPy_exposure!);
    expectClose(correlationRatioValue(x, total), e.eta2_correlation_ratio!);
    expectClose(atkinsonValue(x, total, 0.5), e['Atkinson_b0.5']!);
  }

  it('every one of the 19 groups vs the rest: D, Gini, H, xPx, xPy, η², Atkinson(0.5) to 1e-12', () => {
    const all = ref.segregation_all_groups_vs_rest as Record<string, Record<string, number>>;
    expect(Object.keys(all)).toHaveLength(19);
    for (const [name, e] of Object.entries(all)) checkGroup(col(rows, name), e);
  });

  it('all minorities (total − White British) vs White British', () => {
    const wb = col(rows, 'White: English, Welsh, Scottish, Northern Irish or British');
    const minority = total.map((t, i) => t - wb[i]!);
    checkGroup(minority, ref.segregation_single_group_vs_rest.minority_not_white_british);
  });

  it('multigroup over the 19 groups', () => {
    const m = ref.segregation_multigroup;
    const table = groupTableFromColumns((m.groups as string[]).map((g) => col(rows, g)));
    const { counts, k } = table;
    expectClose(multiDissimilarityValue(counts, k), m.D_multigroup);
    expectClose(informationTheoryValue(counts, k), m.H_theil_multigroup);
    expectClose(mutualInformationValue(counts, k), m.M_mutual_information);
    expectClose(divergenceValue(counts, k), m.M_mutual_information);
    expectClose(diversityValue(counts, k), m.E_entropy_total);
    expectClose(simpsonsInteractionValue(counts, k), m.simpsons_interaction);
    expectClose(simpsonsConcentrationValue(counts, k), m.simpsons_concentration);
    // Σ p·ls = M for local segregation by area.
    const local = localSegregation(table);
    expectClose(local.total, m.M_mutual_information);
  });

  it('two-group multigroup D equals Duncan D; M, H match elbersb for minority vs rest', () => {
    const wb = col(rows, 'White: English, Welsh, Scottish, Northern Irish or British');
    const minority = total.map((t, i) => t - wb[i]!);
    const table = groupTableFromColumns([minority, wb]);
    const c = ref.crosscheck_elbersb_minority;
    expectClose(multiDissimilarityValue(table.counts, 2), c.D);
    expectClose(mutualInformationValue(table.counts, 2), c.M);
    expectClose(informationTheoryValue(table.counts, 2), c.H);
    // Two-group multigroup Gini is the single-group Gini.
    expectClose(multiGiniValue(table.counts, 2), giniValue(minority, total));
  });
});

describe('segregation_schools00 (elbersb/segregation schools00)', () => {
  const ref = readJson('segregation_schools00/expected.json');
  const rows = readRows('segregation_schools00/schools00.csv');
  const races = ['asian', 'black', 'hisp', 'native', 'white'];
  const schoolIndex = new Map<string, number>();
  const stateOfSchool: number[] = [];
  const states = ['A', 'B', 'C'];
  for (const r of rows) {
    if (!schoolIndex.has(r.school!)) {
      schoolIndex.set(r.school!, schoolIndex.size);
      stateOfSchool.push(states.indexOf(r.state!));
    }
  }
  const counts = new Float64Array(schoolIndex.size * races.length);
  for (const r of rows) {
    const i = schoolIndex.get(r.school!)!;
    const m = races.indexOf(r.race!);
    counts[i * 5 + m] = counts[i * 5 + m]! + Number(r.n);
  }
  const table = { counts, k: 5 };

  it('has the documented size', () => {
    expect(schoolIndex.size).toBe(ref.n_schools);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(ref.population_total);
  });

  it('M, H and multigroup D over race × school', () => {
    const o = ref.ours.total_school;
    expectClose(mutualInformationValue(counts, 5), ref.elbersb_package_code.mutual_total_race_school.M);
    expectClose(informationTheoryValue(counts, 5), ref.elbersb_package_code.mutual_total_race_school.H);
    expectClose(multiDissimilarityValue(counts, 5), o.D_multigroup);
    expectClose(simpsonsInteractionValue(counts, 5), o.simpsons_interaction);
    expectClose(diversityValue(counts, 5), o.E_entropy_total);
  });

  it('between / within states decomposition', () => {
    const w = mutualInformationWithin(table, stateOfSchool);
    const e = ref.elbersb_package_code;
    expectClose(w.total, e.mutual_total_race_school.M);
    expectClose(w.between, e.mutual_total_race_state.M);
    expectClose(w.hBetween, e.mutual_total_race_state.H);
    expectClose(w.within, e.mutual_total_race_school_within_state.M);
    expectClose(w.hWithin, e.mutual_total_race_school_within_state.H);
    expectClose(w.between + w.within, w.total);
  });

  it('local segregation ls by race, with Σ p·ls = M', () => {
    const local = localSegregation(table, { by: 'group' });
    for (const [m, r] of races.entries()) {
      expectClose(local.ls[m]!, ref.elbersb_package_code.mutual_local_ls[r]);
    }
    expectClose(local.total, ref.elbersb_package_code.mutual_total_race_school.M);
  });
});

describe('mlid_ew (England & Wales 2011 LSOAs)', () => {
  const ref = readJson('mlid_ew/expected.json');
  const rows = readRows('mlid_ew/ethnicity_2011_lsoa.csv.gz');
  const persons = col(rows, 'Persons');

  it('D of each of the 14 groups vs the rest (Persons − group) nationally', () => {
    const e = ref.D_group_vs_rest as Record<string, number>;
    expect(Object.keys(e)).toHaveLength(14);
    for (const [g, d] of Object.entries(e)) expectClose(dissimilarityValue(col(rows, g), persons), d);
  });

  it('D of each group vs White British (MLID convention: total = group + WhiteBrit)', () => {
    const wb = col(rows, 'WhiteBrit');
    for (const [g, d] of Object.entries(ref.D_group_vs_WhiteBrit as Record<string, number>)) {
      const x = col(rows, g);
      expectClose(
        dissimilarityValue(
          x,
          x.map((v, i) => v + wb[i]!),
        ),
        d,
      );
    }
  });
});
