/** Number formats of the report's text and tables. */

/** English ordinal of a whole number: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st… */
export function ordinal(n: number): string {
  const s =
    n % 100 >= 11 && n % 100 <= 13
      ? 'th'
      : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${s}`;
}

/**
 * Three decimals, `n/a` for a missing value: how every index is shown. Negative values take the true
 * minus sign (−0.050), as the signed changes beside them do, not a hyphen.
 */
export const fmt3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3).replace(/^-/, '−') : 'n/a');
/**
 * A share as a percentage with `d` decimals, `n/a` when missing. A share above 0 too small to show at
 * `d` decimals reads "under 0.1%" (d = 1) or "under 1%" (d = 0), never "0.0%"; exactly 0 reads "0%".
 */
export function pct(v: number | null | undefined, d = 0): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  if (v === 0) return '0%';
  const s = (100 * v).toFixed(d);
  if (v > 0 && Number(s) === 0) return `under ${(10 ** -d).toFixed(d)}%`;
  return `${s}%`;
}
/**
 * The share of the others a rank is above, as a whole percentage rounded to nearest: how every rank
 * share in the report is shown (key findings and the benchmark section say the same number). Only
 * exactly none or all of them read 0% or 100%: 346 of 347 is 99%, 1 of 347 is 1%.
 */
export function rankShare(lower: number, others: number): number {
  if (others <= 0 || lower <= 0) return 0;
  if (lower >= others) return 100;
  return Math.min(99, Math.max(1, Math.round((100 * lower) / others)));
}
/** A whole number with thousands separators (en-GB). */
export const int = (v: number) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }).format(v);
/** A distance in whole metres, `n/a` when missing. */
export const metres = (v: number) => (Number.isFinite(v) ? `${int(v)} m` : 'n/a');
