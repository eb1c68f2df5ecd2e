import {
  areaIds,
  compareSurveys,
  readAreas,
  readCsv,
  type SurveyColumns,
  type SurveyEstimates,
  surveyEstimates,
  surveyResponses,
} from '@cohesion/geo';
import type { FeatureCollection } from 'geojson';
import { escapeHtml as e } from './charts.js';
import { MAP_FALLBACK } from './html/assets.js';

/** A residents' survey to add to the report (respondent rows; see `surveyResponses`). */
export interface SurveyReportOptions {
  /** Respondent CSV of the latest wave. */
  responses: string;
  columns: SurveyColumns;
  /** Respondent CSV of an earlier wave with the same columns, for the change. */
  before?: string;
  /** What the share measures, e.g. "agree people from different backgrounds get on well". */
  label?: string;
  /** Wave names, e.g. "2024" and "2022". */
  wave?: string;
  beforeWave?: string;
  /** Boundaries of the survey's areas (ward codes in `area_code`), for the map. */
  areas?: string;
  /** Interval method (default logit). */
  method?: 'logit' | 'wilson' | 'xlogit';
  /** Smallest base shown (default 30 respondents); smaller areas are always suppressed in the report. */
  minN?: number;
}

/** One area's row in the report table; a suppressed area has no estimate, interval or change. */
export interface SurveyReportRow {
  area: string;
  name: string;
  estimate: number | null;
  ci: [number, number] | null;
  n: number;
  flag: 'ok' | 'small' | 'suppressed';
  change: { difference: number; ci: [number, number]; significant: boolean } | null;
}

/** The survey section of the report (also in report.json). */
export interface SurveySection {
  label: string;
  wave: string | null;
  beforeWave: string | null;
  method: string;
  level: number;
  minN: number;
  overall: {
    estimate: number;
    ci: [number, number];
    n: number;
    deff: number;
    effectiveN: number;
    change: { difference: number; ci: [number, number]; p: number | null; significant: boolean } | null;
  };
  rows: SurveyReportRow[];
  suppressedAreas: number;
  /**
   * Survey areas with the estimate (percent; null when suppressed) and a tooltip label carrying the
   * interval. Not enumerable, so report.json (and `--json`) keep the numbers without the boundaries.
   */
  readonly map: FeatureCollection | null;
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/**
 * Estimates the share agreeing per area and overall (design-based, as R `survey`), suppressing
 * areas below the small-sample rule, with the change since an earlier wave, for the report.
 */
export async function computeSurveySection(options: SurveyReportOptions): Promise<SurveySection> {
  const opts = { method: options.method ?? 'logit', minN: options.minN ?? 30, suppress: true } as const;
  const read = async (path: string): Promise<[SurveyEstimates, Map<string, string>]> => {
    const table = await readCsv(path);
    const est = surveyEstimates(surveyResponses(table, options.columns), opts);
    // A name column beside the code (ward_name for ward_code), when there is one.
    const nameCol = options.columns.area?.replace(/code$/, 'name');
    const names = new Map<string, string>();
    if (nameCol && options.columns.area && table.columns.includes(nameCol))
      for (const r of table.rows) names.set(r[options.columns.area]!.trim(), r[nameCol]!.trim());
    return [est, names];
  };
  const [now, names] = await read(options.responses);
  const before = options.before ? (await read(options.before))[0] : null;
  const change = before ? compareSurveys(before, now, now.level) : null;
  const changeOf = new Map(change?.results.map((c) => [c.area, c]) ?? []);
  const rows: SurveyReportRow[] = now.results.map((r) => {
    const c = changeOf.get(r.area);
    return {
      area: r.area,
      name: names.get(r.area) ?? r.area,
      estimate: r.estimate,
      ci: r.ci,
      n: r.n,
      flag: r.flag,
      change:
        c && c.difference !== null && c.ci !== null
          ? { difference: c.difference, ci: c.ci, significant: c.significant === true }
          : null,
    };
  });
  const label = options.label ?? 'agree';
  let map: FeatureCollection | null = null;
  if (options.areas) {
    const fc = await readAreas(options.areas);
    const ids = areaIds(fc, 'area_code');
    const byArea = new Map(rows.map((r) => [r.area, r]));
    map = {
      type: 'FeatureCollection',
      features: fc.features.map((f, i) => {
        const r = byArea.get(ids[i]!);
        const name = String(f.properties?.area_name ?? r?.name ?? ids[i]);
        const shown = r && r.estimate !== null && r.ci !== null;
        return {
          type: 'Feature',
          geometry: f.geometry,
          properties: {
            area_code: ids[i],
            area_name: name,
            survey_pct: shown ? 100 * r.estimate! : null,
            // The tooltip shows the area name: it carries the interval, or why there is no estimate.
            survey_label: shown
              ? `${name}: ${pct(r.estimate!)} (95% CI ${pct(r.ci![0])} to ${pct(r.ci![1])}, n = ${r.n})`
              : r
                ? `${name}: fewer than ${now.minN} respondents (n = ${r.n}), not shown`
                : `${name}: no respondents`,
          },
        };
      }),
    };
  }
  const oc = change?.overall;
  const section = {
    label,
    wave: options.wave ?? null,
    beforeWave: options.beforeWave ?? null,
    method: now.method,
    level: now.level,
    minN: now.minN,
    overall: {
      estimate: now.overall.estimate,
      ci: now.overall.ci,
      n: now.overall.n,
      deff: now.overall.deff,
      effectiveN: now.overall.effectiveN,
      change:
        oc && oc.difference !== null && oc.ci !== null
          ? { difference: oc.difference, ci: oc.ci, p: oc.p, significant: oc.significant === true }
          : null,
    },
    rows,
    suppressedAreas: rows.filter((r) => r.flag === 'suppressed').length,
  };
  return Object.defineProperty(section, 'map', { value: map, enumerable: false }) as SurveySection;
}

const points = (d: number) => `${d >= 0 ? '+' : '−'}${Math.abs(100 * d).toFixed(1)}`;

/** The headline card text: the overall share with its interval. */
export function surveyGlance(s: SurveySection): [string, string] {
  return [
    pct(s.overall.estimate),
    `of residents ${s.label}${s.wave ? ` (${s.wave})` : ''}, 95% CI ${pct(s.overall.ci[0])} to ${pct(s.overall.ci[1])}`,
  ];
}

/**
 * The report section: map of the share by area (interval in the tooltip), a table with each
 * area's interval and change, and a plain-English note. Suppressed areas show no percentage.
 */
export function renderSurveySection(s: SurveySection, attribution: string): string {
  const when = s.wave ? `, ${e(s.wave)}` : '';
  const since = s.beforeWave ? ` since ${e(s.beforeWave)}` : ' since the last wave';
  const hasChange = s.rows.some((r) => r.change !== null) || s.overall.change !== null;
  const head = [
    'Area',
    '% agree',
    '95% interval',
    'Respondents',
    ...(hasChange ? [`Change${since} (points)`] : []),
  ];
  const rowHtml = s.rows.map((r) => {
    const cells =
      r.estimate === null || r.ci === null
        ? [`fewer than ${s.minN} respondents: not shown`, '—']
        : [pct(r.estimate), `${pct(r.ci[0])} to ${pct(r.ci[1])}`];
    const ch = r.change
      ? `${points(r.change.difference)} (${points(r.change.ci[0])} to ${points(r.change.ci[1])})${r.change.significant ? ' *' : ''}`
      : '—';
    return `<tr data-area="${e(r.area)}" data-flag="${r.flag}"><th scope="row">${e(r.name)} <span class="note">${e(r.area)}</span></th>${[
      ...cells,
      String(r.n),
      ...(hasChange ? [ch] : []),
    ]
      .map((c) => `<td>${e(c)}</td>`)
      .join('')}</tr>`;
  });
  const oc = s.overall.change;
  const mapHtml = s.map
    ? `<div class="maps"><cohesion-map renderer="svg" data-ref="survey" id-property="area_code" name-property="survey_label" value="survey_pct" layer="choropleth" scheme="ckmeans" classes="4" label="${e(`Residents who ${s.label}${s.wave ? `, ${s.wave}` : ''}, % by area`)}" attribution="${e(attribution)}" headline="${e(`Overall ${pct(s.overall.estimate)} (95% CI ${pct(s.overall.ci[0])} to ${pct(s.overall.ci[1])})`)}">${MAP_FALLBACK}</cohesion-map></div>
<script type="application/json" id="cohesion-survey-areas">${JSON.stringify(s.map).replace(/</g, '\\u003c')}</script>`
    : '';
  return `<section id="survey" data-section="survey">
<h2>What do residents say?</h2>
<p>${pct(s.overall.estimate)} of residents ${e(s.label)}${when} (95% confidence interval ${pct(s.overall.ci[0])} to ${pct(s.overall.ci[1])}; ${s.overall.n} respondents).${
    oc
      ? ` Change${since}: ${points(oc.difference)} percentage points (${points(oc.ci[0])} to ${points(oc.ci[1])}), ${oc.significant ? 'more than chance alone would explain' : 'within what chance alone could give'}.`
      : ''
  }</p>
${mapHtml}
<table><caption>${e(`Residents who ${s.label}, by area${s.wave ? `, ${s.wave}` : ''}`)}</caption><thead><tr>${head.map((h) => `<th scope="col">${e(h)}</th>`).join('')}</tr></thead><tbody>${rowHtml.join('')}</tbody></table>
${hasChange ? '<p class="note">* the change interval excludes zero.</p>' : ''}
<div class="what"><h3>What this shows</h3><p>The share of survey respondents who ${e(s.label)}, weighted to the population, with a 95% <strong>confidence interval</strong>: the range the true share most likely lies in, given that only a sample was asked. Intervals take the survey's design into account (weights, strata and sampling points, as R's survey package; ${e(s.method)} intervals), so they are wider than a simple count suggests. ${s.suppressedAreas ? `${s.suppressedAreas} area${s.suppressedAreas === 1 ? ' has' : 's have'} fewer than ${s.minN} respondents and ${s.suppressedAreas === 1 ? 'is' : 'are'} not shown: a percentage from so few people would mislead.` : `Every area has at least ${s.minN} respondents.`} Areas whose intervals overlap cannot be told apart; a change is only reported where both waves have an estimate, and is "more than chance" when its interval excludes zero.</p></div>
</section>`;
}
