import { CohesionError } from '../errors.js';

/** Period granularity of a series: calendar months (`YYYY-MM`) or ISO weeks (`YYYY-Www`). */
export type PeriodKind = 'month' | 'week';

/** Periods per year for each kind (the Farrington `freq`). */
export const PERIODS_PER_YEAR: Record<PeriodKind, number> = { month: 12, week: 52 };

const MONTH = /^(\d{4})-(\d{2})(?:$|-\d{2})/;
const WEEK = /^(\d{4})-W(\d{2})$/;

/**
 * Parses a period label to a consecutive integer: months as year·12 + month − 1 from `YYYY-MM`
 * (a longer date such as `2018-03-15` or `2018-03-15T10:00` counts in its month), ISO weeks as the
 * number of weeks since 1970 from `YYYY-Www`. Anything else throws `PARSE_ERROR`.
 */
export function parsePeriod(label: string, where = ''): { kind: PeriodKind; index: number; dated: boolean } {
  const v = label.trim();
  const m = MONTH.exec(v);
  if (m) {
    const month = Number(m[2]);
    if (month >= 1 && month <= 12)
      return { kind: 'month', index: Number(m[1]) * 12 + month - 1, dated: v.length > 7 };
  }
  const w = WEEK.exec(v);
  if (w) {
    const year = Number(w[1]);
    const week = Number(w[2]);
    if (week >= 1 && week <= isoWeeksInYear(year))
      return {
        kind: 'week',
        index: Math.round((isoWeekMonday(year, week) - isoWeekMonday(1970, 1)) / (7 * 86400000)),
        dated: false,
      };
  }
  throw new CohesionError(
    'PARSE_ERROR',
    `period ${JSON.stringify(label)}${where} is not a month (YYYY-MM) or an ISO week (YYYY-Www)`,
    { value: label },
  );
}

/** The label of a period index (inverse of {@link parsePeriod}). */
export function periodLabel(kind: PeriodKind, index: number): string {
  if (kind === 'month') {
    const y = Math.floor(index / 12);
    return `${y}-${String(index - y * 12 + 1).padStart(2, '0')}`;
  }
  const monday = new Date(isoWeekMonday(1970, 1) + index * 7 * 86400000);
  // The ISO year is the year of the week's Thursday.
  const thursday = new Date(monday.getTime() + 3 * 86400000);
  const year = thursday.getUTCFullYear();
  const week = Math.round((monday.getTime() - isoWeekMonday(year, 1)) / (7 * 86400000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function isoWeekMonday(year: number, week: number): number {
  // 4 January is always in ISO week 1.
  const jan4 = Date.UTC(year, 0, 4);
  const dow = (new Date(jan4).getUTCDay() + 6) % 7;
  return jan4 - dow * 86400000 + (week - 1) * 7 * 86400000;
}

function isoWeeksInYear(year: number): number {
  return Math.round((isoWeekMonday(year + 1, 1) - isoWeekMonday(year, 1)) / (7 * 86400000));
}
