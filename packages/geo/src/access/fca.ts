import KDBush from 'kdbush';
import { CohesionError } from '../errors.js';
import type { AccessOrigins } from './origins.js';
import { checkPopulation } from './population.js';
import type { SiteIndex } from './site-index.js';

/**
 * Sparse origin–site distances within a catchment, grouped by site (CSR): site `j` reaches the
 * origins `origin[siteStart[j] .. siteStart[j+1]-1]` at `distance[…]` metres. Only pairs within the
 * catchment are stored, so memory is proportional to the pairs that matter, never n × m.
 */
export interface CatchmentPairs {
  nOrigins: number;
  nSites: number;
  siteStart: Int32Array;
  origin: Int32Array;
  distance: Float64Array;
}

/**
 * Straight-line catchment pairs: every (origin, site) with distance ≤ `maxDistance` metres, distance
 * measured as in {@link SiteIndex.nearest} (0 inside, else edge or nearest linked access point).
 * Origins are indexed with kdbush; each site queries the box around it.
 */
export function straightLineCatchment(
  origins: AccessOrigins,
  index: SiteIndex,
  maxDistance: number,
): CatchmentPairs {
  if (!(maxDistance >= 0)) {
    throw new CohesionError('INVALID_ARGUMENT', `catchment distance must be ≥ 0 m, got ${maxDistance}`, {
      value: maxDistance,
    });
  }
  const n = origins.xs.length;
  const m = index.sites.count;
  const kd = new KDBush(n);
  for (let i = 0; i < n; i++) kd.add(origins.xs[i]!, origins.ys[i]!);
  kd.finish();
  const siteStart = new Int32Array(m + 1);
  const o: number[] = [];
  const dist: number[] = [];
  for (let j = 0; j < m; j++) {
    const [x0, y0, x1, y1] = index.reachBox(j);
    for (const i of kd.range(x0 - maxDistance, y0 - maxDistance, x1 + maxDistance, y1 + maxDistance)) {
      const d = index.distanceTo(j, origins.xs[i]!, origins.ys[i]!);
      if (d <= maxDistance) {
        o.push(i);
        dist.push(d);
      }
    }
    siteStart[j + 1] = o.length;
  }
  return { nOrigins: n, nSites: m, siteStart, origin: Int32Array.from(o), distance: Float64Array.from(dist) };
}

/** Outcome of a floating-catchment model. */
export interface FcaResult {
  /** Access score per origin: supply units per unit of demand (e.g. hectares per person). */
  access: Float64Array;
  /** Per site: supply / (distance-weighted demand in its catchment); NaN when nobody is in it. */
  ratio: Float64Array;
  /** Supply of sites with no demand in their catchment (it reaches nobody, so it is not counted). */
  unservedSupply: number;
}

function checkSupply(supply: ArrayLike<number>, m: number): Float64Array {
  if (supply.length !== m) {
    throw new CohesionError('LENGTH_MISMATCH', `supply has ${supply.length} values for ${m} sites`, {
      value: [supply.length, m],
    });
  }
  const s = Float64Array.from(supply);
  s.forEach((v, j) => {
    if (!(Number.isFinite(v) && v >= 0)) {
      throw new CohesionError(v < 0 ? 'NEGATIVE_COUNT' : 'NON_FINITE', `supply of site ${j} is ${v}`, {
        row: j,
        value: v,
      });
    }
  });
  return s;
}

/**
 * Generic two-step floating catchment with a distance weight `w(d)` (0 outside the catchment):
 * R_j = S_j / Σ_i P_i w(d_ij), then A_i = Σ_j R_j w(d_ij). Σ_i P_i A_i = Σ_j S_j over served sites.
 * Row order: `demand` by origin index of `pairs`; `ids` only name origins in messages.
 */
export function floatingCatchment(
  pairs: CatchmentPairs,
  supply: ArrayLike<number>,
  demand: ArrayLike<number>,
  weight: (distance: number) => number,
  ids?: readonly string[],
): FcaResult {
  const S = checkSupply(supply, pairs.nSites);
  const P = checkPopulation(
    demand,
    ids ?? Array.from({ length: pairs.nOrigins }, (_, i) => String(i)),
    'demand',
  );
  const { siteStart, origin, distance } = pairs;
  const w = new Float64Array(origin.length);
  for (let k = 0; k < w.length; k++) {
    const v = weight(distance[k]!);
    if (!(Number.isFinite(v) && v >= 0)) {
      throw new CohesionError(
        'INVALID_ARGUMENT',
        `distance weight at ${distance[k]} m is ${v}; it must be ≥ 0`,
        {
          value: v,
        },
      );
    }
    w[k] = v;
  }
  const ratio = new Float64Array(pairs.nSites);
  const access = new Float64Array(pairs.nOrigins);
  let unservedSupply = 0;
  for (let j = 0; j < pairs.nSites; j++) {
    let dem = 0;
    for (let k = siteStart[j]!; k < siteStart[j + 1]!; k++) dem += P[origin[k]!]! * w[k]!;
    if (dem > 0) ratio[j] = S[j]! / dem;
    else {
      ratio[j] = Number.NaN;
      unservedSupply += S[j]!;
      continue;
    }
    const r = ratio[j]!;
    for (let k = siteStart[j]!; k < siteStart[j + 1]!; k++) access[origin[k]!]! += r * w[k]!;
  }
  return { access, ratio, unservedSupply };
}

/**
 * Two-step floating catchment area (2SFCA; Luo & Wang 2003; PySAL `access.two_stage_fca`):
 * R_j = S_j / Σ_{i: d_ij ≤ d0} P_i, A_i = Σ_{j: d_ij ≤ d0} R_j. `pairs` fixes d0 (build them with
 * {@link straightLineCatchment} or a network). Large catchment → A_i = ΣS / ΣP everywhere.
 */
export function twoStepFca(
  pairs: CatchmentPairs,
  supply: ArrayLike<number>,
  demand: ArrayLike<number>,
  ids?: readonly string[],
): FcaResult {
  return floatingCatchment(pairs, supply, demand, () => 1, ids);
}

/** A distance band of the enhanced 2SFCA: pairs with distance ≤ `maxDistanceM` (and above the previous band) get `weight`. */
export interface DistanceStep {
  maxDistanceM: number;
  weight: number;
}

/** Luo & Qi (2009) weights for 10/20/30-minute bands (Gaussian, β = 100): 1.00, 0.68, 0.22. */
export const LUO_QI_WEIGHTS = [1, 0.68, 0.22] as const;

/**
 * Enhanced 2SFCA (E2SFCA; Luo & Qi 2009; PySAL `access.enhanced_two_stage_fca`) with stepped
 * weights: W(d) = weight of the first step whose `maxDistanceM` ≥ d, 0 beyond the last step;
 * R_j = S_j / Σ_i P_i W(d_ij), A_i = Σ_j R_j W(d_ij). Steps must be increasing in distance.
 */
export function enhancedTwoStepFca(
  pairs: CatchmentPairs,
  supply: ArrayLike<number>,
  demand: ArrayLike<number>,
  steps: readonly DistanceStep[],
  ids?: readonly string[],
): FcaResult {
  if (steps.length === 0)
    throw new CohesionError('INVALID_ARGUMENT', 'E2SFCA needs at least one distance step');
  steps.forEach((s, k) => {
    if (!(s.maxDistanceM >= 0) || (k > 0 && !(s.maxDistanceM > steps[k - 1]!.maxDistanceM))) {
      throw new CohesionError('INVALID_ARGUMENT', `E2SFCA step ${k}: distances must be ≥ 0 and increasing`, {
        row: k,
        value: s.maxDistanceM,
      });
    }
    if (!(Number.isFinite(s.weight) && s.weight >= 0)) {
      throw new CohesionError('INVALID_ARGUMENT', `E2SFCA step ${k}: weight must be ≥ 0`, {
        row: k,
        value: s.weight,
      });
    }
  });
  const weight = (d: number) => {
    for (const s of steps) if (d <= s.maxDistanceM) return s.weight;
    return 0;
  };
  return floatingCatchment(pairs, supply, demand, weight, ids);
}

/** Power decay of {@link gravityAccess}: f(d) = (max(d, minDistance) / scale)^alpha. */
export interface GravityOptions {
  /** Exponent, normally negative (default −1). */
  alpha?: number;
  /** Distance scale in metres (default 1000). */
  scale?: number;
  /** Distances below this are raised to it, so a site at 0 m does not get infinite weight (default 100 m). */
  minDistance?: number;
}

/**
 * Gravity access (Joseph & Bantock 1982; Shen 1998; PySAL `access.gravity`): supply weighted by
 * f(d_ij) = (max(d_ij, d_min)/scale)^α and divided by each site's demand potential:
 * A_i = Σ_j S_j f(d_ij) / Σ_k P_k f(d_kj), over the pairs given (the catchment cut-off).
 */
export function gravityAccess(
  pairs: CatchmentPairs,
  supply: ArrayLike<number>,
  demand: ArrayLike<number>,
  options: GravityOptions = {},
  ids?: readonly string[],
): FcaResult {
  const alpha = options.alpha ?? -1;
  const scale = options.scale ?? 1000;
  const minD = options.minDistance ?? 100;
  if (!(Number.isFinite(alpha) && scale > 0 && minD > 0)) {
    throw new CohesionError('INVALID_ARGUMENT', 'gravity: alpha must be finite, scale and minDistance > 0', {
      value: { alpha, scale, minDistance: minD },
    });
  }
  return floatingCatchment(pairs, supply, demand, (d) => powInt(Math.max(d, minD) / scale, alpha), ids);
}

/**
 * b^e by binary exponentiation for integer e (|e| ≤ 64) — plain multiplications, so identical in
 * every JavaScript engine; other exponents fall back to `**`, whose last bits may differ by engine.
 */
function powInt(b: number, e: number): number {
  if (!Number.isInteger(e) || Math.abs(e) > 64) return b ** e;
  let r = 1;
  let x = b;
  for (let k = Math.abs(e); k > 0; k >>= 1) {
    if (k & 1) r *= x;
    x *= x;
  }
  return e < 0 ? 1 / r : r;
}
