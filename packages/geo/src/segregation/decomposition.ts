import { CohesionError } from '../errors.js';
import { checkMultiGroupDefined, type GroupTable } from './input.js';
import { marginals } from './multigroup/marginals.js';
import { mutualInformationValue } from './multigroup/mutualInformation.js';

/** Result of iterative proportional fitting. */
export interface IpfResult {
  table: Float64Array;
  iterations: number;
  converged: boolean;
}

/**
 * Iterative proportional fitting (Deming & Stephan 1940): rescales `seed` (row-major n × k) until
 * its row sums are ∝ `rows` and column sums ∝ `cols`, keeping its odds ratios (its "structure").
 * Works on proportions (targets are normalised); stops when every margin is within `tolerance`.
 */
export function iterativeProportionalFitting(
  seed: ArrayLike<number>,
  k: number,
  rows: ArrayLike<number>,
  cols: ArrayLike<number>,
  opts?: { tolerance?: number; maxIterations?: number },
): IpfResult {
  const n = rows.length;
  const tol = opts?.tolerance ?? 1e-13;
  const maxIt = opts?.maxIterations ?? 10000;
  let rt = 0;
  let ct = 0;
  for (let i = 0; i < n; i++) rt += rows[i]!;
  for (let m = 0; m < k; m++) ct += cols[m]!;
  const table = Float64Array.from(seed);
  let st = 0;
  for (const v of table) st += v;
  for (let c = 0; c < table.length; c++) table[c] = table[c]! / st;
  const colSum = new Float64Array(k);
  for (let it = 1; it <= maxIt; it++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let m = 0; m < k; m++) s += table[i * k + m]!;
      const f = s > 0 ? rows[i]! / rt / s : 0;
      for (let m = 0; m < k; m++) table[i * k + m] = table[i * k + m]! * f;
    }
    colSum.fill(0);
    for (let c = 0; c < table.length; c++) colSum[c % k] = colSum[c % k]! + table[c]!;
    let worst = 0;
    for (let m = 0; m < k; m++) {
      const f = colSum[m]! > 0 ? cols[m]! / ct / colSum[m]! : 0;
      for (let i = 0; i < n; i++) table[i * k + m] = table[i * k + m]! * f;
    }
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let m = 0; m < k; m++) s += table[i * k + m]!;
      worst = Math.max(worst, Math.abs(s - rows[i]! / rt));
    }
    if (worst <= tol) return { table, iterations: it, converged: true };
  }
  return { table, iterations: maxIt, converged: false };
}

/** Shapley decomposition of the change in M between two tables of the same areas and groups. */
export interface MutualInformationDifference {
  /** M of the first table (period 1 / geography 1). */
  m1: number;
  /** M of the second table. */
  m2: number;
  /** m2 − m1 = marginal + structural = groupMarginal + unitMarginal + structural. */
  difference: number;
  /** Part due to the margins together (= groupMarginal + unitMarginal). */
  marginal: number;
  /** Part due to the change in the groups' overall shares (composition). */
  groupMarginal: number;
  /** Part due to the change in the areas' population shares. */
  unitMarginal: number;
  /** Part due to the change in the association between area and group (segregation proper). */
  structural: number;
  /** Whether every IPF run converged. */
  converged: boolean;
}

/**
 * Decomposes M₂ − M₁ into marginal and structural parts (Elbers 2023, "A method for studying
 * differences in segregation across time and space", Sociological Methods & Research; elbersb
 * `mutual_difference(method = "shapley")`, `shapley_compute`). A table is described by its group
 * margin g, area margin u and structure s (its odds ratios); m(g, u, s) is M of the table with the
 * structure of one table fitted by IPF to margins taken from either table. As elbersb:
 * structural = ½[m(AAB) − m(AAA)] + ½[m(BBB) − m(BBA)], marginal = ½[m(BBA) − m(AAA)] + ½[m(BBB) − m(AAB)],
 * and the marginal part is split into group and area parts, each the mean of its four switches
 * (group + area = marginal exactly). The two tables must cover the same areas (rows) and groups
 * (columns); elbersb's additions/removals (areas or groups present in only one) are not supported.
 */
export function mutualInformationDifference(
  a: GroupTable,
  b: GroupTable,
  opts?: { tolerance?: number; maxIterations?: number },
): MutualInformationDifference {
  checkMultiGroupDefined(a);
  checkMultiGroupDefined(b);
  if (a.k !== b.k || a.counts.length !== b.counts.length) {
    throw new CohesionError('LENGTH_MISMATCH', 'the two tables must have the same areas and groups', {
      value: [a.counts.length / a.k, a.k, b.counts.length / b.k, b.k],
    });
  }
  const k = a.k;
  const ma = marginals(a.counts, k);
  const mb = marginals(b.counts, k);
  for (let i = 0; i < ma.rowTotals.length; i++) {
    if (ma.rowTotals[i]! > 0 !== mb.rowTotals[i]! > 0) {
      throw new CohesionError(
        'INVALID_ARGUMENT',
        `area at row ${i + 1} has people in only one of the two tables`,
        {
          row: i,
        },
      );
    }
  }
  for (let m = 0; m < k; m++) {
    if (ma.groupTotals[m]! > 0 !== mb.groupTotals[m]! > 0) {
      throw new CohesionError('INVALID_ARGUMENT', `group ${m} has members in only one of the two tables`, {
        column: String(m),
      });
    }
  }
  let converged = true;
  const cache = new Map<number, number>();
  // Bit 0: group margin from b; bit 1: area margin from b; bit 2: structure from b.
  const f = (mask: number): number => {
    const hit = cache.get(mask);
    if (hit !== undefined) return hit;
    let v: number;
    if (mask === 0) v = mutualInformationValue(a.counts, k);
    else if (mask === 7) v = mutualInformationValue(b.counts, k);
    else {
      const seed = mask & 4 ? b.counts : a.counts;
      const g = mask & 1 ? mb.groupTotals : ma.groupTotals;
      const u = mask & 2 ? mb.rowTotals : ma.rowTotals;
      const r = iterativeProportionalFitting(seed, k, u, g, opts);
      if (!r.converged) converged = false;
      v = mutualInformationValue(r.table, k);
    }
    cache.set(mask, v);
    return v;
  };
  // f(mask): bit 0 = group margin of b, bit 1 = area margin of b, bit 2 = structure of b
  // (elbersb's m_<group><unit><structure>: m_AAA = f(0), m_BBA = f(3), m_AAB = f(4), m_BBB = f(7), …).
  // Structure vs margins is a two-player Shapley split; the margins are then split into group and
  // area parts averaged over the four orders — group + unit = marginal exactly.
  const m1 = f(0);
  const m2 = f(7);
  const structural = 0.5 * (f(4) - f(0)) + 0.5 * (f(7) - f(3));
  const marginal = 0.5 * (f(3) - f(0)) + 0.5 * (f(7) - f(4));
  const groupMarginal = 0.25 * (f(1) - f(0) + (f(3) - f(2)) + (f(7) - f(6)) + (f(5) - f(4)));
  const unitMarginal = 0.25 * (f(2) - f(0) + (f(3) - f(1)) + (f(7) - f(5)) + (f(6) - f(4)));
  return {
    m1,
    m2,
    difference: m2 - m1,
    marginal,
    groupMarginal,
    unitMarginal,
    structural,
    converged,
  };
}
