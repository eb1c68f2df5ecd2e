// Issue 15, row order, for alerts: a population keyed by code is matched to the series' areas, in
// whatever order the census table lists them.
import { describe, expect, it } from 'vitest';
import type { CohesionError } from '../errors.js';
import { parseCsv } from '../io/csv.js';
import { detectAlerts } from './detect.js';
import { seriesFromCounts } from './series.js';

const a = [3, 4, 3, 5, 4, 3, 4, 3, 4, 15, 16];
const b = [2, 2, 3, 2, 2, 3, 2, 2, 3, 2, 2];
const rows = a.flatMap((v, t) => {
  const m = `2019-${String(t + 1).padStart(2, '0')}`;
  return [`A,${m},${v}`, `B,${m},${b[t]}`];
});
const series = seriesFromCounts(parseCsv(`ward,month,n\n${rows.join('\n')}`, 'c.csv'), {
  period: 'month',
  count: 'n',
  area: 'ward',
});

describe('detectAlerts and row order', () => {
  it('population { ids, values } in another order gives the rates of the positional population', () => {
    expect(series.areas).toEqual(['A', 'B']);
    const positional = detectAlerts(series, { method: 'c1', population: [2000, 1000] });
    const keyed = detectAlerts(series, {
      method: 'c1',
      population: { ids: ['B', 'A'], values: [1000, 2000] },
    });
    expect(keyed).toEqual(positional);
    expect(keyed.results.find((x) => x.area === 'A' && x.period === '2019-11')?.rate).toBeCloseTo(8, 12);
  });
  it('a population code that is not an area is UNMATCHED_CODE', () => {
    try {
      detectAlerts(series, { method: 'c1', population: { ids: ['B', 'C'], values: [1000, 2000] } });
      expect.unreachable();
    } catch (e) {
      expect((e as CohesionError).code).toBe('UNMATCHED_CODE');
    }
  });
});
