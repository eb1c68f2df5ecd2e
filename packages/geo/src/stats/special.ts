/**
 * Gamma-family special functions and the distributions built on them: Student's t (two-sided
 * p-values for GLM coefficient tests, as R's `summary.glm`), Poisson and negative binomial CDFs and
 * quantiles (R's `ppois`/`qpois`/`pnbinom`/`qnbinom`, used by the Farrington thresholds).
 *
 * Regularised incomplete beta and gamma by the series / continued fractions of Numerical Recipes
 * (Press et al. 2007, §6.2 and §6.4) with the modified Lentz algorithm; log-gamma by the Lanczos
 * approximation (g = 7, n = 9), relative accuracy ~1e-15.
 */

const LANCZOS = [
  0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406,
  12.507343278686905, -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (LANCZOS[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const TINY = 1e-300;
const EPS = 1e-16;

function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (!(x >= 0 && x <= 1) || !(a > 0) || !(b > 0)) return Number.NaN;
  if (x === 0) return 0;
  if (x === 1) return 1;
  const lbt = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lbt) * betaContinuedFraction(a, b, x)) / a;
  return 1 - (Math.exp(lbt) * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Regularised lower incomplete gamma P(a, x) for a > 0, x ≥ 0. */
export function incompleteGammaP(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return Number.NaN;
  if (x === 0) return 0;
  const lead = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let ap = a;
    let del = 1 / a;
    let sum = del;
    for (let n = 0; n < 100000; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * EPS) break;
    }
    return sum * Math.exp(lead);
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= 100000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return 1 - Math.exp(lead) * h;
}

/** Two-sided p-value of Student's t with `df` degrees of freedom: 2·P(T > |t|) (R `2*pt(-|t|, df)`). */
export function studentTwoSided(t: number, df: number): number {
  if (!(df > 0) || Number.isNaN(t)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** Poisson CDF P(X ≤ x) with mean `lambda` (R `ppois`). */
export function poissonCdf(x: number, lambda: number): number {
  if (x < 0) return 0;
  if (lambda === 0) return 1;
  return 1 - incompleteGammaP(Math.floor(x) + 1, lambda);
}

/**
 * Negative binomial CDF P(X ≤ x), X = failures before the `size`-th success with success
 * probability `prob` (R `pnbinom(x, size, prob)`): I_prob(size, x + 1).
 */
export function negativeBinomialCdf(x: number, size: number, prob: number): number {
  if (x < 0) return 0;
  if (prob === 1) return 1;
  return incompleteBeta(prob, size, Math.floor(x) + 1);
}

/**
 * Smallest integer y ≥ 0 with cdf(y) ≥ p, searched from a normal approximation start. As R's
 * discrete quantiles (`qpois`, `qnbinom`), p is first shrunk by 64 ulps so that a CDF that
 * lands within rounding of p does not push the quantile up by one.
 */
function discreteQuantile(p: number, mean: number, sd: number, cdf: (y: number) => number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const target = p * (1 - 64 * Number.EPSILON);
  // Bracket [lo, hi] with cdf(lo − 1) < target ≤ cdf(hi) by doubling steps, then bisect: a
  // handful of CDF evaluations even when the mean is in the millions.
  let y = Math.max(0, Math.round(mean + sd * normalQuantileApprox(p)));
  let step = Math.max(1, Math.ceil(sd * 0.01));
  let lo: number;
  let hi: number;
  if (cdf(y) >= target) {
    hi = y;
    lo = Math.max(0, y - step);
    while (lo > 0 && cdf(lo) >= target) {
      hi = lo;
      step *= 2;
      lo = Math.max(0, lo - step);
    }
    if (cdf(lo) >= target) return lo;
  } else {
    lo = y;
    hi = y + step;
    while (cdf(hi) < target) {
      lo = hi;
      step *= 2;
      hi += step;
    }
  }
  // Invariant: cdf(lo) < target ≤ cdf(hi).
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (cdf(mid) >= target) hi = mid;
    else lo = mid;
  }
  y = hi;
  return y;
}

/** Coarse normal quantile for a search start (Abramowitz & Stegun 26.2.23, |error| < 4.5e-4). */
function normalQuantileApprox(p: number): number {
  const q = p < 0.5 ? p : 1 - p;
  const t = Math.sqrt(-2 * Math.log(q));
  const z =
    t -
    (2.515517 + 0.802853 * t + 0.010328 * t * t) /
      (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
  return p < 0.5 ? -z : z;
}

/** Poisson quantile (R `qpois(p, lambda)`). */
export function poissonQuantile(p: number, lambda: number): number {
  if (!(lambda >= 0)) return Number.NaN;
  if (lambda === 0) return 0;
  return discreteQuantile(p, lambda, Math.sqrt(lambda), (y) => poissonCdf(y, lambda));
}

/** Negative binomial quantile (R `qnbinom(p, size, prob)`); mean size(1−prob)/prob. */
export function negativeBinomialQuantile(p: number, size: number, prob: number): number {
  if (!(size > 0) || !(prob > 0 && prob <= 1)) return Number.NaN;
  if (prob === 1) return 0;
  const mean = (size * (1 - prob)) / prob;
  return discreteQuantile(p, mean, Math.sqrt(mean / prob), (y) => negativeBinomialCdf(y, size, prob));
}
