// Do residents agree that people from different backgrounds get on well together? Ward estimates
// from a (synthetic) two-wave residents' survey in Trafford: design-based intervals (strata =
// ward, clusters = sampling point, non-response weights), small wards suppressed, change since
// the last wave and a league table with rank intervals.
// Run from the repository root:  node_modules/.bin/deno run --allow-read --allow-env --allow-sys examples/deno/survey.ts
import {
  compareSurveys,
  rankAreas,
  readCsv,
  type SurveyColumns,
  type SurveyEstimateOptions,
  surveyEstimates,
  surveyResponses,
} from '@cohesion/geo';

const columns: SurveyColumns = {
  answer: 'get_on_well',
  agree: ['Definitely agree', 'Tend to agree'],
  codes: ['Tend to disagree', 'Definitely disagree'],
  exclude: ["Don't know"],
  area: 'ward_code',
  weight: 'weight',
  strata: 'ward_code',
  cluster: 'sampling_point',
};
const options: SurveyEstimateOptions = { method: 'logit', minN: 30, suppress: true };

const wave2024 = await readCsv('data/synthetic/trafford_ward_survey_2024.csv');
const wave2022 = await readCsv('data/synthetic/trafford_ward_survey_2022.csv');
const now = surveyEstimates(surveyResponses(wave2024, columns), options);
const before = surveyEstimates(surveyResponses(wave2022, columns), options);
const change = compareSurveys(before, now);
const names = new Map(wave2024.rows.map((r) => [r.ward_code, r.ward_name]));

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const o = now.overall;
console.log('SYNTHETIC DATA: made-up answers for a worked example.');
console.log(
  `Trafford 2024: ${pct(o.estimate)} agree (95% CI ${pct(o.ci[0])} to ${pct(o.ci[1])}), n = ${o.n}`,
);
console.log(
  `Design effect ${o.deff.toFixed(2)}, effective sample size ${o.effectiveN.toFixed(0)}, ${o.df} df`,
);
const c = change.overall;
console.log(
  `Change since 2022: ${(100 * c.difference!).toFixed(1)} points (95% CI ${(100 * c.ci![0]).toFixed(1)} to ${(100 * c.ci![1]).toFixed(1)}), p = ${c.p!.toFixed(3)}`,
);
const ranks = new Map(rankAreas(now.results, { seed: 1 }).map((r) => [r.area, r]));
console.log('Ward, % agree (95% CI), respondents, rank (95% interval), change since 2022:');
const changes = new Map(change.results.map((r) => [r.area, r]));
for (const r of now.results) {
  const name = `${r.area} ${names.get(r.area)}`;
  if (r.flag === 'suppressed') {
    console.log(`  ${name}: fewer than ${now.minN} respondents (n = ${r.n}), not shown`);
    continue;
  }
  const k = ranks.get(r.area)!;
  const d = changes.get(r.area)!;
  const ch =
    d.difference === null
      ? 'no 2022 figure (too few respondents)'
      : `${(100 * d.difference).toFixed(1)} points${d.significant ? ' *' : ''}`;
  console.log(
    `  ${name}: ${pct(r.estimate!)} (${pct(r.ci![0])} to ${pct(r.ci![1])}), n = ${r.n}, rank ${k.rank} (${k.rankLow} to ${k.rankHigh}), ${ch}`,
  );
}
console.log('* the change interval excludes zero');
