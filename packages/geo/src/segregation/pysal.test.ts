import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { groupTableFromColumns } from './input.js';
import { localEntropy, localSimpsonsInteraction } from './local.js';
import {
  divergenceValue,
  diversityValue,
  multiGiniValue,
  normalizedExposureValue,
  relativeDiversityValue,
  squaredCoefficientOfVariationValue,
} from './multigroup/all.js';
import { concentrationProfileValue, densityCorrectedDissimilarityValue, minMaxValue } from './single/all.js';

// Indices without a figure in data/reference/: the reference values below come from running the
// numpy bodies of pysal/segregation's own functions (`_multi_gini_seg`, `_multi_normalized_exposure`,
// `_multi_relative_diversity`, `_multi_squared_coefficient_of_variation`, `_multi_diversity(normalized=True)`,
// `_multi_divergence`, `_multi_local_entropy`, `_multi_local_simpson_interaction`, `_conprof`, `_min_max`,
// `_density_corrected_dissim`), copied verbatim minus the pandas plumbing, with numpy 2.4.6 / scipy 1.17.1,
// on the Trafford 2021 LSOA table (19 groups; Pakistani vs the rest for the single-group ones).
const REF = new URL('../../../../data/reference/trafford_lsoa21/', import.meta.url);
const rows = Papa.parse<Record<string, string>>(
  readFileSync(new URL('ethnicity_2021_lsoa_wide.csv', REF), 'utf8'),
  {
    header: true,
    skipEmptyLines: true,
  },
).data;
const expected = JSON.parse(readFileSync(new URL('expected.json', REF), 'utf8'));
const col = (name: string) => Float64Array.from(rows, (r) => Number(r[name]));
const groups: string[] = expected.segregation_multigroup.groups;
const table = groupTableFromColumns(groups.map(col));
const x = col('Asian, Asian British or Asian Welsh: Pakistani');
const t = col('total_usual_residents');

function close(actual: number, want: number, tol = 1e-12) {
  expect(Math.abs(actual - want) / Math.abs(want), `${actual} vs ${want}`).toBeLessThanOrEqual(tol);
}

describe('PySAL segregation formulas on Trafford (numpy reference)', () => {
  it('multigroup Gini, normalised exposure, relative diversity, squared CV, normalised diversity, divergence', () => {
    close(multiGiniValue(table.counts, table.k), 0.4351739251000973);
    close(normalizedExposureValue(table.counts, table.k), 0.10645017916753599);
    close(relativeDiversityValue(table.counts, table.k), 0.07389520411840456);
    close(squaredCoefficientOfVariationValue(table.counts, table.k), 0.0159157412243738);
    close(diversityValue(table.counts, table.k, true), 0.43997233338264474);
    close(divergenceValue(table.counts, table.k), 0.1186259242799743);
  });
  it('local entropy and local Simpson interaction (first three LSOAs)', () => {
    const e = localEntropy(table).values;
    const s = localSimpsonsInteraction(table).values;
    const wantE = [0.35830302825585436, 0.38957505185919, 0.3670508047218398];
    const wantS = [0.3913013359392972, 0.4328384468183744, 0.41027863666740916];
    for (let i = 0; i < 3; i++) {
      close(e[i]!, wantE[i]!);
      close(s[i]!, wantS[i]!);
    }
  });
  it('ConProf (m = 1000) and MinMax for Pakistani vs the rest', () => {
    close(concentrationProfileValue(x, t), 0.09555782494140697);
    close(minMaxValue(x, t), 0.6308115757218832);
  });
  it('density-corrected D: exact folded-normal modes; PySAL’s Nelder–Mead stalls where φ(θ) underflows', () => {
    // Exact modes (bisection on x = θ tanh(θx) in numpy) give 0.4583916566904115. PySAL reports
    // 0.4514123133275224: for the 2 LSOAs with θ ≈ 39–40 its objective φ(x−θ)+φ(x+θ) is 0 at the start
    // and Nelder–Mead stops at x ≈ 7.8e-6 instead of x ≈ θ. Zeroing those two terms in the exact sum gives
    // 0.4514122281087567, PySAL's figure to its 1e-5 tolerance, so that is the only difference.
    close(densityCorrectedDissimilarityValue(x, t), 0.4583916566904115, 1e-12);
  });
});
