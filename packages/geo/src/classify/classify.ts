import { CohesionError } from '../errors.js';
import {
  type ClassScheme,
  ckmeansBreaks,
  classIndex,
  equalIntervalBreaks,
  quantileBreaks,
  sortedFinite,
  thresholdBreaks,
} from './breaks.js';

/** Options for {@link classifyValues}. */
export interface ClassifyOptions {
  /** Scheme; default `'ckmeans'`, or `'threshold'` when `breaks` is given. */
  scheme?: ClassScheme;
  /** Number of classes for ckmeans / quantile / equal; default 5. */
  classes?: number;
  /** Upper bounds for `'threshold'` (strictly increasing). */
  breaks?: readonly number[];
}

/** The result of {@link classifyValues}. */
export interface Classification {
  /** The scheme used. */
  scheme: ClassScheme;
  /** Lowest finite value (lower bound of the first class). */
  min: number;
  /** Class upper bounds, one per class; classes are (breaks[i−1], breaks[i]], the first from `min`. */
  breaks: number[];
  /** Number of values in each class. */
  counts: Int32Array;
  /** Class of each input value, −1 for no data (NaN / null). */
  classOf: Int32Array;
  /** Number of no-data values. */
  missing: number;
}

/**
 * Classifies values for a choropleth: computes class upper bounds with the chosen scheme
 * (see {@link ckmeansBreaks}, {@link quantileBreaks}, {@link equalIntervalBreaks},
 * {@link thresholdBreaks}), then assigns every value to its class with {@link classIndex} and
 * counts the members of each class. NaN / null are "no data" (class −1, counted in `missing`).
 *
 * @throws CohesionError EMPTY_INPUT when no value is finite, NON_FINITE for ±Infinity (with the row),
 *   INVALID_ARGUMENT for a bad class count or bad breaks.
 */
export function classifyValues(
  values: ArrayLike<number | null | undefined>,
  options: ClassifyOptions = {},
): Classification {
  const scheme: ClassScheme = options.scheme ?? (options.breaks ? 'threshold' : 'ckmeans');
  const k = options.classes ?? 5;
  const nums = values as ArrayLike<number>;
  let breaks: number[];
  switch (scheme) {
    case 'ckmeans':
      breaks = ckmeansBreaks(nums, k);
      break;
    case 'quantile':
      breaks = quantileBreaks(nums, k);
      break;
    case 'equal':
      breaks = equalIntervalBreaks(nums, k);
      break;
    case 'threshold':
      if (!options.breaks) {
        throw new CohesionError('INVALID_ARGUMENT', "scheme 'threshold' needs breaks", { value: scheme });
      }
      breaks = thresholdBreaks(nums, options.breaks);
      break;
    default:
      throw new CohesionError('INVALID_ARGUMENT', `unknown classification scheme: ${String(scheme)}`, {
        value: String(scheme),
      });
  }
  const sorted = sortedFinite(nums);
  const classOf = new Int32Array(values.length);
  const counts = new Int32Array(breaks.length);
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const c = v === null || v === undefined ? -1 : classIndex(v, breaks);
    classOf[i] = c;
    if (c < 0) missing++;
    else counts[c] = (counts[c] as number) + 1;
  }
  return { scheme, min: sorted[0] as number, breaks, counts, classOf, missing };
}
