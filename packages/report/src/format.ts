/** Number formats of the report's text and tables. */

/** English ordinal of a whole number: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st… */
export function ordinal(n: number): string {
  const s =
    n % 100 >= 11 && n % 100 <= 13
      ? 'th'
      : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${s}`;
}

/** Three decimals, `n/a` for a missing value: how every index is shown. */
export const fmt3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');
/** A share as a percentage with `d` decimals, `n/a` when missing. */
export const pct = (v: number | null | undefined, d = 0) =>
  v !== null && v !== undefined && Number.isFinite(v) ? `${(100 * v).toFixed(d)}%` : 'n/a';
/** A whole number with thousands separators (en-GB). */
export const int = (v: number) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }).format(v);
/** A distance in whole metres, `n/a` when missing. */
export const metres = (v: number) => (Number.isFinite(v) ? `${int(v)} m` : 'n/a');
