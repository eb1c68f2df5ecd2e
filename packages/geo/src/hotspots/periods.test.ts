import { describe, expect, it } from 'vitest';
import { wholePeriods } from './periods.js';

describe('wholePeriods', () => {
  // Feb 2016 – Jan 2019, as the Trafford burglary file: calendar quarters 2016-Q1 (2 months) and 2019-Q1 (1 month) are partial.
  const times = ['2016-02', '2016-03', '2016-04', '2017-07', '2018-12', '2019-01', '2019-01'];

  it('keeps whole calendar quarters only and says which were left out, with their incidents', () => {
    const p = wholePeriods(times, 'quarter');
    expect(p.labels[0]).toBe('2016-Q2');
    expect(p.labels.at(-1)).toBe('2018-Q4');
    expect(p.labels).toHaveLength(11); // empty quarters in between are kept
    expect(p.periodOf).toEqual([null, null, '2016-Q2', '2017-Q3', '2018-Q4', null, null]);
    expect(p.partial).toEqual([
      { label: '2016-Q1', monthsCovered: 2, monthsInPeriod: 3, incidents: 2 },
      { label: '2019-Q1', monthsCovered: 1, monthsInPeriod: 3, incidents: 2 },
    ]);
    expect(p.months).toBe(33);
    expect(p.note).toBe(
      'Only whole quarters are analysed: 2016-Q1 (2 of its 3 months in the data, 2 incidents) and 2019-Q1 (1 of its 3 months in the data, 2 incidents) were left out.',
    );
  });

  it('months are always whole; years need all twelve; from/to set the coverage', () => {
    const m = wholePeriods(times, 'month');
    expect(m.partial).toEqual([]);
    expect(m.note).toBeNull();
    expect(m.labels).toHaveLength(36);
    const y = wholePeriods(times, 'year');
    expect(y.labels).toEqual(['2017', '2018']);
    expect(wholePeriods(times, 'quarter', { from: '2016-01', to: '2019-03' }).partial).toEqual([]);
  });

  it('a date that is not YYYY-MM is an error naming the row', () => {
    expect(() => wholePeriods(['2016-02', 'March'], 'quarter')).toThrow(/"March" on row 2 is not YYYY-MM/);
  });
});
