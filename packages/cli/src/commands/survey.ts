import {
  type AggregatedRow,
  aggregatedEstimates,
  assertColumn,
  CohesionError,
  compareSurveys,
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
import {
  jsonReplacer,
  OUT_HELP,
  OUTPUT_FLAGS,
  parseFlags,
  printJson,
  required,
  saveOptions,
  UsageError,
  writeOutput,
} from '../common.js';

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
--out FILE.csv writes one row per area (the publishable table).

${OUT_HELP}`;

const FLAGS = {
  responses: { type: 'string' },
  answer: { type: 'string' },
  agree: { type: 'string' },
  codes: { type: 'string' },
  exclude: { type: 'string' },
  area: { type: 'string' },
  weight: { type: 'string' },
  strata: { type: 'string' },
  cluster: { type: 'string' },
  fpc: { type: 'string' },
  'lonely-psu': { type: 'string' },
  ci: { type: 'string' },
  level: { type: 'string' },
  'min-n': { type: 'string' },
  'min-n-basis': { type: 'string' },
  suppress: { type: 'boolean' },
  aggregated: { type: 'boolean' },
  respondents: { type: 'string' },
  agreeing: { type: 'string' },
  deff: { type: 'string' },
  before: { type: 'string' },
  ranks: { type: 'boolean' },
  seed: { type: 'string' },
  ...OUTPUT_FLAGS,
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = {
  [K in keyof typeof FLAGS]?: (typeof FLAGS)[K]['type'] extends 'boolean' ? boolean : string;
};

const list = (s: string) => s.split(',').map((v) => v.trim());

function oneOf<T extends string>(value: string | undefined, flag: string, allowed: readonly T[], dflt: T): T {
  if (value === undefined) return dflt;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

function numberFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const v = Number(value);
  if (value.trim() === '' || !Number.isFinite(v))
    throw new UsageError(`--${flag} must be a number, got "${value}"`);
  return v;
}

function options(values: Values): SurveyEstimateOptions {
  const level = numberFlag(values.level, 'level') ?? 0.95;
  if (!(level > 0 && level < 1)) throw new UsageError(`--level must be between 0 and 1, got ${level}`);
  const minN = numberFlag(values['min-n'], 'min-n') ?? 30;
  if (!(minN >= 0)) throw new UsageError(`--min-n must be 0 or more, got ${minN}`);
  const method = oneOf<IntervalMethod>(values.ci, 'ci', ['logit', 'wilson', 'xlogit', 'mean'], 'logit');
  const basis = oneOf(
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
    lonelyPsu: oneOf<LonelyPsu>(
      values['lonely-psu'],
      'lonely-psu',
      ['fail', 'adjust', 'certainty', 'average', 'remove'],
      'fail',
    ),
  });
  return surveyEstimates(responses, opts);
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, FLAGS);
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
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
    const seed = numberFlag(values.seed, 'seed') ?? 0;
    const ranks = new Map(rankAreas(current.results, { seed, level: current.level }).map((r) => [r.area, r]));
    for (const r of results) {
      const k = ranks.get(r.area as string);
      r.rank = k ? k.rank : null;
      r.rankInterval = k ? [k.rankLow, k.rankHigh] : null;
    }
    out.rankSeed = seed;
  }
  if (values.out) {
    await writeOutput(
      values.out,
      results.map((r) => {
        const ci = r.ci as [number, number] | null;
        const change = r.change as
          | { difference: number | null; ci: [number, number] | null }
          | null
          | undefined;
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
      }),
      saveOptions(values),
    );
  }
  if (values.json) printJson(out);
  else process.stdout.write(`${JSON.stringify(out, jsonReplacer, 2)}\n`);
  return 0;
}
