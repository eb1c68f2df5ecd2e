import { CohesionError } from '../../errors.js';
import { checkSingleGroupDefined, type SegregationInputOptions, type SingleGroupResult } from '../input.js';
import { groupAndTotal } from './totals.js';

/** Throws INVALID_ARGUMENT unless 0 ≤ b < 1. */
export function checkAtkinsonB(b: number): void {
  if (!(b >= 0 && b < 1)) {
    throw new CohesionError('INVALID_ARGUMENT', `Atkinson parameter b must be in [0, 1), got ${b}`, {
      value: b,
    });
  }
}

/**
 * Atkinson index with shape parameter b (Atkinson 1970; Massey & Denton 1988), pure formula:
 * A = 1 − P/(1−P) · |Σᵢ (1−pᵢ)^(1−b) pᵢ^b tᵢ / (P T)|^(1/(1−b)). b = 0.5 weights both groups
 * equally. Equals PySAL `segregation.singlegroup.Atkinson`. Areas with tᵢ = 0 contribute nothing.
 */
export function atkinsonValue(x: ArrayLike<number>, t: ArrayLike<number>, b = 0.5): number {
  const [X, T] = groupAndTotal(x, t);
  const P = X / T;
  let s = 0;
  for (let i = 0; i < t.length; i++) {
    const ti = t[i]!;
    if (!(ti > 0)) continue;
    const pi = x[i]! / ti;
    s += (1 - pi) ** (1 - b) * pi ** b * ti;
  }
  return 1 - (P / (1 - P)) * Math.abs(s / (P * T)) ** (1 / (1 - b));
}

/** Atkinson index of a group (formula in {@link atkinsonValue}); `b` defaults to 0.5. */
export function atkinson(
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: SegregationInputOptions & { b?: number },
): SingleGroupResult {
  const b = opts?.b ?? 0.5;
  checkAtkinsonB(b);
  const s = checkSingleGroupDefined(group, total, opts);
  return { value: atkinsonValue(group, total, b), ...s };
}
