import { readFileSync } from 'node:fs';
import type { FeatureCollection } from 'geojson';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { queenWeights } from '../../weights/contiguity.js';
import { dissimilarityValue } from '../single/dissimilarity.js';
import {
  type CounterfactualApproach,
  counterfactualCounts,
  decomposeSegregation,
  linearQuantile,
  percentileRanks,
} from './decomposition.js';
import { spatialDissimilarity } from './explicit.js';

// Trafford LSOAs: 2011 (138, Census 2011 KS201 via the MLID table) and 2021 (139, TS021).
const DATA = new URL('../../../../../data/trafford/', import.meta.url);
const json = (p: string): FeatureCollection => JSON.parse(readFileSync(new URL(p, DATA), 'utf8'));
const csv = (p: string) =>
  Papa.parse<Record<string, string>>(readFileSync(new URL(p, DATA), 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;
function aligned(fc: FeatureCollection, rows: Record<string, string>[], key: string) {
  const by = new Map(rows.map((r) => [r[key], r]));
  return (col: string) =>
    Float64Array.from(fc.features, (f) => Number(by.get(f.properties?.area_code)![col]));
}
const fc11 = json('lsoa11_boundaries_generalised.geojson');
const fc21 = json('lsoa21_boundaries_generalised.geojson');
const c11 = aligned(fc11, csv('ethnicity_2011_lsoa_MLID.csv'), 'LSOA11CD');
const c21 = aligned(fc21, csv('ethnicity_2021_lsoa_wide.csv'), 'area_code');
const p11 = { group: c11('Pakistani'), total: c11('Persons') };
const p21 = {
  group: c21('Asian, Asian British or Asian Welsh: Pakistani'),
  total: c21('total_usual_residents'),
};
const q11 = queenWeights(fc11, { idProperty: 'area_code' });
const q21 = queenWeights(fc21, { idProperty: 'area_code' });

describe('pandas-compatible rank and quantile', () => {
  it('rank(pct=True) averages ties; quantile interpolates linearly', () => {
    expect([...percentileRanks([3, 1, 3, 2])]).toEqual([3.5 / 4, 1 / 4, 3.5 / 4, 2 / 4]);
    const s = Float64Array.from([1, 2, 4, 8]);
    expect(linearQuantile(s, 0)).toBe(1);
    expect(linearQuantile(s, 1)).toBe(8);
    expect(linearQuantile(s, 0.5)).toBe(3); // position 1.5
    expect(linearQuantile(s, 0.25)).toBeCloseTo(1.75, 15); // position 0.75
  });
});

/*
 * Reference figures: PySAL `segregation`'s `_generate_counterfactual` (util/util.py) and
 * `_decompose_segregation` bodies run with pandas 1.5 / numpy 1.24 on these files, with Dissim and
 * SpatialDissim (libpysal Queen) as the index; the package cannot be installed here.
 */
const REF: Record<string, Record<'D' | 'SD', { c_s: number; c_a: number; s1a2: number; s2a1: number }>> = {
  composition: {
    D: {
      c_s: 0.0002516462338892633,
      c_a: 0.09024191685871283,
      s1a2: 0.45831537364764985,
      s2a1: 0.5483056442724734,
    },
    SD: {
      c_s: 7.452568305288398e-5,
      c_a: 0.09663205517899875,
      s1a2: 0.4324890539856904,
      s2a1: 0.5290465834816362,
    },
  },
  share: {
    D: {
      c_s: 0.0025314705178044183,
      c_a: 0.08796209257479767,
      s1a2: 0.45985363642816923,
      s2a1: 0.5452842584851625,
    },
    SD: {
      c_s: 0.010398520305046371,
      c_a: 0.0863080605570053,
      s1a2: 0.4423340712208082,
      s2a1: 0.5182436114727671,
    },
  },
  dualComposition: {
    D: {
      c_s: 0.00039078183611335193,
      c_a: 0.09010278125648877,
      s1a2: 0.45672949122940026,
      s2a1: 0.5464414906497757,
    },
    SD: {
      c_s: 0.00014752104438270353,
      c_a: 0.09655905981766894,
      s1a2: 0.431254155302218,
      s2a1: 0.5276656940755042,
    },
  },
};

describe('Shapley decomposition of Trafford Pakistani D, 2011 → 2021 (PySAL figures)', () => {
  it('the two periods: D = 0.5512 (2011) and 0.4607 (2021)', () => {
    expect(dissimilarityValue(p11.group, p11.total)).toBeCloseTo(0.5512128947320503, 13);
    expect(dissimilarityValue(p21.group, p21.total)).toBeCloseTo(0.46071933163944817, 13);
  });
  for (const approach of ['composition', 'share', 'dualComposition'] as CounterfactualApproach[]) {
    it(`${approach}: aspatial D and Morrill's D(adj)`, () => {
      const d = decomposeSegregation((_, x, t) => dissimilarityValue(x, t), p11, p21, { approach });
      const ref = REF[approach]!;
      expect(d.s1a2).toBeCloseTo(ref.D.s1a2, 12);
      expect(d.s2a1).toBeCloseTo(ref.D.s2a1, 12);
      expect(d.spatial).toBeCloseTo(ref.D.c_s, 12);
      expect(d.attribute).toBeCloseTo(ref.D.c_a, 12);
      expect(d.spatial + d.attribute).toBeCloseTo(d.difference, 14);
      const s = decomposeSegregation(
        (place, x, t) => spatialDissimilarity(place === 1 ? q11 : q21, x, t).value,
        p11,
        p21,
        { approach },
      );
      expect(s.spatial).toBeCloseTo(ref.SD.c_s, 12);
      expect(s.attribute).toBeCloseTo(ref.SD.c_a, 12);
    });
  }
  it('composition counterfactuals keep totals; share counterfactuals keep the group total', () => {
    const [a] = counterfactualCounts(p11, p21, 'composition');
    expect(a.total).toEqual(p11.total);
    expect(a.group[0]).toBeCloseTo(33.00559179869524, 10);
    const [b] = counterfactualCounts(p11, p21, 'share');
    expect(b.group.reduce((s, v) => s + v, 0)).toBeCloseTo(
      p11.group.reduce((s, v) => s + v, 0),
      8,
    );
    expect(b.total[0]).toBeCloseTo(1569.1342614652747, 9);
  });
  it('rejects an unknown approach', () => {
    expect(() => counterfactualCounts(p11, p21, 'swap' as CounterfactualApproach)).toThrow(
      /unknown counterfactual/,
    );
  });
});
