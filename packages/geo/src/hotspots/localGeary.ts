import { CohesionError } from '../errors.js';
import type { ConditionalSpec } from '../stats/conditional.js';
import { type PermutationOptions, permutationCount, pValueFromCounts } from '../stats/permutation.js';
import { KERNEL_GEARY } from '../stats/permutationKernel.js';
import { meanSd } from '../stats/summary.js';
import type { SpatialWeights } from '../weights/csr.js';
import type { IslandOption } from './global.js';
import { type LocalRun, runLocal, runLocalParallel } from './localRun.js';
import { checkValues } from './permutation.js';
import type { ThreadOptions } from './threads.js';

/** Options for {@link localGeary}. */
export interface LocalGearyOptions extends PermutationOptions, IslandOption {}

/** Per-area local Geary results. */
export interface LocalGearyResult {
  ids: readonly string[];
  /** c_i = Σ_j w_ij (z_i − z_j)², z = (x − x̄)/s with s the n−1 standard deviation (spdep `localC`). */
  C: Float64Array;
  p_sim: Float64Array;
  /** `positive` (c_i below the permutation mean: similar neighbours), `negative`, or `ns`. */
  cluster: ('positive' | 'negative' | 'ns')[];
  permutations: number;
}

/**
 * Local Geary c_i (Anselin 2019) on standardised values as spdep `localC` (`scale(x)`, n−1 sd);
 * esda `Geary_Local` standardises with the n sd, so its c_i = ours × n/(n−1). Inference is by
 * conditional permutation only (no closed-form moments), using the shared engine.
 * Row order: `values` in `w.ids` order, else checked or matched by code via `ids` / `reorder`.
 */
export function localGeary(
  w: SpatialWeights,
  values: ArrayLike<number>,
  options: LocalGearyOptions = {},
): LocalGearyResult {
  return runLocal(w, localGearyCore(w, values, options), options);
}

/** {@link localGeary} on `threads` threads; identical results (see {@link localMoranParallel}). */
export async function localGearyParallel(
  w: SpatialWeights,
  values: ArrayLike<number>,
  options: LocalGearyOptions & ThreadOptions = {},
): Promise<LocalGearyResult> {
  return runLocalParallel(w, localGearyCore(w, values, options), options);
}

function localGearyCore(
  w: SpatialWeights,
  values: ArrayLike<number>,
  options: LocalGearyOptions,
): LocalRun<LocalGearyResult> {
  const x = checkValues(w, values, options);
  const n = w.n;
  const { mean, sd } = meanSd(x);
  const z = x.map((v) => (v - mean) / sd);
  const C = new Float64Array(n);
  // a_i = W_i z_i² (W_i without self links, as rowMoments), formed in the same pass as c_i.
  const a = new Float64Array(n);
  const { offsets, neighbors, weights } = w;
  for (let i = 0; i < n; i++) {
    const zi = z[i] as number;
    let s = 0;
    let Wi = 0;
    for (let p = offsets[i] as number; p < (offsets[i + 1] as number); p++) {
      const v = weights[p] as number;
      const j = neighbors[p] as number;
      s += v * (zi - (z[j] as number)) ** 2;
      if (j !== i) Wi += v;
    }
    C[i] = s;
    a[i] = Wi * zi * zi;
  }
  const R = permutationCount(options);
  const psim = new Float64Array(n).fill(Number.NaN);
  const cluster: ('positive' | 'negative' | 'ns')[] = new Array(n).fill('ns');
  const alternative = options.alternative ?? 'two-sided';
  if (!['two-sided', 'folded', 'greater', 'less'].includes(alternative))
    throw new CohesionError('INVALID_ARGUMENT', `unknown alternative "${alternative as string}"`, {
      value: alternative,
    });
  // Simulated c_i = Σ w (z_i − z_j)² = W_i z_i² − 2 z_i Σ w z_j + Σ w z_j², from the permuted lags.
  const spec: ConditionalSpec = {
    kind: KERNEL_GEARY,
    channel: w.weights,
    a,
    b: z.map((zi) => 2 * zi),
    obs: C,
    onCounts(start, end, ge, le, sum) {
      for (let i = start; i < end; i++) {
        const g = ge[i - start] as number;
        if (g < 0) continue;
        psim[i] = pValueFromCounts(g, le[i - start] as number, R, alternative);
        if ((psim[i] as number) <= 0.05)
          cluster[i] = (C[i] as number) < (sum[i - start] as number) / R ? 'positive' : 'negative';
      }
    },
  };
  return {
    x: z,
    specs: [spec],
    R,
    squares: true,
    finish: (): LocalGearyResult => ({ ids: w.ids, C, p_sim: psim, cluster, permutations: R }),
  };
}
