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
 * One function under the policy: {@link timeAlternating} with a single function.
 * @param {() => unknown} fn the work; may return a promise
 * @param {TimingPolicy} policy
 * @param {{beforeWarmup?: () => void, afterWarmup?: (result: unknown) => void}} [hooks]
 * @returns {Promise<{times: number[], result: unknown}>}
 */
export async function timeRuns(fn, policy, hooks = {}) {
  const out = await timeAlternating([fn], policy, {
    beforeWarmup: hooks.beforeWarmup,
    afterWarmup: (results) => hooks.afterWarmup?.(results[0]),
  });
  return { times: /** @type {number[]} */ (out.times[0]), result: out.results[0] };
}

/**
 * Times several functions in turn — a, b, a, b, … — after one warm-up run of each, so that a slow
 * drift of the machine (another tenant on the host, frequency changes) lands on all of them alike:
 * used for comparisons of ours with ours (e.g. every core against one thread). Stops as
 * {@link timeRuns} does, counting rounds, with one budget per function spent by all of them together.
 * @param {Array<() => unknown>} fns
 * @param {TimingPolicy} policy
 * @param {{beforeWarmup?: () => void, afterWarmup?: (results: unknown[]) => void, afterRound?: () => Promise<void> | void}} [hooks]
 *   `afterRound` runs untimed after each timed round (e.g. a probe of the machine)
 * @returns {Promise<{times: number[][], results: unknown[]}>}
 */
export async function timeAlternating(fns, policy, hooks = {}) {
  hooks.beforeWarmup?.();
  const results = [];
  const times = fns.map(() => /** @type {number[]} */ ([]));
  let spent = 0;
  /** @type {number[]} */
  const warmup = [];
  for (const fn of fns) {
    const t0 = performance.now();
    results.push(await fn());
    const t = performance.now() - t0;
    warmup.push(t);
    spent += t;
  }
  hooks.afterWarmup?.(results);
  // As timeRuns, with a budget per function: work that took over half of it is timed once (its warm-up).
  const budget = policy.budgetMs * fns.length;
  if (spent > budget / 2) return { times: warmup.map((t) => [t]), results };
  spent = 0;
  let rounds = 0;
  while (rounds < policy.maxRuns && (rounds < policy.minRuns || spent < budget)) {
    for (let i = 0; i < fns.length; i++) {
      const t0 = performance.now();
      results[i] = await /** @type {() => unknown} */ (fns[i])();
      const t = performance.now() - t0;
      /** @type {number[]} */ (times[i]).push(t);
      spent += t;
    }
    rounds++;
    await hooks.afterRound?.();
  }
  return { times, results };
}
