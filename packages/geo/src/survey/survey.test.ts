// Hand-worked small cases, bad input and the publication rules. R conformance: r-survey.test.ts.
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../io/csv.js';
import { aggregatedEstimates, toAggregatedRows } from './aggregated.js';
import { surveyEstimates } from './analyse.js';
import { surveyByArea } from './by-area.js';
import { compareSurveys, compareWaves } from './change.js';
import { surveyDesign } from './design.js';
import { surveyMean } from './estimate.js';
import { criticalValue, proportionInterval } from './intervals.js';
import { rankAreas } from './rank.js';
import { surveyResponses } from './responses.js';
import { sampleFlag } from './suppression.js';

const near = (a: number, b: number, tol = 1e-12) =>
  expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

describe('surveyMean by hand', () => {
  it('simple random sample: p = 3/5, V = p(1−p)/(n−1), deff 1, df n−1', () => {
    const d = surveyDesign({ rows: 5 });
    const e = surveyMean(d, [1, 1, 0, 1, 0]);
    near(e.estimate, 0.6);
    near(e.variance, (0.6 * 0.4) / 4);
    near(e.deff, 1);
    near(e.effectiveN, 5);
    expect(e.df).toBe(4);
  });

  it('stratified with weights and an fpc: Σ_h f_h n_h/(n_h−1) Σ (z − z̄_h)²', () => {
    // Stratum a: weights 2, 2, answers 1, 0, N_a = 4; stratum b: weights 4, 4, 4, answers 1, 1, 0, N_b = 10.
    const d = surveyDesign({
      rows: 5,
      strata: ['a', 'a', 'b', 'b', 'b'],
      weights: [2, 2, 4, 4, 4],
      fpc: [4, 4, 10, 10, 10],
    });
    const y = [1, 0, 1, 1, 0];
    const W = 16;
    const p = (2 + 8) / W;
    const z = y.map((v, i) => ([2, 2, 4, 4, 4][i]! * (v - p)) / W);
    const va = 0.5 * 2 * ((z[0]! - (z[0]! + z[1]!) / 2) ** 2 + (z[1]! - (z[0]! + z[1]!) / 2) ** 2);
    const mb = (z[2]! + z[3]! + z[4]!) / 3;
    const vb = 0.7 * 1.5 * ((z[2]! - mb) ** 2 + (z[3]! - mb) ** 2 + (z[4]! - mb) ** 2);
    const e = surveyMean(d, y);
    near(e.estimate, p);
    near(e.variance, va + vb);
    expect(e.df).toBe(5 - 2);
  });

  it('clusters: the variance is between PSU totals; a domain keeps every PSU (zeros outside)', () => {
    const d = surveyDesign({ rows: 6, clusters: ['x', 'x', 'y', 'y', 'z', 'z'] });
    const y = [1, 1, 0, 0, 1, 0];
    const e = surveyMean(d, y);
    const t = [(1 - 0.5 + 1 - 0.5) / 6, (-0.5 - 0.5) / 6, 0];
    near(e.variance, 1.5 * t.reduce((s, v) => s + v * v, 0));
    expect(e.df).toBe(2);
    // Domain = rows 0, 2, 4 (one per PSU): p = 2/3, z only on those rows, all 3 PSUs count.
    const dom = surveyMean(d, y, [0, 2, 4]);
    const zs = [1, 0, 1].map((v) => (v - 2 / 3) / 3);
    near(dom.variance, 1.5 * zs.reduce((s, v) => s + v * v, 0));
  });
});

describe('intervals', () => {
  it('Student t and normal critical values (R qt, qnorm)', () => {
    near(criticalValue(0.95, 9), 2.2621571627982049, 1e-14);
    near(criticalValue(0.95, Number.POSITIVE_INFINITY), 1.959963984540054, 1e-14);
    expect(criticalValue(0.95, 0)).toBeNaN();
  });

  it('Wilson with the normal equals R prop.test(correct = FALSE) when n* = n', () => {
    const [lo, hi] = proportionInterval(0.3, Math.sqrt(0.021), { method: 'wilson' });
    near(lo, 0.10779126740630104, 1e-14);
    near(hi, 0.60322185253885452, 1e-14);
    const p = 0.75;
    const [lo9, hi9] = proportionInterval(p, Math.sqrt((p * (1 - p)) / 60), { method: 'wilson', level: 0.9 });
    near(lo9, 0.648624241268694, 1e-13);
    near(hi9, 0.829802359434671, 1e-13);
  });

  it('logit: symmetric on the log-odds scale, inside (0, 1)', () => {
    const [lo, hi] = proportionInterval(0.9, 0.05, { method: 'logit', df: 20 });
    const logit = (x: number) => Math.log(x / (1 - x));
    near(logit(0.9) - logit(lo), logit(hi) - logit(0.9));
    near(logit(hi) - logit(0.9), (criticalValue(0.95, 20) * 0.05) / 0.09);
    expect(hi).toBeLessThan(1);
  });

  it('a unanimous area gets the Wilson interval of its n respondents, never zero width', () => {
    const d = surveyDesign({ rows: 4 });
    const e = surveyMean(d, [1, 1, 1, 1]);
    expect(e.se).toBe(0);
    const [lo, hi] = proportionInterval(e.estimate, e.se, { method: 'logit', df: e.df, n: e.n });
    expect(hi).toBe(1);
    expect(lo).toBeGreaterThan(0.2);
    expect(lo).toBeLessThan(0.8);
  });
});

describe('bad input names the row', () => {
  it('weight ≤ 0', () => {
    expect(() => surveyDesign({ rows: 3, weights: [1, 0, 2] })).toThrow(
      expect.objectContaining({ code: 'INVALID_SURVEY_WEIGHT', detail: expect.objectContaining({ row: 1 }) }),
    );
    expect(() => surveyDesign({ rows: 2, weights: [1, -3] })).toThrow(/row 2 has weight -3/);
  });

  it('a stratum with one PSU fails by default and is handled when asked', () => {
    const base = { rows: 4, strata: ['a', 'a', 'a', 'b'], clusters: ['1', '2', '2', '3'] };
    expect(() => surveyDesign(base)).toThrow(
      expect.objectContaining({ code: 'LONELY_PSU', detail: expect.objectContaining({ row: 3, id: 'b' }) }),
    );
    const y = [1, 0, 1, 1];
    const cert = surveyMean(surveyDesign({ ...base, lonelyPsu: 'certainty' }), y);
    const adj = surveyMean(surveyDesign({ ...base, lonelyPsu: 'adjust' }), y);
    const avg = surveyMean(surveyDesign({ ...base, lonelyPsu: 'average' }), y);
    // adjust adds the lonely PSU's squared total; average doubles stratum a's share (2 strata, 1 ok).
    near(adj.variance - cert.variance, ((1 - 0.75) / 4) ** 2);
    near(avg.variance, 2 * cert.variance);
  });

  it('an fpc that varies within a stratum, or is smaller than the sample', () => {
    expect(() => surveyDesign({ rows: 2, fpc: [10, 12] })).toThrow(/differs within stratum/);
    expect(() => surveyDesign({ rows: 3, fpc: [2, 2, 2] })).toThrow(/implies 2 PSUs/);
  });

  it('answers outside the coding, and blanks that are not excluded', () => {
    const t = parseCsv('ward,q\nW1,Agree\nW1,Disagree\nW2,Maybe\n', 'q.csv');
    const cols = { answer: 'q', agree: ['Agree'], codes: ['Agree', 'Disagree'], area: 'ward' };
    expect(() => surveyResponses(t, cols)).toThrow(
      expect.objectContaining({
        code: 'INVALID_ANSWER',
        detail: expect.objectContaining({ row: 2, value: 'Maybe' }),
      }),
    );
    const blank = parseCsv('ward,q\nW1,Agree\nW1,\n', 'q.csv');
    expect(() => surveyResponses(blank, { answer: 'q', agree: ['Agree'] })).toThrow(/row 2 answers ""/);
    const r = surveyResponses(blank, { answer: 'q', agree: ['Agree'], exclude: [''] });
    expect(r.excluded).toBe(1);
    expect(surveyEstimates(r).overall.estimate).toBe(1);
  });
});

describe('aggregated rows', () => {
  it('equal the respondent-level estimates of a sample stratified by area', () => {
    const answers = { A: [1, 1, 0, 1, 0, 1, 1], B: [0, 0, 1, 0] } as const;
    const rows = Object.entries(answers).flatMap(([a, ys]) => ys.map((v) => ({ a, v })));
    const d = surveyDesign({ rows: rows.length, strata: rows.map((r) => r.a) });
    const y = rows.map((r) => r.v);
    const byArea = surveyByArea(
      d,
      y,
      rows.map((r) => r.a),
      { method: 'wilson' },
    );
    const agg = aggregatedEstimates(
      [
        { area: 'A', respondents: 7, agreeing: 5 },
        { area: 'B', respondents: 4, agreeing: 1 },
      ],
      { method: 'wilson' },
    );
    agg.results.forEach((r, j) => {
      near(r.estimate, byArea[j]!.estimate);
      near(r.se, byArea[j]!.se);
      near(r.ci[0], byArea[j]!.ci[0]);
      expect(r.df).toBe(byArea[j]!.df);
    });
    const all = surveyMean(d, y);
    near(agg.overall.estimate, all.estimate);
    near(agg.overall.se, all.se);
    expect(agg.overall.df).toBe(all.df);
  });

  it('published rows give back the same estimate and standard error (design effect kept)', () => {
    const d = surveyDesign({ rows: 8, weights: [1, 2, 1, 3, 1, 1, 2, 2] });
    const areas = ['A', 'A', 'A', 'A', 'B', 'B', 'B', 'B'];
    const est = surveyByArea(d, [1, 0, 1, 1, 0, 1, 0, 0], areas);
    const back = aggregatedEstimates(toAggregatedRows(est));
    back.results.forEach((r, j) => {
      near(r.estimate, est[j]!.estimate);
      near(r.se, est[j]!.se);
    });
  });

  it('agreeing above respondents, duplicates and bad design effects name the row', () => {
    expect(() => aggregatedEstimates([{ area: 'A', respondents: 5, agreeing: 6 }])).toThrow(
      expect.objectContaining({ code: 'GROUP_EXCEEDS_TOTAL', detail: expect.objectContaining({ row: 0 }) }),
    );
    const dup = [
      { area: 'A', respondents: 5, agreeing: 1 },
      { area: 'A', respondents: 5, agreeing: 1 },
    ];
    expect(() => aggregatedEstimates(dup)).toThrow(expect.objectContaining({ code: 'DUPLICATE_CODE' }));
    expect(() => aggregatedEstimates([{ area: 'A', respondents: 5, agreeing: 1, deff: 0 }])).toThrow(
      /design effect 0/,
    );
  });
});

describe('small samples', () => {
  it('flags below 30 respondents (or effective respondents) and suppresses when asked', () => {
    expect(sampleFlag(29, 29)).toBe('small');
    expect(sampleFlag(30, 12)).toBe('ok');
    expect(sampleFlag(30, 12, { basis: 'effective' })).toBe('small');
    expect(sampleFlag(5, 5, { suppress: true })).toBe('suppressed');
  });

  it('a suppressed area carries no estimate, standard error or interval', () => {
    const csv = [
      'ward,q',
      ...Array.from({ length: 40 }, (_, i) => `W1,${i % 3 ? 'yes' : 'no'}`),
      'W2,yes',
      'W2,no',
    ];
    const r = surveyResponses(parseCsv(csv.join('\n'), 's.csv'), {
      answer: 'q',
      agree: ['yes'],
      area: 'ward',
    });
    const out = surveyEstimates(r, { suppress: true });
    expect(out.results[0]).toMatchObject({ area: 'W1', flag: 'ok', n: 40 });
    expect(out.results[1]).toEqual(
      expect.objectContaining({ area: 'W2', flag: 'suppressed', estimate: null, se: null, ci: null, n: 2 }),
    );
    const shown = surveyEstimates(r, { minN: 2 });
    expect(shown.results[1]).toMatchObject({ flag: 'ok', estimate: 0.5 });
  });
});

describe('change between waves and ranks', () => {
  it('difference of independent estimates: se √(se₁² + se₂²), z-test', () => {
    const c = compareWaves({ estimate: 0.6, se: 0.03 }, { estimate: 0.7, se: 0.04 });
    near(c.difference!, 0.1);
    near(c.se!, 0.05);
    near(c.z!, 2);
    near(c.p!, 0.04550026389635842, 1e-9);
    expect(c.significant).toBe(true);
    expect(compareWaves({ estimate: null, se: null }, { estimate: 0.7, se: 0.04 }).difference).toBeNull();
    const s = compareSurveys(
      { results: [{ area: 'A', estimate: 0.5, se: 0.1 }], overall: { estimate: 0.5, se: 0.01 } },
      { results: [{ area: 'B', estimate: 0.5, se: 0.1 }], overall: { estimate: 0.52, se: 0.01 } },
    );
    expect(s.results.map((r) => [r.area, r.difference])).toEqual([
      ['A', null],
      ['B', null],
    ]);
    expect(s.overall.significant).toBe(false);
  });

  it('rank intervals: exact when areas are far apart, wide when they overlap; seeded', () => {
    const far = rankAreas([
      { area: 'a', estimate: 0.2, se: 0.001 },
      { area: 'b', estimate: 0.8, se: 0.001 },
      { area: 'c', estimate: 0.5, se: 0.001 },
      { area: 'x', estimate: null, se: null },
    ]);
    expect(far.map((r) => [r.area, r.rank, r.rankLow, r.rankHigh])).toEqual([
      ['a', 3, 3, 3],
      ['b', 1, 1, 1],
      ['c', 2, 2, 2],
    ]);
    const close = [
      { area: 'a', estimate: 0.5, se: 0.05 },
      { area: 'b', estimate: 0.51, se: 0.05 },
      { area: 'c', estimate: 0.9, se: 0.01 },
    ];
    const r1 = rankAreas(close, { seed: 7 });
    expect(r1.map((r) => [r.rankLow, r.rankHigh])).toEqual([
      [2, 3],
      [2, 3],
      [1, 1],
    ]);
    expect(rankAreas(close, { seed: 7 })).toEqual(r1);
  });
});
