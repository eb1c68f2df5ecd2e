import { checkSingleGroupDefined, type SegregationInputOptions, type SingleGroupResult } from '../input.js';
import { isolationValue } from './isolation.js';
import { groupAndTotal } from './totals.js';

/**
 * Correlation ratio η² (Bell 1954; White 1986; Massey & Denton 1988), pure formula:
 * η² = (xPx − P) / (1 − P). Equals PySAL `segregation.singlegroup.CorrelationR`.
 */
export function correlationRatioValue(x: ArrayLike<number>, t: ArrayLike<number>): number {
  const [X, T] = groupAndTotal(x, t);
  const P = X / T;
  return (isolationValue(x, t) - P) / (1 - P);
}

/** Correlation ratio η² of a group (formula in {@link correlationRatioValue}). */
export function correlationRatio(
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: SegregationInputOptions,
): SingleGroupResult {
  const s = checkSingleGroupDefined(group, total, opts);
  return { value: correlationRatioValue(group, total), ...s };
}
