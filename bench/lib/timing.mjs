/**
 * The one timing policy used for ours, JS peers, and (re-implemented in the R / Python preludes of
 * peers.mjs) external peers: one warm-up run; if it took more than half the time budget it is the
 * only sample (slow work is timed once rather than not at all); otherwise time runs until `maxRuns`
 * samples, or until `minRuns` samples once the budget is spent.
 */

/**
 * @typedef {object} TimingPolicy
 * @property {number} minRuns
 * @property {number} maxRuns
 * @property {number} budgetMs
 */

/**
 * @param {() => unknown} fn the work; may return a promise
 * @param {TimingPolicy} policy
 * @param {{beforeWarmup?: () => void, afterWarmup?: (result: unknown) => void}} [hooks]
 * @returns {Promise<{times: number[], result: unknown, warmupMs: number}>}
 */
export async function timeRuns(fn, policy, hooks = {}) {
  hooks.beforeWarmup?.();
  let t0 = performance.now();
  let result = await fn();
  const warmupMs = performance.now() - t0;
  hooks.afterWarmup?.(result);
  if (warmupMs > policy.budgetMs / 2) return { times: [warmupMs], result, warmupMs };
  /** @type {number[]} */
  const times = [];
  let spent = 0;
  while (times.length < policy.maxRuns && (times.length < policy.minRuns || spent < policy.budgetMs)) {
    t0 = performance.now();
    result = await fn();
    const t = performance.now() - t0;
    times.push(t);
    spent += t;
  }
  return { times, result, warmupMs };
}
