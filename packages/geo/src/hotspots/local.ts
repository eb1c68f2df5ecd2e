import { CohesionError } from '../errors.js';
import { normalTwoSided } from '../stats/normal.js';
import {
  KERNEL_GEARY,
  KERNEL_RATIO,
  KERNEL_SCALE,
  type KernelResult,
  permutationKernel,
} from '../stats/permutationKernel.js';
import { median } from '../stats/summary.js';
import { checkAlpha } from '../validate/args.js';
import { includeSelf, type SpatialWeights, spatialLag, transformWeights } from '../weights/csr.js';
import type { IslandOption } from './global.js';
import { bonferroniAdjust, fdrAdjust } from './multiple.js';
import {
  checkValues,
  DEFAULT_SEED,
  maxNeighbours,
  type PermutationAlternative,
  type PermutationOptions,
  permutationCount,
  permutationDraws,
} from './permutation.js';
import { runKernelParallel, type ThreadOptions, threadCount } from './threads.js';

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
function rowMoments(w: SpatialWeights): { Wi: Float64Array; Wi2: Float64Array } {
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
    let mx = 0;
    for (let i = 0; i < n; i++) mx += x[i] as number;
    mx /= n;
    cx = x.map((v) => v - mx);
    if (mode === 'pysal') cl = spatialLag(w, cx);
    else {
      let ml = 0;
      for (let i = 0; i < n; i++) ml += lx[i] as number;
      ml /= n;
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
  const x = checkValues(w, values, options);
  const core = localMoranCore(w, x, options);
  runSimulations(w, core.x, [core.spec], permutationCount(options), options.seed);
  return core.finish();
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
  const x = checkValues(w, values, options);
  const core = localMoranCore(w, x, options);
  await runSimulationsParallel(w, core.x, [core.spec], permutationCount(options), options);
  return core.finish();
}

/** A statistic's share of a permutation run: how the kernel maps permuted lags to it, and what to do with the counts. */
interface SimSpec {
  kind: number;
  channel: Float64Array;
  a: Float64Array;
  b: Float64Array;
  obs: Float64Array;
  /** ge = −1 marks an area without neighbours. */
  onCounts(i: number, ge: number, le: number, sum: number): void;
}

/** The kernel task of a run: draws made once from the seed (see stats/permutationKernel.ts for why threads never change results). */
function simulationTask(
  w: SpatialWeights,
  x: Float64Array,
  specs: SimSpec[],
  R: number,
  seed?: number,
  squares = false,
) {
  const { n, offsets, neighbors } = w;
  const kmax = maxNeighbours(w);
  return {
    n,
    R,
    kmax,
    offsets,
    neighbors,
    x,
    draws: permutationDraws(n - 1, kmax, R, seed ?? DEFAULT_SEED),
    squares,
    channels: specs.map((s) => ({ kind: s.kind, weights: s.channel, a: s.a, b: s.b, obs: s.obs })),
  };
}

function applyCounts(specs: SimSpec[], parts: KernelResult[]): void {
  for (const part of parts)
    specs.forEach((s, c) => {
      const ge = part.ge[c] as Int32Array;
      const le = part.le[c] as Int32Array;
      const sum = part.sum[c] as Float64Array;
      for (let i = part.start; i < part.end; i++) {
        const o = i - part.start;
        s.onCounts(i, ge[o] as number, le[o] as number, sum[o] as number);
      }
    });
}

function runSimulations(
  w: SpatialWeights,
  x: Float64Array,
  specs: SimSpec[],
  R: number,
  seed?: number,
  squares = false,
): void {
  if (R === 0) return;
  const task = simulationTask(w, x, specs, R, seed, squares);
  applyCounts(specs, [permutationKernel({ ...task, start: 0, end: w.n })]);
}

async function runSimulationsParallel(
  w: SpatialWeights,
  x: Float64Array,
  specs: SimSpec[],
  R: number,
  options: PermutationOptions & ThreadOptions,
  squares = false,
): Promise<void> {
  const threads = await threadCount(options);
  if (R === 0) return;
  const task = simulationTask(w, x, specs, R, options.seed, squares);
  applyCounts(specs, await runKernelParallel(task, threads, options.minWorkPerThread));
}

function localMoranCore(
  w: SpatialWeights,
  x: Float64Array,
  options: LocalMoranOptions,
): { x: Float64Array; spec: SimSpec; finish(): LocalMoranResult } {
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
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i] as number;
  mean /= n;
  const z = x.map((v) => v - mean);
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
  const { Wi, Wi2 } = rowMoments(w);
  const Ii = new Float64Array(n);
  const EIi = new Float64Array(n);
  const VIi = new Float64Array(n);
  const zs = new Float64Array(n);
  const pn = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const zi = z[i] as number;
    const wi = Wi[i] as number;
    const wi2 = Wi2[i] as number;
    Ii[i] = (zi / s2) * (lz[i] as number);
    if (variant === 'conditional') {
      EIi[i] = -(zi * zi * wi) / ((n - 1) * m2);
      VIi[i] = (zi / m2) ** 2 * (n / (n - 2)) * (wi2 - (wi * wi) / (n - 1)) * (m2 - (zi * zi) / (n - 1));
    } else {
      const e = -wi / (n - 1);
      EIi[i] = e;
      VIi[i] = (wi2 * (n - b2)) / (n - 1) + ((wi * wi - wi2) * (2 * b2 - n)) / ((n - 1) * (n - 2)) - e * e;
    }
    zs[i] = ((Ii[i] as number) - (EIi[i] as number)) / Math.sqrt(VIi[i] as number);
    pn[i] = normalTwoSided(zs[i] as number);
  }
  const R = permutationCount(options);
  const alternative = options.alternative ?? 'two-sided';
  const psim = new Float64Array(n).fill(Number.NaN);
  // Simulated I_i = z_i/s2 × permuted lag of z; compared with the observed I_i.
  const spec: SimSpec = {
    kind: KERNEL_SCALE,
    channel: w.weights,
    a: new Float64Array(n),
    b: z.map((v) => v / s2),
    obs: Ii,
    onCounts(i, ge, le) {
      if (ge >= 0) psim[i] = pFromCounts(ge, le, R, alternative);
    },
  };
  const finish = (): LocalMoranResult => {
    const quadrant = quadrants(w, x, options.quadrant ?? 'mean');
    const cluster = labelClusters(
      quadrant,
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
      quadrant,
      cluster,
      variant,
      permutations: R,
      alternative,
    };
  };
  return { x: z, spec, finish };
}

/** Multiple-testing correction for cluster labels: Benjamini–Hochberg FDR or Bonferroni. */
export type Correction = 'none' | 'fdr' | 'bonferroni';

function corrected(p: Float64Array, correction: Correction = 'none'): Float64Array {
  if (correction === 'fdr') return fdrAdjust(p);
  if (correction === 'bonferroni') return bonferroniAdjust(p);
  if (correction !== 'none')
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `unknown correction "${correction as string}" (none, fdr, bonferroni)`,
      {
        value: correction,
      },
    );
  return p;
}

function labelClusters(q: Int8Array, p: Float64Array, alpha = 0.05): ('HH' | 'LH' | 'LL' | 'HL' | 'ns')[] {
  checkAlpha(alpha);
  return Array.from(q, (v, i) =>
    (p[i] as number) <= alpha ? (QUADRANT_LABELS[v] as 'HH' | 'LH' | 'LL' | 'HL') : 'ns',
  );
}

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
  const x = checkValues(w, values, options);
  const core = localGetisOrdCore(w, x, options);
  runSimulations(w, x, [core.spec], permutationCount(options), options.seed);
  return core.finish();
}

/** {@link localGetisOrd} on `threads` threads; identical results (see {@link localMoranParallel}). */
export async function localGetisOrdParallel(
  w: SpatialWeights,
  values: ArrayLike<number>,
  options: LocalGetisOrdOptions & ThreadOptions = {},
): Promise<LocalGetisOrdResult> {
  const x = checkValues(w, values, options);
  const core = localGetisOrdCore(w, x, options);
  await runSimulationsParallel(w, x, [core.spec], permutationCount(options), options);
  return core.finish();
}

function localGetisOrdCore(
  w: SpatialWeights,
  x: Float64Array,
  options: LocalGetisOrdOptions,
): { spec: SimSpec; finish(): LocalGetisOrdResult } {
  const n = w.n;
  const star = options.star ?? true;
  const ws = star ? includeSelf(transformWeights(w, 'O'), 1) : w;
  const wt = star ? transformWeights(ws, w.transform) : w;
  const { offsets, neighbors, weights } = wt;
  let sx = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i] as number;
    sxx += (x[i] as number) ** 2;
  }
  const G = new Float64Array(n);
  const EG = new Float64Array(n);
  const VG = new Float64Array(n);
  const zs = new Float64Array(n);
  const pn = new Float64Array(n);
  const selfW = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let lag = 0;
    let Wi = 0;
    let Wi2 = 0;
    for (let p = offsets[i] as number; p < (offsets[i + 1] as number); p++) {
      const v = weights[p] as number;
      const j = neighbors[p] as number;
      if (j === i) selfW[i] = v;
      lag += v * (x[j] as number);
      Wi += v;
      Wi2 += v * v;
    }
    const xi = x[i] as number;
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
    zs[i] = (lag - e) / Math.sqrt(vz);
    G[i] = lag / denom;
    EG[i] = e / denom;
    VG[i] = vz / (denom * denom);
    pn[i] = normalTwoSided(zs[i] as number);
  }
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
  const spec: SimSpec = {
    kind: KERNEL_RATIO,
    channel,
    a: Float64Array.from(selfW, (v, i) => v * (x[i] as number)),
    b: star ? new Float64Array(n).fill(sx) : x.map((v) => sx - v),
    obs: G,
    onCounts(i, ge, le) {
      if (ge >= 0) psim[i] = pFromCounts(ge, le, R, alternative);
    },
  };
  const finish = (): LocalGetisOrdResult => {
    const p = corrected(options.significance === 'norm' || R === 0 ? pn : psim, options.correction);
    const alpha = checkAlpha(options.alpha ?? 0.05);
    const cluster = Array.from(
      zs,
      (v, i) => ((p[i] as number) <= alpha ? (v > 0 ? 'hot' : 'cold') : 'ns') as 'hot' | 'cold' | 'ns',
    );
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
  return { spec, finish };
}

/** Options for {@link localHotspots}. */
export interface LocalHotspotsOptions extends PermutationOptions, IslandOption {
  /** Local Moran options (permutation settings come from the top level). */
  lisa?: Omit<LocalMoranOptions, keyof PermutationOptions | 'allowIslands'>;
  /** Getis–Ord options (permutation settings come from the top level). */
  gi?: Omit<LocalGetisOrdOptions, keyof PermutationOptions | 'allowIslands'>;
}

/**
 * LISA and Gi/Gi* in one pass of the permutation engine: both statistics read the same draws, so
 * the cost of the conditional permutations is paid once, and each result is identical to calling
 * {@link localMoran} / {@link localGetisOrd} separately with the same seed. `w` should be the
 * row-standardised (or binary) neighbour weights without self links.
 * Row order: `values` in `w.ids` order, else checked or matched by code via `ids` / `reorder`.
 */
export function localHotspots(
  w: SpatialWeights,
  values: ArrayLike<number>,
  options: LocalHotspotsOptions = {},
): { lisa: LocalMoranResult; gi: LocalGetisOrdResult } {
  const h = localHotspotsCore(w, values, options);
  runSimulations(w, h.x, h.specs, permutationCount(options), options.seed);
  return h.finish();
}

/** {@link localHotspots} on `threads` threads; identical results (see {@link localMoranParallel}). */
export async function localHotspotsParallel(
  w: SpatialWeights,
  values: ArrayLike<number>,
  options: LocalHotspotsOptions & ThreadOptions = {},
): Promise<{ lisa: LocalMoranResult; gi: LocalGetisOrdResult }> {
  const h = localHotspotsCore(w, values, options);
  await runSimulationsParallel(w, h.x, h.specs, permutationCount(options), options);
  return h.finish();
}

function localHotspotsCore(w: SpatialWeights, values: ArrayLike<number>, options: LocalHotspotsOptions) {
  const x = checkValues(w, values, options);
  const perm = { permutations: options.permutations, seed: options.seed, alternative: options.alternative };
  const lisa = localMoranCore(w, x, { ...options.lisa, ...perm });
  const gi = localGetisOrdCore(w, x, { ...options.gi, ...perm });
  // LISA permutes z = x − x̄ and Gi permutes x; the lag of z is the lag of x minus W_i x̄, so the
  // LISA channel shifts the x-lag by −W_i x̄ before scaling it.
  let mean = 0;
  for (let i = 0; i < w.n; i++) mean += x[i] as number;
  mean /= w.n;
  const { Wi } = rowMoments(w);
  const lisaOnX: SimSpec = { ...lisa.spec, a: Wi.map((v) => -(v * mean)) };
  return {
    x,
    specs: [lisaOnX, gi.spec],
    finish: () => ({ lisa: lisa.finish(), gi: gi.finish() }),
  };
}

function pFromCounts(ge: number, le: number, R: number, alternative: PermutationAlternative): number {
  switch (alternative) {
    case 'greater':
      return (ge + 1) / (R + 1);
    case 'less':
      return (le + 1) / (R + 1);
    case 'folded':
      return (Math.min(ge, le) + 1) / (R + 1);
    default:
      return Math.min(1, (2 * (Math.min(ge, le) + 1)) / (R + 1));
  }
}

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
  const core = localGearyCore(w, values, options);
  runSimulations(w, core.z, [core.spec], core.R, options.seed, true);
  return core.finish();
}

/** {@link localGeary} on `threads` threads; identical results (see {@link localMoranParallel}). */
export async function localGearyParallel(
  w: SpatialWeights,
  values: ArrayLike<number>,
  options: LocalGearyOptions & ThreadOptions = {},
): Promise<LocalGearyResult> {
  const core = localGearyCore(w, values, options);
  await runSimulationsParallel(w, core.z, [core.spec], core.R, options, true);
  return core.finish();
}

function localGearyCore(w: SpatialWeights, values: ArrayLike<number>, options: LocalGearyOptions) {
  const x = checkValues(w, values, options);
  const n = w.n;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i] as number;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += ((x[i] as number) - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  const z = x.map((v) => (v - mean) / sd);
  const C = new Float64Array(n);
  const { Wi } = rowMoments(w);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = w.offsets[i] as number; p < (w.offsets[i + 1] as number); p++)
      s += (w.weights[p] as number) * ((z[i] as number) - (z[w.neighbors[p] as number] as number)) ** 2;
    C[i] = s;
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
  const spec: SimSpec = {
    kind: KERNEL_GEARY,
    channel: w.weights,
    a: Float64Array.from(z, (zi, i) => (Wi[i] as number) * zi * zi),
    b: z.map((zi) => 2 * zi),
    obs: C,
    onCounts(i, ge, le, sum) {
      if (ge < 0) return;
      psim[i] = pFromCounts(ge, le, R, alternative);
      if ((psim[i] as number) <= 0.05) cluster[i] = (C[i] as number) < sum / R ? 'positive' : 'negative';
    },
  };
  return {
    z,
    R,
    spec,
    finish: (): LocalGearyResult => ({ ids: w.ids, C, p_sim: psim, cluster, permutations: R }),
  };
}
