import { CohesionError } from '../errors.js';
import { normalQuantile, normalUpperTail } from '../stats/normal.js';
import {
  negativeBinomialCdf,
  negativeBinomialQuantile,
  poissonCdf,
  poissonQuantile,
  studentTwoSided,
} from '../stats/special.js';
import { fitQuasiPoisson, type QuasiPoissonFit } from './glm.js';
import { checkAlpha, checkSeries, type SurveillanceResult } from './result.js';

/** Options for {@link farrington}; names and defaults follow R's `farringtonFlexible` control list. */
export interface FarringtonOptions {
  /** Periods per year: 12 monthly, 52 weekly. Required. */
  freq: number;
  /** Years of baseline; default 5. */
  b?: number;
  /** Half-width of the window around each baseline time point; default 3. */
  w?: number;
  /** Down-weight past outbreaks (Anscombe residuals above `weightsThreshold`); default true. */
  reweight?: boolean;
  /** Anscombe residual above which a baseline point is down-weighted; default 2.58 (Noufaily et al. 2013). */
  weightsThreshold?: number;
  /** Fit a linear time trend, kept only when significant, b ≥ 3 and not extrapolating; default true. */
  trend?: boolean;
  /** Significance level of the trend test; default 0.05. */
  pThresholdTrend?: number;
  /** One-sided level of the threshold; default 0.05. */
  alpha?: number;
  /** No alarm (and no threshold) unless at least limit54[0] cases in the last limit54[1] periods; default [5, 4]. */
  limit54?: [number, number];
  /** Transformation for the delta-method threshold: '2/3' (default), '1/2' or 'none'. */
  powertrans?: '2/3' | '1/2' | 'none';
  /**
   * Seasonal factor levels: 1 uses only the windows around the same period in past years
   * (original Farrington); Noufaily et al. recommend 10 (weekly), which also uses the rest of each year.
   */
  noPeriods?: number;
  /** Most recent periods left out of the baseline; default `w`. Noufaily et al. use 26 weeks. */
  pastWeeksNotIncluded?: number;
  /**
   * 'delta' (default): 2/3-power delta-method threshold (Farrington et al. 1996);
   * 'nbPlugin': negative binomial quantile at the fitted mean; 'muan': negative binomial quantile at
   * the upper (1 − α) limit of the mean (Noufaily et al. 2013).
   */
  thresholdMethod?: 'delta' | 'nbPlugin' | 'muan';
  /** First time point to evaluate (0-based); default freq·b + w, the first with a full baseline. */
  from?: number;
}

/** Farrington output: the common fields plus the model's overdispersion and trend per time point. */
export interface FarringtonResult extends SurveillanceResult {
  /** Overdispersion φ (≥ 1) of the final model; NaN where the model failed. */
  phi: Float64Array;
  /** 1 when the time trend was kept. */
  trend: Uint8Array;
  /** Score (observed − expected) / (threshold − expected) as R's; NaN where none. */
  score: Float64Array;
}

interface Design {
  rows: Int32Array;
  /** Seasonal level per row (noPeriods > 1). */
  level: Int32Array;
}

/**
 * The Farrington flexible algorithm (Farrington et al. 1996 with the improvements of Noufaily et al.
 * 2013), as R's `surveillance::farringtonFlexible` (Salmon, Schumacher & Höhle 2016) with the series
 * indexed by period (an `sts` without dates). For each evaluated period t:
 *
 * 1. Baseline: the periods t − i·freq − w … t − i·freq + w for i = 1 … b (and, with noPeriods > 1,
 *    the rest of each past year split into noPeriods − 1 seasonal blocks), less the last
 *    `pastWeeksNotIncluded` periods.
 * 2. Quasi-Poisson GLM log μ = α + β·t (+ seasonal block), fitted with and then without trend.
 * 3. With reweighting, baseline points with Anscombe residual s > weightsThreshold get weight ∝ s⁻²
 *    and the model is refitted; φ = max(1, Pearson dispersion).
 * 4. The trend is kept only when its t-test p < pThresholdTrend, b ≥ 3 and the prediction does not
 *    exceed the baseline maximum.
 * 5. Threshold: delta method on the 2/3-power scale, (μ₀^(2/3) + z₁₋α·√(4/9·μ₀^(1/3)·(φ + Var(μ₀)/μ₀)))^(3/2),
 *    or the negative binomial quantile (size μ/(φ − 1), prob 1/φ) for 'nbPlugin'/'muan'.
 * 6. Alarm when observed > threshold, observed > 0 and at least limit54[0] cases in the last limit54[1] periods.
 */
export function farrington(observed: ArrayLike<number>, options: FarringtonOptions): FarringtonResult {
  const x = checkSeries(observed, true);
  const freq = options.freq;
  if (!(Number.isInteger(freq) && freq >= 2))
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `freq must be the number of periods per year (12, 52); got ${freq}`,
      {
        value: freq,
      },
    );
  const b = options.b ?? 5;
  const w = options.w ?? 3;
  const p = options.noPeriods ?? 1;
  const past = options.pastWeeksNotIncluded ?? w;
  for (const [name, v, min] of [
    ['b', b, 1],
    ['w', w, 0],
    ['noPeriods', p, 1],
    ['pastWeeksNotIncluded', past, 0],
  ] as const)
    if (!(Number.isInteger(v) && v >= min))
      throw new CohesionError('INVALID_ARGUMENT', `${name} must be a whole number ≥ ${min}; got ${v}`, {
        value: v,
      });
  if (2 * w + 1 > freq)
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `the window 2w + 1 = ${2 * w + 1} is longer than a year of ${freq} periods`,
    );
  if (p > 1 && freq - 2 * w - 1 < p - 1)
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `noPeriods = ${p} needs ${p - 1} periods between the windows; a year has ${freq - 2 * w - 1}`,
    );
  const alpha = checkAlpha(options.alpha ?? 0.05);
  const reweight = options.reweight ?? true;
  const weightsThreshold = options.weightsThreshold ?? 2.58;
  const useTrend = options.trend ?? true;
  const pTrend = options.pThresholdTrend ?? 0.05;
  const [limitCases, limitPeriods] = options.limit54 ?? [5, 4];
  if (!(limitCases >= 0 && limitPeriods > 0))
    throw new CohesionError('INVALID_ARGUMENT', 'limit54 needs cases ≥ 0 and periods > 0');
  const powertrans = options.powertrans ?? '2/3';
  if (powertrans !== '2/3' && powertrans !== '1/2' && powertrans !== 'none')
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `powertrans must be "2/3", "1/2" or "none"; got ${powertrans}`,
    );
  const method = options.thresholdMethod ?? 'delta';
  if (method !== 'delta' && method !== 'nbPlugin' && method !== 'muan')
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `thresholdMethod must be delta, nbPlugin or muan; got ${method}`,
    );
  const first = freq * b + w;
  const start = options.from ?? first;
  if (start < first || start >= x.length)
    throw new CohesionError(
      'SERIES_TOO_SHORT',
      `Farrington with b = ${b} years and w = ${w} needs ${first} earlier periods (${b} years of ${freq} plus ${w}) before the first evaluated one; the series has ${x.length}`,
      { value: x.length },
    );
  const z = normalQuantile(1 - alpha);
  const len = x.length - start;
  const out: FarringtonResult = {
    method: 'farrington',
    start,
    observed: x.slice(start),
    expected: new Float64Array(len).fill(Number.NaN),
    threshold: new Float64Array(len).fill(Number.NaN),
    alarm: new Uint8Array(len),
    p: new Float64Array(len).fill(Number.NaN),
    alpha,
    phi: new Float64Array(len).fill(Number.NaN),
    trend: new Uint8Array(len),
    score: new Float64Array(len).fill(Number.NaN),
  };
  for (let j = 0; j < len; j++) {
    const k = start + j;
    const design = baselineDesign(k, x.length, freq, b, w, p, past);
    const model = fitFarringtonModel(x, design, k, { p, b, useTrend, reweight, weightsThreshold, pTrend });
    if (!model) continue;
    const { eta, seEta, phi, trend } = model;
    out.phi[j] = phi;
    out.trend[j] = trend ? 1 : 0;
    const y = x[k] as number;
    let recent = 0;
    for (let i = Math.max(0, k - limitPeriods + 1); i <= k; i++) recent += x[i] as number;
    if (!(recent >= limitCases)) continue;
    let upper: number;
    let expected: number;
    let pValue: number;
    let fit: number;
    if (method === 'delta') {
      const mu0 = Math.exp(eta);
      const se = mu0 * seEta;
      const tau = phi + (se * se) / mu0;
      const [sd, e] =
        powertrans === '2/3'
          ? [Math.sqrt((4 / 9) * mu0 ** (1 / 3) * tau), 2 / 3]
          : powertrans === '1/2'
            ? [Math.sqrt(tau / 4), 1 / 2]
            : [Math.sqrt(mu0 * tau), 1];
      upper = (mu0 ** e + z * sd) ** (1 / e);
      expected = mu0;
      fit = mu0;
      pValue = normalUpperTail((y ** e - mu0 ** e) / sd);
    } else {
      const muQ = method === 'nbPlugin' ? Math.exp(eta) : Math.exp(eta + seEta * z);
      expected = Math.exp(eta);
      // R's score compares with the linear predictor here, not the mean; kept for fidelity.
      fit = eta;
      if (!Number.isFinite(muQ)) continue;
      if (phi > 1) {
        upper = negativeBinomialQuantile(1 - alpha, muQ / (phi - 1), 1 / phi);
        pValue = y > 0 ? 1 - negativeBinomialCdf(y - 1, muQ / (phi - 1), 1 / phi) : 1;
      } else {
        upper = poissonQuantile(1 - alpha, muQ);
        pValue = y > 0 ? 1 - poissonCdf(y - 1, muQ) : 1;
      }
    }
    const score = (y - fit) / (upper - fit);
    out.threshold[j] = upper;
    out.expected[j] = expected;
    out.p[j] = pValue;
    out.score[j] = score;
    out.alarm[j] = score > 1 && y !== 0 ? 1 : 0;
  }
  return out;
}

/**
 * Baseline rows for time point k (R `blocks` + `algo.farrington.data.glm`): the window around
 * each of the b past reference points carries level p; with p > 1 the stretch between consecutive
 * windows is cut into p − 1 blocks (the first `rest` one period longer) with levels 1 … p − 1.
 */
function baselineDesign(
  k: number,
  n: number,
  freq: number,
  b: number,
  w: number,
  p: number,
  past: number,
): Design {
  const level = new Int32Array(n);
  for (let t = Math.max(0, k - w); t <= k; t++) level[t] = p;
  for (let i = 1; i <= b; i++) {
    const ref = k - i * freq;
    const later = k - (i - 1) * freq;
    for (let t = ref - w; t <= ref + w; t++) level[t] = p;
    if (p !== 1) {
      const period = later - 2 * w - 1 - ref;
      const size = Math.floor(period / (p - 1));
      const rest = period % (p - 1);
      let t = ref + w + 1;
      for (let l = 1; l <= p - 1; l++) {
        const len = size + (l <= rest ? 1 : 0);
        for (let u = 0; u < len; u++) level[t++] = l;
      }
    }
  }
  for (let t = Math.max(0, k - past); t <= k; t++) level[t] = 0;
  let count = 0;
  for (let t = 0; t < n; t++) if ((level[t] as number) > 0) count++;
  const rows = new Int32Array(count);
  const lv = new Int32Array(count);
  let c = 0;
  for (let t = 0; t < n; t++)
    if ((level[t] as number) > 0) {
      rows[c] = t;
      lv[c++] = level[t] as number;
    }
  return { rows, level: lv };
}

interface ModelSettings {
  p: number;
  b: number;
  useTrend: boolean;
  reweight: boolean;
  weightsThreshold: number;
  pTrend: number;
}

/** Prediction at k on the link scale with its standard error, φ and whether the trend was kept. */
function fitFarringtonModel(
  x: Float64Array,
  design: Design,
  k: number,
  s: ModelSettings,
): { eta: number; seEta: number; phi: number; trend: boolean } | undefined {
  const m = design.rows.length;
  const y = new Float64Array(m);
  let yMax = 0;
  for (let i = 0; i < m; i++) {
    y[i] = x[design.rows[i] as number] as number;
    yMax = Math.max(yMax, y[i] as number);
  }
  // Treatment contrasts against the smallest seasonal level present (R's factor coding).
  const levels = s.p > 1 ? [...new Set(design.level)].sort((a, c) => a - c) : [];
  const build = (withTrend: boolean) => {
    const cols = 1 + (withTrend ? 1 : 0) + Math.max(0, levels.length - 1);
    const X = new Float64Array(m * cols);
    const x0 = new Float64Array(cols);
    X.fill(1, 0, m);
    x0[0] = 1;
    let c = 1;
    if (withTrend) {
      // R's period index is 1-based.
      for (let i = 0; i < m; i++) X[m + i] = (design.rows[i] as number) + 1;
      x0[1] = k + 1;
      c = 2;
    }
    for (let l = 1; l < levels.length; l++, c++) {
      const lev = levels[l] as number;
      for (let i = 0; i < m; i++) X[c * m + i] = design.level[i] === lev ? 1 : 0;
      x0[c] = lev === s.p ? 1 : 0;
    }
    return { X, x0, cols };
  };
  const fit = (withTrend: boolean) => {
    let trend = withTrend;
    let d = build(trend);
    let model = fitQuasiPoisson(y, d.X, d.cols);
    if (!model.converged) {
      if (!trend) return undefined;
      trend = false;
      d = build(false);
      model = fitQuasiPoisson(y, d.X, d.cols);
      if (!model.converged) return undefined;
    }
    let phi = Math.max(model.dispersion, 1);
    let seDispersion = model.dispersion;
    if (s.reweight) {
      const omega = anscombeWeights(y, model, phi, s.weightsThreshold);
      model = fitQuasiPoisson(y, d.X, d.cols, omega);
      phi = Math.max(model.dispersion, 1);
      // R then stores the Anscombe weights in the model's `weights` slot, where summary.glm (and
      // so predict.glm's standard error and the trend test) reads working weights: its dispersion
      // becomes Σ ω·r²/(n − p) with working residuals r = (y − μ)/μ. Reproduced for fidelity.
      let sum = 0;
      for (let i = 0; i < m; i++) sum += (omega[i] as number) * (model.residuals[i] as number) ** 2;
      seDispersion = sum / model.dfResidual;
    }
    return { model, phi, trend, d, seDispersion };
  };
  const predict = (f: {
    model: QuasiPoissonFit;
    d: { x0: Float64Array; cols: number };
    seDispersion: number;
  }) => {
    const { model, d } = f;
    let eta = 0;
    let v = 0;
    for (let a = 0; a < d.cols; a++) {
      eta += (d.x0[a] as number) * (model.coefficients[a] as number);
      for (let c = 0; c < d.cols; c++)
        v += (d.x0[a] as number) * (d.x0[c] as number) * (model.covUnscaled[a * d.cols + c] as number);
    }
    // predict.glm scales by summary.glm's dispersion (not floored at 1).
    return { eta, seEta: Math.sqrt(v * f.seDispersion) };
  };
  let f = fit(s.useTrend);
  if (!f) return undefined;
  let keepTrend = false;
  if (f.trend) {
    const pr = predict(f);
    const se = Math.sqrt((f.model.covUnscaled[1 * f.d.cols + 1] as number) * f.seDispersion);
    const pValue = studentTwoSided((f.model.coefficients[1] as number) / se, f.model.dfResidual);
    keepTrend = pValue < s.pTrend && s.b >= 3 && Math.exp(pr.eta) <= yMax;
    if (!keepTrend) f = fit(false);
    if (!f) return undefined;
  }
  const pr = predict(f);
  return { eta: pr.eta, seEta: pr.seEta, phi: f.phi, trend: keepTrend };
}

/**
 * Farrington's down-weighting: Anscombe residuals s_i = 3/2·(y^(2/3)·μ^(−1/6) − μ^(1/2)) / √(φ(1 − h_i));
 * weight γ·s⁻² above the threshold and γ below, γ making the weights sum to n.
 */
function anscombeWeights(
  y: Float64Array,
  model: QuasiPoissonFit,
  phi: number,
  threshold: number,
): Float64Array {
  const n = y.length;
  const s = new Float64Array(n);
  let denom = 0;
  for (let i = 0; i < n; i++) {
    const mu = model.fitted[i] as number;
    const a = 1.5 * ((y[i] as number) ** (2 / 3) * mu ** (-1 / 6) - Math.sqrt(mu));
    s[i] = a / Math.sqrt(phi * (1 - (model.hat[i] as number)));
    denom += (s[i] as number) > threshold ? (s[i] as number) ** -2 : 1;
  }
  const gamma = n / denom;
  const omega = new Float64Array(n);
  for (let i = 0; i < n; i++)
    omega[i] = (s[i] as number) > threshold ? gamma * (s[i] as number) ** -2 : gamma;
  return omega;
}
