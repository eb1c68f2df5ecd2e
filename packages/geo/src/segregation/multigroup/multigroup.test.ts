import { describe, expect, it } from 'vitest';
import { CohesionError } from '../../errors.js';
import { groupTableFromColumns } from '../input.js';
import {
  divergence,
  diversityValue,
  informationTheoryValue,
  multiDissimilarity,
  multiDissimilarityValue,
  multiGiniValue,
  mutualInformationValue,
  normalizedExposureValue,
  relativeDiversityValue,
  simpsonsConcentrationValue,
  simpsonsInteractionValue,
  squaredCoefficientOfVariationValue,
} from './all.js';

const close = (a: number, b: number, tol = 1e-15) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol);

describe('two areas × three groups worked on paper', () => {
  // Area 1: (10, 0, 0); area 2: (0, 20, 10). T = 40, π = (1/4, 1/2, 1/4), I = 3/16 + 1/4 + 3/16 = 5/8.
  const counts = Float64Array.from([10, 0, 0, 0, 20, 10]);
  it('D = Σ|x_im − tᵢπ_m| / (2TI) = (15 + 15)/(2·40·5/8) = 0.6', () => {
    close(multiDissimilarityValue(counts, 3), 0.6);
  });
  it('M = ¼ ln 4 + ½ ln(4/3) + ¼ ln(4/3); E = 1.5 ln 2; H = M/E', () => {
    const M = 0.25 * Math.log(4) + 0.75 * Math.log(4 / 3);
    close(mutualInformationValue(counts, 3), M);
    close(diversityValue(counts, 3), 1.5 * Math.log(2));
    close(diversityValue(counts, 3, true), (1.5 * Math.log(2)) / Math.log(3));
    close(informationTheoryValue(counts, 3), M / (1.5 * Math.log(2)));
  });
  it('Σᵢ tᵢ(π_im − π_m)² = 15/2, 10/3, 5/6 ⇒ NE = 4/9, RD = 7/15, SCV = 1/2', () => {
    close(normalizedExposureValue(counts, 3), 4 / 9);
    close(relativeDiversityValue(counts, 3), 7 / 15);
    close(squaredCoefficientOfVariationValue(counts, 3), 0.5);
  });
  it("Simpson's interaction 5/8 and concentration 3/8", () => {
    close(simpsonsInteractionValue(counts, 3), 5 / 8);
    close(simpsonsConcentrationValue(counts, 3), 3 / 8);
  });
});

describe('complete segregation and even spread', () => {
  const pure = Float64Array.from([10, 0, 0, 0, 30, 0, 0, 0, 20, 5, 0, 0]);
  const even = Float64Array.from([10, 20, 30, 1, 2, 3, 5, 10, 15]);
  it('each area holds one group: D = Gini = H = 1, M = E', () => {
    close(multiDissimilarityValue(pure, 3), 1);
    close(multiGiniValue(pure, 3), 1, 1e-14);
    close(informationTheoryValue(pure, 3), 1, 1e-14);
    close(mutualInformationValue(pure, 3), diversityValue(pure, 3), 1e-15);
  });
  it('same mix everywhere: every segregation index is 0', () => {
    for (const f of [
      multiDissimilarityValue,
      multiGiniValue,
      mutualInformationValue,
      informationTheoryValue,
      normalizedExposureValue,
      relativeDiversityValue,
      squaredCoefficientOfVariationValue,
    ]) {
      close(f(even, 3), 0, 1e-15);
    }
  });
});

describe('multigroup input handling', () => {
  it('drops and reports empty areas and empty groups', () => {
    const t = groupTableFromColumns([
      [10, 0, 0],
      [0, 0, 20],
      [0, 0, 0],
    ]);
    const r = multiDissimilarity(t);
    expect(r.droppedAreas).toEqual([1]);
    expect(r.droppedGroups).toEqual([2]);
    close(r.value, 1);
    expect(Number.isFinite(divergence(t).value)).toBe(true);
  });
  it('errors name row and column', () => {
    try {
      multiDissimilarity(
        { counts: Float64Array.from([1, 2, 3, -4]), k: 2 },
        { groupColumns: ['a', 'b'], ids: ['X', 'Y'] },
      );
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(CohesionError);
      expect((e as CohesionError).code).toBe('NEGATIVE_COUNT');
      expect((e as CohesionError).detail).toMatchObject({ row: 1, column: 'b', id: 'Y' });
    }
    expect(() => multiDissimilarity({ counts: Float64Array.from([1, 2, 3]), k: 2 })).toThrow(/multiple of k/);
    expect(() => multiDissimilarity({ counts: new Float64Array(0), k: 2 })).toThrow(CohesionError);
    expect(() => multiDissimilarity({ counts: Float64Array.from([1, 0, 2, 0]), k: 2 })).toThrow(
      /only 1 of 2 groups/,
    );
    expect(() => groupTableFromColumns([[1, 2], [1]])).toThrow(/LENGTH|values/);
  });
});
