/**
 * Design effects of a weighted mean (Kish 1965; R `svymean(deff=)`, Lumley 2010 §2.3).
 *
 * The simple-random-sampling variance uses the design-weighted population variance with the n − 1
 * convention, S² = n/(n − 1) · Σ w (y − ȳ)² / Σ w (R `svyvar`):
 * - with replacement, V_srs = S² / n, deff = V / V_srs (R `deff="replace"`);
 * - without replacement from N = Σ w people, V_srs = S² (N − n)/(N n) (R `deff=TRUE`), NaN when N ≤ n
 *   (weights not grossed up to a population).
 * The effective sample size is n / deff (Kish), the number of simple-random-sample respondents
 * that would give the same precision.
 *
 * @param variance the design-based variance of the mean
 * @param weightedVariance Σ w (y − ȳ)² / Σ w
 * @param n respondents
 * @param weightSum Σ w
 */
export function designEffects(
  variance: number,
  weightedVariance: number,
  n: number,
  weightSum: number,
): { deff: number; deffWithoutReplacement: number; effectiveN: number } {
  const s2 = n > 1 ? (weightedVariance * n) / (n - 1) : Number.NaN;
  const deff = variance / (s2 / n);
  const deffWithoutReplacement =
    weightSum > n ? variance / ((s2 * (weightSum - n)) / (weightSum * n)) : Number.NaN;
  const effectiveN = deff > 0 && Number.isFinite(deff) ? n / deff : n;
  return { deff, deffWithoutReplacement, effectiveN };
}
