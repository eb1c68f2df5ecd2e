/**
 * Quasi-Poisson GLM with log link and prior weights, fitted by iteratively reweighted least squares
 * exactly as R's `glm.fit` does it (same start μ = y + 0.1, same Householder least-squares step,
 * same stopping rule |D − D_old| / (|D| + 0.1) < 1e-8 within 25 iterations), so that the
 * coefficients, the Pearson dispersion and the hat values agree with R to rounding. It is the model
 * inside the Farrington algorithm; designs there have at most a dozen columns.
 */

const MACHINE_EPS = 2.220446049250313e-16;

/** A fitted quasi-Poisson GLM. */
export interface QuasiPoissonFit {
  /** Coefficients, in the design's column order. */
  coefficients: Float64Array;
  /** Fitted means μ. */
  fitted: Float64Array;
  /** (XᵀWX)⁻¹ (unscaled covariance), row-major p × p. */
  covUnscaled: Float64Array;
  /** Pearson dispersion Σ w (y − μ)²/μ² · μ … / (n − p), as R's `summary.glm` (not floored at 1). */
  dispersion: number;
  /** Residual degrees of freedom n − p. */
  dfResidual: number;
  /** Working residuals (y − μ)/μ at the final μ. */
  residuals: Float64Array;
  /** Leverages h_i of the weighted fit (R `hatvalues`). */
  hat: Float64Array;
  converged: boolean;
  iterations: number;
  /** False when the design is rank deficient (no fit is then returned by callers). */
  fullRank: boolean;
}

/**
 * Fits log E[y] = Xβ with Var(y) = φμ and prior weights `weights` (default 1).
 * `x` is column-major: column j occupies x[j·n … j·n + n − 1].
 */
export function fitQuasiPoisson(
  y: Float64Array,
  x: Float64Array,
  p: number,
  weights?: Float64Array,
  options: { epsilon?: number; maxit?: number } = {},
): QuasiPoissonFit {
  const n = y.length;
  const eps = options.epsilon ?? 1e-8;
  const maxit = options.maxit ?? 25;
  const prior = weights ?? new Float64Array(n).fill(1);
  const eta = new Float64Array(n);
  const mu = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    eta[i] = Math.log((y[i] as number) + 0.1);
    mu[i] = Math.max(Math.exp(eta[i] as number), MACHINE_EPS);
  }
  const deviance = () => {
    let d = 0;
    for (let i = 0; i < n; i++) {
      const yi = y[i] as number;
      const m = mu[i] as number;
      const wi = prior[i] as number;
      d += yi > 0 ? wi * (yi * Math.log(yi / m) - (yi - m)) : m * wi;
    }
    return 2 * d;
  };
  let devOld = deviance();
  const a = new Float64Array(n * p);
  const z = new Float64Array(n);
  const w = new Float64Array(n);
  const beta = new Float64Array(p);
  let qr: HouseholderQR | undefined;
  let converged = false;
  let iter = 0;
  for (iter = 1; iter <= maxit; iter++) {
    for (let i = 0; i < n; i++) {
      const muEta = Math.max(Math.exp(eta[i] as number), MACHINE_EPS);
      // variance(μ) = μ and dμ/dη = e^η, so w = √(prior · (dμ/dη)² / μ).
      w[i] = Math.sqrt(((prior[i] as number) * muEta * muEta) / (mu[i] as number));
      z[i] = ((eta[i] as number) + ((y[i] as number) - (mu[i] as number)) / muEta) * (w[i] as number);
      for (let j = 0; j < p; j++) a[j * n + i] = (x[j * n + i] as number) * (w[i] as number);
    }
    qr = householderQR(a, n, p);
    if (!qr.fullRank) break;
    qr.solve(z, beta);
    for (let i = 0; i < n; i++) {
      let e = 0;
      for (let j = 0; j < p; j++) e += (x[j * n + i] as number) * (beta[j] as number);
      eta[i] = e;
      mu[i] = Math.max(Math.exp(e), MACHINE_EPS);
    }
    const dev = deviance();
    if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < eps) {
      converged = true;
      break;
    }
    devOld = dev;
  }
  const fullRank = qr?.fullRank ?? false;
  const df = n - p;
  // R keeps the working weights of the last step (w², from the μ before the update) beside the
  // residuals of the updated μ; summary.glm's dispersion mixes the two, and so do we.
  let pearson = 0;
  const residuals = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const muEta = Math.max(Math.exp(eta[i] as number), MACHINE_EPS);
    const r = ((y[i] as number) - (mu[i] as number)) / muEta;
    residuals[i] = r;
    pearson += (w[i] as number) * (w[i] as number) * r * r;
  }
  const hat = new Float64Array(n);
  const cov = new Float64Array(p * p);
  if (qr && fullRank) {
    qr.unscaledCovariance(cov);
    qr.leverages(hat);
  }
  return {
    coefficients: beta,
    fitted: mu,
    covUnscaled: cov,
    dispersion: df > 0 ? pearson / df : Number.NaN,
    dfResidual: df,
    residuals,
    hat,
    converged: converged && fullRank,
    iterations: Math.min(iter, maxit),
    fullRank,
  };
}

interface HouseholderQR {
  fullRank: boolean;
  /** Least-squares β for the right-hand side b (n). */
  solve(b: Float64Array, out: Float64Array): void;
  /** (RᵀR)⁻¹ row-major. */
  unscaledCovariance(out: Float64Array): void;
  /** Diagonal of the hat matrix Q Qᵀ. */
  leverages(out: Float64Array): void;
}

/** Householder QR of the column-major n × p matrix a (overwritten). */
function householderQR(a: Float64Array, n: number, p: number): HouseholderQR {
  const tau = new Float64Array(p);
  let fullRank = true;
  const norms0 = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += (a[j * n + i] as number) ** 2;
    norms0[j] = Math.sqrt(s);
  }
  // Applies H_k = I − τ_k v vᵀ, v = (1, a[k·n + k+1 .. k·n + n−1]), to the n-vector at b[o ..]: to the
  // later columns while factoring, and to right-hand sides (Qᵀb) and unit vectors (Q e) after.
  const reflect = (k: number, b: Float64Array, o: number) => {
    const off = k * n;
    let s = b[o + k] as number;
    for (let i = k + 1; i < n; i++) s += (a[off + i] as number) * (b[o + i] as number);
    s *= tau[k] as number;
    b[o + k] = (b[o + k] as number) - s;
    for (let i = k + 1; i < n; i++) b[o + i] = (b[o + i] as number) - s * (a[off + i] as number);
  };
  for (let k = 0; k < p; k++) {
    const off = k * n;
    let norm = 0;
    for (let i = k; i < n; i++) norm += (a[off + i] as number) ** 2;
    norm = Math.sqrt(norm);
    // R's dqrdc2 treats a column as collinear when its remaining norm falls below 1e-11 of its own.
    if (!(norm > 1e-11 * (norms0[k] as number)) || k >= n) {
      fullRank = false;
      break;
    }
    const alpha = (a[off + k] as number) > 0 ? -norm : norm;
    const v0 = (a[off + k] as number) - alpha;
    // v = (v0, a[k+1..n−1]); H = I − τ v vᵀ with τ = −v0 / alpha (v scaled so v[0] = 1).
    for (let i = k + 1; i < n; i++) a[off + i] = (a[off + i] as number) / v0;
    tau[k] = -v0 / alpha;
    a[off + k] = alpha;
    for (let j = k + 1; j < p; j++) reflect(k, a, j * n);
  }
  const applyQt = (b: Float64Array) => {
    for (let k = 0; k < p; k++) reflect(k, b, 0);
  };
  const applyQ = (b: Float64Array) => {
    for (let k = p - 1; k >= 0; k--) reflect(k, b, 0);
  };
  const r = (i: number, j: number) => a[j * n + i] as number;
  // R⁻¹ (upper triangular), row-major p × p.
  const rInv = () => {
    const inv = new Float64Array(p * p);
    for (let j = 0; j < p; j++) {
      inv[j * p + j] = 1 / r(j, j);
      for (let i = j - 1; i >= 0; i--) {
        let s = 0;
        for (let k = i + 1; k <= j; k++) s += r(i, k) * (inv[k * p + j] as number);
        inv[i * p + j] = -s / r(i, i);
      }
    }
    return inv;
  };
  return {
    fullRank,
    solve(b, out) {
      const c = Float64Array.from(b);
      applyQt(c);
      for (let i = p - 1; i >= 0; i--) {
        let s = c[i] as number;
        for (let j = i + 1; j < p; j++) s -= r(i, j) * (out[j] as number);
        out[i] = s / r(i, i);
      }
    },
    unscaledCovariance(out) {
      const inv = rInv();
      for (let i = 0; i < p; i++)
        for (let j = 0; j < p; j++) {
          let s = 0;
          for (let k = Math.max(i, j); k < p; k++)
            s += (inv[i * p + k] as number) * (inv[j * p + k] as number);
          out[i * p + j] = s;
        }
    },
    leverages(out) {
      out.fill(0);
      const e = new Float64Array(n);
      for (let k = 0; k < p; k++) {
        e.fill(0);
        e[k] = 1;
        applyQ(e);
        for (let i = 0; i < n; i++) out[i] = (out[i] as number) + (e[i] as number) ** 2;
      }
    },
  };
}
