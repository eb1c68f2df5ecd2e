import { CohesionError } from '../errors.js';

/**
 * Argument range checks shared by the library and the CLI, so that a flag and an option fail the
 * same way with the real reason (`INVALID_ARGUMENT`, `detail.column` naming the argument).
 */

function bad(name: string, value: unknown, rule: string): CohesionError {
  return new CohesionError('INVALID_ARGUMENT', `${name} must be ${rule}, got ${String(value)}`, {
    column: name,
    value,
  });
}

/** A significance level strictly between 0 and 1 (e.g. 0.05). */
export function checkAlpha(alpha: number, name = 'alpha'): number {
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1))
    throw bad(name, alpha, 'a number strictly between 0 and 1 (e.g. 0.05)');
  return alpha;
}

/** An integer in [min, max]. */
export function checkInteger(value: number, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw bad(
      name,
      value,
      `a whole number from ${min.toLocaleString('en-GB')} to ${max.toLocaleString('en-GB')}`,
    );
  return value;
}

/** A finite number > 0 (distances, thresholds, bandwidths). */
export function checkPositive(value: number, name: string): number {
  if (typeof value !== 'number' || !(value > 0 && Number.isFinite(value)))
    throw bad(name, value, 'a finite number greater than 0');
  return value;
}

/** k nearest neighbours: 1 ≤ k < n (k = n would make every area a neighbour of every other). */
export function checkNeighbourCount(k: number, n: number, name = 'k'): number {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k >= n)
    throw bad(name, k, `a whole number from 1 to ${n - 1} (fewer than the ${n} areas)`);
  return k;
}

/** Upper limit of permutations (pseudo p-value resolution 1e-6; 10⁶ × n lags is minutes of CPU). */
export const MAX_PERMUTATIONS = 1_000_000;
/** Upper limit of bootstrap replicates and simulated tables (each recomputes every index). */
export const MAX_REPLICATES = 100_000;

/** A name from a fixed list; `INVALID_ARGUMENT` listing the valid names otherwise. */
export function checkName<T extends string>(value: string, valid: readonly T[], name: string): T {
  if (!valid.includes(value as T))
    throw new CohesionError('INVALID_ARGUMENT', `unknown ${name} "${value}" (valid: ${valid.join(', ')})`, {
      column: name,
      value,
      valid,
    });
  return value as T;
}
