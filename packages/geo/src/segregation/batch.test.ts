import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CohesionError } from '../errors.js';
import { readDataText } from '../weights/testdata.js';
import { SINGLE_GROUP_INDICES, segregationByGroup, segregationIndices } from './batch.js';
import { multiDissimilarityValue, mutualInformationValue } from './multigroup/all.js';
import { dissimilarityValue, giniValue } from './single/all.js';

const DATA = new URL('../../../../', import.meta.url);
const parse = (p: string) =>
  Papa.parse<Record<string, string>>(readDataText(new URL(p, DATA)), {
    header: true,
    skipEmptyLines: true,
  }).data;

const GROUPS = [
  'WhiteBrit',
  'Irish',
  'OtherWhite',
  'Mixed',
  'Indian',
  'Pakistani',
  'Bangladeshi',
  'Chinese',
  'OtherAsian',
  'BlkAfrican',
  'BlkCaribbean',
  'OtherBlk',
  'Arab',
  'Other',
];

describe('segregationByGroup over England & Wales (34,753 LSOAs × 14 groups, by LAD11NM)', () => {
  const rows = parse('data/england-wales/ethnicity_2011_lsoa.csv.gz');
  const total = Float64Array.from(rows, (r) => Number(r.Persons));
  const groups = GROUPS.map((g) => Float64Array.from(rows, (r) => Number(r[g])));
  const by = rows.map((r) => r.LAD11NM!);
  const input = {
    groups,
    groupNames: GROUPS,
    total,
    ids: rows.map((r) => r.LSOA11CD!),
    totalColumn: 'Persons',
  };
  const result = segregationByGroup(input, by);
  const expected = parse('data/reference/mlid_ew/expected_lad_D.csv');

  it('covers every LAD with its LSOA count and population', () => {
    expect(result.places).toHaveLength(348);
    for (const e of expected) {
      const j = result.places.indexOf(e.LAD11NM!);
      expect(j).toBeGreaterThanOrEqual(0);
      expect(result.results[j]!.areas).toBe(Number(e.n_lsoa));
      expect(result.results[j]!.populationTotal).toBe(Number(e.Persons));
    }
  });

  it('D vs rest per LAD for Pakistani, Bangladeshi, Indian, BlkAfrican to 1e-12 (empty where absent)', () => {
    let compared = 0;
    let worst = 0;
    for (const e of expected) {
      const res = result.results[result.places.indexOf(e.LAD11NM!)]!;
      for (const g of ['Pakistani', 'Bangladeshi', 'Indian', 'BlkAfrican']) {
        const m = GROUPS.indexOf(g);
        expect(res.groupTotals[m]).toBe(Number(e[`${g}_count`]));
        const want = e[`D_${g}_vs_rest`];
        const got = res.single.dissimilarity![m]!;
        if (want === '') {
          expect(Number.isNaN(got)).toBe(true);
          continue;
        }
        const err = Math.abs(got - Number(want)) / Math.max(Number(want), 1e-300);
        worst = Math.max(worst, err);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1300);
    expect(worst).toBeLessThan(1e-12);
  });

  it('every index of a council equals the per-table computation on its own rows', () => {
    const j = result.places.indexOf('Trafford');
    const idx = rows.flatMap((r, i) => (r.LAD11NM === 'Trafford' ? [i] : []));
    const sub = (a: Float64Array) => Float64Array.from(idx, (i) => a[i]!);
    const own = segregationIndices({ groups: groups.map(sub), groupNames: GROUPS, total: sub(total) });
    const res = result.results[j]!;
    for (const name of Object.keys(own.single) as (keyof typeof own.single)[]) {
      expect(Array.from(res.single[name]!)).toEqual(Array.from(own.single[name]!));
    }
    expect(res.multi).toEqual(own.multi);
    const m = GROUPS.indexOf('Pakistani');
    expect(res.single.dissimilarity![m]).toBe(dissimilarityValue(sub(groups[m]!), sub(total)));
    expect(res.single.gini![m]).toBe(giniValue(sub(groups[m]!), sub(total)));
    // Multigroup adds the rest (Gypsy/Irish Traveller = Persons − Σ 14 groups) as a 15th column.
    expect(res.restAdded).toBe(true);
    const k = 15;
    const table = new Float64Array(idx.length * k);
    idx.forEach((i, r) => {
      let s = 0;
      for (let g = 0; g < 14; g++) {
        table[r * k + g] = groups[g]![i]!;
        s += groups[g]![i]!;
      }
      table[r * k + 14] = total[i]! - s;
    });
    expect(res.multi.multiDissimilarity).toBe(multiDissimilarityValue(table, k));
    expect(res.multi.mutualInformation).toBe(mutualInformationValue(table, k));
  });

  it('computes every default index (no NaN except for absent groups)', () => {
    for (const r of result.results) {
      for (const [name, v] of Object.entries(r.single)) {
        for (let m = 0; m < 14; m++) {
          const absent = r.groupTotals[m] === 0;
          expect(Number.isNaN(v[m]!), `${name} ${m}`).toBe(absent);
        }
      }
      for (const v of Object.values(r.multi)) expect(Number.isFinite(v)).toBe(true);
    }
    expect(SINGLE_GROUP_INDICES.length).toBeGreaterThan(10);
  });
});

describe('zero-population rows in the batch', () => {
  it('are reported by their input row, per place, and change no value', () => {
    const input = { groups: [[5, 0, 1, 0, 7]], groupNames: ['g'], total: [10, 0, 9, 0, 20] };
    const res = segregationByGroup(input, ['B', 'A', 'A', 'B', 'B']);
    expect(res.places).toEqual(['A', 'B']);
    expect(res.results[0]!.droppedRows).toEqual([1]);
    expect(res.results[1]!.droppedRows).toEqual([3]);
    expect(res.results[1]!.single.dissimilarity![0]).toBe(dissimilarityValue([5, 7], [10, 20]));
    expect(segregationIndices(input).droppedRows).toEqual([1, 3]);
  });
});

describe('segregationIndices validation', () => {
  it('groups summing above the total name the row', () => {
    try {
      segregationIndices({
        groups: [
          [3, 4],
          [3, 3],
        ],
        groupNames: ['a', 'b'],
        total: [6, 6],
        ids: ['A', 'B'],
      });
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(CohesionError);
      expect((e as CohesionError).code).toBe('GROUP_EXCEEDS_TOTAL');
      expect((e as CohesionError).detail.row).toBe(1);
      expect((e as CohesionError).message).toContain('(B)');
    }
  });
});
