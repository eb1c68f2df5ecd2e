import { CohesionError } from '../errors.js';
import type { SurveyDesign } from './design.js';
import { createWorkspace, domainMean, type SurveyEstimate } from './estimate.js';
import { type IntervalMethod, proportionInterval } from './intervals.js';

/** One area's estimate with its confidence interval. */
export interface AreaEstimate extends SurveyEstimate {
  area: string;
  ci: [number, number];
}

export interface ByAreaOptions {
  /** Rows that count (e.g. respondents who gave a valid answer); others are outside every domain. Default all. */
  include?: ArrayLike<boolean | number>;
  /** Interval method (default `logit`; use `mean` for a mean that is not a proportion). */
  method?: IntervalMethod;
  /** Confidence level, default 0.95. */
  level?: number;
}

/**
 * Estimates per area as R `svyby(~y, ~area, design, svyciprop)`: each area is a domain of the whole
 * design (Lumley 2010 §2.4.1), so its standard error counts the variation between all PSUs, and its
 * degrees of freedom are the PSUs minus strata that hold the area's respondents. Areas come back
 * sorted by code. Cost O(rows) for all areas together.
 */
export function surveyByArea(
  design: SurveyDesign,
  y: ArrayLike<number>,
  areas: readonly string[],
  options: ByAreaOptions = {},
): AreaEstimate[] {
  if (areas.length !== design.rows) {
    throw new CohesionError(
      'LENGTH_MISMATCH',
      `${design.source}: ${areas.length} area codes for ${design.rows} rows`,
      { source: design.source },
    );
  }
  const groups = new Map<string, number[]>();
  for (let i = 0; i < design.rows; i++) {
    if (options.include && !options.include[i]) continue;
    const a = areas[i] as string;
    let g = groups.get(a);
    if (!g) {
      g = [];
      groups.set(a, g);
    }
    g.push(i);
  }
  const ws = createWorkspace(design);
  const codes = [...groups.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return codes.map((area) => {
    const rows = groups.get(area) as number[];
    const e = domainMean(design, y, rows, ws);
    const ci = proportionInterval(e.estimate, e.se, {
      method: options.method ?? 'logit',
      level: options.level ?? 0.95,
      df: e.df,
      n: e.n,
    });
    return { area, ...e, ci };
  });
}
