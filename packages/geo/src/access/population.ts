import { CohesionError } from '../errors.js';
import { type RowOrderOptions, reorder, rowOrder } from '../validate/align.js';

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

/** The per-origin inputs of the access workflow that come from a table (one row per origin). */
export interface OriginColumns extends RowOrderOptions {
  population?: ArrayLike<number>;
  groups?: Readonly<Record<string, ArrayLike<number>>>;
  imdDecile?: ArrayLike<number | null>;
}

/**
 * The per-origin columns in the origins' order: with `ids` (the table's code of each row) they go
 * through the one row-order check (`rowOrder`: `ORDER_MISMATCH` for another order unless
 * `reorder`, `UNMATCHED_CODE` / `DUPLICATE_CODE`); every column must have one value per code
 * (`LENGTH_MISMATCH`). Without `ids` they are positional, in origin order.
 */
export function originColumnsInOrder<O extends OriginColumns>(originIds: readonly string[], options: O): O {
  const ids = options.ids;
  if (ids === undefined) return options;
  const columns: [string, ArrayLike<unknown>][] = [];
  if (options.population) columns.push(['population', options.population]);
  for (const [name, c] of Object.entries(options.groups ?? {})) columns.push([name, c]);
  if (options.imdDecile) columns.push(['IMD decile', options.imdDecile]);
  for (const [name, c] of columns)
    if (c.length !== ids.length)
      throw new CohesionError(
        'LENGTH_MISMATCH',
        `${name} has ${c.length} values for ${ids.length} row codes`,
        {
          column: name,
          value: [c.length, ids.length],
        },
      );
  const perm = rowOrder(originIds, options, { what: 'origin values' });
  const out: O = { ...options, ids: originIds };
  if (!perm) return out;
  if (options.population) out.population = reorder(options.population, perm);
  if (options.groups)
    out.groups = Object.fromEntries(Object.entries(options.groups).map(([k, c]) => [k, reorder(c, perm)]));
  if (options.imdDecile) out.imdDecile = reorder(options.imdDecile, perm);
  return out;
}
