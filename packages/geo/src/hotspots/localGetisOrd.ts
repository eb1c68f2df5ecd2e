import type { ConditionalSpec } from '../stats/conditional.js';
import { normalTwoSided } from '../stats/normal.js';
import {
  type PermutationAlternative,
  type PermutationOptions,
  permutationCount,
  pValueFromCounts,
} from '../stats/permutation.js';
import { KERNEL_RATIO } from '../stats/permutationKernel.js';
import { checkAlpha } from '../validate/args.js';
import { includeSelf, type SpatialWeights, transformWeights } from '../weights/csr.js';
import type { IslandOption } from './global.js';
import { type Correction, corrected, type LocalRun, runLocal, runLocalParallel } from './localRun.js';
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
  // Gi* adds the self link (original weight 1) before re-applying w's transform; `transform: 'O'`
  // keeps includeSelf from transforming twice without copying the weights.
  const wt = star ? transformWeights(includeSelf({ ...w, transform: 'O' }, 1), w.transform) : w;
  const { offsets, neighbors, weights } = wt;
  let sx = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i] as number;
    sxx += (x[i] as number) ** 2;
  }
  // Only G (the observed statistic) is needed before the permutations; the moments, z and p_norm
  // are formed in `prepare`, which the parallel run overlaps with the workers.
  const G = new Float64Array(n);
  const lags = new Float64Array(n);
  const rowW = new Float64Array(n);
  const rowW2 = new Float64Array(n);
  const selfTerm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let lag = 0;
    let Wi = 0;
    let Wi2 = 0;
    for (let p = offsets[i] as number; p < (offsets[i + 1] as number); p++) {
      const v = weights[p] as number;
      const j = neighbors[p] as number;
      if (j === i) selfTerm[i] = v * (x[i] as number);
      lag += v * (x[j] as number);
      Wi += v;
      Wi2 += v * v;
    }
    lags[i] = lag;
    rowW[i] = Wi;
    rowW2[i] = Wi2;
    G[i] = lag / (star ? sx : sx - (x[i] as number));
  }
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
      if (star) {
        const xbar = sx / n;
        const s2 = sxx / n - xbar * xbar;
        e = Wi * xbar;
        vz = (s2 * (n * Wi2 - Wi * Wi)) / (n - 1);
        denom = sx;
      } else {
        const xbar = (sx - xi) / (n - 1);
        const s2 = (sxx - xi * xi) / (n - 1) - xbar * xbar;
        e = Wi * xbar;
        vz = (s2 * ((n - 1) * Wi2 - Wi * Wi)) / (n - 2);
        denom = sx - xi;
      }
      zs[i] = ((lags[i] as number) - e) / Math.sqrt(vz);
      EG[i] = e / denom;
      VG[i] = vz / (denom * denom);
      pn[i] = normalTwoSided(zs[i] as number);
    }
    moments = { EG, VG, zs, pn };
  };
  const R = permutationCount(options);
  const alternative = options.alternative ?? 'two-sided';
  const psim = new Float64Array(n).fill(Number.NaN);
  // The permuted neighbour weights, aligned with w's links (self links of w get 0: Gi* adds the
  // area's own term separately, fixed at x_i).
  const channel = new Float64Array(w.neighbors.length);
  for (let i = 0; i < n; i++) {
    let q = offsets[i] as number;
    for (let p = w.offsets[i] as number; p < (w.offsets[i + 1] as number); p++) {
      if (w.neighbors[p] === i) continue;
      while (neighbors[q] === i) q++;
      channel[p] = weights[q++] as number;
    }
  }
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) b[i] = star ? sx : sx - (x[i] as number);
  const spec: ConditionalSpec = {
    kind: KERNEL_RATIO,
    channel,
    a: selfTerm,
    b,
    obs: G,
    onCounts(i, ge, le) {
      if (ge >= 0) psim[i] = pValueFromCounts(ge, le, R, alternative);
    },
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
