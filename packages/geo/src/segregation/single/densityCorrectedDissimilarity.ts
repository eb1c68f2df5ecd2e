import { checkSingleGroupDefined, type SegregationInputOptions, type SingleGroupResult } from '../input.js';
import { groupAndRest } from './totals.js';

/**
 * Mode of the folded normal |N(θ, 1)|, i.e. argmax over x ≥ 0 of φ(x − θ) + φ(x + θ). It is 0 for
 * θ ≤ 1, otherwise the positive root of x = θ tanh(θ x) (safeguarded Newton, to machine precision).
 */
export function foldedNormalMode(theta: number): number {
  if (!(theta > 1)) return 0;
  // g(x) = θ tanh(θx) − x: positive on (0, root), negative on (root, θ]. Safeguarded Newton from
  // x = θ (the root is within θe^(−2θ²) of θ for large θ), bisecting whenever Newton leaves the bracket.
  let lo = 0;
  let hi = theta;
  let x = theta;
  for (let it = 0; it < 100; it++) {
    const th = Math.tanh(theta * x);
    const g = theta * th - x;
    if (g === 0) return x;
    if (g > 0) lo = x;
    else hi = x;
    const dg = theta * theta * (1 - th * th) - 1;
    let next = x - g / dg;
    // Quadratic convergence: once a Newton step is below 1e-10·θ its result is exact to rounding.
    if (Math.abs(next - x) <= 1e-10 * theta) return next;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    x = next;
  }
  return x;
}

/**
 * Density-corrected dissimilarity (Allen, Burgess, Davidson & Windmeijer 2015), pure formula, as
 * PySAL `segregation.singlegroup.DensityCorrectedDissim`: with aᵢ = xᵢ/X, bᵢ = yᵢ/Y,
 * σᵢ = √(bᵢ(1−bᵢ)/Y + aᵢ(1−aᵢ)/X), θᵢ = |bᵢ − aᵢ|/σᵢ, D_dc = ½ Σᵢ σᵢ · n(θᵢ) where n(θ) is the
 * mode of the folded normal |N(θ,1)| ({@link foldedNormalMode}). PySAL finds n(θ) by Nelder–Mead
 * from 0 (xatol 1e-5); we solve it exactly. They agree to ~1e-7 except where θ > ~38: there φ(θ)
 * underflows, PySAL's search stalls at 0 and drops the area's term (Trafford, Pakistani: PySAL 0.45141,
 * exact 0.45839). Areas with tᵢ = 0 are skipped.
 */
export function densityCorrectedDissimilarityValue(x: ArrayLike<number>, t: ArrayLike<number>): number {
  const [X, Y] = groupAndRest(x, t);
  let s = 0;
  for (let i = 0; i < t.length; i++) {
    const ti = t[i]!;
    if (!(ti > 0)) continue;
    const a = x[i]! / X;
    const b = (ti - x[i]!) / Y;
    const sigma = Math.sqrt((b * (1 - b)) / Y + (a * (1 - a)) / X);
    // σ = 0 only when a and b are each 0 or 1; the limit of σ·n(θ) is then |b − a|.
    s += sigma > 0 ? sigma * foldedNormalMode(Math.abs(b - a) / sigma) : Math.abs(b - a);
  }
  return 0.5 * s;
}

/** Density-corrected D of a group (formula in {@link densityCorrectedDissimilarityValue}). */
export function densityCorrectedDissimilarity(
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: SegregationInputOptions,
): SingleGroupResult {
  const s = checkSingleGroupDefined(group, total, opts);
  return { value: densityCorrectedDissimilarityValue(group, total), ...s };
}
