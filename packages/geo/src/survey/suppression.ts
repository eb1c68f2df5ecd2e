/**
 * Small-sample rule. An area estimate from few respondents is too noisy to publish as a bare
 * percentage: following ONS practice for survey estimates (quality flags and suppression of
 * estimates from small unweighted bases, e.g. the Annual Population Survey's reliability
 * thresholds), an area is flagged when its base is below `minN` (default 30 respondents), or below
 * `minN` effective respondents (n / deff, Kish 1965) with `basis: 'effective'`. With `suppress` the
 * estimate, standard error and interval are withheld everywhere they would be shown.
 */
export type SampleFlag = 'ok' | 'small' | 'suppressed';

export interface SmallSampleRule {
  /** Smallest base shown without a flag (default 30). */
  minN?: number;
  /** Count respondents (default) or the effective sample size n / deff. */
  basis?: 'respondents' | 'effective';
  /** Withhold flagged estimates instead of only flagging them (default false). */
  suppress?: boolean;
}

export const DEFAULT_MIN_N = 30;

/** `ok`, `small` (shown with a warning) or `suppressed` (withheld) for a base of `n` (effective `effectiveN`). */
export function sampleFlag(n: number, effectiveN: number, rule: SmallSampleRule = {}): SampleFlag {
  const minN = rule.minN ?? DEFAULT_MIN_N;
  const base = rule.basis === 'effective' ? effectiveN : n;
  if (base >= minN) return 'ok';
  return rule.suppress ? 'suppressed' : 'small';
}
