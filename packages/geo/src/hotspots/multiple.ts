import { checkAlpha } from '../validate/args.js';
/**
 * Benjamini–Hochberg (1995) false-discovery-rate adjusted p-values (R `p.adjust(p, "BH")`):
 * q_(i) = min_{k ≥ i} (m / k) p_(k), capped at 1, where m counts the finite p-values. NaN stays NaN.
 * An area is significant at FDR level α when q ≤ α.
 */
export function fdrAdjust(p: ArrayLike<number>): Float64Array {
  const idx: number[] = [];
  for (let i = 0; i < p.length; i++) if (Number.isFinite(p[i])) idx.push(i);
  const m = idx.length;
  idx.sort((a, b) => (p[a] as number) - (p[b] as number) || a - b);
  const out = new Float64Array(p.length).fill(Number.NaN);
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    const i = idx[r] as number;
    running = Math.min(running, ((p[i] as number) * m) / (r + 1));
    out[i] = running;
  }
  return out;
}

/** Bonferroni adjusted p-values min(1, m·p) (R `p.adjust(p, "bonferroni")`), m = number of finite p. */
export function bonferroniAdjust(p: ArrayLike<number>): Float64Array {
  let m = 0;
  for (let i = 0; i < p.length; i++) if (Number.isFinite(p[i])) m++;
  return Float64Array.from({ length: p.length }, (_, i) =>
    Number.isFinite(p[i]) ? Math.min(1, (p[i] as number) * m) : Number.NaN,
  );
}

/**
 * esda's `fdr(pvalues, alpha)`: the largest p_(k) with p_(k) ≤ kα/m (the BH rejection threshold);
 * 0 when nothing is rejected. Areas with p ≤ threshold are significant.
 */
export function fdrThreshold(p: ArrayLike<number>, alpha = 0.05): number {
  checkAlpha(alpha);
  const s = Array.from(p)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const m = s.length;
  let t = 0;
  for (let k = 1; k <= m; k++) if ((s[k - 1] as number) <= (k * alpha) / m) t = s[k - 1] as number;
  return t;
}
