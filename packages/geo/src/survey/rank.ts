import { CohesionError } from '../errors.js';
import { normalQuantile } from '../stats/normal.js';
import { createRandom } from '../stats/random.js';

export interface RankInput {
  area: string;
  estimate: number | null;
  se: number | null;
}

/** An area's rank (1 = highest estimate) and the interval the rank could plausibly take. */
export interface AreaRank {
  area: string;
  rank: number;
  /** Lower end of the rank interval (best plausible rank). */
  rankLow: number;
  /** Upper end of the rank interval (worst plausible rank). */
  rankHigh: number;
}

export interface RankOptions {
  /** Simulated league tables (default 2000). */
  draws?: number;
  /** Seed of the simulation (default 0); same seed, same intervals on every runtime. */
  seed?: number;
  /** Coverage of the rank interval (default 0.95). */
  level?: number;
}

/**
 * Ranks areas by their estimates with an interval for each rank, so that a league table of wards
 * carries no false precision (Goldstein & Spiegelhalter 1996; Marshall & Spiegelhalter 1998).
 * Each simulated table draws every area's value from Normal(estimate, se²), ranks the draws, and
 * the interval is the central `level` range of each area's simulated ranks. Areas without an
 * estimate (suppressed) are left out. Deterministic for a given seed.
 */
export function rankAreas(items: readonly RankInput[], options: RankOptions = {}): AreaRank[] {
  const draws = options.draws ?? 2000;
  const level = options.level ?? 0.95;
  if (!(Number.isInteger(draws) && draws >= 10))
    throw new CohesionError('INVALID_ARGUMENT', `rank draws must be a whole number ≥ 10, got ${draws}`, {
      value: draws,
    });
  const kept = items.filter(
    (x): x is { area: string; estimate: number; se: number } =>
      x.estimate !== null && x.se !== null && Number.isFinite(x.estimate) && Number.isFinite(x.se),
  );
  const k = kept.length;
  const order = (vals: Float64Array) => {
    const idx = Array.from({ length: k }, (_, i) => i);
    idx.sort((a, b) => (vals[b] as number) - (vals[a] as number) || a - b);
    const rank = new Int32Array(k);
    idx.forEach((a, r) => {
      rank[a] = r + 1;
    });
    return rank;
  };
  const point = order(Float64Array.from(kept, (x) => x.estimate));
  const ranks = new Int32Array(k * draws);
  const rng = createRandom(options.seed ?? 0);
  const v = new Float64Array(k);
  for (let d = 0; d < draws; d++) {
    for (let a = 0; a < k; a++) {
      const u = (rng.nextUint32() + 0.5) / 0x100000000;
      v[a] = kept[a]!.estimate + kept[a]!.se * normalQuantile(u);
    }
    const r = order(v);
    for (let a = 0; a < k; a++) ranks[a * draws + d] = r[a] as number;
  }
  const lo = Math.floor(((1 - level) / 2) * (draws - 1));
  const hi = Math.ceil((1 - (1 - level) / 2) * (draws - 1));
  return kept.map((x, a) => {
    const sorted = ranks.subarray(a * draws, (a + 1) * draws).sort();
    return {
      area: x.area,
      rank: point[a] as number,
      rankLow: sorted[lo] as number,
      rankHigh: sorted[hi] as number,
    };
  });
}
