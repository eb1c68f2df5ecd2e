// The report's survey section on the synthetic Trafford ward survey: the figures are the library's,
// suppressed wards never show a percentage, intervals are in the table and in the map's tooltip.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCsv, surveyEstimates, surveyResponses } from '@cohesion/geo';
import { describe, expect, it } from 'vitest';
import { type CouncilReport, computeSurveySection, renderReportHtml } from '../src/index.js';

const DATA = fileURLToPath(new URL('../../../data/', import.meta.url));
const columns = {
  answer: 'get_on_well',
  agree: ['Definitely agree', 'Tend to agree'],
  codes: ['Tend to disagree', 'Definitely disagree'],
  exclude: ["Don't know"],
  area: 'ward_code',
  weight: 'weight',
  strata: 'ward_code',
  cluster: 'sampling_point',
};
const base: CouncilReport = {
  title: 'Community cohesion report: Trafford',
  council: { name: 'Trafford', code: null },
  dataset: null,
  generatedWith: { seed: 1, permutations: 99, replicates: 99 },
  attribution: 'Contains OS data © Crown copyright and database right',
  sources: [],
  national: null,
  notes: [],
  absentSections: [],
  segregation: null,
  change: null,
  deprivation: null,
  access: null,
  hotspots: null,
  areas: null,
  sites: null,
};

describe('report survey section', async () => {
  const section = await computeSurveySection({
    responses: `${DATA}synthetic/trafford_ward_survey_2024.csv`,
    before: `${DATA}synthetic/trafford_ward_survey_2022.csv`,
    columns,
    label: 'agree people from different backgrounds get on well together',
    wave: '2024',
    beforeWave: '2022',
    areas: `${DATA}trafford/ward22_boundaries_generalised.geojson`,
  });
  const expected = surveyEstimates(
    surveyResponses(
      parseCsv(readFileSync(`${DATA}synthetic/trafford_ward_survey_2024.csv`, 'utf8')),
      columns,
    ),
    { suppress: true },
  );

  it('carries the library estimates; small wards suppressed', () => {
    expect(section.overall.estimate).toBe(expected.overall.estimate);
    expect(section.overall.ci).toEqual(expected.overall.ci);
    expect(section.rows.map((r) => [r.area, r.estimate, r.ci, r.flag])).toEqual(
      expected.results.map((r) => [r.area, r.estimate, r.ci, r.flag]),
    );
    expect(section.suppressedAreas).toBeGreaterThan(0);
    for (const r of section.rows.filter((x) => x.n < 30))
      expect(r).toMatchObject({ estimate: null, ci: null, change: null });
    // The boundaries stay out of report.json.
    expect(JSON.stringify(section)).not.toContain('coordinates');
    expect(section.map?.features).toHaveLength(21);
  });

  it('the map tooltip label holds the interval, or says why there is none', () => {
    for (const f of section.map!.features) {
      const p = f.properties!;
      const row = section.rows.find((r) => r.area === p.area_code)!;
      if (row.estimate === null) {
        expect(p.survey_pct).toBeNull();
        expect(p.survey_label).toMatch(/fewer than 30 respondents \(n = \d+\), not shown$/);
      } else {
        expect(p.survey_pct).toBeCloseTo(100 * row.estimate, 12);
        expect(p.survey_label).toContain(
          `95% CI ${(100 * row.ci![0]).toFixed(1)}% to ${(100 * row.ci![1]).toFixed(1)}%`,
        );
      }
    }
  });

  it('the HTML section: interval per ward, no percentage for a suppressed ward, a headline card', () => {
    const html = renderReportHtml({ ...base, survey: section });
    expect(html).toContain('data-section="survey"');
    expect(html).toContain('<cohesion-map renderer="svg" data-ref="survey"');
    const rows = [...html.matchAll(/<tr data-area="([^"]+)" data-flag="([^"]+)">(.*?)<\/tr>/g)];
    expect(rows).toHaveLength(21);
    for (const [, , flag, cells] of rows) {
      if (flag === 'suppressed') {
        expect(cells).not.toMatch(/%/);
        expect(cells).toContain('fewer than 30 respondents: not shown');
      } else expect(cells).toMatch(/\d+\.\d% to \d+\.\d%/);
    }
    const glance = html.match(/<div class="glance" id="at-a-glance">(.*?)<\/div><\/div>/)?.[1] ?? '';
    expect(glance).toContain(`${(100 * section.overall.estimate).toFixed(1)}%`);
  });
});
