// Conformance with R `survey` 4.1 on its own example data (California API samples), recorded by
// data/reference/r-survey/make.R. Tolerance 1e-9 relative.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCsv, type Table } from '../io/csv.js';
import { surveyByArea } from './by-area.js';
import { type LonelyPsu, type SurveyDesignInput, surveyDesign } from './design.js';
import { surveyMean } from './estimate.js';
import { proportionInterval } from './intervals.js';

const DIR = fileURLToPath(new URL('../../../../data/reference/r-survey/', import.meta.url));
const expected = JSON.parse(readFileSync(`${DIR}expected.json`, 'utf8'));
const csv = (name: string): Table => parseCsv(readFileSync(`${DIR}${name}`, 'utf8'), name);
const tables = {
  apistrat: csv('apistrat.csv'),
  apiclus1: csv('apiclus1.csv'),
  apiclus2: csv('apiclus2.csv'),
};

function close(actual: number, want: number, tol = 1e-9) {
  const err = Math.abs(actual - want) / Math.max(Math.abs(want), 1e-12);
  expect(err, `expected ${want}, got ${actual}`).toBeLessThanOrEqual(tol);
}
const col = (t: Table, c: string) => Float64Array.from(t.rows, (r) => Number(r[c]));
const str = (t: Table, c: string) => t.rows.map((r) => r[c] as string);

type Spec = { table: Table; weights?: string; strata?: string; cluster?: string; fpc?: string };
const designs: Record<string, Spec> = {
  strat: { table: tables.apistrat, weights: 'pw', strata: 'stype' },
  stratFpc: { table: tables.apistrat, weights: 'pw', strata: 'stype', fpc: 'fpc' },
  clus1: { table: tables.apiclus1, weights: 'pw', cluster: 'dnum' },
  clus1Fpc: { table: tables.apiclus1, weights: 'pw', cluster: 'dnum', fpc: 'fpc' },
  clus2Fpc1: { table: tables.apiclus2, weights: 'pw', cluster: 'dnum', fpc: 'fpc1' },
  srs: { table: tables.apistrat },
};
function build(s: Spec, lonelyPsu?: LonelyPsu) {
  const t = s.table;
  const input: SurveyDesignInput = { rows: t.rows.length, source: t.source ?? 'csv' };
  if (s.weights) input.weights = col(t, s.weights);
  if (s.strata) input.strata = str(t, s.strata);
  if (s.cluster) input.clusters = str(t, s.cluster);
  if (s.fpc) input.fpc = col(t, s.fpc);
  if (lonelyPsu) input.lonelyPsu = lonelyPsu;
  return surveyDesign(input);
}
const schWide = (t: Table) => Float64Array.from(t.rows, (r) => (r['sch.wide'] === 'Yes' ? 1 : 0));

describe('survey estimates match R survey (svymean, svyciprop, svyby, deff)', () => {
  for (const [name, spec] of Object.entries(designs)) {
    it(name, () => {
      const e = expected[name];
      const d = build(spec);
      const api = surveyMean(d, col(spec.table, 'api00'));
      close(api.estimate, e.api00.estimate);
      close(api.se, e.api00.se);
      close(api.deff, e.api00.deffReplace);
      if (typeof e.api00.deff === 'number') close(api.deffWithoutReplacement, e.api00.deff);
      else expect(Number.isFinite(api.deffWithoutReplacement)).toBe(false);
      expect(api.df).toBe(e.df);
      // Missing enrolments (apiclus2) are left out as a domain, as R's na.rm=TRUE.
      const enroll = col(spec.table, 'enroll');
      const answered = [...enroll.keys()].filter((i) => Number.isFinite(enroll[i]!));
      const en = surveyMean(
        d,
        enroll.map((v) => (Number.isFinite(v) ? v : 0)),
        answered,
      );
      close(en.estimate, e.enroll.estimate);
      close(en.se, e.enroll.se);
      close(en.deff, e.enroll.deffReplace);

      const p = surveyMean(d, schWide(spec.table));
      const sw = e.schWide;
      close(p.estimate, sw.xlogit.estimate);
      close(p.estimate, sw.logit.estimate); // R's glm fit agrees to ~5e-10
      close(p.se, sw.xlogit.se);
      if (typeof sw.deff === 'number') close(p.deffWithoutReplacement, sw.deff);
      for (const [key, method, level] of [
        ['xlogit', 'xlogit', 0.95],
        ['logit', 'logit', 0.95],
        ['mean', 'mean', 0.95],
        ['logit90', 'logit', 0.9],
      ] as const) {
        const ci = proportionInterval(p.estimate, p.se, { method, level, df: p.df });
        close(ci[0], sw[key].ci[0]);
        close(ci[1], sw[key].ci[1]);
      }

      const by = e.by;
      const areas = str(spec.table, 'stype');
      const m = surveyByArea(d, col(spec.table, 'api00'), areas, { method: 'mean' });
      expect(m.map((a) => a.area)).toEqual(by.areas);
      m.forEach((a, j) => {
        close(a.estimate, by.api00.estimate[j]);
        close(a.se, by.api00.se[j]);
        if (typeof by.api00.deff[j] === 'number') close(a.deffWithoutReplacement, by.api00.deff[j]);
      });
      for (const method of ['logit', 'xlogit'] as const) {
        const r = surveyByArea(d, schWide(spec.table), areas, { method });
        r.forEach((a, j) => {
          close(a.estimate, by.schWide.estimate[j]);
          close(a.se, by.schWide.se[j]);
          expect(a.df).toBe(by.schWide.df[j]);
          close(a.ci[0], by.schWide[method].lo[j]);
          close(a.ci[1], by.schWide[method].hi[j]);
        });
      }
    });
  }
});

describe('strata with one PSU (R options(survey.lonely.psu=))', () => {
  const spec: Spec = { table: tables.apiclus1, weights: 'pw', strata: 'region', cluster: 'dnum' };
  it('fail (the default) throws LONELY_PSU naming the stratum and a row, as R refuses', () => {
    expect(expected.lonely.fail.error).toMatch(/Stratum \(A\) has only one PSU/);
    try {
      build(spec);
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ code: 'LONELY_PSU', detail: { id: 'A' } });
      const row = (err as { detail: { row: number } }).detail.row;
      expect(tables.apiclus1.rows[row]?.dnum).toBe('61');
    }
  });
  for (const opt of ['adjust', 'certainty', 'average', 'remove'] as const) {
    it(opt, () => {
      const e = expected.lonely[opt];
      const d = build(spec, opt);
      const api = surveyMean(d, col(spec.table, 'api00'));
      close(api.estimate, e.api00.estimate);
      close(api.se, e.api00.se);
      expect(api.df).toBe(e.df);
      const p = surveyMean(d, schWide(spec.table));
      close(p.se, e.schWide.se);
      const ci = proportionInterval(p.estimate, p.se, { method: 'xlogit', df: p.df });
      close(ci[0], e.schWide.ci[0]);
      close(ci[1], e.schWide.ci[1]);
      const m = surveyByArea(d, col(spec.table, 'api00'), str(spec.table, 'stype'), { method: 'mean' });
      m.forEach((a, j) => {
        close(a.estimate, e.by.api00.estimate[j]);
        close(a.se, e.by.api00.se[j]);
      });
      const r = surveyByArea(d, schWide(spec.table), str(spec.table, 'stype'), { method: 'logit' });
      r.forEach((a, j) => {
        close(a.se, e.by.schWide.se[j]);
        close(a.ci[0], e.by.schWide.logit.lo[j]);
        close(a.ci[1], e.by.schWide.logit.hi[j]);
      });
    });
  }
});
