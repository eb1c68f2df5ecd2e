import { CohesionError } from '../errors.js';
import { designEffects } from './deff.js';
import type { SurveyDesign } from './design.js';

/** A design-based estimate of a mean (a proportion when the answers are 0/1). */
export interface SurveyEstimate {
  /** Weighted mean Σ w·y / Σ w (the Hájek ratio estimator). */
  estimate: number;
  /** Taylor-linearised variance of the estimate. */
  variance: number;
  /** Standard error, √variance. */
  se: number;
  /** Respondents (rows) in the estimate. */
  n: number;
  /** Σ w over those respondents: the estimated population size when weights are grossed up. */
  weightSum: number;
  /** Design degrees of freedom: PSUs minus strata among the respondents (R `degf`). */
  df: number;
  /** Design effect against a simple random sample of the same size with replacement (R `deff="replace"`). */
  deff: number;
  /** Design effect against a simple random sample without replacement from Σ w people (R `deff=TRUE`); NaN when Σ w ≤ n. */
  deffWithoutReplacement: number;
  /** Effective sample size n / deff (Kish 1965); n when the design effect is not positive and finite. */
  effectiveN: number;
}

/** Scratch arrays reused across domains so that many areas cost O(rows) in all. */
export interface Workspace {
  psuTotal: Float64Array;
  psuSeen: Uint8Array;
  psuList: Int32Array;
  strataSum: Float64Array;
  strataSq: Float64Array;
  strataCount: Int32Array;
  strataList: Int32Array;
}

export function createWorkspace(design: SurveyDesign): Workspace {
  const H = design.strataNames.length;
  return {
    psuTotal: new Float64Array(design.psuCount),
    psuSeen: new Uint8Array(design.psuCount),
    psuList: new Int32Array(design.psuCount),
    strataSum: new Float64Array(H),
    strataSq: new Float64Array(H),
    strataCount: new Int32Array(H),
    strataList: new Int32Array(H),
  };
}

/**
 * Variance of a linearised total Σ z_i over the design (R `svyrecvar`, one stage):
 *   V = Σ_h f_h · n_h/(n_h − 1) · Σ_k (t_hk − t̄_h)²,
 * t_hk the PSU totals of z (0 for PSUs without rows in the domain), t̄_h their mean over the n_h
 * sampled PSUs, f_h = 1 − n_h/N_h with an fpc and 1 without (Lumley 2004; Wolter 2007 §6.11).
 * Strata with one PSU follow `design.lonelyPsu`. Only the domain's rows are visited.
 */
function linearisedVariance(
  design: SurveyDesign,
  z: (i: number) => number,
  rows: ArrayLike<number>,
  ws: Workspace,
): { variance: number; df: number } {
  const { psu, psuStratum, stratumPsus, stratumFpc } = design;
  let nPsu = 0;
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r] as number;
    const k = psu[i] as number;
    if (!ws.psuSeen[k]) {
      ws.psuSeen[k] = 1;
      ws.psuTotal[k] = 0;
      ws.psuList[nPsu++] = k;
    }
    ws.psuTotal[k] = (ws.psuTotal[k] as number) + z(i);
  }
  let nStrata = 0;
  for (let j = 0; j < nPsu; j++) {
    const k = ws.psuList[j] as number;
    const h = psuStratum[k] as number;
    if (ws.strataCount[h] === 0) {
      ws.strataList[nStrata++] = h;
      ws.strataSum[h] = 0;
      ws.strataSq[h] = 0;
    }
    ws.strataCount[h] = (ws.strataCount[h] as number) + 1;
    ws.strataSum[h] = (ws.strataSum[h] as number) + (ws.psuTotal[k] as number);
  }
  // Centred second pass: PSUs outside the domain have total 0 and sit at distance t̄_h.
  for (let j = 0; j < nPsu; j++) {
    const k = ws.psuList[j] as number;
    const h = psuStratum[k] as number;
    const d = (ws.psuTotal[k] as number) - (ws.strataSum[h] as number) / (stratumPsus[h] as number);
    ws.strataSq[h] = (ws.strataSq[h] as number) + d * d;
  }
  let variance = 0;
  let lonely = 0;
  for (let s = 0; s < nStrata; s++) {
    const h = ws.strataList[s] as number;
    const nh = stratumPsus[h] as number;
    const f = stratumFpc[h] as number;
    if (f < 1e-7) continue;
    if (nh > 1) {
      const mean = (ws.strataSum[h] as number) / nh;
      const missing = nh - (ws.strataCount[h] as number);
      variance += (f * nh * ((ws.strataSq[h] as number) + missing * mean * mean)) / (nh - 1);
    } else if (design.lonelyPsu === 'adjust') {
      // Centred at the grand mean of the linearised values, which is 0.
      const t = ws.strataSum[h] as number;
      variance += f * t * t;
    } else if (design.lonelyPsu === 'average') lonely++;
    // certainty / remove: no contribution. (fail was refused when the design was built.)
  }
  if (lonely > 0) variance = lonely === nStrata ? Number.NaN : (variance * nStrata) / (nStrata - lonely);
  for (let j = 0; j < nPsu; j++) ws.psuSeen[ws.psuList[j] as number] = 0;
  for (let s = 0; s < nStrata; s++) ws.strataCount[ws.strataList[s] as number] = 0;
  return { variance, df: nPsu - nStrata };
}

/** The weighted mean of `y` over `rows` (a domain) with its linearised variance and design effects. */
export function domainMean(
  design: SurveyDesign,
  y: ArrayLike<number>,
  rows: ArrayLike<number>,
  ws: Workspace,
): SurveyEstimate {
  const w = design.weights;
  const n = rows.length;
  if (n === 0) {
    throw new CohesionError('EMPTY_INPUT', `${design.source}: no respondents to estimate from`, {
      source: design.source,
    });
  }
  let W = 0;
  let Wy = 0;
  for (let r = 0; r < n; r++) {
    const i = rows[r] as number;
    W += w[i] as number;
    Wy += (w[i] as number) * (y[i] as number);
  }
  const mean = Wy / W;
  // z_i = w_i (y_i − ȳ) / Σw: the influence of row i on the ratio estimator (Woodruff 1971).
  const { variance, df } = linearisedVariance(
    design,
    (i) => ((w[i] as number) * ((y[i] as number) - mean)) / W,
    rows,
    ws,
  );
  let ss = 0;
  for (let r = 0; r < n; r++) {
    const i = rows[r] as number;
    const d = (y[i] as number) - mean;
    ss += (w[i] as number) * d * d;
  }
  const de = designEffects(variance, ss / W, n, W);
  return {
    estimate: mean,
    variance,
    se: Math.sqrt(variance),
    n,
    weightSum: W,
    df,
    ...de,
  };
}

/** Every row index 0..n-1. */
export function allRows(n: number): Int32Array {
  const r = new Int32Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  return r;
}

/**
 * Weighted mean (or proportion, for 0/1 answers) of `y` with a design-based standard error, as R
 * `svymean(~y, design, deff=TRUE)`. `rows` restricts the estimate to a domain (a ward, or the
 * respondents who answered) while keeping the whole design for the variance, as R's `subset()`.
 */
export function surveyMean(
  design: SurveyDesign,
  y: ArrayLike<number>,
  rows?: ArrayLike<number>,
): SurveyEstimate {
  if (y.length !== design.rows) {
    throw new CohesionError(
      'LENGTH_MISMATCH',
      `${design.source}: ${y.length} answers for a design of ${design.rows} rows`,
      { source: design.source },
    );
  }
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i] as number)) {
      const row = design.rowNumbers ? (design.rowNumbers[i] as number) : i;
      throw new CohesionError('NON_FINITE', `${design.source}: answer in row ${row + 1} is not a number`, {
        row,
        source: design.source,
      });
    }
  }
  return domainMean(design, y, rows ?? allRows(design.rows), createWorkspace(design));
}
