import { CohesionError } from '../errors.js';
import { fdrAdjust } from '../hotspots/multiple.js';
import { type KeyedValues, valuesInAreaOrder } from '../validate/align.js';
import { ears } from './ears.js';
import { type FarringtonOptions, farrington } from './farrington.js';
import { PERIODS_PER_YEAR } from './periods.js';
import type { SurveillanceResult } from './result.js';
import { type AreaSeries, totalSeries } from './series.js';

/** Detection method for {@link detectAlerts}. */
export type AlertMethod = 'c1' | 'c2' | 'c3' | 'farrington';

/** Options for {@link detectAlerts}. */
export interface DetectAlertsOptions {
  method: AlertMethod;
  /**
   * EARS: baseline length in periods (default 7). Farrington: years of baseline `b` (default the
   * most, up to 5, that leaves at least one period to evaluate).
   */
  baseline?: number;
  /** One-sided level; default as R (EARS C1/C2 0.001, C3 0.025, Farrington 0.05). */
  alpha?: number;
  /** Further Farrington settings (R `farringtonFlexible` control names). */
  farrington?: Partial<Omit<FarringtonOptions, 'freq' | 'b' | 'alpha'>>;
  /** Also watch the sum of all areas (default true), reported under `totalName`. */
  total?: boolean;
  /** Name of the whole-council series; default "all". */
  totalName?: string;
  /**
   * Population per area for rates per 1,000 residents: a plain array in `series.areas` order, or
   * `{ ids, values }` (e.g. a census table's code and count columns) matched to the series' areas
   * by code in any order (`UNMATCHED_CODE` / `DUPLICATE_CODE` otherwise; see `valuesInAreaOrder`).
   */
  population?: ArrayLike<number> | KeyedValues;
  /** Only report the last `last` evaluated periods (default all). */
  last?: number;
}

/** One area in one period. */
export interface AlertRow {
  area: string;
  period: string;
  observed: number;
  /** Expected count; null where the method gives none (Farrington with too few recent cases). */
  expected: number | null;
  /** Alarm threshold: alarm when observed > threshold; null where none can be given. */
  threshold: number | null;
  alarm: boolean;
  /** observed − expected. */
  excess: number | null;
  /** First period of the run of consecutive alarms this one belongs to; null without an alarm. */
  since: string | null;
  /** Upper-tail p-value under the baseline model. */
  p: number | null;
  /** Rates per 1,000 residents, with a population. */
  rate?: number;
  expected_rate?: number | null;
  threshold_rate?: number | null;
}

/** Result of {@link detectAlerts}. */
export interface AlertReport {
  method: AlertMethod;
  alpha: number;
  /** EARS baseline periods, or Farrington years. */
  baseline: number;
  kind: AreaSeries['kind'];
  /** Evaluated periods (first … last). */
  from: string;
  to: string;
  results: AlertRow[];
  /** Rows alarming in the latest period, largest excess first. */
  current: AlertRow[];
  multipleTesting: MultipleTestingNote;
}

/** What to expect from watching many series at once. */
export interface MultipleTestingNote {
  /** Series tested in the latest period (with a threshold). */
  tests: number;
  alpha: number;
  /** tests × alpha: alarms expected in a period with no real rise anywhere. */
  expectedFalseAlarms: number;
  /** Per-series level keeping the chance of any false alarm ≤ alpha (Bonferroni). */
  bonferroniAlpha: number;
  /** Latest-period alarms that survive Benjamini–Hochberg at false discovery rate alpha. */
  fdrAlarms: string[];
  note: string;
}

/**
 * Runs EARS C1/C2/C3 or Farrington on every area's series and on their total, and reports each
 * evaluated period: observed, expected, threshold, alarm, excess over expected and since when the
 * alarm has run. In the latest period, it adds a multiple-testing note: with m series watched at
 * level α, about m·α alarms are expected by chance alone; Benjamini–Hochberg q-values on the
 * latest p-values say which alarms survive a false discovery rate of α.
 * Row order: `population` in `series.areas` order, or `{ ids, values }` matched by code.
 */
export function detectAlerts(series: AreaSeries, options: DetectAlertsOptions): AlertReport {
  const method = options.method;
  if (!['c1', 'c2', 'c3', 'farrington'].includes(method))
    throw new CohesionError('INVALID_ARGUMENT', `method must be c1, c2, c3 or farrington; got "${method}"`, {
      value: method,
    });
  const n = series.periods.length;
  const population =
    options.population === undefined
      ? undefined
      : valuesInAreaOrder(series.areas, options.population, 'population');
  if (population && population.length !== series.areas.length)
    throw new CohesionError(
      'LENGTH_MISMATCH',
      `${population.length} populations for ${series.areas.length} areas`,
    );
  const names = [...series.areas];
  const data = [...series.counts];
  const pops: number[] = population ? Array.from(population) : [];
  if (options.total ?? true) {
    const name = options.totalName ?? 'all';
    if (names.includes(name))
      throw new CohesionError(
        'DUPLICATE_CODE',
        `an area is already called "${name}"; choose another total name`,
        {
          id: name,
        },
      );
    names.push(name);
    data.push(totalSeries(series));
    if (population) pops.push(pops.reduce((s, v) => s + v, 0));
  }
  for (const [i, p] of pops.entries())
    if (!(p > 0))
      throw new CohesionError('ZERO_POPULATION', `${names[i]} has population ${p}`, {
        id: names[i],
        value: p,
      });
  let baseline = options.baseline;
  const freq = PERIODS_PER_YEAR[series.kind];
  if (method === 'farrington' && baseline === undefined) {
    const w = options.farrington?.w ?? 3;
    baseline = Math.min(5, Math.floor((n - 1 - w) / freq));
    if (baseline < 1)
      throw new CohesionError(
        'SERIES_TOO_SHORT',
        `Farrington needs at least one year of ${freq} ${series.kind}s plus ${w} before the first period it checks; the series has ${n}`,
        { value: n },
      );
  }
  const run = (x: Float64Array): SurveillanceResult =>
    method === 'farrington'
      ? farrington(x, { ...options.farrington, freq, b: baseline, alpha: options.alpha })
      : ears(x, method, { baseline, alpha: options.alpha });
  const results = data.map(run);
  const first = results[0] as SurveillanceResult;
  const start = Math.max(first.start, options.last ? n - options.last : 0);
  const rows: AlertRow[] = [];
  const latest: { row: AlertRow; p: number }[] = [];
  const num = (v: number) => (Number.isFinite(v) ? v : null);
  results.forEach((r, a) => {
    let runStart = -1;
    for (let j = 0; j < r.observed.length; j++) {
      const t = r.start + j;
      const alarm = r.alarm[j] === 1;
      if (alarm && runStart < 0) runStart = t;
      if (!alarm) runStart = -1;
      if (t < start) continue;
      const observed = r.observed[j] as number;
      const expected = num(r.expected[j] as number);
      const row: AlertRow = {
        area: names[a] as string,
        period: series.periods[t] as string,
        observed,
        expected,
        threshold: num(r.threshold[j] as number),
        alarm,
        excess: expected === null ? null : observed - expected,
        since: alarm ? (series.periods[runStart] as string) : null,
        p: num(r.p[j] as number),
      };
      if (pops.length) {
        const per = 1000 / (pops[a] as number);
        row.rate = observed * per;
        row.expected_rate = row.expected === null ? null : row.expected * per;
        row.threshold_rate = row.threshold === null ? null : row.threshold * per;
      }
      rows.push(row);
      if (t === n - 1) latest.push({ row, p: r.p[j] as number });
    }
  });
  const alpha = first.alpha;
  const tested = latest.filter((l) => l.row.threshold !== null);
  const q = fdrAdjust(tested.map((l) => l.p));
  const fdrAlarms = tested.filter((l, i) => l.row.alarm && (q[i] as number) <= alpha).map((l) => l.row.area);
  const m = tested.length;
  const expectedFalse = m * alpha;
  const current = latest
    .map((l) => l.row)
    .filter((r) => r.alarm)
    .sort((x, y) => (y.excess ?? 0) - (x.excess ?? 0));
  return {
    method,
    alpha,
    baseline: baseline ?? (method === 'farrington' ? 5 : 7),
    kind: series.kind,
    from: series.periods[start] as string,
    to: series.periods[n - 1] as string,
    results: rows,
    current,
    multipleTesting: {
      tests: m,
      alpha,
      expectedFalseAlarms: expectedFalse,
      bonferroniAlpha: m > 0 ? alpha / m : alpha,
      fdrAlarms,
      note: multipleTestingNote({
        tests: m,
        period: series.periods[n - 1] as string,
        alpha,
        expectedFalse,
        raised: current.length,
        remaining: fdrAlarms.length,
      }),
    },
  };
}

/**
 * The plain-English multiple-testing note of {@link detectAlerts}, with every noun and verb agreeing
 * with its count: "1 alarm was raised; 1 remains", "3 alarms were raised; 2 remain".
 */
export function multipleTestingNote(a: {
  tests: number;
  period: string;
  alpha: number;
  expectedFalse: number;
  raised: number;
  remaining: number;
}): string {
  const one = (k: number) => k === 1;
  return (
    `${a.tests} series ${one(a.tests) ? 'was' : 'were'} tested in ${a.period} at a one-sided level of ${a.alpha}: ` +
    `about ${a.expectedFalse.toFixed(2)} alarm${a.expectedFalse === 1 ? '' : 's'} would be expected by chance alone even with no real rise anywhere. ` +
    `${a.raised} alarm${one(a.raised) ? ' was' : 's were'} raised; ${a.remaining} ${one(a.remaining) ? 'remains' : 'remain'} at a false discovery rate of ${a.alpha} (Benjamini–Hochberg). ` +
    'Read single alarms as prompts to look, not proof.'
  );
}
