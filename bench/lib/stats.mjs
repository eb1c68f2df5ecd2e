/**
 * Summary statistics of repeated timings. Quantiles use linear interpolation between order
 * statistics (type 7, the default of R's `quantile` and NumPy's `percentile`).
 */

/**
 * The q-quantile (0 ≤ q ≤ 1) of `values` by linear interpolation (R type 7).
 * @param {ArrayLike<number>} values
 * @param {number} q
 */
export function quantile(values, q) {
  if (values.length === 0) throw new RangeError('quantile of an empty sample');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile level must be in [0, 1], got ${q}`);
  const sorted = Float64Array.from(values).sort();
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** @param {ArrayLike<number>} values */
export function median(values) {
  return quantile(values, 0.5);
}

/**
 * Median and spread of a sample of timings in milliseconds.
 * @param {number[]} times
 * @returns {{runs: number, median: number, min: number, max: number, q1: number, q3: number, iqr: number}}
 */
export function summarizeTimes(times) {
  if (times.length === 0) throw new RangeError('no timings to summarise');
  for (const t of times) {
    if (!Number.isFinite(t) || t < 0) throw new RangeError(`invalid timing ${t}`);
  }
  const q1 = quantile(times, 0.25);
  const q3 = quantile(times, 0.75);
  return {
    runs: times.length,
    median: median(times),
    min: Math.min(...times),
    max: Math.max(...times),
    q1,
    q3,
    iqr: q3 - q1,
  };
}

/**
 * How many times faster we are than a peer: peer median / our median (> 1 means we are faster).
 * @param {number} oursMedian
 * @param {number} peerMedian
 */
export function speedRatio(oursMedian, peerMedian) {
  if (!(oursMedian > 0) || !(peerMedian > 0)) return null;
  return peerMedian / oursMedian;
}
