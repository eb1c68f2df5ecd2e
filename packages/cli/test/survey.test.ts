import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '@cohesion/geo';
import { describe, expect, it } from 'vitest';
import { cohesion, ROOT } from './run-cli.js';

// Spawns the built CLI (`pnpm run build` first) on R survey's API samples (reference figures in
// data/reference/r-survey/expected.json) and on the synthetic Trafford ward survey.
const REF = join(ROOT, 'data/reference/r-survey');
const expected = JSON.parse(readFileSync(join(REF, 'expected.json'), 'utf8'));
const SYN = join(ROOT, 'data/synthetic');
const tmp = mkdtempSync(join(tmpdir(), 'cohesion-survey-'));
const write = (name: string, content: string) => {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
};

function close(actual: number, want: number, tol = 1e-9) {
  const err = Math.abs(actual - want) / Math.max(Math.abs(want), 1e-12);
  expect(err, `expected ${want}, got ${actual}`).toBeLessThanOrEqual(tol);
}
function run(args: string[]) {
  const r = cohesion(['survey', ...args]);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
const api = (file: string, ...design: string[]) => [
  ...['--responses', join(REF, file), '--answer', 'sch.wide', '--agree', 'Yes', '--codes', 'No'],
  ...['--area', 'stype', '--min-n', '0', ...design, '--json'],
];
const SYNTHETIC = [
  ...['--answer', 'get_on_well', '--agree', 'Definitely agree,Tend to agree'],
  ...['--codes', 'Tend to disagree,Definitely disagree', '--exclude', "Don't know", '--area', 'ward_code'],
  ...['--weight', 'weight', '--strata', 'ward_code', '--cluster', 'sampling_point'],
];

// Each test spawns several CLIs; the machine is shared, so allow for a slow start.
describe('cohesion survey', { timeout: 180_000 }, () => {
  it('the contract keys; stratified with fpc, per area and overall equal R svyciprop (logit)', () => {
    const out = run(api('apistrat.csv', '--weight', 'pw', '--strata', 'stype', '--fpc', 'fpc'));
    const e = expected.stratFpc;
    expect(out.results.map((r: { area: string }) => r.area)).toEqual(e.by.areas);
    out.results.forEach((r: Record<string, never>, j: number) => {
      expect(Object.keys(r)).toEqual(expect.arrayContaining(['area', 'estimate', 'se', 'ci', 'n', 'flag']));
      close(r.estimate, e.by.schWide.estimate[j]);
      close(r.se, e.by.schWide.se[j]);
      close(r.ci[0], e.by.schWide.logit.lo[j]);
      close(r.ci[1], e.by.schWide.logit.hi[j]);
      expect(r.flag).toBe('ok');
    });
    close(out.overall.estimate, e.schWide.xlogit.estimate);
    close(out.overall.se, e.schWide.xlogit.se);
    close(out.overall.ci[0], e.schWide.logit.ci[0]);
    close(out.overall.ci[1], e.schWide.logit.ci[1]);
    expect(out.overall.n).toBe(200);
  });

  it('cluster sample with --ci xlogit equals R; lonely PSU fails naming the row unless --lonely-psu', () => {
    const out = run(api('apiclus1.csv', '--weight', 'pw', '--cluster', 'dnum', '--ci', 'xlogit'));
    const e = expected.clus1;
    out.results.forEach((r: Record<string, never>, j: number) => {
      close(r.ci[0], e.by.schWide.xlogit.lo[j]);
      close(r.ci[1], e.by.schWide.xlogit.hi[j]);
    });
    close(out.overall.ci[0], e.schWide.xlogit.ci[0]);
    const lonely = api('apiclus1.csv', '--weight', 'pw', '--cluster', 'dnum', '--strata', 'region');
    const bad = cohesion(['survey', ...lonely]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /^cohesion survey: LONELY_PSU: .*stratum "A" has only one primary sampling unit \(row \d+\)/,
    );
    // All four options are checked against R in the library tests; two here through the CLI.
    for (const opt of ['adjust', 'average']) {
      const o = run([...lonely, '--lonely-psu', opt, '--ci', 'xlogit']);
      close(o.overall.se, expected.lonely[opt].schWide.se);
      close(o.overall.ci[1], expected.lonely[opt].schWide.ci[1]);
    }
  });

  it('bad input: weight ≤ 0 and answers outside the coding name the row; usage errors exit 2', () => {
    const w = write('w.csv', 'ward,q,w\nA,Yes,1\nA,No,0\n');
    const r1 = cohesion([
      'survey',
      '--responses',
      w,
      '--answer',
      'q',
      '--agree',
      'Yes',
      '--area',
      'ward',
      '--weight',
      'w',
      '--json',
    ]);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toMatch(/INVALID_SURVEY_WEIGHT: .*row 2 has weight 0/);
    const a = write('a.csv', 'ward,q\nA,Yes\nA,No\nB,Maybe\n');
    const r2 = cohesion([
      'survey',
      '--responses',
      a,
      '--answer',
      'q',
      '--agree',
      'Yes',
      '--codes',
      'No',
      '--area',
      'ward',
    ]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/INVALID_ANSWER: .*row 3 answers "Maybe"/);
    const r3 = cohesion(['survey', '--responses', a, '--answer', 'q', '--agree', 'Yes', '--json']);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(/missing required flag --area/);
    const r4 = cohesion([
      'survey',
      '--responses',
      a,
      '--answer',
      'q',
      '--agree',
      'Yes',
      '--area',
      'ward',
      '--ci',
      'exact',
    ]);
    expect(r4.code).toBe(2);
  });

  it('aggregated rows: the same figures as respondent rows stratified by area; bad rows named', () => {
    const resp = write('r.csv', `ward,q\n${'A,Yes\n'.repeat(30)}${'A,No\n'.repeat(10)}B,Yes\nB,No\nB,No\n`);
    const agg = write('g.csv', 'ward,n,yes\nA,40,30\nB,3,1\n');
    const x = run([
      '--responses',
      resp,
      '--answer',
      'q',
      '--agree',
      'Yes',
      '--area',
      'ward',
      '--strata',
      'ward',
      '--json',
    ]);
    const y = run([
      '--aggregated',
      '--responses',
      agg,
      '--area',
      'ward',
      '--respondents',
      'n',
      '--agreeing',
      'yes',
      '--json',
    ]);
    x.results.forEach((r: Record<string, never>, j: number) => {
      close(y.results[j].estimate, r.estimate);
      close(y.results[j].se, r.se);
      close(y.results[j].ci[0], r.ci[0]);
      expect(y.results[j].flag).toBe(r.flag);
    });
    close(y.overall.se, x.overall.se);
    expect(y.results[1].flag).toBe('small');
    const over = write('o.csv', 'ward,n,yes\nA,40,41\n');
    const r = cohesion([
      'survey',
      '--aggregated',
      '--responses',
      over,
      '--area',
      'ward',
      '--respondents',
      'n',
      '--agreeing',
      'yes',
    ]);
    expect(r.stderr).toMatch(/GROUP_EXCEEDS_TOTAL: .*row 1 \(area A\)/);
  });

  it('synthetic wards: small wards flagged, suppressed when asked, change since 2022, ranks, --out CSV', () => {
    const now = join(SYN, 'trafford_ward_survey_2024.csv');
    const before = join(SYN, 'trafford_ward_survey_2022.csv');
    const outCsv = join(tmp, 'wards.csv');
    const out = run([
      ...[
        '--responses',
        now,
        ...SYNTHETIC,
        '--before',
        before,
        '--ranks',
        '--suppress',
        '--out',
        outCsv,
        '--json',
      ],
    ]);
    expect(out.results).toHaveLength(21);
    for (const r of out.results) {
      if (r.n < 30) {
        expect(r).toMatchObject({ flag: 'suppressed', estimate: null, se: null, ci: null, rank: null });
        expect(r.change.difference).toBeNull();
      } else {
        expect(r.flag).toBe('ok');
        expect(r.ci[0]).toBeLessThan(r.estimate);
        expect(r.rankInterval[0]).toBeLessThanOrEqual(r.rank);
        if (r.change.before !== null) close(r.change.difference, r.estimate - r.change.before, 1e-12);
      }
    }
    expect(out.results.some((r: { flag: string }) => r.flag === 'suppressed')).toBe(true);
    const was = run(['--responses', before, ...SYNTHETIC, '--json']);
    close(out.overall.change.before, was.overall.estimate, 1e-12);
    const se = Math.hypot(out.overall.se, was.overall.se);
    close(out.overall.change.se, se, 1e-12);
    const rows = parseCsv(readFileSync(outCsv, 'utf8')).rows;
    expect(rows).toHaveLength(21);
    const hidden = rows.find((r) => r.flag === 'suppressed')!;
    expect(hidden.estimate).toBe('');
    expect(hidden.ci_low).toBe('');
  });
});

describe('the report with a survey gives the same answer as cohesion survey', () => {
  it('overall and per-ward estimates, intervals and suppression agree; no suppressed ward shows a percentage', () => {
    const responses = join(SYN, 'trafford_ward_survey_2024.csv');
    const agree = 'Definitely agree,Tend to agree';
    const design = ['--weight', 'weight', '--strata', 'ward_code', '--cluster', 'sampling_point'];
    const cli = run([
      ...['--responses', responses, '--answer', 'get_on_well', '--agree', agree, '--exclude', "Don't know"],
      ...['--area', 'ward_code', ...design, '--json'],
    ]);
    const out = join(tmp, 'report-with-survey');
    const r = cohesion([
      ...['report', '--dataset', 'trafford', '--permutations', '99', '--replicates', '99', '--out', out],
      ...['--survey', responses, '--survey-answer', 'get_on_well', '--survey-agree', agree],
      ...['--survey-exclude', "Don't know", '--survey-area', 'ward_code'],
      ...['--survey-weight', 'weight', '--survey-strata', 'ward_code', '--survey-cluster', 'sampling_point'],
    ]);
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    close(rep.survey.overall.estimate, cli.overall.estimate, 1e-12);
    close(rep.survey.overall.ci[0], cli.overall.ci[0], 1e-12);
    close(rep.survey.overall.ci[1], cli.overall.ci[1], 1e-12);
    // Per ward: the same estimate and interval where shown; suppressed (small) wards carry no number.
    type Row = { area: string; estimate: number | null; ci: [number, number] | null; flag: string };
    const small = (cli.results as Row[]).filter((x) => x.flag !== 'ok');
    expect(small.length).toBeGreaterThan(0);
    expect(rep.survey.suppressedAreas).toBe(small.length);
    for (const want of cli.results as Row[]) {
      const got = (rep.survey.rows as Row[]).find((x) => x.area === want.area);
      expect(got, want.area).toBeDefined();
      if (want.flag === 'ok') {
        close(got!.estimate!, want.estimate!, 1e-12);
        close(got!.ci![0], want.ci![0], 1e-12);
      } else {
        expect(got!.estimate, want.area).toBeNull();
        expect(got!.ci, want.area).toBeNull();
      }
    }
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const at = html.indexOf('data-section="survey"');
    expect(at).toBeGreaterThan(0);
    const section = html.slice(at, html.indexOf('</section>', at));
    expect(section).toMatch(/fewer than 30 respondents/);
  });
});
