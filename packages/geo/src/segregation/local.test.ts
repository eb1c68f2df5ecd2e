import { describe, expect, it } from 'vitest';
import {
  localDiversity,
  localEntropy,
  localSegregation,
  localSimpsonsConcentration,
  localSimpsonsInteraction,
  locationQuotient,
  multiLocationQuotient,
} from './local.js';
import { mutualInformationValue } from './multigroup/mutualInformation.js';

const close = (a: number, b: number, tol = 1e-15) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol);

// Area 1: (10, 0, 0); area 2: (0, 20, 10); area 3 empty. π = (1/4, 1/2, 1/4).
const table = { counts: Float64Array.from([10, 0, 0, 0, 20, 10, 0, 0, 0]), k: 3 };

describe('local indices worked on paper', () => {
  it('location quotients: area 1 group 1 = 1/(1/4) = 4; area 2 group 2 = (2/3)/(1/2) = 4/3; empty area NaN', () => {
    const lq = multiLocationQuotient(table);
    close(lq.values[0]!, 4);
    close(lq.values[4]!, 4 / 3);
    close(lq.values[1]!, 0);
    expect(Number.isNaN(lq.values[6]!)).toBe(true);
    expect(lq.droppedAreas).toEqual([2]);
    const single = locationQuotient([30, 10], [40, 60]);
    close(single.values[0]!, 0.75 / 0.4);
  });
  it("location quotient's missing-value policy: NaN is NON_NUMERIC, or with missing: 'nan' no data left out of X and T", () => {
    expect(() => locationQuotient([30, Number.NaN, 10], [40, 50, 60], { ids: ['A', 'B', 'C'] })).toThrow(
      expect.objectContaining({ code: 'NON_NUMERIC', detail: expect.objectContaining({ row: 1, id: 'B' }) }),
    );
    const r = locationQuotient([30, Number.NaN, 10], [40, 50, 60], { missing: 'nan' });
    // X/T over areas 1 and 3 only: 40/100, as if area 2 were not there.
    close(r.values[0]!, 0.75 / 0.4);
    expect(r.values[1]).toBeNaN();
    close(r.values[2]!, 10 / 60 / 0.4);
    expect(r.missingAreas).toEqual([1]);
    // The rows keep their places: a bad count after a missing one is named by its own row.
    expect(() => locationQuotient([Number.NaN, 70], [10, 60], { missing: 'nan' })).toThrow(
      expect.objectContaining({ code: 'GROUP_EXCEEDS_TOTAL', detail: expect.objectContaining({ row: 1 }) }),
    );
  });
  it('local diversity / entropy / Simpson: area 1 pure (0, 0, 1), area 2 mix (2/3, 1/3)', () => {
    const h = -(2 / 3) * Math.log(2 / 3) - (1 / 3) * Math.log(1 / 3);
    close(localDiversity(table).values[0]!, 0);
    close(localDiversity(table).values[1]!, h);
    close(localEntropy(table).values[1]!, h / Math.log(3));
    close(localSimpsonsInteraction(table).values[1]!, 4 / 9);
    close(localSimpsonsConcentration(table).values[0]!, 1);
    close(localSimpsonsConcentration(table).values[1]!, 5 / 9);
    expect(Number.isNaN(localDiversity(table).values[2]!)).toBe(true);
  });
  it('Elbers ls by area: ln 4 and ln(4/3), weights 1/4 and 3/4, Σ p·ls = M', () => {
    const r = localSegregation(table);
    close(r.ls[0]!, Math.log(4));
    close(r.ls[1]!, Math.log(4 / 3));
    close(r.p[0]!, 0.25);
    close(r.p[1]!, 0.75);
    expect(Number.isNaN(r.ls[2]!)).toBe(true);
    close(r.total, mutualInformationValue(table.counts, 3));
  });
  it('Elbers ls by group also sums to M', () => {
    const r = localSegregation(table, { by: 'group' });
    // Group 1 lives only in area 1 (¼ of people): ls = ln 4.
    close(r.ls[0]!, Math.log(4));
    close(r.total, mutualInformationValue(table.counts, 3), 1e-15);
  });
});
