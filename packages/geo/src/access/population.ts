import { CohesionError } from '../errors.js';

/**
 * Checks a per-origin population (or any demand weight): same length as the origins, every value
 * finite and ≥ 0, and a positive total. Returns it as a Float64Array.
 *
 * Errors: `LENGTH_MISMATCH`, `NON_FINITE` / `NEGATIVE_COUNT` (naming the row and id),
 * `ZERO_POPULATION` when the total is 0 — so a missing population can never yield a silent 0.
 */
export function checkPopulation(
  population: ArrayLike<number> | undefined,
  ids: readonly string[],
  what = 'population',
): Float64Array {
  if (!population) {
    throw new CohesionError('ZERO_POPULATION', `${what} is required for this measure but none was given`);
  }
  if (population.length !== ids.length) {
    throw new CohesionError(
      'LENGTH_MISMATCH',
      `${what} has ${population.length} values for ${ids.length} origins`,
      { value: [population.length, ids.length] },
    );
  }
  const out = Float64Array.from(population);
  let total = 0;
  for (let i = 0; i < out.length; i++) {
    const v = out[i]!;
    if (!Number.isFinite(v)) {
      throw new CohesionError('NON_FINITE', `${what} of "${ids[i]}" (row ${i}) is ${v}`, {
        row: i,
        id: ids[i],
        value: v,
      });
    }
    if (v < 0) {
      throw new CohesionError('NEGATIVE_COUNT', `${what} of "${ids[i]}" (row ${i}) is negative (${v})`, {
        row: i,
        id: ids[i],
        value: v,
      });
    }
    total += v;
  }
  if (!(total > 0))
    throw new CohesionError('ZERO_POPULATION', `${what} sums to 0 over ${ids.length} origins`);
  return out;
}
