// Number formats the report's readers see: percentages, rank shares.
import { describe, expect, it } from 'vitest';
import { fmt3, pct, rankShare } from '../src/format.js';

describe('pct', () => {
  it('never shows a share above 0 as 0.0%: under 0.05% reads "under 0.1%", exactly 0 reads 0%', () => {
    expect(pct(0.00019, 1)).toBe('under 0.1%'); // 45 of 234,987 people
    expect(pct(0.00049, 1)).toBe('under 0.1%');
    expect(pct(0.0005, 1)).toBe('0.1%');
    expect(pct(0.001, 1)).toBe('0.1%');
    expect(pct(0, 1)).toBe('0%');
    expect(pct(0)).toBe('0%');
    expect(pct(0.004)).toBe('under 1%');
    expect(pct(0.28)).toBe('28%');
    expect(pct(0.2834, 1)).toBe('28.3%');
    expect(pct(null)).toBe('n/a');
    expect(pct(Number.NaN, 1)).toBe('n/a');
  });
});

describe('rankShare', () => {
  it('rounds to nearest', () => {
    expect(rankShare(291, 347)).toBe(84);
    expect(rankShare(288, 347)).toBe(83);
  });
});

describe('fmt3', () => {
  it('writes negatives with the true minus sign, as the signed changes do', () => {
    expect(fmt3(-0.05)).toBe('−0.050');
    expect(fmt3(0.309)).toBe('0.309');
    expect(fmt3(Number.NaN)).toBe('n/a');
  });
});
