import { CohesionError } from '../errors.js';
import { normalTwoSided, normalUpperTail } from '../stats/normal.js';
import { mean as meanOf, meanSd } from '../stats/summary.js';
import type { RowOrderOptions } from '../validate/align.js';
import { type SpatialWeights, weightsSums } from '../weights/csr.js';
import {
  checkValues,
  globalPermutations,
  type PermutationAlternative,
  type PermutationOptions,
  permutationCount,
  pseudoP,
} from './permutation.js';

/**
 * Options every hotspot statistic shares: `allowIslands` (areas with no neighbours, spdep
 * `zero.policy = TRUE`; default false → ISLAND error) and the row-order check (`ids`, `reorder`:
 * the values are in `w.ids` order unless their codes say otherwise, see `rowOrder`).
 */
export interface IslandOption extends RowOrderOptions {
  allowIslands?: boolean;
}

/**
 * Options of the global statistics: with islands allowed, `adjustN` counts only the areas that
 * have neighbours, as spdep does by default (`adjust.n = TRUE`; General G also sums over those
 * areas' values, `adjust.x = TRUE`). Default false: n counts every area, as esda.
 */
export interface GlobalOptions extends PermutationOptions, IslandOption {
  adjustN?: boolean;
}

/**
 * The n the moments use: every area, or with `adjustN` those with neighbours (spdep
 * `spweights.constants(adjust.n = TRUE)`). The randomisation variances divide by (n−1)(n−2)(n−3),
 * so fewer than 4 areas is an error rather than a NaN.
 */
function effectiveN(w: SpatialWeights, adjustN: boolean | undefined, what: string): number {
  let n = w.n;
  if (adjustN) for (let i = 0; i < w.n; i++) if (w.offsets[i] === w.offsets[i + 1]) n--;
  if (n < 4)
    throw new CohesionError(
      'TOO_FEW_AREAS',
      `${what} needs at least 4 areas${adjustN ? ' with neighbours' : ''} (its randomisation variance divides by (n−1)(n−2)(n−3)), got ${n}`,
      { value: n },
    );
  return n;
}

/** Global Moran's I with normality, randomisation and permutation inference. */
export interface MoranResult {
  I: number;
  /** E[I] = −1/(n−1). */
  EI: number;
  VI_norm: number;
  z_norm: number;
  /** Two-sided normal p under normality. */
  p_norm: number;
  VI_rand: number;
  z_rand: number;
  /** Two-sided normal p under randomisation. */
  p_rand: number;
  /** One-sided (upper tail) normal p-values, as spdep's `moran.test` default reports. */
  p_norm_greater: number;
  p_rand_greater: number;
  /** Sample kurtosis K = n Σz⁴ / (Σz²)². */
  K: number;
  /** Permutation pseudo-p (NaN when permutations = 0). */
  p_sim: number;
  /** Mean, sd and z of I over the permutations (NaN when none). */
  EI_sim: number;
  seI_sim: number;
  z_sim: number;
  permutations: number;
  alternative: PermutationAlternative;
  n: number;
}

function moments(x: Float64Array): { z: Float64Array; m2: number; m4: number; mean: number } {
  const n = x.length;
  const mean = meanOf(x);
  const z = new Float64Array(n);
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = (x[i] as number) - mean;
    z[i] = d;
    m2 += d * d;
    m4 += d * d * d * d;
  }
  return { z, m2, m4, mean };
}

function crossProduct(w: SpatialWeights, a: Float64Array, b: Float64Array): number {
  let s = 0;
  const { offsets, neighbors, weights } = w;
  for (let i = 0; i < w.n; i++) {
    let t = 0;
    for (let p = offsets[i] as number; p < (offsets[i + 1] as number); p++)
      t += (weights[p] as number) * (b[neighbors[p] as number] as number);
    s += (a[i] as number) * t;
  }
  return s;
}

/**
 * Global Moran's I = (n / S0) Σ_ij w_ij z_i z_j / Σ z_i², z = x − x̄ (Moran 1950; Cliff & Ord 1981).
 * Uses the weights as given (transform them first: `transformWeights(w, 'R')` = spdep style "W").
 * Moments (Cliff & Ord 1981, as spdep `moran.test` and esda `Moran`):
 * E[I] = −1/(n−1); Var_N = (n²S1 − nS2 + 3S0²) / (S0²(n²−1)) − E[I]²;
 * Var_R = [n((n²−3n+3)S1 − nS2 + 3S0²) − K((n²−n)S1 − 2nS2 + 6S0²)] / ((n−1)(n−2)(n−3)S0²) − E[I]².
 * Permutation: R random full permutations of x (seeded), pseudo-p per `alternative` (default two-sided).
 * With islands and `adjustN`, n is the number of areas with neighbours in I, E[I] and both
 * variances, while x̄ and K use every area (spdep `moran.test(adjust.n = TRUE)`).
 *
 * @throws CohesionError LENGTH_MISMATCH, NON_FINITE (naming the row), TOO_FEW_AREAS (n < 4 for
 *   Var_R), NO_NEIGHBOURS, ISLAND, INVALID_ARGUMENT (constant values).
 * Row order: `values` in `w.ids` order, else checked or matched by code via `ids` / `reorder`.
 */
export function moranGlobal(
  w: SpatialWeights,
  values: ArrayLike<number>,
  options: GlobalOptions = {},
): MoranResult {
  const x = checkValues(w, values, options);
  const n = effectiveN(w, options.adjustN, "Moran's I");
  const { z, m2, m4 } = moments(x);
  const { s0, s1, s2 } = weightsSums(w);
  const I = ((n / s0) * crossProduct(w, z, z)) / m2;
  const EI = -1 / (n - 1);
  const s02 = s0 * s0;
  const VI_norm = (n * n * s1 - n * s2 + 3 * s02) / (s02 * (n * n - 1)) - EI * EI;
  const K = (w.n * m4) / (m2 * m2);
  const VI_rand =
    (n * ((n * n - 3 * n + 3) * s1 - n * s2 + 3 * s02) - K * ((n * n - n) * s1 - 2 * n * s2 + 6 * s02)) /
      ((n - 1) * (n - 2) * (n - 3) * s02) -
    EI * EI;
  const z_norm = (I - EI) / Math.sqrt(VI_norm);
  const z_rand = (I - EI) / Math.sqrt(VI_rand);
  const R = permutationCount(options);
  const alternative = options.alternative ?? 'two-sided';
  let p_sim = Number.NaN;
  let EI_sim = Number.NaN;
  let seI_sim = Number.NaN;
  let z_sim = Number.NaN;
  if (R > 0) {
    const sims = globalPermutations(
      z,
      R,
      options.seed,
      (zp) => ((n / s0) * crossProduct(w, zp, zp)) / m2,
      options.onProgress,
    );
    p_sim = pseudoP(sims, I, alternative);
    ({ mean: EI_sim, sd: seI_sim } = meanSd(sims));
    z_sim = (I - EI_sim) / seI_sim;
  }
  return {
    I,
    EI,
    VI_norm,
    z_norm,
    p_norm: normalTwoSided(z_norm),
    VI_rand,
    z_rand,
    p_rand: normalTwoSided(z_rand),
    p_norm_greater: normalUpperTail(z_norm),
    p_rand_greater: normalUpperTail(z_rand),
    K,
    p_sim,
    EI_sim,
    seI_sim,
    z_sim,
    permutations: R,
    alternative,
    n,
  };
}

/** Also on the hotspots entry point, where esda users look for it; the one copy is in `stats/summary`. */
export { meanSd };

/** Global Geary's C with normality, randomisation and permutation inference. */
export interface GearyResult {
  C: number;
  /** E[C] = 1. */
  EC: number;
  VC_norm: number;
  VC_rand: number;
  /**
   * z = (E[C] − C)/√Var — **spdep's sign**: positive for positive autocorrelation. esda's z is the
   * negative of this.
   */
  z_norm: number;
  z_rand: number;
  /** Two-sided normal p-values. */
  p_norm: number;
  p_rand: number;
  /** One-sided p for positive autocorrelation (spdep `geary.test` default `p_greater`). */
  p_norm_greater: number;
  p_rand_greater: number;
  p_sim: number;
  permutations: number;
  n: number;
}

/**
 * Global Geary's C = (n−1) Σ_ij w_ij (x_i − x_j)² / (2 S0 Σ z_i²) (Geary 1954; Cliff & Ord 1981).
 * Var_N = ((2S1 + S2)(n−1) − 4S0²) / (2(n+1)S0²);
 * Var_R = [(n−1)S1(n²−3n+3−(n−1)K) − ¼(n−1)S2(n²+3n−6−(n²−n+2)K) + S0²(n²−3−(n−1)²K)] / (n(n−2)(n−3)S0²).
 * z follows spdep: (1 − C)/√Var (esda: (C − 1)/√Var). Matches spdep `geary.test` and esda `Geary`.
 * With islands and `adjustN`, the formulas follow spdep 1.2-7 `geary.test(adjust.n = TRUE)` term
 * for term: n counts the areas with neighbours in C, K and the variances, except the terms
 * (n²−3n+3), (n²+3n−6), (n²−n+2), the leading n of the Var_R divisor and (n+1) of Var_N, which use
 * every area.
 * @throws CohesionError TOO_FEW_AREAS (n < 4), and as {@link moranGlobal}.
 * Row order: `values` in `w.ids` order, else checked or matched by code via `ids` / `reorder`.
 */
export function gearyGlobal(
  w: SpatialWeights,
  values: ArrayLike<number>,
  options: GlobalOptions = {},
): GearyResult {
  const x = checkValues(w, values, options);
  const n = effectiveN(w, options.adjustN, "Geary's C");
  const N = w.n;
  const { m2, m4 } = moments(x);
  const { s0, s1, s2 } = weightsSums(w);
  const gearySum = (v: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < N; i++)
      for (let p = w.offsets[i] as number; p < (w.offsets[i + 1] as number); p++)
        s += (w.weights[p] as number) * ((v[i] as number) - (v[w.neighbors[p] as number] as number)) ** 2;
    return s;
  };
  const f = (n - 1) / (2 * s0 * m2);
  const C = f * gearySum(x);
  const K = (n * m4) / (m2 * m2);
  const s02 = s0 * s0;
  const VC_norm = ((2 * s1 + s2) * (n - 1) - 4 * s02) / (2 * (N + 1) * s02);
  const VC_rand =
    ((n - 1) * s1 * (n * n - 3 * N + 3 - (n - 1) * K) -
      0.25 * (n - 1) * s2 * (n * n + 3 * N - 6 - (n * n - N + 2) * K) +
      s02 * (n * n - 3 - (n - 1) ** 2 * K)) /
    (N * (n - 2) * (n - 3) * s02);
  const z_norm = (1 - C) / Math.sqrt(VC_norm);
  const z_rand = (1 - C) / Math.sqrt(VC_rand);
  const R = permutationCount(options);
  let p_sim = Number.NaN;
  if (R > 0) {
    const sims = globalPermutations(x, R, options.seed, (xp) => f * gearySum(xp), options.onProgress);
    p_sim = pseudoP(sims, C, options.alternative ?? 'two-sided');
  }
  return {
    C,
    EC: 1,
    VC_norm,
    VC_rand,
    z_norm,
    z_rand,
    p_norm: normalTwoSided(z_norm),
    p_rand: normalTwoSided(z_rand),
    p_norm_greater: normalUpperTail(z_norm),
    p_rand_greater: normalUpperTail(z_rand),
    p_sim,
    permutations: R,
    n,
  };
}

/** Global Getis–Ord General G. */
export interface GetisOrdGlobalResult {
  G: number;
  EG: number;
  VG: number;
  z: number;
  /** Two-sided normal p. */
  p_norm: number;
  /** One-sided upper-tail p (spdep `globalG.test` default). */
  p_norm_greater: number;
  p_sim: number;
  permutations: number;
}

/**
 * General G = Σ_{i≠j} w_ij x_i x_j / Σ_{i≠j} x_i x_j (Getis & Ord 1992), for non-negative x,
 * usually with binary distance-band weights. E[G] = S0/(n(n−1)); Var from Getis & Ord (1992) eq.
 * 12 via moments m_j = Σ x^j (as esda `G` and spdep `globalG.test`). With islands and `adjustN`,
 * n and the sums Σ x^j (the denominator included) cover only the areas with neighbours (spdep
 * `globalG.test(adjust.n = TRUE, adjust.x = TRUE)`, its default); each permutation's denominator
 * is then taken over the values that land on those areas.
 * @throws CohesionError NEGATIVE_COUNT for negative values; INVALID_ARGUMENT when fewer than two
 *   areas have a value above zero (the denominator is 0); TOO_FEW_AREAS (n < 4).
 * Row order: `values` in `w.ids` order, else checked or matched by code via `ids` / `reorder`.
 */
export function getisOrdGlobal(
  w: SpatialWeights,
  values: ArrayLike<number>,
  options: GlobalOptions = {},
): GetisOrdGlobalResult {
  const x = checkValues(w, values, options);
  for (let i = 0; i < w.n; i++)
    if ((x[i] as number) < 0)
      throw new CohesionError(
        'NEGATIVE_COUNT',
        `General G needs non-negative values; area ${w.ids[i]} has ${x[i]}`,
        {
          row: i,
          id: w.ids[i],
          value: x[i],
        },
      );
  const n = effectiveN(w, options.adjustN, 'General G');
  const counted = (i: number): boolean => !options.adjustN || w.offsets[i] !== w.offsets[i + 1];
  const { s0, s1, s2 } = weightsSums(w);
  let m1 = 0;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  let positive = 0;
  for (let i = 0; i < w.n; i++) {
    if (!counted(i)) continue;
    const v = x[i] as number;
    m1 += v;
    m2 += v * v;
    m3 += v * v * v;
    m4 += v * v * v * v;
    if (v > 0) positive++;
  }
  if (positive < 2)
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `General G needs at least two areas${options.adjustN ? ' with neighbours' : ''} with a value above zero, got ${positive}: Σ_{i≠j} x_i x_j is 0`,
      { value: positive },
    );
  const denom = m1 * m1 - m2;
  const G = crossProduct(w, x, x) / denom;
  const EG = s0 / (n * (n - 1));
  const s02 = s0 * s0;
  const b0 = (n * n - 3 * n + 3) * s1 - n * s2 + 3 * s02;
  const b1 = -((n * n - n) * s1 - 2 * n * s2 + 6 * s02);
  const b2 = -(2 * n * s1 - (n + 3) * s2 + 6 * s02);
  const b3 = 4 * (n - 1) * s1 - 2 * (n + 1) * s2 + 8 * s02;
  const b4 = s1 - s2 + s02;
  const EG2 =
    (b0 * m2 * m2 + b1 * m4 + b2 * m1 * m1 * m2 + b3 * m1 * m3 + b4 * m1 ** 4) /
    (denom * denom * n * (n - 1) * (n - 2) * (n - 3));
  const VG = EG2 - EG * EG;
  const z = (G - EG) / Math.sqrt(VG);
  const R = permutationCount(options);
  // Without islands counted out, a permutation leaves Σx and Σx² and so the denominator unchanged.
  const denomOf = (xp: Float64Array): number => {
    if (n === w.n) return denom;
    let a = 0;
    let b = 0;
    for (let i = 0; i < w.n; i++)
      if (counted(i)) {
        a += xp[i] as number;
        b += (xp[i] as number) ** 2;
      }
    return a * a - b;
  };
  let p_sim = Number.NaN;
  if (R > 0) {
    const sims = globalPermutations(
      x,
      R,
      options.seed,
      (xp) => crossProduct(w, xp, xp) / denomOf(xp),
      options.onProgress,
    );
    p_sim = pseudoP(sims, G, options.alternative ?? 'two-sided');
  }
  return {
    G,
    EG,
    VG,
    z,
    p_norm: normalTwoSided(z),
    p_norm_greater: normalUpperTail(z),
    p_sim,
    permutations: R,
  };
}

/** One join-count statistic with its moments under non-free sampling. */
export interface JoinCount {
  /** Observed count ½ Σ w_ij [pair type]. */
  count: number;
  expectation: number;
  variance: number;
  z: number;
  /** One-sided p for more joins than expected (spdep `joincount.test` default). */
  p_greater: number;
}

/** Join counts on a binary variable (1 = "black", 0 = "white"). */
export interface JoinCountResult {
  BB: JoinCount;
  WW: JoinCount;
  /** BW joins; z > 0 means more unlike joins than expected (negative autocorrelation). */
  BW: JoinCount;
  /** Permutation pseudo-p for BB (greater) and BW (less), NaN without permutations. */
  p_sim_BB: number;
  p_sim_BW: number;
  n1: number;
  n: number;
}

/**
 * Join-count statistics for a 0/1 variable (Cliff & Ord 1981, ch. 2) under non-free sampling
 * (randomisation), with the weights as given (binary weights for classic joins):
 * BB = ½ Σ w_ij x_i x_j, WW likewise for 1 − x, BW = ½ Σ w_ij (x_i − x_j)². Moments use S0, S1, S2
 * and n_(k) = n(n−1)…(n−k+1) as in spdep `joincount.test` / `joincount.multi`.
 * @throws CohesionError INVALID_ARGUMENT when a value is not 0 or 1; TOO_FEW_AREAS (n < 4).
 * Row order: `values` in `w.ids` order, else checked or matched by code via `ids` / `reorder`.
 */
export function joinCounts(
  w: SpatialWeights,
  values: ArrayLike<number>,
  options: PermutationOptions & IslandOption = {},
): JoinCountResult {
  const x = checkValues(w, values, options);
  const n = effectiveN(w, false, 'Join counts');
  let n1 = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i] as number;
    if (v !== 0 && v !== 1)
      throw new CohesionError('INVALID_ARGUMENT', `join counts need 0/1 values; area ${w.ids[i]} has ${v}`, {
        row: i,
        id: w.ids[i],
        value: v,
      });
    n1 += v;
  }
  const n2 = n - n1;
  const { s0, s1, s2 } = weightsSums(w);
  const counts = (v: Float64Array) => {
    let bb = 0;
    let ww = 0;
    let bw = 0;
    for (let i = 0; i < n; i++)
      for (let p = w.offsets[i] as number; p < (w.offsets[i + 1] as number); p++) {
        const a = v[i] as number;
        const b = v[w.neighbors[p] as number] as number;
        const wt = w.weights[p] as number;
        if (a === 1 && b === 1) bb += wt;
        else if (a === 0 && b === 0) ww += wt;
        else bw += wt;
      }
    return { bb: bb / 2, ww: ww / 2, bw: bw / 2 };
  };
  const obs = counts(x);
  const ff = (m: number, k: number) => {
    let r = 1;
    for (let t = 0; t < k; t++) r *= m - t;
    return r;
  };
  const same = (m: number, count: number): JoinCount => {
    const e = (s0 * ff(m, 2)) / (2 * ff(n, 2));
    const v =
      (s1 * ff(m, 2)) / (4 * ff(n, 2)) +
      ((s2 - 2 * s1) * ff(m, 3)) / (4 * ff(n, 3)) +
      ((s0 * s0 + s1 - s2) * ff(m, 4)) / (4 * ff(n, 4)) -
      e * e;
    const z = (count - e) / Math.sqrt(v);
    return { count, expectation: e, variance: v, z, p_greater: normalUpperTail(z) };
  };
  const eBW = (s0 * n1 * n2) / ff(n, 2);
  const vBW =
    (2 * s1 * n1 * n2) / (4 * ff(n, 2)) +
    ((s2 - 2 * s1) * (n1 * n2 * (n1 + n2 - 2))) / (4 * ff(n, 3)) +
    (4 * (s0 * s0 + s1 - s2) * ff(n1, 2) * ff(n2, 2)) / (4 * ff(n, 4)) -
    eBW * eBW;
  // The BW moments above use the non-free sampling formula of Cliff & Ord (1981) eq. 2.31 with
  // the ½ convention for joins; see docs/methods/hotspots.md.
  const zBW = (obs.bw - eBW) / Math.sqrt(vBW);
  const R = permutationCount(options);
  let p_sim_BB = Number.NaN;
  let p_sim_BW = Number.NaN;
  if (R > 0) {
    const bw = new Float64Array(R);
    let r = 0;
    const bb = globalPermutations(
      x,
      R,
      options.seed,
      (xp) => {
        const c = counts(xp);
        bw[r++] = c.bw;
        return c.bb;
      },
      options.onProgress,
    );
    p_sim_BB = pseudoP(bb, obs.bb, 'greater');
    p_sim_BW = pseudoP(bw, obs.bw, 'less');
  }
  return {
    BB: same(n1, obs.bb),
    WW: same(n2, obs.ww),
    BW: { count: obs.bw, expectation: eBW, variance: vBW, z: zBW, p_greater: normalUpperTail(zBW) },
    p_sim_BB,
    p_sim_BW,
    n1,
    n,
  };
}
