// Hand-worked small cases for alerts/: each expectation is derived from the formula in the test.
import { describe, expect, it } from 'vitest';
import { CohesionError } from '../errors.js';
import { parseCsv } from '../io/csv.js';
import { normalQuantile } from '../stats/normal.js';
import { detectAlerts, multipleTestingNote } from './detect.js';
import { ears } from './ears.js';
import { farrington } from './farrington.js';
import { fitQuasiPoisson } from './glm.js';
import { parsePeriod, periodLabel } from './periods.js';
import { seriesFromCounts, seriesFromPoints } from './series.js';

const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
const sd = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + (x - mean(v)) ** 2, 0) / (v.length - 1));

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof CohesionError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('EARS by hand', () => {
  it('C1: threshold is the mean of the 7 previous periods plus z(0.999) standard deviations', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 20];
    const r = ears(x, 'c1');
    expect(r.start).toBe(7);
    const base = x.slice(0, 7);
    expect(r.expected[0]).toBeCloseTo(4, 12);
    expect(r.threshold[0]).toBeCloseTo(mean(base) + normalQuantile(0.999) * sd(base), 12);
    expect(r.alarm[0]).toBe(1);
  });

  it('C2 leaves a two-period guard band, so a rise already two periods old does not hide itself', () => {
    const x = [5, 6, 5, 4, 5, 6, 5, 30, 31, 32];
    const c2 = ears(x, 'c2');
    expect(c2.start).toBe(9);
    const base = x.slice(0, 7);
    expect(c2.threshold[0]).toBeCloseTo(mean(base) + normalQuantile(0.999) * sd(base), 12);
    expect(c2.alarm[0]).toBe(1);
    // C1 at the same period has the rise in its baseline and stays quiet.
    const c1 = ears(x, 'c1');
    expect(c1.alarm[c1.alarm.length - 1]).toBe(0);
  });

  it('C3 carries the excess of the two previous C2 statistics (R upperbound formula)', () => {
    const x = [5, 6, 5, 4, 5, 6, 5, 5, 6, 30, 31, 5];
    const r = ears(x, 'c3', { baseline: 7 });
    expect(r.start).toBe(11);
    const c2 = (t: number) => {
      const b = x.slice(t - 9, t - 2);
      return [(x[t] as number) - mean(b), sd(b)] as const;
    };
    const z = normalQuantile(1 - 0.025);
    const carry = Math.max(0, c2(9)[0] / c2(9)[1] - 1) + Math.max(0, c2(10)[0] / c2(10)[1] - 1);
    expect(r.threshold[0]).toBeCloseTo(Math.max(0, 5 + c2(11)[1] * (z - carry)), 12);
    expect(r.alarm[0]).toBe(carry > z ? 1 : 0);
  });

  it('rejects a short series, a small baseline and negative counts with typed errors', () => {
    expect(codeOf(() => ears([1, 2, 3], 'c1'))).toBe('SERIES_TOO_SHORT');
    expect(codeOf(() => ears([1, 2, 3, 4, 5], 'c1', { baseline: 2 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => ears([1, 2, -3, 4, 5, 6, 7, 8, 9], 'c1'))).toBe('NEGATIVE_COUNT');
    expect(codeOf(() => ears([1, 2, Number.NaN, 4, 5, 6, 7, 8, 9], 'c1'))).toBe('MISSING_PERIOD');
  });
});

describe('quasi-Poisson GLM by hand', () => {
  it('intercept only: μ is the mean and the dispersion is Σ(y − ȳ)²/ȳ/(n − 1)', () => {
    const y = [2, 4, 6, 3, 10];
    const f = fitQuasiPoisson(Float64Array.from(y), new Float64Array(5).fill(1), 1);
    expect(f.converged).toBe(true);
    // IRLS stops when the deviance changes by < 1e-8 (as R's glm), leaving μ within ~1e-8.
    expect(Math.exp(f.coefficients[0] as number)).toBeCloseTo(5, 7);
    // R's summary.glm weighs the final residuals by the working weights of the step before, so its
    // dispersion sits ~1e-4 from the textbook value here; we reproduce R (see reference.test.ts).
    expect(f.dispersion).toBeCloseTo(y.reduce((s, v) => s + (v - 5) ** 2 / 5, 0) / 4, 3);
    // Var(log μ̂) unscaled = 1/(n μ), hat values 1/n.
    expect(f.covUnscaled[0]).toBeCloseTo(1 / 25, 4);
    for (const h of f.hat) expect(h).toBeCloseTo(0.2, 10);
  });
});

describe('Farrington by hand', () => {
  it('no trend, no reweighting, w = 0: the expected count is the mean of the same period in past years', () => {
    // Quarterly (freq 4), b = 2: baseline = the same quarter 1 and 2 years back.
    const x = [3, 1, 1, 1, 5, 1, 1, 1, 12];
    const r = farrington(x, { freq: 4, b: 2, w: 0, trend: false, reweight: false, limit54: [0, 1] });
    expect(r.start).toBe(8);
    const mu = 4; // (3 + 5) / 2
    expect(r.expected[0]).toBeCloseTo(mu, 8);
    const phi = Math.max(1, ((3 - mu) ** 2 / mu + (5 - mu) ** 2 / mu) / 1);
    expect(r.phi[0]).toBeCloseTo(phi, 8);
    // Var(μ̂) = μ²·Var(log μ̂) = μ²·φ_raw/(nμ); threshold on the 2/3-power scale.
    const phiRaw = ((3 - mu) ** 2 + (5 - mu) ** 2) / mu;
    const varMu = (mu * mu * phiRaw) / (2 * mu);
    const tau = phi + varMu / mu;
    const se = Math.sqrt((4 / 9) * mu ** (1 / 3) * tau);
    expect(r.threshold[0]).toBeCloseTo((mu ** (2 / 3) + normalQuantile(0.95) * se) ** 1.5, 8);
    expect(r.alarm[0]).toBe(12 > (r.threshold[0] as number) ? 1 : 0);
  });

  it('gives no threshold with fewer than 5 cases in the last 4 periods (limit54)', () => {
    const x = Array.from({ length: 30 }, () => 1);
    const r = farrington(x, { freq: 4, b: 5, w: 1 });
    expect(Number.isNaN(r.threshold[0] as number)).toBe(true);
    expect(r.alarm[0]).toBe(0);
  });

  it('rejects a series shorter than b years plus w', () => {
    expect(codeOf(() => farrington([1, 2, 3, 4, 5, 6], { freq: 4, b: 2, w: 0 }))).toBe('SERIES_TOO_SHORT');
    expect(codeOf(() => farrington([1, 2, 3, 4, 5, 6], { freq: 4, b: 1, w: 3 }))).toBe('INVALID_ARGUMENT');
    expect(
      codeOf(() => farrington([1, 2.5, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13], { freq: 4, b: 2, w: 0 })),
    ).toBe('NON_NUMERIC');
  });
});

describe('periods and series', () => {
  it('parses months and ISO weeks to consecutive indices and back', () => {
    expect(parsePeriod('2018-12').index + 1).toBe(parsePeriod('2019-01').index);
    expect(parsePeriod('2019-01-31').dated).toBe(true);
    expect(parsePeriod('2020-W53').index + 1).toBe(parsePeriod('2021-W01').index);
    expect(periodLabel('week', parsePeriod('2020-W53').index)).toBe('2020-W53');
    expect(periodLabel('month', parsePeriod('2019-07').index)).toBe('2019-07');
    expect(codeOf(() => parsePeriod('2019-13'))).toBe('PARSE_ERROR');
    expect(codeOf(() => parsePeriod('July 2019'))).toBe('PARSE_ERROR');
  });

  it('a count table with a missing month is an error naming the area and month, never a zero', () => {
    const t = parseCsv(
      'ward,month,n\nA,2019-01,3\nA,2019-02,4\nA,2019-03,1\nB,2019-01,2\nB,2019-03,5\n',
      't.csv',
    );
    let err: unknown;
    try {
      seriesFromCounts(t, { period: 'month', count: 'n', area: 'ward' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CohesionError);
    expect((err as CohesionError).code).toBe('MISSING_PERIOD');
    expect((err as CohesionError).detail).toMatchObject({ id: 'B', value: '2019-02' });
    const dup = parseCsv('month,n\n2019-01,3\n2019-01,4\n', 'd.csv');
    expect(codeOf(() => seriesFromCounts(dup, { period: 'month', count: 'n' }))).toBe('DUPLICATE_CODE');
    const neg = parseCsv('month,n\n2019-01,3\n2019-02,-4\n', 'n.csv');
    expect(codeOf(() => seriesFromCounts(neg, { period: 'month', count: 'n' }))).toBe('NEGATIVE_COUNT');
  });

  it('points: counts per area and month; a month with no incident anywhere is missing; a dated last month is dropped', () => {
    const times = ['2019-01', '2019-01', '2019-02', '2019-03', '2019-03'];
    const s = seriesFromPoints(times, Int32Array.from([0, 1, 1, 0, -1]), ['A', 'B']);
    expect(s.periods).toEqual(['2019-01', '2019-02', '2019-03']);
    expect(Array.from(s.counts[0] as Float64Array)).toEqual([1, 0, 1]);
    expect(Array.from(s.counts[1] as Float64Array)).toEqual([1, 1, 0]);
    expect(codeOf(() => seriesFromPoints(['2019-01', '2019-03'], Int32Array.from([0, 0]), ['A']))).toBe(
      'MISSING_PERIOD',
    );
    expect(
      seriesFromPoints(['2019-01', '2019-03'], Int32Array.from([0, 0]), ['A'], { allowEmptyPeriods: true })
        .periods,
    ).toEqual(['2019-01', '2019-02', '2019-03']);
    const dated = seriesFromPoints(['2019-01-05', '2019-02-11', '2019-03-02'], Int32Array.from([0, 0, 0]), [
      'A',
    ]);
    expect(dated.periods).toEqual(['2019-01', '2019-02']);
    expect(dated.dropped).toEqual(['2019-03']);
    const through = seriesFromPoints(
      ['2019-01-05', '2019-02-11', '2019-03-31'],
      Int32Array.from([0, 0, 0]),
      ['A'],
      {
        through: '2019-03',
      },
    );
    expect(through.periods).toHaveLength(3);
  });
});

describe('detectAlerts', () => {
  const counts = 'ward,month,n\n';
  const rows: string[] = [];
  const a = [3, 4, 3, 5, 4, 3, 4, 3, 4, 15, 16];
  const b = [2, 2, 3, 2, 2, 3, 2, 2, 3, 2, 2];
  a.forEach((v, t) => {
    const m = `2019-${String(t + 1).padStart(2, '0')}`;
    rows.push(`A,${m},${v}`, `B,${m},${b[t]}`);
  });
  const series = seriesFromCounts(parseCsv(counts + rows.join('\n'), 'c.csv'), {
    period: 'month',
    count: 'n',
    area: 'ward',
  });

  it('reports per area and for the whole council, with since, excess and a multiple-testing note', () => {
    const r = detectAlerts(series, { method: 'c1', alpha: 0.01, population: [2000, 1000] });
    expect(r.from).toBe('2019-08');
    expect(r.to).toBe('2019-11');
    expect(r.results).toHaveLength(3 * 4);
    const aNov = r.results.find((x) => x.area === 'A' && x.period === '2019-11');
    expect(aNov?.alarm).toBe(true);
    // The October rise is in November's C1 baseline, yet November still alarms; the run began in October.
    expect(aNov?.since).toBe('2019-10');
    expect(aNov?.excess).toBeCloseTo(16 - mean(a.slice(3, 10)), 12);
    expect(aNov?.rate).toBeCloseTo(8, 12);
    const all = r.results.find((x) => x.area === 'all' && x.period === '2019-10');
    expect(all?.observed).toBe(17);
    expect(r.multipleTesting.tests).toBe(3);
    expect(r.multipleTesting.expectedFalseAlarms).toBeCloseTo(0.03, 12);
    expect(r.current.map((x) => x.area)).toContain('A');
    expect(r.multipleTesting.note).toMatch(/by chance/);
  });

  it("the note's verbs agree with their counts", () => {
    const note = (tests: number, raised: number, remaining: number) =>
      multipleTestingNote({
        tests,
        period: '2019-11',
        alpha: 0.01,
        expectedFalse: tests * 0.01,
        raised,
        remaining,
      });
    expect(note(3, 3, 1)).toContain('3 series were tested in 2019-11');
    expect(note(3, 3, 1)).toContain('3 alarms were raised; 1 remains at a false discovery rate of 0.01');
    expect(note(3, 1, 1)).toContain('1 alarm was raised; 1 remains at');
    expect(note(3, 2, 2)).toContain('2 alarms were raised; 2 remain at');
    expect(note(3, 0, 0)).toContain('0 alarms were raised; 0 remain at');
    expect(note(1, 1, 0)).toContain('1 series was tested');
    const r = detectAlerts(series, { method: 'c1', alpha: 0.01, population: [2000, 1000] });
    expect(r.multipleTesting.note).not.toMatch(/\b1 alarm were\b|\b1 remain\b/);
    expect(r.multipleTesting.note).toContain(
      `${r.current.length} alarm${r.current.length === 1 ? ' was' : 's were'} raised`,
    );
  });

  it('picks the Farrington baseline years that fit, and errors when not even one does', () => {
    expect(codeOf(() => detectAlerts(series, { method: 'farrington' }))).toBe('SERIES_TOO_SHORT');
  });
});
