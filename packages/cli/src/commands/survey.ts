import {
  type AggregatedRow,
  aggregatedEstimates,
  assertColumn,
  CohesionError,
  compareSurveys,
  DEFAULT_MIN_N,
  type IntervalMethod,
  type LonelyPsu,
  numericColumn,
  publishEstimates,
  rankAreas,
  readCsv,
  type SurveyEstimateOptions,
  type SurveyEstimates,
  surveyEstimates,
  surveyResponses,
  type Table,
} from '@cohesion/geo';
import { type CommandValues, command } from '../command.js';
import { choiceFlag, numberFlag, RULES, required, stringFlags, UsageError } from '../flags.js';
import { emit, prettyJson } from '../output.js';

export const summary =
  'survey --responses CSV --answer COL --agree VALUE[,VALUE…] --area COL [--weight COL] [--strata COL] [--cluster COL] [--fpc COL] --json';

const HELP = `Usage: cohesion survey --responses CSV --answer COL --agree VALUE[,VALUE…] --area COL
         [--codes VALUE,…] [--exclude VALUE,…] [--weight COL] [--strata COL] [--cluster COL]
         [--fpc COL] [--lonely-psu fail|adjust|certainty|average|remove]
         [--ci logit|wilson|xlogit|mean] [--level 0.95] [--min-n 30] [--min-n-basis respondents|effective]
         [--suppress] [--before CSV] [--ranks] [--seed N] [--out FILE.csv] --json
       cohesion survey --aggregated --responses CSV --area COL --respondents COL --agreeing COL
         [--deff COL] [same interval, small-sample, --before, --ranks and --out flags] --json

The share of respondents who agree (any --agree answer) per area and overall, with design-based
standard errors (Taylor linearisation over --strata and --cluster, with the finite population
correction --fpc: population PSUs per stratum, or the sampling fraction when ≤ 1), confidence
intervals (--ci, default logit; wilson uses the design's effective sample size) on the design
degrees of freedom, design effects and effective sample sizes — as R's survey package.
--codes lists every valid answer (others are an error naming the row); --exclude lists answers
left out of the base (e.g. "Don't know", or "" for blanks). Weights must be positive.
A stratum with one PSU is an error unless --lonely-psu says how to handle it (R's survey.lonely.psu).
Areas with fewer than --min-n respondents (default 30; effective respondents n/deff with
--min-n-basis effective) are flagged "small"; with --suppress they are "suppressed" and carry no
estimate, standard error or interval.
--aggregated reads one row per area: respondents, agreeing and optionally the design effect.
--before CSV is an earlier wave with the same columns: each area gets "change" (difference,
standard error, interval, z-test p-value; waves are independent samples).
--ranks adds each area's rank (1 = highest) with a 95% interval from --seed-ed simulation.
--out FILE.csv writes one row per area (the publishable table).`;

const FLAGS = {
  ...stringFlags([
    'responses',
    'answer',
    'agree',
    'codes',
    'exclude',
    'area',
    'weight',
    'strata',
    'cluster',
    'fpc',
    'lonely-psu',
    'ci',
    'level',
    'min-n',
    'min-n-basis',
    'respondents',
    'agreeing',
    'deff',
    'before',
    'seed',
  ]),
  suppress: { type: 'boolean' },
  aggregated: { type: 'boolean' },
  ranks: { type: 'boolean' },
} as const;

type Values = CommandValues<typeof FLAGS>;

/** Answer codes keep blanks: `--exclude ""` leaves blank answers out of the base. */
const list = (s: string) => s.split(',').map((v) => v.trim());

function options(values: Values): SurveyEstimateOptions {
  const level = numberFlag(values.level, 'level', { above: 0, below: 1, what: 'a confidence level' }, 0.95);
  const minN = numberFlag(values['min-n'], 'min-n', RULES.nonNegative, DEFAULT_MIN_N);
  const method = choiceFlag<IntervalMethod>(values.ci, 'ci', ['logit', 'wilson', 'xlogit', 'mean'], 'logit');
  const basis = choiceFlag(
    values['min-n-basis'],
    'min-n-basis',
    ['respondents', 'effective'] as const,
    'respondents',
  );
  return { method, level, minN, basis, suppress: values.suppress === true };
}

async function readTable(path: string): Promise<Table> {
  const table = await readCsv(path);
  if (table.rows.length === 0)
    throw new CohesionError('EMPTY_INPUT', `${table.source ?? path}: no data rows`, {
      source: table.source ?? path,
    });
  return table;
}

async function estimate(path: string, values: Values, opts: SurveyEstimateOptions): Promise<SurveyEstimates> {
  const table = await readTable(path);
  const area = required(values.area, 'area');
  if (values.aggregated) {
    for (const f of ['answer', 'agree', 'codes', 'exclude', 'weight', 'strata', 'cluster', 'fpc'] as const)
      if (values[f] !== undefined) throw new UsageError(`--${f} goes with respondent rows, not --aggregated`);
    const respondents = numericColumn(table, required(values.respondents, 'respondents'));
    const agreeing = numericColumn(table, required(values.agreeing, 'agreeing'));
    const deff = values.deff ? numericColumn(table, values.deff) : undefined;
    assertColumn(table, area);
    const rows: AggregatedRow[] = table.rows.map((r, i) => ({
      area: (r[area] as string).trim(),
      respondents: respondents[i] as number,
      agreeing: agreeing[i] as number,
      ...(deff ? { deff: deff[i] as number } : {}),
    }));
    const agg = aggregatedEstimates(rows, {
      ...(opts.method ? { method: opts.method } : {}),
      ...(opts.level ? { level: opts.level } : {}),
      source: table.source ?? path,
    });
    const sorted = [...agg.results].sort((a, b) => (a.area < b.area ? -1 : a.area > b.area ? 1 : 0));
    return publishEstimates(sorted, agg.overall, opts);
  }
  if (values.respondents || values.agreeing || values.deff)
    throw new UsageError('--respondents, --agreeing and --deff go with --aggregated');
  const agree = list(required(values.agree, 'agree'));
  const responses = surveyResponses(table, {
    answer: required(values.answer, 'answer'),
    agree,
    area,
    ...(values.codes !== undefined ? { codes: list(values.codes) } : {}),
    ...(values.exclude !== undefined ? { exclude: list(values.exclude) } : {}),
    ...(values.weight ? { weight: values.weight } : {}),
    ...(values.strata ? { strata: values.strata } : {}),
    ...(values.cluster ? { cluster: values.cluster } : {}),
    ...(values.fpc ? { fpc: values.fpc } : {}),
    lonelyPsu: choiceFlag<LonelyPsu>(
      values['lonely-psu'],
      'lonely-psu',
      ['fail', 'adjust', 'certainty', 'average', 'remove'],
      'fail',
    ),
  });
  return surveyEstimates(responses, opts);
}

export const run = command({ help: HELP, flags: FLAGS, writes: true }, async (values) => {
  const opts = options(values);
  const current = await estimate(required(values.responses, 'responses'), values, opts);
  const results: Record<string, unknown>[] = current.results.map((r) => ({ ...r }));
  const out: Record<string, unknown> = {
    results,
    overall: { ...current.overall },
    method: current.method,
    level: current.level,
    minN: current.minN,
    minNBasis: current.basis,
    suppressed: current.suppress,
    areas: current.results.length,
    flagged: current.results.filter((r) => r.flag !== 'ok').length,
  };
  if (values.before) {
    const before = await estimate(values.before, values, opts);
    const change = compareSurveys(before, current, current.level);
    const byArea = new Map(change.results.map((c) => [c.area, c]));
    for (const r of results) {
      const c = byArea.get(r.area as string);
      r.change = c
        ? {
            before: c.before,
            difference: c.difference,
            se: c.se,
            ci: c.ci,
            p: c.p,
            significant: c.significant,
          }
        : null;
    }
    (out.overall as Record<string, unknown>).change = {
      before: before.overall.estimate,
      difference: change.overall.difference,
      se: change.overall.se,
      ci: change.overall.ci,
      p: change.overall.p,
      significant: change.overall.significant,
    };
    const now = new Set(current.results.map((r) => r.area));
    out.onlyBefore = before.results.map((r) => r.area).filter((a) => !now.has(a));
  }
  if (values.ranks) {
    // rankAreas' own default seed (0), so `--ranks` alone gives the same intervals as the library.
    const seed = numberFlag(values.seed, 'seed', RULES.seed, 0);
    const ranks = new Map(rankAreas(current.results, { seed, level: current.level }).map((r) => [r.area, r]));
    for (const r of results) {
      const k = ranks.get(r.area as string);
      r.rank = k ? k.rank : null;
      r.rankInterval = k ? [k.rankLow, k.rankHigh] : null;
    }
    out.rankSeed = seed;
  }
  return emit(values, {
    file: () => results.map(publishedRow),
    json: out,
    text: () => prettyJson(out),
  });
});

/** One area's row of `--out FILE.csv`: the publishable table (interval and change as columns). */
function publishedRow(r: Record<string, unknown>): Record<string, unknown> {
  const ci = r.ci as [number, number] | null;
  const change = r.change as { difference: number | null; ci: [number, number] | null } | null | undefined;
  return {
    area: r.area,
    estimate: r.estimate,
    se: r.se,
    ci_low: ci ? ci[0] : null,
    ci_high: ci ? ci[1] : null,
    n: r.n,
    effective_n: r.effectiveN,
    deff: r.deff,
    flag: r.flag,
    ...(change !== undefined
      ? {
          change: change?.difference ?? null,
          change_ci_low: change?.ci ? change.ci[0] : null,
          change_ci_high: change?.ci ? change.ci[1] : null,
        }
      : {}),
    ...(r.rank !== undefined
      ? {
          rank: r.rank,
          rank_low: (r.rankInterval as number[] | null)?.[0] ?? null,
          rank_high: (r.rankInterval as number[] | null)?.[1] ?? null,
        }
      : {}),
  };
}
