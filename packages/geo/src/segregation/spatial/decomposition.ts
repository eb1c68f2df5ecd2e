import { CohesionError } from '../../errors.js';
import { quantileSorted } from '../../stats/summary.js';
import { checkSingleGroupDefined } from '../input.js';

/** How counterfactual populations are generated (PySAL `counterfactual_approach`). */
export type CounterfactualApproach = 'composition' | 'share' | 'dualComposition';

/** Group and total counts of one place or period, aligned with its own areas. */
export interface DecompositionCounts {
  group: ArrayLike<number>;
  total: ArrayLike<number>;
}

/** pandas `Series.rank(pct=True)`: average rank of ties divided by n. */
export function percentileRanks(v: ArrayLike<number>): Float64Array {
  const n = v.length;
  const idx = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => v[a]! - v[b]! || a - b);
  const out = new Float64Array(n);
  let r = 0;
  while (r < n) {
    let e = r;
    while (e + 1 < n && v[idx[e + 1]!] === v[idx[r]!]) e++;
    const avg = (r + e) / 2 + 1;
    for (let q = r; q <= e; q++) out[idx[q]!] = avg / n;
    r = e + 1;
  }
  return out;
}

/** @deprecated use `quantileSorted` from `@cohesion/geo/stats` (the same pandas/numpy linear quantile). */
export const linearQuantile: (sorted: ArrayLike<number>, q: number) => number = quantileSorted;

/** Each value's percentile rank in `from`, mapped to the same quantile of `to`. */
function transfer(from: Float64Array, to: Float64Array): Float64Array {
  const ranks = percentileRanks(from);
  const sorted = Float64Array.from(to).sort();
  return Float64Array.from(ranks, (q) => quantileSorted(sorted, q));
}

function composition(c: DecompositionCounts): Float64Array {
  return Float64Array.from({ length: c.total.length }, (_, i) =>
    c.total[i] === 0 ? 0 : c.group[i]! / c.total[i]!,
  );
}

function sumOf(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  return s;
}

/**
 * Counterfactual populations, as PySAL `segregation`'s `_generate_counterfactual`: each place's
 * areas receive the other place's distribution of the attribute, matched by percentile rank
 * (pandas `rank(pct=True)` → `quantile`, linear):
 * - `composition`: the group share pᵢ of each area is replaced by the other place's share at the
 *   same percentile; totals kept: xᵢ* = p*ᵢ tᵢ.
 * - `share`: the group's and the rest's shares of their own totals (xᵢ/X, yᵢ/Y) are each mapped,
 *   rescaled to sum to 1 and multiplied by this place's X and Y; tᵢ* = xᵢ* + yᵢ*.
 * - `dualComposition`: the group and the rest compositions are each mapped; xᵢ* = p*ᵢ tᵢ,
 *   yᵢ* = q*ᵢ tᵢ, tᵢ* = xᵢ* + yᵢ*.
 * Returns (place 1's areas with place 2's attribute, place 2's areas with place 1's attribute).
 */
export function counterfactualCounts(
  c1: DecompositionCounts,
  c2: DecompositionCounts,
  approach: CounterfactualApproach = 'composition',
): [{ group: Float64Array; total: Float64Array }, { group: Float64Array; total: Float64Array }] {
  const make = (a: DecompositionCounts, b: DecompositionCounts) => {
    const n = a.total.length;
    if (approach === 'composition') {
      const p = transfer(composition(a), composition(b));
      const total = Float64Array.from(a.total);
      return { group: Float64Array.from(p, (v, i) => v * total[i]!), total };
    }
    if (approach === 'dualComposition') {
      const restShare = (c: DecompositionCounts) =>
        Float64Array.from({ length: c.total.length }, (_, i) =>
          c.total[i] === 0 ? 0 : (c.total[i]! - c.group[i]!) / c.total[i]!,
        );
      const p = transfer(composition(a), composition(b));
      const q = transfer(restShare(a), restShare(b));
      const group = Float64Array.from(p, (v, i) => v * a.total[i]!);
      const rest = Float64Array.from(q, (v, i) => v * a.total[i]!);
      return { group, total: Float64Array.from(group, (g, i) => g + rest[i]!) };
    }
    if (approach === 'share') {
      const shares = (c: DecompositionCounts) => {
        const X = sumOf(c.group);
        const Y = sumOf(c.total) - X;
        const g = Float64Array.from({ length: c.total.length }, (_, i) =>
          c.total[i] === 0 ? 0 : c.group[i]! / X,
        );
        const r = Float64Array.from({ length: c.total.length }, (_, i) => {
          const y = c.total[i]! - c.group[i]!;
          return y === 0 ? 0 : y / Y;
        });
        return { g, r, X, Y };
      };
      const sa = shares(a);
      const sb = shares(b);
      const g = transfer(sa.g, sb.g);
      const r = transfer(sa.r, sb.r);
      const cg = sumOf(g);
      const cr = sumOf(r);
      const group = Float64Array.from(g, (v) => (v / cg) * sa.X);
      const rest = Float64Array.from(r, (v) => (v / cr) * sa.Y);
      return { group, total: Float64Array.from({ length: n }, (_, i) => group[i]! + rest[i]!) };
    }
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `unknown counterfactual approach "${approach as string}" (use composition, share or dualComposition)`,
      { value: approach },
    );
  };
  return [make(c1, c2), make(c2, c1)];
}

/** The Shapley decomposition of I₁ − I₂. */
export interface SegregationDecomposition {
  /** I(S₁, A₁) − I(S₂, A₂). */
  difference: number;
  /** Spatial component c_S = ½ [I(S₁,A₁) − I(S₂,A₁) + I(S₁,A₂) − I(S₂,A₂)]. */
  spatial: number;
  /** Attribute component c_A = ½ [I(S₁,A₁) − I(S₁,A₂) + I(S₂,A₁) − I(S₂,A₂)]. spatial + attribute = difference. */
  attribute: number;
  /** The four index values: place/period 1 and 2, and the two counterfactuals. */
  s1a1: number;
  s2a2: number;
  s1a2: number;
  s2a1: number;
  /** The counterfactual counts (place 1's areas with place 2's attribute, and vice versa). */
  counterfactual1: { group: Float64Array; total: Float64Array };
  counterfactual2: { group: Float64Array; total: Float64Array };
  approach: CounterfactualApproach;
}

/**
 * Shapley decomposition of the difference in a segregation index between two places or periods
 * into a spatial part (the arrangement of areas) and an attribute part (the distribution of the
 * group over areas), as PySAL `DecomposeSegregation` (Rey, Cortes & Knaap 2021):
 * c_S = ½ [I(S₁,A₁) − I(S₂,A₁) + I(S₁,A₂) − I(S₂,A₂)], c_A = ½ [I(S₁,A₁) − I(S₁,A₂) + I(S₂,A₁) − I(S₂,A₂)],
 * with the counterfactuals of {@link counterfactualCounts}. `index(place, group, total)` evaluates
 * the index on place 1's or place 2's areas (so spatial indices can use each place's geometry).
 */
export function decomposeSegregation(
  index: (place: 1 | 2, group: Float64Array, total: Float64Array) => number,
  c1: DecompositionCounts,
  c2: DecompositionCounts,
  opts?: { approach?: CounterfactualApproach },
): SegregationDecomposition {
  checkSingleGroupDefined(c1.group, c1.total, { source: 'place 1' });
  checkSingleGroupDefined(c2.group, c2.total, { source: 'place 2' });
  const approach = opts?.approach ?? 'composition';
  const [cf1, cf2] = counterfactualCounts(c1, c2, approach);
  const s1a1 = index(1, Float64Array.from(c1.group), Float64Array.from(c1.total));
  const s2a2 = index(2, Float64Array.from(c2.group), Float64Array.from(c2.total));
  const s1a2 = index(1, cf1.group, cf1.total);
  const s2a1 = index(2, cf2.group, cf2.total);
  return {
    difference: s1a1 - s2a2,
    spatial: 0.5 * (s1a1 - s2a1 + s1a2 - s2a2),
    attribute: 0.5 * (s1a1 - s1a2 + s2a1 - s2a2),
    s1a1,
    s2a2,
    s1a2,
    s2a1,
    counterfactual1: cf1,
    counterfactual2: cf2,
    approach,
  };
}
