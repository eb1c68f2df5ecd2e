// Hand-worked cases for the engine's summaries: the p-value rule, moments, type-7 quantiles,
// bootstrap intervals and the redraw rule of simulateValues.
import { describe, expect, it } from 'vitest';
import { CohesionError } from '../errors.js';
import { bootstrapSummary, checkLevel, simulateValues, summariseSimulation } from './simulation.js';
import { meanSd, quantileSorted } from './summary.js';

const ten = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

describe('summariseSimulation', () => {
  it('observed 8.5 among 1..10: k≥ = 2, k≤ = 8, p by (k+1)/(R+1) with R = 10', () => {
    const s = summariseSimulation(8.5, ten);
    expect(s.p_sim).toBe((2 * (2 + 1)) / 11); // two-sided: 2·(min(2, 8) + 1)/(R + 1)
    expect(summariseSimulation(8.5, ten, 'greater').p_sim).toBe(3 / 11);
    expect(summariseSimulation(8.5, ten, 'less').p_sim).toBe(9 / 11);
    expect(summariseSimulation(8.5, ten, 'folded').p_sim).toBe(3 / 11);
    expect(s.mean).toBe(5.5);
    expect(s.sd).toBeCloseTo(Math.sqrt(82.5 / 9), 14);
    expect(s.z).toBeCloseTo(3 / Math.sqrt(82.5 / 9), 14);
  });
  it('never gives 0: beyond every simulated value p = 1/(R+1) one-sided, 2/(R+1) two-sided', () => {
    expect(summariseSimulation(100, ten, 'greater').p_sim).toBe(1 / 11);
    expect(summariseSimulation(100, ten).p_sim).toBe(2 / 11);
    // Two-sided is capped at 1 (the middle of the distribution).
    expect(summariseSimulation(5.5, ten).p_sim).toBe(1);
  });
  it('ties count as at least as extreme (conservative)', () => {
    expect(summariseSimulation(10, ten, 'greater').p_sim).toBe(2 / 11);
  });
  it('a bootstrap counts from the reference, with the one-sided tails swapped', () => {
    // Replicates of a difference, all above 0 except one: "greater than 0" is supported by all but one.
    const boot = Float64Array.from([-1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const s = summariseSimulation(5, boot, 'greater', 0);
    expect(s.p_sim).toBe(2 / 11); // #{d ≤ 0} = 1
    expect(summariseSimulation(5, boot, 'less', 0).p_sim).toBe(10 / 11); // #{d ≥ 0} = 9
    expect(summariseSimulation(5, boot, 'two-sided', 0).p_sim).toBe(4 / 11);
    expect(s.z).toBeCloseTo(s.mean / s.sd, 14);
  });
});

describe('moments and quantiles', () => {
  it('meanSd uses n − 1', () => {
    const { mean, sd } = meanSd([1, 2, 3, 4]);
    expect(mean).toBe(2.5);
    expect(sd).toBeCloseTo(Math.sqrt(5 / 3), 15);
  });
  it('type-7 quantiles as R: quantile(1:5, c(0.1, 0.5, 0.975)) = 1.4, 3, 4.9', () => {
    const s = Float64Array.from([1, 2, 3, 4, 5]);
    expect(quantileSorted(s, 0.1)).toBeCloseTo(1.4, 15);
    expect(quantileSorted(s, 0.5)).toBe(3);
    expect(quantileSorted(s, 0.975)).toBeCloseTo(4.9, 15);
    expect(quantileSorted(new Float64Array(0), 0.5)).toBeNaN();
  });
  it('bootstrapSummary: SE, bias, bias-corrected estimate and percentile interval', () => {
    // Replicates 1..10 (unsorted), estimate 5: mean 5.5, bias 0.5, 2·5 − 5.5 = 4.5;
    // 80% interval: type-7 quantiles 0.1 and 0.9 of 1..10 = 1.9 and 9.1.
    const b = bootstrapSummary(5, Float64Array.from([10, 1, 9, 2, 8, 3, 7, 4, 6, 5]), 0.8);
    expect(b.mean).toBe(5.5);
    expect(b.bias).toBe(0.5);
    expect(b.biasCorrected).toBe(4.5);
    expect(b.standardError).toBeCloseTo(Math.sqrt(82.5 / 9), 14);
    expect(b.ci[0]).toBeCloseTo(1.9, 14);
    expect(b.ci[1]).toBeCloseTo(9.1, 14);
  });
  it('checkLevel accepts (0, 1) only and defaults to 0.95', () => {
    expect(checkLevel()).toBe(0.95);
    expect(() => checkLevel(1)).toThrow(CohesionError);
  });
});

describe('simulateValues', () => {
  it('redraws undefined draws and keeps the order of the defined ones', () => {
    let i = 0;
    const v = simulateValues(3, () => (i++ % 2 === 0 ? undefined : i), 'never');
    expect(Array.from(v)).toEqual([2, 4, 6]);
  });
  it('gives up after 100·R failed draws with the reason given', () => {
    expect(() => simulateValues(2, () => undefined, 'population too small')).toThrow(/population too small/);
  });
});
