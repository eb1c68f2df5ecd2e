/** The context object handed to a case's `setup`, `run`, peers' `exec` and `available`. */
import { prepareInput } from './inputs.mjs';

/**
 * @typedef {object} BenchContext
 * @property {import('./inputs.mjs').PreparedInput} input the input of this row
 * @property {boolean} quick
 * @property {import('./timing.mjs').TimingPolicy} policy
 * @property {number} timeoutMs
 * @property {string} runId file-safe id of this case × input × implementation
 * @property {(id: string) => import('./inputs.mjs').PreparedInput} prepare another input (e.g. sites)
 */

/**
 * @param {{input: string, quick: boolean, policy: import('./timing.mjs').TimingPolicy, timeoutMs: number, runId: string}} cfg
 * @returns {BenchContext}
 */
export function makeContext(cfg) {
  return {
    input: prepareInput(cfg.input),
    quick: cfg.quick,
    policy: cfg.policy,
    timeoutMs: cfg.timeoutMs,
    runId: cfg.runId,
    prepare: (id) => prepareInput(id),
  };
}
