/**
 * Significance outlines that suit the scale: a 3.5 px outline around an area 8 px across covers most
 * of it, so at a city-region view hot spots read as black blobs. Outline widths shrink with the
 * on-screen size of the areas they surround (the median of each significance level's areas, so one
 * large rural area does not decide) and grow back to full width as the map zooms in.
 */

/** Areas this many CSS pixels across (or more) get the full width; smaller ones get proportionally less. */
export const FULL_WIDTH_AT_PX = 35;

/**
 * Width in CSS px for an outline of nominal width `base` around areas `areaPx` CSS px across: at most
 * `base`, `base · areaPx / 35` below that, and never under 1 px or 40% of `base` (the levels stay visible
 * and the 99% outline stays the boldest).
 */
export function outlineWidth(base: number, areaPx: number): number {
  if (!Number.isFinite(areaPx) || areaPx <= 0) return Math.max(Math.min(base, 1), base * 0.4);
  return Math.max(Math.min(base, 1), base * 0.4, Math.min(base, (base * areaPx) / FULL_WIDTH_AT_PX));
}

/** Median of the values (NaN for none): geo's one median (from its /stats subpath), re-exported for the outline callers. */
export { median } from '@cohesion/geo/stats';
