import type { Random } from '../stats/random.js';

// Exact discrete samplers driven only by `createRandom` (so every runtime gives the same draws).
// Each is "inversion from the mode with chop-down search": pick u ~ U(0,1), subtract the pmf at the
// mode, then alternately one step above and one below until u is used up. Expected cost O(sd),
// not O(n), so a binomial with n = 50 million is as cheap as one with n = 1,000.

const LN_FACT_TABLE_SIZE = 256;
const lnFactTable = new Float64Array(LN_FACT_TABLE_SIZE);
for (let i = 2; i < LN_FACT_TABLE_SIZE; i++) lnFactTable[i] = lnFactTable[i - 1]! + Math.log(i);
const HALF_LN_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln(k!) for integer k ≥ 0: exact table below 256, Stirling series (error < 1e-17 relative) above. */
export function logFactorial(k: number): number {
  if (k < LN_FACT_TABLE_SIZE) return lnFactTable[k]!;
  const k1 = k + 1;
  const inv = 1 / k1;
  const inv2 = inv * inv;
  // ln Γ(k+1) by Stirling with three correction terms.
  return (k1 - 0.5) * Math.log(k1) - k1 + HALF_LN_2PI + inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260));
}

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

/**
 * The chop-down search shared by the samplers: `u` is the uniform draw less pmf(mode) = `pm`; then
 * alternately one step above and one below the mode within [lo, hi], the pmf carried by its ratios
 * `up(k)` = pmf(k+1)/pmf(k) and `down(k)` = pmf(k−1)/pmf(k), until u is used up.
 */
function chopDown(
  u: number,
  mode: number,
  pm: number,
  lo: number,
  hi: number,
  up: (k: number) => number,
  down: (k: number) => number,
): number {
  if (u <= 0) return mode;
  let ku = mode;
  let kd = mode;
  let pu = pm;
  let pd = pm;
  for (;;) {
    if (ku < hi) {
      pu *= up(ku);
      ku++;
      u -= pu;
      if (u <= 0) return ku;
    }
    if (kd > lo) {
      pd *= down(kd);
      kd--;
      u -= pd;
      if (u <= 0) return kd;
    }
    // Rounding left a sliver of probability mass unassigned: fall back to the mode.
    if ((ku >= hi && kd <= lo) || (pu < 1e-300 && pd < 1e-300)) return mode;
  }
}

/** Binomial(n, p) draw; n a non-negative integer, 0 ≤ p ≤ 1. */
export function sampleBinomial(rng: Random, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - sampleBinomial(rng, n, 1 - p);
  const q = 1 - p;
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const pm = Math.exp(logChoose(n, mode) + mode * Math.log(p) + (n - mode) * Math.log(q));
  const r = p / q;
  return chopDown(
    rng.next() - pm,
    mode,
    pm,
    0,
    n,
    (k) => ((n - k) / (k + 1)) * r,
    (k) => k / (n - k + 1) / r,
  );
}

/**
 * Hypergeometric draw: number of successes in `draws` items taken without replacement from a
 * population of `total` items of which `successes` are successes.
 */
export function sampleHypergeometric(rng: Random, total: number, successes: number, draws: number): number {
  const failures = total - successes;
  const lo = Math.max(0, draws - failures);
  const hi = Math.min(draws, successes);
  if (lo >= hi) return lo;
  let mode = Math.floor(((draws + 1) * (successes + 1)) / (total + 2));
  if (mode < lo) mode = lo;
  if (mode > hi) mode = hi;
  const pm = Math.exp(
    logChoose(successes, mode) + logChoose(failures, draws - mode) - logChoose(total, draws),
  );
  return chopDown(
    rng.next() - pm,
    mode,
    pm,
    lo,
    hi,
    (k) => ((successes - k) * (draws - k)) / ((k + 1) * (failures - draws + k + 1)),
    (k) => (k * (failures - draws + k)) / ((successes - k + 1) * (draws - k + 1)),
  );
}

/**
 * Multinomial(n, probs) by conditional binomials into `out`. `probs` need not be normalised
 * (weights ≥ 0); `weightTotal` is their sum.
 */
export function sampleMultinomial(
  rng: Random,
  n: number,
  weights: ArrayLike<number>,
  weightTotal: number,
  out: Float64Array,
): void {
  let left = n;
  let wLeft = weightTotal;
  const m = weights.length;
  let last = m - 1;
  while (last > 0 && !(weights[last]! > 0)) last--;
  for (let i = 0; i < m; i++) {
    const w = weights[i]!;
    if (left <= 0 || !(w > 0)) {
      out[i] = 0;
    } else if (i >= last || w >= wLeft) {
      out[i] = left;
      left = 0;
    } else {
      const d = sampleBinomial(rng, left, w / wLeft);
      out[i] = d;
      left -= d;
    }
    wLeft -= w;
  }
}
