import { CohesionError } from '../errors.js';

/**
 * What to do with a stratum that holds a single primary sampling unit (PSU), whose variance
 * cannot be estimated. The names and meanings are R `survey`'s `options(survey.lonely.psu=)`:
 * - `fail` (default): throw `LONELY_PSU` naming the stratum and its first row;
 * - `certainty` / `remove`: the stratum contributes no variance (a PSU sampled with certainty);
 * - `adjust`: the PSU's total is centred at the grand mean (0 for a linearised mean), not its
 *   stratum mean — conservative;
 * - `average`: the stratum gets the average variance contribution of the other strata.
 */
export type LonelyPsu = 'fail' | 'adjust' | 'certainty' | 'average' | 'remove';

/** The columns of a one-stage survey design, one entry per respondent row. */
export interface SurveyDesignInput {
  /** Number of respondent rows (needed when no column below is given). */
  rows: number;
  /** Sampling weights (inverse inclusion probabilities); each must be finite and > 0. Default: from `fpc`, else 1. */
  weights?: ArrayLike<number>;
  /** Stratum label per row. Default: one stratum. */
  strata?: readonly string[];
  /** Primary sampling unit (cluster) per row; clusters are nested within strata. Default: each row is its own PSU. */
  clusters?: readonly string[];
  /**
   * Finite population correction per row, constant within a stratum: the number of PSUs in the
   * stratum's population (values > 1) or the stratum's sampling fraction (values ≤ 1), as R's
   * `svydesign(fpc=)`. Default: sampling with replacement (no correction).
   */
  fpc?: ArrayLike<number>;
  /** Stratum with one PSU: see {@link LonelyPsu}. Default `fail`. */
  lonelyPsu?: LonelyPsu;
  /** Where the rows came from, for error messages. */
  source?: string;
  /** 0-based row numbers as the user knows them (e.g. CSV data rows), when rows were filtered. */
  rowNumbers?: ArrayLike<number>;
}

/** A validated design in compact typed arrays, ready for {@link surveyMean} and {@link surveyByArea}. */
export interface SurveyDesign {
  readonly rows: number;
  readonly weights: Float64Array;
  /** Row → stratum index. */
  readonly stratum: Int32Array;
  /** Row → PSU index (0..psuCount-1), PSUs nested in strata. */
  readonly psu: Int32Array;
  /** PSU → stratum index. */
  readonly psuStratum: Int32Array;
  readonly psuCount: number;
  readonly strataNames: readonly string[];
  /** Sampled PSUs per stratum (n_h). */
  readonly stratumPsus: Int32Array;
  /** Finite population factor per stratum, f_h = (N_h − n_h)/N_h; 1 without an fpc. */
  readonly stratumFpc: Float64Array;
  readonly lonelyPsu: LonelyPsu;
  readonly hasFpc: boolean;
  readonly source: string;
  readonly rowNumbers: ArrayLike<number> | undefined;
}

const LONELY: readonly LonelyPsu[] = ['fail', 'adjust', 'certainty', 'average', 'remove'];

/**
 * Validates a one-stage stratified cluster design (R: `svydesign(id=~cluster, strata=~strata,
 * weights=~w, fpc=~fpc)`; later stages are not needed for the with-replacement "ultimate cluster"
 * variance, Lumley 2010 §3.2). Errors name the offending row: `INVALID_SURVEY_WEIGHT` for a weight
 * ≤ 0 or not finite, `INVALID_ARGUMENT` for an fpc that varies within a stratum or implies more
 * PSUs sampled than exist, `LONELY_PSU` for a stratum with one PSU under `lonelyPsu: 'fail'`.
 */
export function surveyDesign(input: SurveyDesignInput): SurveyDesign {
  const n = input.rows;
  const source = input.source ?? 'survey';
  const rowNo = (i: number) => (input.rowNumbers ? (input.rowNumbers[i] as number) : i);
  const lonelyPsu = input.lonelyPsu ?? 'fail';
  if (!LONELY.includes(lonelyPsu)) {
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `lonely PSU option "${lonelyPsu}" is not one of ${LONELY.join(', ')}`,
      { value: lonelyPsu },
    );
  }
  if (!(Number.isInteger(n) && n > 0))
    throw new CohesionError('EMPTY_INPUT', `${source}: the survey has no respondent rows`, { source });
  const check = (name: string, len: number | undefined) => {
    if (len !== undefined && len !== n) {
      throw new CohesionError('LENGTH_MISMATCH', `${source}: ${name} has ${len} entries for ${n} rows`, {
        source,
        column: name,
      });
    }
  };
  check('weights', input.weights?.length);
  check('strata', input.strata?.length);
  check('clusters', input.clusters?.length);
  check('fpc', input.fpc?.length);

  // Strata, then PSUs nested within strata, in first-seen order.
  const stratum = new Int32Array(n);
  const strataNames: string[] = [];
  if (input.strata) {
    const index = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const s = input.strata[i] as string;
      let h = index.get(s);
      if (h === undefined) {
        h = strataNames.length;
        index.set(s, h);
        strataNames.push(s);
      }
      stratum[i] = h;
    }
  } else strataNames.push('');
  const H = strataNames.length;
  const psu = new Int32Array(n);
  const psuStratumList: number[] = [];
  const firstRowOfPsu: number[] = [];
  if (input.clusters) {
    const index = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const key = `${stratum[i]}\u0000${input.clusters[i]}`;
      let k = index.get(key);
      if (k === undefined) {
        k = psuStratumList.length;
        index.set(key, k);
        psuStratumList.push(stratum[i] as number);
        firstRowOfPsu.push(i);
      }
      psu[i] = k;
    }
  } else {
    for (let i = 0; i < n; i++) {
      psu[i] = i;
      psuStratumList.push(stratum[i] as number);
      firstRowOfPsu.push(i);
    }
  }
  const psuStratum = Int32Array.from(psuStratumList);
  const stratumPsus = new Int32Array(H);
  for (const h of psuStratum) stratumPsus[h] = (stratumPsus[h] as number) + 1;

  // Finite population correction: one value per stratum (R: "fpc not constant within strata").
  const stratumFpc = new Float64Array(H).fill(1);
  const popSize = new Float64Array(H).fill(Number.NaN);
  if (input.fpc) {
    for (let i = 0; i < n; i++) {
      const v = input.fpc[i] as number;
      const h = stratum[i] as number;
      if (!(Number.isFinite(v) && v > 0)) {
        throw new CohesionError(
          'INVALID_ARGUMENT',
          `${source}: row ${rowNo(i) + 1} has finite population correction ${v}; it must be a population size or a sampling fraction above 0`,
          { row: rowNo(i), column: 'fpc', value: v, source },
        );
      }
      const nh = stratumPsus[h] as number;
      const N = v <= 1 ? nh / v : v;
      if (Number.isNaN(popSize[h] as number)) popSize[h] = N;
      else if (Math.abs((popSize[h] as number) - N) > 1e-9 * N) {
        throw new CohesionError(
          'INVALID_ARGUMENT',
          `${source}: the finite population correction differs within stratum "${strataNames[h]}" (row ${rowNo(i) + 1})`,
          { row: rowNo(i), column: 'fpc', value: v, source },
        );
      }
      if (N < nh - 1e-9) {
        throw new CohesionError(
          'INVALID_ARGUMENT',
          `${source}: row ${rowNo(i) + 1}: the finite population correction implies ${N} PSUs in stratum "${strataNames[h]}" but ${nh} were sampled`,
          { row: rowNo(i), column: 'fpc', value: v, source },
        );
      }
    }
    for (let h = 0; h < H; h++) {
      const N = popSize[h] as number;
      stratumFpc[h] = N === Number.POSITIVE_INFINITY ? 1 : Math.max(0, (N - (stratumPsus[h] as number)) / N);
    }
  }

  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let w: number;
    if (input.weights) w = input.weights[i] as number;
    else if (input.fpc) {
      const h = stratum[i] as number;
      w = (popSize[h] as number) / (stratumPsus[h] as number);
    } else w = 1;
    if (!(Number.isFinite(w) && w > 0)) {
      throw new CohesionError(
        'INVALID_SURVEY_WEIGHT',
        `${source}: row ${rowNo(i) + 1} has weight ${w}; survey weights must be positive numbers`,
        { row: rowNo(i), column: 'weight', value: w, source },
      );
    }
    weights[i] = w;
  }

  if (lonelyPsu === 'fail') {
    for (let h = 0; h < H; h++) {
      // A stratum sampled in full (f_h = 0) has no variance to estimate, lonely or not (as R).
      if (stratumPsus[h] === 1 && (stratumFpc[h] as number) >= 1e-7) {
        const k = psuStratumList.indexOf(h);
        const row = rowNo(firstRowOfPsu[k] as number);
        throw new CohesionError(
          'LONELY_PSU',
          `${source}: stratum "${strataNames[h]}" has only one primary sampling unit (row ${row + 1}), so its variance cannot be estimated; choose lonely PSU handling adjust, certainty, average or remove`,
          { row, id: strataNames[h], source },
        );
      }
    }
  }
  return {
    rows: n,
    weights,
    stratum,
    psu,
    psuStratum,
    psuCount: psuStratum.length,
    strataNames,
    stratumPsus,
    stratumFpc,
    lonelyPsu,
    hasFpc: input.fpc !== undefined,
    source,
    rowNumbers: input.rowNumbers,
  };
}
