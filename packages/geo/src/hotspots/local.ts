// Local statistics: LISA (localMoran.ts), Getis–Ord Gi/Gi* (localGetisOrd.ts) and local Geary
// (localGeary.ts), each a core run by the shared runners (localRun.ts) on the engine's conditional
// permutations (stats/conditional.ts); here, LISA and Gi together on one set of draws.
import type { ConditionalSpec } from '../stats/conditional.js';
import type { PermutationOptions } from '../stats/permutation.js';
import { mean } from '../stats/summary.js';
import type { SpatialWeights } from '../weights/csr.js';
import type { IslandOption } from './global.js';
import { type LocalGetisOrdOptions, type LocalGetisOrdResult, localGetisOrdCore } from './localGetisOrd.js';
import { type LocalMoranOptions, type LocalMoranResult, localMoranCore, rowMoments } from './localMoran.js';
import { type LocalRun, runLocal, runLocalParallel } from './localRun.js';
import { checkValues } from './permutation.js';
import type { ThreadOptions } from './threads.js';

export * from './localGeary.js';
export * from './localGetisOrd.js';
export {
  type LocalMoranOptions,
  type LocalMoranResult,
  type LocalMoranVariant,
  localMoran,
  localMoranParallel,
  QUADRANT_LABELS,
  type Quadrant,
  type QuadrantCentre,
} from './localMoran.js';
export type { Correction } from './localRun.js';

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
  return runLocal(w, localHotspotsCore(w, values, options), options);
}

/** {@link localHotspots} on `threads` threads; identical results (see {@link localMoranParallel}). */
export async function localHotspotsParallel(
  w: SpatialWeights,
  values: ArrayLike<number>,
  options: LocalHotspotsOptions & ThreadOptions = {},
): Promise<{ lisa: LocalMoranResult; gi: LocalGetisOrdResult }> {
  return runLocalParallel(w, localHotspotsCore(w, values, options), options);
}

function localHotspotsCore(
  w: SpatialWeights,
  values: ArrayLike<number>,
  options: LocalHotspotsOptions,
): LocalRun<{ lisa: LocalMoranResult; gi: LocalGetisOrdResult }> {
  const x = checkValues(w, values, options);
  const perm = { permutations: options.permutations, seed: options.seed, alternative: options.alternative };
  const rows = rowMoments(w);
  const lisa = localMoranCore(w, x, { ...options.lisa, ...perm }, rows);
  const gi = localGetisOrdCore(w, x, { ...options.gi, ...perm });
  // LISA permutes z = x − x̄ and Gi permutes x; the lag of z is the lag of x minus W_i x̄, so the
  // LISA channel shifts the x-lag by −W_i x̄ before scaling it.
  const xbar = mean(x);
  const { Wi } = rows;
  const lisaOnX: ConditionalSpec = { ...lisa.spec, a: Wi.map((v) => -(v * xbar)) };
  return {
    x,
    specs: [lisaOnX, gi.spec],
    R: lisa.R,
    prepare() {
      lisa.prepare?.();
      gi.prepare?.();
    },
    finish: () => ({ lisa: lisa.finish(), gi: gi.finish() }),
  };
}
