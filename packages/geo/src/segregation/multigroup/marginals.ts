/** Row totals tᵢ, group totals X_m and grand total T of a row-major n × k table. */
export interface Marginals {
  rowTotals: Float64Array;
  groupTotals: Float64Array;
  total: number;
  /** Groups with X_m > 0. */
  groupsPresent: number;
}

/** Row totals, group totals and grand total of a row-major n × k table in one pass. */
export function marginals(counts: ArrayLike<number>, k: number): Marginals {
  const n = Math.floor(counts.length / k);
  const rowTotals = new Float64Array(n);
  const groupTotals = new Float64Array(k);
  let total = 0;
  for (let i = 0, o = 0; i < n; i++, o += k) {
    let ti = 0;
    for (let m = 0; m < k; m++) {
      const v = counts[o + m]!;
      ti += v;
      groupTotals[m] = groupTotals[m]! + v;
    }
    rowTotals[i] = ti;
    total += ti;
  }
  let groupsPresent = 0;
  for (let m = 0; m < k; m++) if (groupTotals[m]! > 0) groupsPresent++;
  return { rowTotals, groupTotals, total, groupsPresent };
}

/** Simpson's interaction of the group marginals: I = Σ π_m (1 − π_m). */
export function interactionOf(groupTotals: Float64Array, total: number): number {
  let s = 0;
  for (let m = 0; m < groupTotals.length; m++) {
    const p = groupTotals[m]! / total;
    s += p * (1 - p);
  }
  return s;
}

/** Entropy of the group marginals: E = −Σ π_m ln π_m (natural log, 0 ln 0 = 0). */
export function entropyOf(groupTotals: ArrayLike<number>, total: number): number {
  let e = 0;
  for (let m = 0; m < groupTotals.length; m++) {
    const p = groupTotals[m]! / total;
    if (p > 0) e -= p * Math.log(p);
  }
  return e;
}
