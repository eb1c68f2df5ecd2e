/**
 * Numbers for people: the `format` attribute (`number`, `percent`, `distance`, `rank`) and the
 * `locale` turn a mapped value into the text used by the legend, the table, the tooltip and the
 * screen-reader summary alike, so "0.077" reads "7.7%" and "1234.5" metres "1.2 km" everywhere.
 */

/** How values are written (the `format` attribute). */
export type ValueFormat = 'number' | 'percent' | 'distance' | 'rank';

export const VALUE_FORMATS: readonly ValueFormat[] = ['number', 'percent', 'distance', 'rank'];

/** The page's language when the element has no `locale`; `en-GB` when neither is valid. */
export function resolveLocale(locale: string | null | undefined): string {
  const want =
    locale?.trim() || (typeof document !== 'undefined' ? document.documentElement.lang : '') || 'en-GB';
  try {
    return Intl.NumberFormat.supportedLocalesOf([want]).length ? want : 'en-GB';
  } catch {
    return 'en-GB';
  }
}

const cache = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, o: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(o)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, o);
    cache.set(key, f);
  }
  return f;
}

/** Significant digits that keep small values readable: 3 below 1, 2 below 100, fewer above. */
function plainDigits(x: number): number {
  const ax = Math.abs(x);
  return ax >= 1000 ? 0 : ax >= 100 ? 1 : ax >= 1 ? 2 : 3;
}

/** English ordinal suffixes by plural category (Intl.PluralRules, type ordinal). */
const EN_ORDINAL: Record<string, string> = { one: 'st', two: 'nd', few: 'rd', other: 'th' };

/**
 * A formatter for `kind` in `locale`:
 * - `number`: grouped, up to 3 decimals below 1, 2 below 100, 1 below 1,000, none above;
 * - `percent`: a share 0–1 as a percentage with at most one decimal (0.077 → "7.7%");
 * - `distance`: metres, as "850 m" or from 1,000 m "1.2 km";
 * - `rank`: a position, as an ordinal in English ("1st", "22nd") and "1." elsewhere.
 */
export function formatter(kind: ValueFormat, locale: string): (x: number) => string {
  switch (kind) {
    case 'percent':
      return (x) => numberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(x);
    case 'distance':
      return (x) =>
        Math.abs(x) >= 1000
          ? numberFormat(locale, { style: 'unit', unit: 'kilometer', maximumFractionDigits: 1 }).format(
              x / 1000,
            )
          : numberFormat(locale, { style: 'unit', unit: 'meter', maximumFractionDigits: 0 }).format(x);
    case 'rank': {
      const english = locale.toLowerCase().startsWith('en');
      const rules = english ? new Intl.PluralRules(locale, { type: 'ordinal' }) : undefined;
      return (x) => {
        if (!Number.isInteger(x)) return numberFormat(locale, { maximumFractionDigits: 1 }).format(x);
        const n = numberFormat(locale, { maximumFractionDigits: 0 }).format(x);
        return rules ? `${n}${EN_ORDINAL[rules.select(x)] ?? 'th'}` : `${n}.`;
      };
    }
    default:
      return (x) => numberFormat(locale, { maximumFractionDigits: plainDigits(x) }).format(x);
  }
}

/** Reads the `format` attribute; anything else is an error naming the allowed values. */
export function parseFormat(value: string | null): ValueFormat | 'invalid' {
  if (value === null || value.trim() === '') return 'number';
  const v = value.trim().toLowerCase() as ValueFormat;
  return VALUE_FORMATS.includes(v) ? v : 'invalid';
}
