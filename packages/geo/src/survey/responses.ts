import { CohesionError } from '../errors.js';
import { assertColumn, numericColumn, type Table } from '../io/csv.js';
import { type LonelyPsu, type SurveyDesign, surveyDesign } from './design.js';

/** Which columns of a respondent table hold the answer, its coding and the design. */
export interface SurveyColumns {
  /** Column holding each respondent's answer. */
  answer: string;
  /** Answers that count as agreeing (e.g. "Definitely agree", "Tend to agree"). */
  agree: readonly string[];
  /**
   * Every valid answer. When given, any other answer is an error (`INVALID_ANSWER`) naming the row;
   * `agree` and `exclude` values are valid too. When left out, any non-blank answer is valid.
   */
  codes?: readonly string[];
  /** Answers left out of the base, e.g. "Don't know" or "" (blank); they stay in the design. */
  exclude?: readonly string[];
  /** Column with each respondent's area code (ward, LSOA). */
  area?: string;
  weight?: string;
  strata?: string;
  cluster?: string;
  /** Finite population correction: population PSUs per stratum (> 1) or the sampling fraction (≤ 1). */
  fpc?: string;
  lonelyPsu?: LonelyPsu;
}

/** A respondent table read into a design, 0/1 answers and area codes. */
export interface SurveyResponses {
  design: SurveyDesign;
  /** 1 agree, 0 otherwise (0 too for excluded answers, which `include` leaves out). */
  y: Float64Array;
  /** 1 for respondents in the base (a valid, not excluded answer). */
  include: Uint8Array;
  areas: string[] | undefined;
  /** Respondents left out by `exclude`. */
  excluded: number;
}

/**
 * Reads respondent rows: codes each answer as agree (1) or not (0), checks it against the coding,
 * and builds the design (weights, strata, clusters, fpc). Errors name the 0-based data row:
 * `INVALID_ANSWER` (outside `codes`, or blank and not excluded), `BLANK_CODE` (no area),
 * `NON_NUMERIC`, `INVALID_SURVEY_WEIGHT` (weight ≤ 0), `LONELY_PSU`, `MISSING_COLUMN`.
 */
export function surveyResponses(table: Table, columns: SurveyColumns): SurveyResponses {
  const src = table.source ?? 'survey';
  const n = table.rows.length;
  if (n === 0) throw new CohesionError('EMPTY_INPUT', `${src}: no respondent rows`, { source: src });
  const agree = new Set(columns.agree.map((a) => a.trim()));
  if (agree.size === 0)
    throw new CohesionError('INVALID_ARGUMENT', 'name at least one answer that counts as agreeing', {});
  const exclude = new Set((columns.exclude ?? []).map((a) => a.trim()));
  const codes = columns.codes ? new Set([...columns.codes.map((c) => c.trim()), ...agree, ...exclude]) : null;
  for (const c of [
    columns.answer,
    columns.area,
    columns.weight,
    columns.strata,
    columns.cluster,
    columns.fpc,
  ])
    if (c !== undefined) assertColumn(table, c);
  const y = new Float64Array(n);
  const include = new Uint8Array(n);
  let excluded = 0;
  for (let i = 0; i < n; i++) {
    const raw = (table.rows[i] as Record<string, string>)[columns.answer] as string;
    const a = raw.trim();
    if (exclude.has(a)) {
      excluded++;
      continue;
    }
    if ((codes && !codes.has(a)) || a === '') {
      const allowed = codes ? [...codes].map((c) => JSON.stringify(c)).join(', ') : 'a non-blank answer';
      throw new CohesionError(
        'INVALID_ANSWER',
        `${src}: row ${i + 1} answers ${JSON.stringify(raw)} in "${columns.answer}", outside the coding (${allowed}); list it in the excluded answers to leave it out of the base`,
        { row: i, column: columns.answer, value: raw, source: src },
      );
    }
    y[i] = agree.has(a) ? 1 : 0;
    include[i] = 1;
  }
  if (excluded === n)
    throw new CohesionError('EMPTY_INPUT', `${src}: every answer is excluded; no respondents left`, {
      source: src,
    });
  let areas: string[] | undefined;
  if (columns.area) {
    const col = columns.area;
    areas = table.rows.map((r, i) => {
      const v = (r[col] as string).trim();
      if (v === '')
        throw new CohesionError('BLANK_CODE', `${src}: row ${i + 1} has no area code in "${col}"`, {
          row: i,
          column: col,
          source: src,
        });
      return v;
    });
  }
  const text = (c: string) => table.rows.map((r) => (r[c] as string).trim());
  const design = surveyDesign({
    rows: n,
    source: src,
    ...(columns.weight ? { weights: numericColumn(table, columns.weight, { allowNegative: true }) } : {}),
    ...(columns.strata ? { strata: text(columns.strata) } : {}),
    ...(columns.cluster ? { clusters: text(columns.cluster) } : {}),
    ...(columns.fpc ? { fpc: numericColumn(table, columns.fpc, { allowNegative: true }) } : {}),
    ...(columns.lonelyPsu ? { lonelyPsu: columns.lonelyPsu } : {}),
  });
  return { design, y, include, areas, excluded };
}
