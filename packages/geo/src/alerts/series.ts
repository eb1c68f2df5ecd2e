import { CohesionError } from '../errors.js';
import { assertColumn, parseNumber, type Table } from '../io/csv.js';
import { type PeriodKind, parsePeriod, periodLabel } from './periods.js';

/** Counts per area and period: every area has every period from the first to the last. */
export interface AreaSeries {
  kind: PeriodKind;
  /** Consecutive period labels (`YYYY-MM` or `YYYY-Www`). */
  periods: string[];
  /** Area codes, in first-seen order. */
  areas: string[];
  /** counts[a][t]: incidents in area a in period t. */
  counts: Float64Array[];
  /** Periods left out because they were not complete (see {@link seriesFromPoints}). */
  dropped: string[];
}

/** Options for {@link seriesFromCounts}. */
export interface CountsTableOptions {
  /** Column holding the period (`YYYY-MM`, or `YYYY-Www` for weekly data). */
  period: string;
  /** Column holding the count. */
  count: string;
  /** Column holding the area code; without it the table is one series named `areaName`. */
  area?: string;
  /** Name of the single series when there is no area column; default "all". */
  areaName?: string;
}

/**
 * Monthly (or weekly) counts by area from a table with one row per area and period, as councils
 * publish them. Every area must have a row for every period between the first and the last in the
 * table: a missing row is a `MISSING_PERIOD` error naming the area and period (a gap is never read
 * as zero — write the 0). Counts must be non-negative numbers; an area and period twice is
 * `DUPLICATE_CODE`.
 */
export function seriesFromCounts(table: Table, options: CountsTableOptions): AreaSeries {
  assertColumn(table, options.period);
  assertColumn(table, options.count);
  if (options.area) assertColumn(table, options.area);
  const src = table.source ?? 'table';
  if (table.rows.length === 0) throw new CohesionError('EMPTY_INPUT', `${src} has no rows`, { source: src });
  let kind: PeriodKind | undefined;
  const byArea = new Map<string, Map<number, number>>();
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  table.rows.forEach((r, i) => {
    const where = ` on row ${i + 1} of ${src}`;
    const raw = r[options.period] ?? '';
    const p = parsePeriod(raw, where);
    if (kind && p.kind !== kind)
      throw new CohesionError('PARSE_ERROR', `period ${JSON.stringify(raw)}${where} mixes weeks and months`, {
        row: i,
        column: options.period,
        value: raw,
      });
    kind = p.kind;
    const area = options.area ? (r[options.area] ?? '').trim() : (options.areaName ?? 'all');
    if (area === '')
      throw new CohesionError('BLANK_CODE', `blank area code${where}`, { row: i, column: options.area });
    const cell = r[options.count] ?? '';
    const v = parseNumber(cell);
    if (Number.isNaN(v))
      throw new CohesionError('NON_NUMERIC', `count ${JSON.stringify(cell)}${where} is not a number`, {
        row: i,
        column: options.count,
        value: cell,
      });
    if (v < 0)
      throw new CohesionError('NEGATIVE_COUNT', `negative count ${v}${where}`, {
        row: i,
        column: options.count,
        value: v,
      });
    let m = byArea.get(area);
    if (!m) {
      m = new Map();
      byArea.set(area, m);
    }
    if (m.has(p.index))
      throw new CohesionError(
        'DUPLICATE_CODE',
        `${area} has two rows for ${periodLabel(p.kind, p.index)} (row ${i + 1} of ${src})`,
        { row: i, id: area, value: raw },
      );
    m.set(p.index, v);
    lo = Math.min(lo, p.index);
    hi = Math.max(hi, p.index);
  });
  const k = kind as PeriodKind;
  const periods: string[] = [];
  for (let t = lo; t <= hi; t++) periods.push(periodLabel(k, t));
  const areas = [...byArea.keys()];
  const counts = areas.map((a) => {
    const m = byArea.get(a) as Map<number, number>;
    const c = new Float64Array(periods.length);
    for (let t = lo; t <= hi; t++) {
      const v = m.get(t);
      if (v === undefined)
        throw new CohesionError(
          'MISSING_PERIOD',
          `${a} has no count for ${periodLabel(k, t)} (the table runs from ${periods[0]} to ${periods[periods.length - 1]}); write 0 if there were none`,
          { id: a, value: periodLabel(k, t), source: src },
        );
      c[t - lo] = v;
    }
    return c;
  });
  return { kind: k, periods, areas, counts, dropped: [] };
}

/** Options for {@link seriesFromPoints}. */
export interface PointSeriesOptions {
  /**
   * Last complete period (`YYYY-MM`). Later periods are dropped. Without it, when the times carry
   * days (e.g. `2019-01-17`), the last period in the data is dropped as possibly incomplete; with
   * month-only times (data.police.uk publishes whole months) every period counts.
   */
  through?: string;
  /** Accept a period with no incident anywhere as zero (default false: it is `MISSING_PERIOD`). */
  allowEmptyPeriods?: boolean;
}

/**
 * Counts incidents per area and period from each incident's time label (`YYYY-MM…`) and its area
 * (index into `ids`, −1 for none, as `countPointsInAreas` returns). Incidents in no area are left
 * out. A period between the first and last with no incident in any area is far more likely a
 * missing file than a quiet month, so it is a `MISSING_PERIOD` error unless `allowEmptyPeriods`.
 */
export function seriesFromPoints(
  times: readonly string[],
  areaIndex: Int32Array,
  ids: readonly string[],
  options: PointSeriesOptions = {},
): AreaSeries {
  if (times.length !== areaIndex.length)
    throw new CohesionError('LENGTH_MISMATCH', `${times.length} times for ${areaIndex.length} incidents`);
  let kind: PeriodKind | undefined;
  const index = new Int32Array(times.length);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let dated = false;
  for (let i = 0; i < times.length; i++) {
    if ((areaIndex[i] as number) < 0) continue;
    const p = parsePeriod(times[i] as string, ` (incident ${i + 1})`);
    if (kind && p.kind !== kind)
      throw new CohesionError('PARSE_ERROR', `incident ${i + 1}: ${times[i]} mixes weeks and months`, {
        row: i,
      });
    kind = p.kind;
    dated ||= p.dated;
    index[i] = p.index;
    lo = Math.min(lo, p.index);
    hi = Math.max(hi, p.index);
  }
  if (!kind) throw new CohesionError('EMPTY_INPUT', 'no incident falls inside any area');
  const k = kind;
  const dropped: string[] = [];
  let last = hi;
  if (options.through !== undefined) {
    const t = parsePeriod(options.through, ' (through)');
    if (t.kind !== k) throw new CohesionError('INVALID_ARGUMENT', `through ${options.through} is not a ${k}`);
    last = Math.min(hi, t.index);
  } else if (dated) last = hi - 1;
  for (let t = last + 1; t <= hi; t++) dropped.push(periodLabel(k, t));
  if (last < lo) throw new CohesionError('EMPTY_INPUT', 'no complete period left');
  const n = last - lo + 1;
  const counts = ids.map(() => new Float64Array(n));
  const total = new Float64Array(n);
  for (let i = 0; i < times.length; i++) {
    const a = areaIndex[i] as number;
    const t = (index[i] as number) - lo;
    if (a < 0 || t >= n) continue;
    const c = counts[a] as Float64Array;
    c[t] = (c[t] as number) + 1;
    total[t] = (total[t] as number) + 1;
  }
  if (!options.allowEmptyPeriods)
    for (let t = 0; t < n; t++)
      if (total[t] === 0)
        throw new CohesionError(
          'MISSING_PERIOD',
          `no incident at all in ${periodLabel(k, lo + t)} — is that period's file missing? (allowEmptyPeriods to count it as 0)`,
          { value: periodLabel(k, lo + t) },
        );
  const periods: string[] = [];
  for (let t = lo; t <= last; t++) periods.push(periodLabel(k, t));
  return { kind: k, periods, areas: [...ids], counts, dropped };
}

/** Sums all areas into one series (the whole council). */
export function totalSeries(series: AreaSeries): Float64Array {
  const out = new Float64Array(series.periods.length);
  for (const c of series.counts)
    for (let t = 0; t < out.length; t++) out[t] = (out[t] as number) + (c[t] as number);
  return out;
}
