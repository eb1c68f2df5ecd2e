import { CohesionError } from '../errors.js';
import { type ConditionalSpec, pValuesInto } from '../stats/conditional.js';
import { normalTwoSided } from '../stats/normal.js';
import {
  type PermutationAlternative,
  type PermutationOptions,
  permutationCount,
} from '../stats/permutation.js';
import { KERNEL_SCALE } from '../stats/permutationKernel.js';
import { mean, median } from '../stats/summary.js';
import { checkAlpha } from '../validate/args.js';
import { type SpatialWeights, spatialLag } from '../weights/csr.js';
import type { IslandOption } from './global.js';
import {
  type Correction,
  corrected,
  DEGENERATE,
  type LocalRun,
  runLocal,
  runLocalParallel,
} from './localRun.js';
import { checkValues } from './permutation.js';
import type { ThreadOptions } from './threads.js';

/**
 * Local Moran variants (spdep `localmoran` arguments in brackets):
 * - `conditional` (default; spdep 1.2-7 default `conditional = TRUE, mlvar = TRUE`): m2 = Σz²/n,
 *   I_i = z_i/m2 · Σ_j w_ij z_j, E[I_i] = −z_i² W_i / ((n−1) m2),
 *   Var[I_i] = (z_i/m2)² · n/(n−2) · (W_i2 − W_i²/(n−1)) · (m2 − z_i²/(n−1));
 * - `total` (`conditional = FALSE, mlvar = TRUE`, Anselin 1995 total randomisation): same I_i,
 *   E[I_i] = −W_i/(n−1), Var[I_i] = W_i2 (n − b2)/(n−1) + (W_i² − W_i2)(2b2 − n)/((n−1)(n−2)) − E², b2 = m4/m2²;
 * - `esda` (`conditional = FALSE, mlvar = FALSE`): s2 = Σz²/(n−1), I_i = z_i/s2 · Σ_j w_ij z_j —
 *   identical to PySAL esda `Moran_Local.Is`; moments as `total` with b2 = (Σz⁴/(n−1))/s2².
 * Here W_i = Σ_j w_ij and W_i2 = Σ_j w_ij².
 */
export type LocalMoranVariant = 'conditional' | 'total' | 'esda';

/** LISA quadrant codes, as esda: 1 HH, 2 LH, 3 LL, 4 HL (value first, lag second). */
export type Quadrant = 1 | 2 | 3 | 4;

/** How quadrants are centred (spdep `localmoran` `quadr_mean`/`quadr_median`/`quadr_pysal`). */
export type QuadrantCentre = 'mean' | 'median' | 'pysal';

/** Label of each {@link Quadrant} code (index 0 unused): 1 HH, 2 LH, 3 LL, 4 HL. */
export const QUADRANT_LABELS = ['', 'HH', 'LH', 'LL', 'HL'] as const;

/** Options for {@link localMoran}. */
export interface LocalMoranOptions extends PermutationOptions, IslandOption {
  variant?: LocalMoranVariant;
  /**
   * Quadrant centring: `mean` (default; spdep "mean": x − x̄ against Wx − mean(Wx)), `median`
   * (x − median(x) against Wx − median(Wx)) or `pysal` (z against Wz, as esda `Moran_Local.q`).
   */
  quadrant?: QuadrantCentre;
  /** Significance level for `cluster` labels; default 0.05. */
  alpha?: number;
  /** Which p decides `cluster`: `sim` (default when permutations > 0) or `norm`. */
  significance?: 'sim' | 'norm';
  /** Multiple-testing correction applied to that p before comparing with `alpha`; default `none`. */
  correction?: Correction;
}

/** Per-area LISA results (arrays in row order of the weights). */
export interface LocalMoranResult {
  ids: readonly string[];
  Ii: Float64Array;
  EIi: Float64Array;
  VIi: Float64Array;
  /** (I_i − E[I_i]) / √Var[I_i]. */
  z: Float64Array;
  /** Two-sided normal p. */
  p_norm: Float64Array;
  /** Conditional-permutation pseudo-p (NaN without permutations or for islands). */
  p_sim: Float64Array;
  quadrant: Int8Array;
  /** Quadrant label where significant at `alpha`, else `ns`. */
  cluster: ('HH' | 'LH' | 'LL' | 'HL' | 'ns')[];
  variant: LocalMoranVariant;
  permutations: number;
  alternative: PermutationAlternative;
}

/** Row sums W_i and sums of squares W_i2, skipping self links. */
export function rowMoments(w: SpatialWeights): { Wi: Float64Array; Wi2: Float64Array } {
  const Wi = new Float64Array(w.n);
  const Wi2 = new Float64Array(w.n);
  for (let i = 0; i < w.n; i++) {
    let a = 0;
    let b = 0;
    for (let p = w.offsets[i] as number; p < (w.offsets[i + 1] as number); p++) {
      if (w.neighbors[p] === i) continue;
      const v = w.weights[p] as number;
      a += v;
      b += v * v;
    }
    Wi[i] = a;
    Wi2[i] = b;
  }
  return { Wi, Wi2 };
}

function quadrants(w: SpatialWeights, x: Float64Array, mode: QuadrantCentre): Int8Array {
  const n = w.n;
  const lx = spatialLag(w, x);
  let cx: Float64Array;
  let cl: Float64Array;
  if (mode === 'median') {
    const mx = median(x);
    const ml = median(lx);
    cx = x.map((v) => v - mx);
    cl = lx.map((v) => v - ml);
  } else {
    const mx = mean(x);
    cx = x.map((v) => v - mx);
    if (mode === 'pysal') cl = spatialLag(w, cx);
    else {
      const ml = mean(lx);
      cl = lx.map((v) => v - ml);
    }
  }
  const q = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    const hi = (cx[i] as number) > 0;
    const lhi = (cl[i] as number) > 0;
    q[i] = hi ? (lhi ? 1 : 4) : lhi ? 2 : 3;
  }
  return q;
}

function labelClusters(q: Int8Array, p: Float64Array, alpha = 0.05): ('HH' | 'LH' | 'LL' | 'HL' | 'ns')[] {
  checkAlpha(alpha);
  const out = new Array<'HH' | 'LH' | 'LL' | 'HL' | 'ns'>(q.length);
  for (let i = 0; i < q.length; i++)
    out[i] =
      (p[i] as number) <= alpha ? (QUADRANT_LABELS[q[i] as number] as 'HH' | 'LH' | 'LL' | 'HL') : 'ns';
  return out;
}

/**
 * Local Moran's I (LISA; Anselin 1995) with analytical moments (see {@link LocalMoranVariant}),
 * conditional permutation inference (x_i fixed, neighbours drawn without replacement from the other
 * n−1 values; 999 permutations, seed 12345 and two-sided pseudo-p by default) and HH/LH/LL/HL
 * quadrants. Reproduces spdep `localmoran` exactly for all three variants; the `esda` variant's I_i
 * equals esda `Moran_Local.Is`. Use row-standardised weights for the usual LISA.
 * Row order: `values` in `w.ids` order, else checked or matched by code via `ids` / `reorder`.
 */
export function localMoran(
  w: SpatialWeights,
  values: ArrayLike<number>,
  options: LocalMoranOptions = {},
): LocalMoranResult {
  return runLocal(w, localMoranCore(w, checkValues(w, values, options), options), options);
}

/**
 * {@link localMoran} with the permutations spread over `threads` threads (worker threads in Node,
 * Web Workers in Deno and browsers; default: every core). The result is identical to
 * {@link localMoran}'s for the same seed, whatever the number of threads.
 */
export async function localMoranParallel(
  w: SpatialWeights,
  values: ArrayLike<number>,
  options: LocalMoranOptions & ThreadOptions = {},
): Promise<LocalMoranResult> {
  return runLocalParallel(w, localMoranCore(w, checkValues(w, values, options), options), options);
}

export function localMoranCore(
  w: SpatialWeights,
  x: Float64Array,
  options: LocalMoranOptions,
  /** {@link rowMoments} of w when the caller already has them. */
  rows?: { Wi: Float64Array; Wi2: Float64Array },
): LocalRun<LocalMoranResult> & { spec: ConditionalSpec } {
  const n = w.n;
  const variant = options.variant ?? 'conditional';
  if (!['conditional', 'total', 'esda'].includes(variant))
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `unknown local Moran variant "${variant}" (conditional, total, esda)`,
      {
        value: variant,
      },
    );
  const xbar = mean(x);
  const z = x.map((v) => v - xbar);
  let sz2 = 0;
  let sz4 = 0;
  for (let i = 0; i < n; i++) {
    const d = z[i] as number;
    sz2 += d * d;
    sz4 += d * d * d * d;
  }
  const m2 = sz2 / n;
  const s2 = variant === 'esda' ? sz2 / (n - 1) : m2;
  // spdep uses the same divisor (n, or n−1 for mlvar = FALSE) for the fourth moment as for s2.
  const b2 = sz4 / (variant === 'esda' ? n - 1 : n) / (s2 * s2);
  const lz = spatialLag(w, z);
  // Only I_i (the observed statistic) is needed before the permutations; the moments, z and p_norm
  // are formed in `prepare`, which the parallel run overlaps with the workers.
  const Ii = new Float64Array(n);
  for (let i = 0; i < n; i++) Ii[i] = ((z[i] as number) / s2) * (lz[i] as number);
  let moments: { EIi: Float64Array; VIi: Float64Array; zs: Float64Array; pn: Float64Array } | undefined;
  const momentsOf = (): NonNullable<typeof moments> => {
    const { Wi, Wi2 } = rows ?? rowMoments(w);
    const EIi = new Float64Array(n);
    const VIi = new Float64Array(n);
    const zs = new Float64Array(n);
    const pn = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const zi = z[i] as number;
      const wi = Wi[i] as number;
      const wi2 = Wi2[i] as number;
      // `size`: the variance's terms without their signs; a variance that cancels to within
      // rounding of them is zero (an area bordering every other area with equal weights).
      let size: number;
      if (variant === 'conditional') {
        EIi[i] = -(zi * zi * wi) / ((n - 1) * m2);
        const f = (zi / m2) ** 2 * (n / (n - 2));
        VIi[i] = f * (wi2 - (wi * wi) / (n - 1)) * (m2 - (zi * zi) / (n - 1));
        size = f * (wi2 + (wi * wi) / (n - 1)) * (m2 + (zi * zi) / (n - 1));
      } else {
        const e = -wi / (n - 1);
        EIi[i] = e;
        const t1 = (wi2 * (n - b2)) / (n - 1);
        const t2 = ((wi * wi - wi2) * (2 * b2 - n)) / ((n - 1) * (n - 2));
        VIi[i] = t1 + t2 - e * e;
        size = Math.abs(t1) + Math.abs(t2) + e * e;
      }
      // No test where the variance is zero: z and p are NaN (never a cluster), not ±∞ and p = 0.
      const degenerate = !((VIi[i] as number) > DEGENERATE * size);
      zs[i] = degenerate
        ? Number.NaN
        : ((Ii[i] as number) - (EIi[i] as number)) / Math.sqrt(VIi[i] as number);
      pn[i] = normalTwoSided(zs[i] as number);
    }
    return { EIi, VIi, zs, pn };
  };
  const R = permutationCount(options);
  const alternative = options.alternative ?? 'two-sided';
  const psim = new Float64Array(n).fill(Number.NaN);
  // Simulated I_i = z_i/s2 × permuted lag of z; compared with the observed I_i.
  const spec: ConditionalSpec = {
    kind: KERNEL_SCALE,
    channel: w.weights,
    a: new Float64Array(n),
    b: z.map((v) => v / s2),
    obs: Ii,
    onCounts: pValuesInto(psim, R, alternative),
  };
  // Quadrants and moments do not depend on the permutations: the parallel run forms them while
  // the workers permute.
  let quadrant: Int8Array | undefined;
  const prepare = (): void => {
    moments ??= momentsOf();
    quadrant ??= quadrants(w, x, options.quadrant ?? 'mean');
  };
  const finish = (): LocalMoranResult => {
    prepare();
    const q = quadrant as Int8Array;
    const { EIi, VIi, zs, pn } = moments as NonNullable<typeof moments>;
    const cluster = labelClusters(
      q,
      corrected(options.significance === 'norm' || R === 0 ? pn : psim, options.correction),
      options.alpha,
    );
    return {
      ids: w.ids,
      Ii,
      EIi,
      VIi,
      z: zs,
      p_norm: pn,
      p_sim: psim,
      quadrant: q,
      cluster,
      variant,
      permutations: R,
      alternative,
    };
  };
  return { x: z, specs: [spec], R, spec, prepare, finish };
}
