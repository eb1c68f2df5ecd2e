import { CohesionError } from '../../errors.js';
import { checkSingleGroupDefined, type SegregationInputOptions, type SingleGroupResult } from '../input.js';
import { groupAndTotal } from './totals.js';

/** The concentration profile curve and its summary index. */
export interface ConcentrationProfile {
  /** Summary index R (Hong & Sadahiro 2014). */
  value: number;
  /** Thresholds τⱼ = j/(m−1), j = 0..m−1. */
  grid: Float64Array;
  /** v(τ) = share of the group living in areas where the group's share pᵢ ≥ τ. */
  curve: Float64Array;
}

/** Throws INVALID_ARGUMENT unless the grid has a whole number m ≥ 2 of points. */
function checkGridPoints(m: number): void {
  if (!Number.isInteger(m) || m < 2) {
    throw new CohesionError('INVALID_ARGUMENT', `concentration profile needs m ≥ 2 grid points, got ${m}`, {
      value: m,
    });
  }
}

/**
 * Concentration profile (Hong & Sadahiro 2014), as PySAL `segregation.singlegroup.ConProf`:
 * v(τ) = Σ_{pᵢ ≥ τ} xᵢ / X on the grid τⱼ = j·(1/(m−1)) (numpy.linspace) (m = 1000 points), and
 * R = (P − (Σ_{τⱼ < P} v(τⱼ)/m − Σ_{τⱼ ≥ P} v(τⱼ)/m)) / (1 − P).
 * Areas with tᵢ = 0 contribute nothing. O(n + m).
 */
export function concentrationProfileCurve(
  x: ArrayLike<number>,
  t: ArrayLike<number>,
  m = 1000,
): ConcentrationProfile {
  checkGridPoints(m);
  const [X, T] = groupAndTotal(x, t);
  const P = X / T;
  // v(τⱼ) = Σ_{pᵢ ≥ τⱼ} xᵢ / X: put each area's xᵢ in the bin of the highest grid point ≤ pᵢ, then
  // take suffix sums. O(n + m), with the same comparisons (pᵢ ≥ τⱼ) as the direct definition.
  const step = 1 / (m - 1);
  const grid = new Float64Array(m);
  for (let j = 0; j < m - 1; j++) grid[j] = j * step;
  grid[m - 1] = 1; // numpy.linspace sets the last point to exactly 1
  const bins = new Float64Array(m);
  for (let i = 0; i < t.length; i++) {
    const ti = t[i]!;
    if (!(ti > 0)) continue;
    const p = x[i]! / ti;
    const j = gridIndexAtOrBelow(p, m, step);
    if (j >= 0) bins[j] = bins[j]! + x[i]!;
  }
  const curve = new Float64Array(m);
  let acc = 0;
  for (let j = m - 1; j >= 0; j--) {
    acc += bins[j]!;
    curve[j] = acc / X;
  }
  let below = 0;
  let above = 0;
  for (let j = 0; j < m; j++) {
    if (grid[j]! < P) below += curve[j]!;
    else above += curve[j]!;
  }
  const value = (P - (below / m - above / m)) / (1 - P);
  return { value, grid, curve };
}

/** Highest grid index j with τⱼ ≤ p on the numpy.linspace(0, 1, m) grid, or −1. */
function gridIndexAtOrBelow(p: number, m: number, step: number): number {
  const tau = (j: number) => (j === m - 1 ? 1 : j * step);
  let j = Math.min(m - 1, Math.max(0, Math.floor(p / step)));
  while (j + 1 < m && p >= tau(j + 1)) j++;
  while (j >= 0 && p < tau(j)) j--;
  return j;
}

/**
 * Concentration profile index R, pure formula (see {@link concentrationProfileCurve}), in O(n) with
 * no allocation: Σ_j v(τⱼ) = Σᵢ (xᵢ/X)(jᵢ + 1) where jᵢ is the highest grid point ≤ pᵢ, and the part
 * below P counts min(jᵢ + 1, #{τⱼ < P}).
 */
export function concentrationProfileValue(x: ArrayLike<number>, t: ArrayLike<number>, m = 1000): number {
  checkGridPoints(m);
  const [X, T] = groupAndTotal(x, t);
  const P = X / T;
  const step = 1 / (m - 1);
  // Number of grid points strictly below P.
  const g = gridIndexAtOrBelow(P, m, step);
  const jP = (g === m - 1 ? 1 : g * step) === P ? g : g + 1;
  let all = 0;
  let below = 0;
  for (let i = 0; i < t.length; i++) {
    const ti = t[i]!;
    if (!(ti > 0)) continue;
    const xi = x[i]!;
    if (xi === 0) continue;
    const c = gridIndexAtOrBelow(xi / ti, m, step) + 1;
    all += xi * c;
    below += xi * Math.min(c, jP);
  }
  all /= X;
  below /= X;
  return (P - (below / m - (all - below) / m)) / (1 - P);
}

/** Concentration profile index R of a group, with the curve (see {@link concentrationProfileCurve}). */
export function concentrationProfile(
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: SegregationInputOptions & { m?: number },
): SingleGroupResult & { grid: Float64Array; curve: Float64Array } {
  const s = checkSingleGroupDefined(group, total, opts);
  const c = concentrationProfileCurve(group, total, opts?.m ?? 1000);
  return { ...s, value: c.value, grid: c.grid, curve: c.curve };
}
