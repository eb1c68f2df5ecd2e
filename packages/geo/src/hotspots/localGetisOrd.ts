import { type ConditionalSpec, pValuesInto } from '../stats/conditional.js';
import { normalTwoSided } from '../stats/normal.js';
import {
  type PermutationAlternative,
  type PermutationOptions,
  permutationCount,
} from '../stats/permutation.js';
import { KERNEL_RATIO } from '../stats/permutationKernel.js';
import { checkAlpha } from '../validate/args.js';
import { includeSelf, type SpatialWeights, transformWeights } from '../weights/csr.js';
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

/** Options for {@link localGetisOrd}. */
export interface LocalGetisOrdOptions extends PermutationOptions, IslandOption {
  /** Gi* (include the area itself, default) or Gi (neighbours only). */
  star?: boolean;
  /** Significance level for `cluster`; default 0.05. */
  alpha?: number;
  /** Which p decides `cluster`: `sim` (default when permutations > 0) or `norm`. */
  significance?: 'sim' | 'norm';
  /** Multiple-testing correction applied to that p before comparing with `alpha`; default `none`. */
  correction?: Correction;
}

/** Per-area Getis–Ord results. */
export interface LocalGetisOrdResult {
  ids: readonly string[];
  /** G_i = Σ_j w_ij x_j / Σ_{j≠i} x_j (Gi) or Σ_j w_ij x_j / Σ_j x_j (Gi*). */
  G: Float64Array;
  EG: Float64Array;
  VG: Float64Array;
  /** The Gi / Gi* z-score (spdep `localG`). */
  z: Float64Array;
  p_norm: Float64Array;
  p_sim: Float64Array;
  cluster: ('hot' | 'cold' | 'ns')[];
  star: boolean;
  permutations: number;
  alternative: PermutationAlternative;
}

/**
 * Getis–Ord local Gi and Gi* (Getis & Ord 1992; Ord & Getis 1995) exactly as spdep `localG`:
 * Gi uses x̄_i and s_i² computed without x_i (n−1 values) and
 * z_i = (Σ_j w_ij x_j − W_i x̄_i) / (s_i √(((n−1)W_i2 − W_i²)/(n−2)));
 * Gi* includes the area itself (spdep `include.self`; self weight 1 before transforming) with
 * z_i = (Σ_j w_ij x_j − W_i x̄) / (s √((n W_i2 − W_i²)/(n−1))), s² = Σx²/n − x̄².
 * z is invariant to row scaling, so binary and row-standardised weights give the same z (spdep
 * convention; esda `G_Local(transform='R')` differs — see docs). Pass the *neighbour* weights;
 * the self link for Gi* is added here. Permutation: the area's own value stays (it is part of Gi*),
 * its neighbours are drawn from the other n−1 areas.
 * Row order: `values` in `w.ids` order, else checked or matched by code via `ids` / `reorder`.
 */
export function localGetisOrd(
  w: SpatialWeights,
  values: ArrayLike<number>,
  options: LocalGetisOrdOptions = {},
): LocalGetisOrdResult {
  return runLocal(w, localGetisOrdCore(w, checkValues(w, values, options), options), options);
}

/** {@link localGetisOrd} on `threads` threads; identical results (see {@link localMoranParallel}). */
export async function localGetisOrdParallel(
  w: SpatialWeights,
  values: ArrayLike<number>,
  options: LocalGetisOrdOptions & ThreadOptions = {},
): Promise<LocalGetisOrdResult> {
  return runLocalParallel(w, localGetisOrdCore(w, checkValues(w, values, options), options), options);
}

export function localGetisOrdCore(
  w: SpatialWeights,
  x: Float64Array,
  options: LocalGetisOrdOptions,
): LocalRun<LocalGetisOrdResult> & { spec: ConditionalSpec } {
  const n = w.n;
  const star = options.star ?? true;
  let sx = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i] as number;
    sxx += (x[i] as number) ** 2;
  }
  // Only G (the observed statistic) is needed before the permutations; the moments, z and p_norm
  // are formed in `prepare`, which the parallel run overlaps with the workers.
  const { lags, rowW, rowW2, selfTerm, channel } = getisOrdRows(w, x, star);
  const G = new Float64Array(n);
  for (let i = 0; i < n; i++) G[i] = (lags[i] as number) / (star ? sx : sx - (x[i] as number));
  let moments: { EG: Float64Array; VG: Float64Array; zs: Float64Array; pn: Float64Array } | undefined;
  const prepare = (): void => {
    if (moments) return;
    const EG = new Float64Array(n);
    const VG = new Float64Array(n);
    const zs = new Float64Array(n);
    const pn = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const xi = x[i] as number;
      const Wi = rowW[i] as number;
      const Wi2 = rowW2[i] as number;
      let e: number;
      let vz: number;
      let denom: number;
      let size: number;
      if (star) {
        const xbar = sx / n;
        const s2 = sxx / n - xbar * xbar;
        e = Wi * xbar;
        vz = (s2 * (n * Wi2 - Wi * Wi)) / (n - 1);
        size = (Math.abs(s2) * (n * Wi2 + Wi * Wi)) / (n - 1);
        denom = sx;
      } else {
        const xbar = (sx - xi) / (n - 1);
        const s2 = (sxx - xi * xi) / (n - 1) - xbar * xbar;
        e = Wi * xbar;
        vz = (s2 * ((n - 1) * Wi2 - Wi * Wi)) / (n - 2);
        size = (Math.abs(s2) * ((n - 1) * Wi2 + Wi * Wi)) / (n - 2);
        denom = sx - xi;
      }
      // vz is 0 when the row holds every area with equal weights: no test (NaN), as local Moran.
      zs[i] = vz > DEGENERATE * size ? ((lags[i] as number) - e) / Math.sqrt(vz) : Number.NaN;
      EG[i] = e / denom;
      VG[i] = vz / (denom * denom);
      pn[i] = normalTwoSided(zs[i] as number);
    }
    moments = { EG, VG, zs, pn };
  };
  const R = permutationCount(options);
  const alternative = options.alternative ?? 'two-sided';
  const psim = new Float64Array(n).fill(Number.NaN);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) b[i] = star ? sx : sx - (x[i] as number);
  const spec: ConditionalSpec = {
    kind: KERNEL_RATIO,
    channel,
    a: selfTerm,
    b,
    obs: G,
    onCounts: pValuesInto(psim, R, alternative),
  };
  const finish = (): LocalGetisOrdResult => {
    prepare();
    const { EG, VG, zs, pn } = moments as NonNullable<typeof moments>;
    const p = corrected(options.significance === 'norm' || R === 0 ? pn : psim, options.correction);
    const alpha = checkAlpha(options.alpha ?? 0.05);
    const cluster = new Array<'hot' | 'cold' | 'ns'>(n);
    for (let i = 0; i < n; i++)
      cluster[i] = (p[i] as number) <= alpha ? ((zs[i] as number) > 0 ? 'hot' : 'cold') : 'ns';
    return {
      ids: w.ids,
      G,
      EG,
      VG,
      z: zs,
      p_norm: pn,
      p_sim: psim,
      cluster,
      star,
      permutations: R,
      alternative,
    };
  };
  return { x, specs: [spec], R, spec, prepare, finish };
}

/** Per area: Σ_j w_ij x_j, W_i, W_i2 and w_ii x_i of the Gi / Gi* weights, and the permuted (neighbour) weights aligned with w's links. */
interface GetisOrdRows {
  lags: Float64Array;
  rowW: Float64Array;
  rowW2: Float64Array;
  selfTerm: Float64Array;
  /** Neighbour weights aligned with `w.neighbors` (self links of w get 0: Gi* adds the area's own term separately, fixed at x_i). */
  channel: Float64Array;
}

/**
 * The rows of the Gi (w as given) or Gi* weights (spdep `include.self`: self link of original
 * weight 1 placed first, then w's transform re-applied). For the row-wise transforms (O, B, R) the
 * Gi* rows are formed in place, with the same operations in the same order as building them with
 * `includeSelf` and `transformWeights`, so the bits are the same without allocating a second
 * weights structure (at 190k areas that allocation cost more than the statistic). `direct: false`
 * always builds them (tests compare the two).
 * @internal
 */
export function getisOrdRows(w: SpatialWeights, x: Float64Array, star: boolean, direct = true): GetisOrdRows {
  const n = w.n;
  const out: GetisOrdRows = {
    lags: new Float64Array(n),
    rowW: new Float64Array(n),
    rowW2: new Float64Array(n),
    selfTerm: new Float64Array(n),
    channel: new Float64Array(w.neighbors.length),
  };
  const t = w.transform;
  if (star && direct && (t === 'O' || t === 'B' || t === 'R')) {
    const { offsets, neighbors, original } = w;
    for (let i = 0; i < n; i++) {
      const a = offsets[i] as number;
      const b = offsets[i + 1] as number;
      let s = 1;
      if (t === 'R') for (let p = a; p < b; p++) if (neighbors[p] !== i) s += original[p] as number;
      const own = t === 'R' ? 1 / s : 1;
      const xi = x[i] as number;
      let lag = own * xi;
      let Wi = own;
      let Wi2 = own * own;
      for (let p = a; p < b; p++) {
        const j = neighbors[p] as number;
        if (j === i) continue;
        const o = original[p] as number;
        const v = t === 'B' ? 1 : t === 'R' ? o / s : o;
        out.channel[p] = v;
        lag += v * (x[j] as number);
        Wi += v;
        Wi2 += v * v;
      }
      out.lags[i] = lag;
      out.rowW[i] = Wi;
      out.rowW2[i] = Wi2;
      out.selfTerm[i] = own * xi;
    }
    return out;
  }
  const wt = star ? transformWeights(includeSelf({ ...w, transform: 'O' }, 1), t) : w;
  const { offsets, neighbors, weights } = wt;
  for (let i = 0; i < n; i++) {
    let lag = 0;
    let Wi = 0;
    let Wi2 = 0;
    for (let p = offsets[i] as number; p < (offsets[i + 1] as number); p++) {
      const v = weights[p] as number;
      const j = neighbors[p] as number;
      if (j === i) out.selfTerm[i] = v * (x[i] as number);
      lag += v * (x[j] as number);
      Wi += v;
      Wi2 += v * v;
    }
    out.lags[i] = lag;
    out.rowW[i] = Wi;
    out.rowW2[i] = Wi2;
    let q = offsets[i] as number;
    for (let p = w.offsets[i] as number; p < (w.offsets[i + 1] as number); p++) {
      if (w.neighbors[p] === i) continue;
      while (neighbors[q] === i) q++;
      out.channel[p] = weights[q++] as number;
    }
  }
  return out;
}
