/**
 * The "limit" of a hot statistic: the time a simple memory-bound estimate allows on this machine,
 * measured in the same session as the rows it is shown beside (so load slows both alike).
 *
 * For conditional-permutation statistics the direct method reads, for each of R permutations and
 * each of the Σk_i neighbour slots, one value at a random index of x — R·Σk_i random 8-byte loads
 * from an array that fits in cache. The limit is R·Σk_i × (measured time of one such load) ÷ cores.
 * An implementation can beat it by reading less (ours sums prefix sums of shared draws: O(R) per
 * area instead of O(R·k)); the ratio shows how far each row is from it.
 */
import { availableParallelism } from 'node:os';

/** Nanoseconds per random 8-byte load from a cache-resident array of `n` values (median of 5). */
export function gatherNs(n = 35_000) {
  const x = new Float64Array(n).map((_, i) => i * 0.5);
  const m = 1 << 22;
  const idx = new Int32Array(m);
  let s = 12345;
  for (let i = 0; i < m; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    idx[i] = s % n;
  }
  const times = [];
  let sink = 0;
  for (let rep = 0; rep < 5; rep++) {
    const t0 = performance.now();
    let acc = 0;
    for (let i = 0; i < m; i++) acc += x[idx[i]];
    times.push(((performance.now() - t0) * 1e6) / m);
    sink += acc;
  }
  if (sink === -1) process.stderr.write('');
  return times.sort((a, b) => a - b)[2];
}

/**
 * Limit (ms) for `statistics` conditional-permutation statistics of R permutations over `links`
 * neighbour slots, on every core of this machine.
 * @param {{R: number, links: number, statistics?: number, n?: number}} p
 */
export function permutationLimit({ R, links, statistics = 1, n = 35_000 }) {
  const ns = gatherNs(Math.min(Math.max(n, 1000), 200_000));
  const cores = availableParallelism();
  const gathers = R * links * statistics;
  return {
    ms: (gathers * ns) / 1e6 / cores,
    basis: `${statistics} × ${R} × ${links.toLocaleString('en-GB')} links = ${(gathers / 1e6).toFixed(0)}M random loads at ${ns.toFixed(2)} ns each (measured now) ÷ ${cores} cores`,
  };
}
