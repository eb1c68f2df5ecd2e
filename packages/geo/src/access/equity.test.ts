import { describe, expect, it } from 'vitest';
import type { CohesionError } from '../errors.js';
import { equityGap, meanByAreaClass, meanByPopulationGroup, minorityShare } from './equity.js';

// Four areas: distance to the nearest park (m), and residents by group.
const distance = [100, 200, 400, Number.POSITIVE_INFINITY];
const groups = { white: [90, 50, 20, 10], asian: [10, 50, 80, 0] };
const total = [100, 100, 100, 10];

describe('equity summaries', () => {
  it('population-weights a measure by group, skipping areas with no finite value', () => {
    const [white, asian] = meanByPopulationGroup(distance, groups);
    // White: (90·100 + 50·200 + 20·400) / 160 = 27000 / 160; the 4th area has no finite distance.
    expect(white).toEqual({ group: 'white', population: 160, areas: 3, mean: 27000 / 160 });
    // Asian: (10·100 + 50·200 + 80·400) / 140 = 43000 / 140.
    expect(asian!.mean).toBeCloseTo(43000 / 140, 12);
  });

  it('summarises by area class such as IMD decile', () => {
    const r = meanByAreaClass(distance, total, [2, 1, 1, null]);
    expect(r.map((g) => g.group)).toEqual(['1', '2']);
    expect(r[0]!.mean).toBe(300);
    expect(r[1]!.mean).toBe(100);
  });

  it('computes minority shares and rejects empty areas and impossible counts', () => {
    expect(Array.from(minorityShare(groups, total, ['asian']))).toEqual([0.1, 0.5, 0.8, 0]);
    expect(() => minorityShare(groups, [100, 0, 100, 10], ['asian'])).toThrowError(/no population/);
    try {
      minorityShare(groups, [100, 40, 100, 10], ['asian']);
      expect.unreachable();
    } catch (e) {
      expect((e as CohesionError).code).toBe('GROUP_EXCEEDS_TOTAL');
      expect((e as CohesionError).detail.row).toBe(1);
    }
  });

  it('gives the focus/rest gap ratio with a seeded bootstrap interval', () => {
    const focus = [false, true, true, false];
    const g = equityGap(distance, total, focus, { seed: 7, replicates: 499 });
    // Focus: (200 + 400)/2 = 300; rest: area 1 only (area 4 has no finite value) = 100.
    expect(g.focusMean).toBe(300);
    expect(g.restMean).toBe(100);
    expect(g.ratio).toBe(3);
    // Resamples of {200, 400} give means 200, 300 or 400 over a rest mean of 100.
    expect(g.lower).toBeGreaterThanOrEqual(2);
    expect(g.upper).toBeLessThanOrEqual(4);
    expect(equityGap(distance, total, focus, { seed: 7, replicates: 499 })).toEqual(g);
    expect(equityGap(distance, total, [false, false, false, false]).ratio).toBeNaN();
  });
});
