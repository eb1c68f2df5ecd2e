import { CohesionError } from '../errors.js';

/** Length of the periods of a space–time analysis. */
export type PeriodUnit = 'month' | 'quarter' | 'year';

/** A period left out because the data cover only part of it. */
export interface PartialPeriod {
  label: string;
  /** Months of the period that the data cover. */
  monthsCovered: number;
  /** Months in the period (1, 3 or 12). */
  monthsInPeriod: number;
  /** Incidents dated in it (left out of the analysis). */
  incidents: number;
}

/** Incidents sorted into whole calendar periods (see {@link wholePeriods}). */
export interface WholePeriods {
  unit: PeriodUnit;
  /** Every complete period from the first to the last, in order (including periods with no incident). */
  labels: string[];
  /** The period of each incident, or `null` when it falls in a partial period (left out). */
  periodOf: (string | null)[];
  /** First and last month the data cover (`YYYY-MM`). */
  firstMonth: string;
  lastMonth: string;
  /** Months covered by the complete periods (for yearly rates). */
  months: number;
  /** Partial first or last periods, left out. */
  partial: PartialPeriod[];
  /** Plain-English note when periods were left out, else null. */
  note: string | null;
}

const MONTHS_IN: Record<PeriodUnit, number> = { month: 1, quarter: 3, year: 12 };

function monthIndex(v: string, row: number): number {
  const m = /^(\d{4})-(\d{2})/.exec(v.trim());
  const mo = m ? Number(m[2]) : 0;
  if (!m || mo < 1 || mo > 12)
    throw new CohesionError(
      'PARSE_ERROR',
      `time value ${JSON.stringify(v)} on row ${row + 1} is not YYYY-MM…`,
      {
        row,
        value: v,
      },
    );
  return Number(m[1]) * 12 + (mo - 1);
}

const monthLabel = (k: number) => `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;

function periodStart(k: number, unit: PeriodUnit): number {
  const len = MONTHS_IN[unit];
  return k - (k % len);
}

function periodLabel(start: number, unit: PeriodUnit): string {
  const y = Math.floor(start / 12);
  if (unit === 'year') return String(y);
  if (unit === 'quarter') return `${y}-Q${Math.floor((start % 12) / 3) + 1}`;
  return monthLabel(start);
}

/**
 * Sorts dated incidents (`YYYY-MM…`, e.g. data.police.uk's `Month`) into whole calendar periods —
 * months, quarters (Jan–Mar = Q1) or years. The data are taken to cover every month from the
 * earliest to the latest date present (or `from`/`to` when given); a first or last period that the
 * data cover only in part (e.g. a quarter with two of its three months) is left out with its
 * incidents, and said so in `note`, because a short period has fewer incidents for no reason but
 * its length and would bias the per-period hot spots and their trend. Periods between with no
 * incident are kept (a count of zero is data). The CLI `incidents`, the report and the library
 * share this one definition.
 */
export function wholePeriods(
  times: readonly string[],
  unit: PeriodUnit = 'quarter',
  options: { from?: string; to?: string } = {},
): WholePeriods {
  if (!(unit in MONTHS_IN))
    throw new CohesionError('INVALID_ARGUMENT', `period must be month, quarter or year; got "${unit}"`, {
      value: unit,
    });
  const ks = times.map((t, i) => monthIndex(t, i));
  if (ks.length === 0 && (options.from === undefined || options.to === undefined))
    throw new CohesionError('EMPTY_INPUT', 'no dated incidents', {});
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const k of ks) {
    if (k < lo) lo = k;
    if (k > hi) hi = k;
  }
  if (options.from !== undefined) lo = monthIndex(options.from, -1);
  if (options.to !== undefined) hi = monthIndex(options.to, -1);
  const len = MONTHS_IN[unit];
  const labels: string[] = [];
  const partial: PartialPeriod[] = [];
  const complete = new Set<number>();
  for (let s = periodStart(lo, unit); s <= hi; s += len) {
    const covered = Math.min(hi, s + len - 1) - Math.max(lo, s) + 1;
    if (covered === len) {
      complete.add(s);
      labels.push(periodLabel(s, unit));
    } else
      partial.push({
        label: periodLabel(s, unit),
        monthsCovered: covered,
        monthsInPeriod: len,
        incidents: 0,
      });
  }
  const periodOf = ks.map((k) => {
    if (k < lo || k > hi) return null;
    const s = periodStart(k, unit);
    if (complete.has(s)) return periodLabel(s, unit);
    const p = partial.find((q) => q.label === periodLabel(s, unit));
    if (p) p.incidents++;
    return null;
  });
  const note = partial.length
    ? `Only whole ${unit === 'month' ? 'months' : unit === 'quarter' ? 'quarters' : 'years'} are analysed: ${partial
        .map(
          (p) =>
            `${p.label} (${p.monthsCovered} of its ${p.monthsInPeriod} months in the data, ${p.incidents} incident${p.incidents === 1 ? '' : 's'})`,
        )
        .join(' and ')} ${partial.length === 1 ? 'was' : 'were'} left out.`
    : null;
  return {
    unit,
    labels,
    periodOf,
    firstMonth: monthLabel(lo),
    lastMonth: monthLabel(hi),
    months: labels.length * len,
    partial,
    note,
  };
}
