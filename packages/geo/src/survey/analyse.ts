import type { AreaEstimate } from './by-area.js';
import { surveyByArea } from './by-area.js';
import { createWorkspace, domainMean, type SurveyEstimate } from './estimate.js';
import { type IntervalMethod, proportionInterval } from './intervals.js';
import type { SurveyResponses } from './responses.js';
import { DEFAULT_MIN_N, type SampleFlag, type SmallSampleRule, sampleFlag } from './suppression.js';

/** One area's row as published: suppressed areas carry no estimate, standard error or interval. */
export interface SurveyAreaResult {
  area: string;
  estimate: number | null;
  se: number | null;
  ci: [number, number] | null;
  /** Respondents in the base. */
  n: number;
  effectiveN: number | null;
  deff: number | null;
  df: number;
  flag: SampleFlag;
}

export interface SurveyOverallResult {
  estimate: number;
  se: number;
  ci: [number, number];
  n: number;
  effectiveN: number;
  deff: number;
  df: number;
}

/** Per-area and overall estimates with the settings that produced them. */
export interface SurveyEstimates {
  results: SurveyAreaResult[];
  overall: SurveyOverallResult;
  method: IntervalMethod;
  level: number;
  minN: number;
  basis: 'respondents' | 'effective';
  suppress: boolean;
}

export interface SurveyEstimateOptions extends SmallSampleRule {
  /** Interval method (default `logit`). */
  method?: IntervalMethod;
  /** Confidence level (default 0.95). */
  level?: number;
}

const finite = (v: number) => (Number.isFinite(v) ? v : null);

/** Applies the small-sample rule to area estimates and shapes the published rows. */
export function publishEstimates(
  areas: readonly AreaEstimate[],
  overall: SurveyEstimate & { ci: [number, number] },
  options: SurveyEstimateOptions = {},
): SurveyEstimates {
  const rule: SmallSampleRule = {
    minN: options.minN ?? DEFAULT_MIN_N,
    basis: options.basis ?? 'respondents',
    suppress: options.suppress ?? false,
  };
  const results = areas.map((a): SurveyAreaResult => {
    const flag = sampleFlag(a.n, a.effectiveN, rule);
    const hide = flag === 'suppressed';
    const ci = a.ci.every(Number.isFinite) ? a.ci : null;
    return {
      area: a.area,
      estimate: hide ? null : a.estimate,
      se: hide ? null : finite(a.se),
      ci: hide ? null : ci,
      n: a.n,
      effectiveN: hide ? null : finite(a.effectiveN),
      deff: hide ? null : finite(a.deff),
      df: a.df,
      flag,
    };
  });
  return {
    results,
    overall: {
      estimate: overall.estimate,
      se: overall.se,
      ci: overall.ci,
      n: overall.n,
      effectiveN: overall.effectiveN,
      deff: overall.deff,
      df: overall.df,
    },
    method: options.method ?? 'logit',
    level: options.level ?? 0.95,
    minN: rule.minN as number,
    basis: rule.basis as 'respondents' | 'effective',
    suppress: rule.suppress as boolean,
  };
}

/**
 * The proportion agreeing per area and overall from respondent rows (see {@link surveyResponses}):
 * design-based estimates and intervals ({@link surveyByArea}), with areas below the small-sample
 * rule flagged or suppressed. Without an area column only `overall` is filled.
 */
export function surveyEstimates(
  responses: SurveyResponses,
  options: SurveyEstimateOptions = {},
): SurveyEstimates {
  const { design, y, include, areas } = responses;
  const method = options.method ?? 'logit';
  const level = options.level ?? 0.95;
  const rows: number[] = [];
  for (let i = 0; i < design.rows; i++) if (include[i]) rows.push(i);
  const o = domainMean(design, y, rows, createWorkspace(design));
  const overall = { ...o, ci: proportionInterval(o.estimate, o.se, { method, level, df: o.df, n: o.n }) };
  const byArea = areas ? surveyByArea(design, y, areas, { include, method, level }) : [];
  return publishEstimates(byArea, overall, options);
}
