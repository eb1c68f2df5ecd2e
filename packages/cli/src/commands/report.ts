import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { CohesionError, DEFAULT_PERMUTATIONS, DEFAULT_REPLICATES, DEFAULT_SEED } from '@cohesion/geo';
import {
  type CouncilReport,
  checkReportOutput,
  computeCouncilReport,
  type ReportOptions,
  writeReport,
} from '@cohesion/report';
import { command } from '../command.js';
import { listFlag, numberFlag, RULES, stringFlags, UsageError } from '../flags.js';
import { emit } from '../output.js';

export const summary =
  'report (--dataset NAME | --council NAME|CODE | --areas FILE --id PROP --table CSV … | --config FILE) --out DIR';

const HELP = `Usage: cohesion report (--dataset NAME | --council NAME|CODE | --areas FILE … | --config council.json) --out DIR
  [--seed 12345] [--permutations 999] [--replicates 999] [--minority-threshold 0.4] [--peers A,B,…] [--json]

Writes the cohesion report for one council into DIR: index.html with report.css, report.js and
cohesion-map.js beside it (publish the folder: it opens from disk, needs no server or internet, and
runs under a strict Content-Security-Policy), report.json (every headline number, and
absentSections: each section left out and why), areas.geojson and areas.csv (per-area results) and
councils.csv (the national benchmark).

  --single-file    put the stylesheet and scripts inside index.html: one file to send, which a
                   strict Content-Security-Policy (no 'unsafe-inline') blocks.

  --dataset NAME   a catalogue dataset with LSOA boundaries and census counts (e.g. trafford).
  --council Q      a council of the Census 2011 national table by name or ONS code ("Brighton & Hove",
                   "E08000009"): the national benchmark; with your own files or a dataset, the council
                   they are compared as.
  --peers A,B,…    the councils to compare with (default: the 15 most like it in size and ethnic mix).

Your own files (the same keys, camelCase, in --config council.json; paths relative to the file):
  --areas FILE --id PROP [--name-property PROP]   boundaries (GeoJSON/TopoJSON/FlatGeobuf, WGS84 or BNG)
  --table CSV --table-id COL --total COL          census ethnic-group counts (omit --table to read them
                                                  from the areas' own properties)
  [--groups COL,…] --reference-group COL          group columns and the reference group; a recognised
  [--year 2011|2021] [--geography LABEL]          layout (Census 2021 TS021, Census 2011 KS201EW, the MLID
                                                  names) sets them (reference: White British); any other
                                                  table needs --reference-group and --year
  --name NAME [--code CODE]                       the council's name and ONS code
  [--before CSV [--before-table-id COL --before-total COL --before-groups COL,…
                 --before-reference-group COL --before-year 2011]]   earlier census: "change since" section
  [--population PROP]                             areas' property with the population for access
  [--sites FILE [--site-id PROP] [--access-points FILE [--site-ref PROP]]]   green space
  [--incidents CSV --lon COL --lat COL [--time COL] [--period quarter|month|year] [--incidents-label WORD]]
  [--imd CSV [--imd-id COL] [--imd-decile COL]]   deprivation (IoD2019 file 1 by default)
  [--survey CSV --survey-answer COL --survey-agree VALUE,… --survey-area COL]   residents' survey:
        "What residents say", the share agreeing by area with design-based 95% intervals (as
        cohesion survey); areas under --survey-min-n (30) respondents are never shown. Also
        --survey-codes, --survey-exclude, --survey-weight, --survey-strata, --survey-cluster,
        --survey-fpc, --survey-lonely-psu, --survey-ci logit|wilson|xlogit, --survey-before CSV
        (earlier wave: change), --survey-label TEXT, --survey-wave NAME, --survey-before-wave NAME,
        --survey-areas FILE (boundaries with area_code; default: the dataset's wards)
Sections whose data are not given are left out and listed, with the reason, in the report.
Catalogue data are read from COHESION_DATA_DIR, else the repository's data folder.

Outputs: the files above replace those of an earlier report in DIR (each written atomically: a
temporary file, then renamed); other files in DIR are left alone. DIR must be a folder, not a file,
and none of those files may be one of the inputs (e.g. --table DIR/areas.csv): OUTPUT_IS_INPUT
before any work.`;

const STRING_FLAGS = [
  'dataset',
  'council',
  'out',
  'seed',
  'permutations',
  'replicates',
  'minority-threshold',
  'peers',
  'config',
  'areas',
  'id',
  'name-property',
  'table',
  'table-id',
  'total',
  'groups',
  'reference-group',
  'year',
  'geography',
  'name',
  'code',
  'population',
  'sites',
  'site-id',
  'access-points',
  'site-ref',
  'incidents',
  'lon',
  'lat',
  'time',
  'period',
  'incidents-label',
  'imd',
  'imd-id',
  'imd-decile',
  'before',
  'before-table-id',
  'before-total',
  'before-groups',
  'before-reference-group',
  'before-year',
  'survey',
  'survey-answer',
  'survey-agree',
  'survey-codes',
  'survey-exclude',
  'survey-area',
  'survey-weight',
  'survey-strata',
  'survey-cluster',
  'survey-fpc',
  'survey-lonely-psu',
  'survey-ci',
  'survey-min-n',
  'survey-before',
  'survey-label',
  'survey-wave',
  'survey-before-wave',
  'survey-areas',
] as const;
type Flag = (typeof STRING_FLAGS)[number];
const camel = (f: string) => f.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
const PATH_KEYS = new Set([
  'areas',
  'table',
  'sites',
  'accessPoints',
  'incidents',
  'imd',
  'before',
  'survey',
  'surveyBefore',
  'surveyAreas',
]);

/** Reads `--config council.json`: the same keys as the flags, camelCase (or as spelled on the command line). */
async function readConfig(
  path: string,
): Promise<{ values: Partial<Record<Flag, string>>; lists: Partial<Record<Flag, string[]>> }> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new CohesionError('READ_FAILED', `--config ${path}: ${(err as Error).message.split('\n')[0]}`, {
      source: path,
    });
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new UsageError(`--config ${path}: expected a JSON object of report options`);
  const known = new Map(STRING_FLAGS.flatMap((f) => [[f, f] as const, [camel(f), f] as const]));
  const out: Partial<Record<Flag, string>> = {};
  // Lists (groups, peers) may be JSON arrays, so names holding commas survive.
  const lists: Partial<Record<Flag, string[]>> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (k.startsWith('$') || k === 'comment') continue;
    const flag = known.get(k as Flag);
    if (!flag) throw new UsageError(`--config ${path}: unknown key "${k}"`);
    if (Array.isArray(v)) {
      lists[flag] = v.map(String);
      continue;
    }
    let value = String(v);
    if (PATH_KEYS.has(camel(flag)) && !isAbsolute(value)) value = resolve(dirname(path), value);
    out[flag] = value;
  }
  return { values: out, lists };
}

function year(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (v !== '2011' && v !== '2021') throw new UsageError(`--${flag} must be 2011 or 2021, got "${v}"`);
  return Number(v);
}

/** The --survey-* flags (or config keys) as the report's survey options. */
function surveyOptions(
  v: Partial<Record<Flag, string>>,
  listOf: (k: Flag) => string[] | undefined,
): NonNullable<ReportOptions['survey']> {
  const need = (k: Flag) => {
    const x = v[k];
    if (x === undefined || x === '') throw new UsageError(`--survey needs --${k}`);
    return x;
  };
  const ci = v['survey-ci'];
  if (ci !== undefined && !['logit', 'wilson', 'xlogit'].includes(ci))
    throw new UsageError(`--survey-ci must be logit, wilson or xlogit, got "${ci}"`);
  const lonely = v['survey-lonely-psu'];
  if (lonely !== undefined && !['fail', 'adjust', 'certainty', 'average', 'remove'].includes(lonely))
    throw new UsageError(
      `--survey-lonely-psu must be fail, adjust, certainty, average or remove, got "${lonely}"`,
    );
  const minN = numberFlag(v['survey-min-n'], 'survey-min-n', RULES.nonNegative);
  need('survey-agree');
  const opt = <T>(key: string, value: T | undefined) => (value === undefined ? {} : { [key]: value });
  return {
    responses: need('survey'),
    columns: {
      answer: need('survey-answer'),
      agree: listOf('survey-agree')!,
      area: need('survey-area'),
      ...opt('codes', listOf('survey-codes')),
      ...opt('exclude', v['survey-exclude'] === undefined ? undefined : (listOf('survey-exclude') ?? [''])),
      ...opt('weight', v['survey-weight']),
      ...opt('strata', v['survey-strata']),
      ...opt('cluster', v['survey-cluster']),
      ...opt('fpc', v['survey-fpc']),
      ...opt('lonelyPsu', lonely),
    },
    ...opt('method', ci),
    ...opt('minN', minN),
    ...opt('before', v['survey-before']),
    ...opt('label', v['survey-label']),
    ...opt('wave', v['survey-wave']),
    ...opt('beforeWave', v['survey-before-wave']),
    ...opt('areas', v['survey-areas']),
  };
}

/** Report options from flags (which win) and `--config`. */
export async function reportOptions(
  f: Partial<Record<Flag, string>>,
): Promise<{ options: ReportOptions; out: string | undefined; inputs: string[] }> {
  const config = f.config ? await readConfig(f.config) : { values: {}, lists: {} };
  const values: Partial<Record<Flag, string>> = { ...config.values };
  const lists: Partial<Record<Flag, string[]>> = { ...config.lists };
  for (const k of STRING_FLAGS)
    if (f[k] !== undefined) {
      values[k] = f[k];
      delete lists[k];
    }
  const listOf = (k: Flag) => lists[k] ?? listFlag(values[k]);
  // A file where the folder should go: say so before any work (writeReport checks again).
  const outStat = values.out ? await stat(values.out).catch(() => undefined) : undefined;
  if (outStat && !outStat.isDirectory())
    throw new CohesionError(
      'OUTPUT_EXISTS',
      `${values.out} is a file; the report needs a folder (give a new or existing folder)`,
      {
        source: values.out,
      },
    );
  // Never over the user's own files: no input may be a file the report writes into DIR.
  const inputs = [
    ...(f.config ? [f.config] : []),
    ...STRING_FLAGS.filter((k) => PATH_KEYS.has(camel(k)) && values[k]).map((k) => values[k]!),
  ];
  if (values.out) await checkReportOutput(values.out, inputs);
  const threshold = numberFlag(values['minority-threshold'], 'minority-threshold', RULES.share, 0.4);
  const period = values.period ?? 'quarter';
  if (!['month', 'quarter', 'year'].includes(period))
    throw new UsageError(`--period must be month, quarter or year; got "${period}"`);
  if (!values.areas) {
    const own = STRING_FLAGS.filter(
      (k) => ['table', 'id', 'sites', 'incidents', 'before', 'imd'].includes(k) && values[k] !== undefined,
    );
    if (own.length && !values.dataset)
      throw new UsageError(`--${own[0]} needs --areas FILE --id PROP (the council's boundaries)`);
  }
  const s = (k: Flag) => (values[k] !== undefined ? { [camel(k)]: values[k] } : {});
  const before = values.before
    ? {
        before: {
          table: values.before,
          ...(values['before-table-id'] ? { tableId: values['before-table-id'] } : {}),
          ...(values['before-total'] ? { total: values['before-total'] } : {}),
          ...(listOf('before-groups') ? { groups: listOf('before-groups')! } : {}),
          ...(values['before-reference-group'] ? { referenceGroup: values['before-reference-group'] } : {}),
          ...(values['before-year'] ? { year: year('before-year', values['before-year'])! } : {}),
        },
      }
    : {};
  const options: ReportOptions = {
    ...s('dataset'),
    ...s('council'),
    ...s('areas'),
    ...s('id'),
    ...s('name-property'),
    ...s('table'),
    ...s('table-id'),
    ...s('total'),
    ...(listOf('groups') ? { groups: listOf('groups')! } : {}),
    ...s('reference-group'),
    ...(values.year ? { year: year('year', values.year)! } : {}),
    ...s('geography'),
    ...s('name'),
    ...s('code'),
    ...s('population'),
    ...s('sites'),
    ...s('site-id'),
    ...s('access-points'),
    ...s('site-ref'),
    ...s('incidents'),
    ...s('lon'),
    ...s('lat'),
    ...s('time'),
    ...(values['incidents-label'] ? { incidentsLabel: values['incidents-label'] } : {}),
    ...s('imd'),
    ...s('imd-id'),
    ...s('imd-decile'),
    ...before,
    ...(listOf('peers') ? { peers: listOf('peers')! } : {}),
    period: period as 'month' | 'quarter' | 'year',
    seed: numberFlag(values.seed, 'seed', RULES.seed, DEFAULT_SEED),
    permutations: numberFlag(values.permutations, 'permutations', RULES.permutations, DEFAULT_PERMUTATIONS),
    replicates: numberFlag(values.replicates, 'replicates', RULES.replicates, DEFAULT_REPLICATES),
    minorityThreshold: threshold,
    ...(values.survey ? { survey: surveyOptions(values, listOf) } : {}),
  };
  return { options, out: values.out, inputs };
}

const FLAGS = { ...stringFlags(STRING_FLAGS), 'single-file': { type: 'boolean' } } as const;

export const run = command({ help: HELP, flags: FLAGS }, async (values, { progress }) => {
  const { options, out, inputs } = await reportOptions(values as Partial<Record<Flag, string>>);
  if (!options.dataset && !options.council && !options.areas)
    throw new UsageError(
      'give --dataset NAME (e.g. trafford), --council NAME|CODE, or your own --areas FILE --id PROP --table CSV',
    );
  if (!out) throw new UsageError('missing required flag --out (the folder to write the report into)');
  const report = await computeCouncilReport({ ...options, onProgress: progress.stage('report sections') });
  const dir = resolve(out);
  progress.clear();
  const written = await writeReport(report, dir, { singleFile: values['single-file'] === true, inputs });
  process.stderr.write(`cohesion report: wrote ${written.files.join(', ')} to ${dir}\n`);
  const { areas: _a, sites: _s, ...rest } = report;
  return emit(values, { json: rest, text: () => summaryText(report, join(dir, 'index.html')) });
});

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const ordinal = (n: number) => {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${s}`;
};

/** The headline figures in plain text, for the terminal (the HTML has the full story). */
export function summaryText(report: CouncilReport, htmlPath: string): string {
  const lines = [`${report.title}${report.council.code ? ` (${report.council.code})` : ''}`];
  const seg = report.segregation;
  if (seg) {
    const d = seg.single.find((i) => i.key === 'dissimilarity');
    if (d) {
      const ci = d.ci ? ` (95% interval ${d.ci[0].toFixed(3)}–${d.ci[1].toFixed(3)})` : '';
      lines.push(
        `  Segregation, Census ${seg.year}: D = ${d.value.toFixed(3)}${ci} for residents ${seg.minorityLabel} ` +
          `(${pct(seg.minorityShare)} of ${seg.population.toLocaleString('en-GB')} in ${seg.areas} areas, ${seg.geography}); ` +
          `${seg.expectedDissimilarity.expected.toFixed(3)} expected by chance`,
      );
    }
  }
  const nat = report.national;
  if (nat) {
    const r = nat.national.dissimilarity;
    const reg = nat.region_rank.dissimilarity;
    const peers = nat.peers.rank.dissimilarity;
    lines.push(
      `  Census 2011 ranking on D: ${ordinal(r.rank)} of ${r.of} councils in England and Wales, ` +
        `${ordinal(reg.rank)} of ${reg.of} in ${nat.region}, ${ordinal(peers.rank)} of ${peers.of} among its peers`,
    );
  }
  const ch = report.change;
  if (ch) {
    const dd = ch.difference.dissimilarity;
    lines.push(
      `  Change ${ch.before.year} to ${ch.after.year} (${ch.before.geography} → ${ch.after.geography}): D ${ch.before.indices.dissimilarity.toFixed(3)} → ${ch.after.indices.dissimilarity.toFixed(3)}, ` +
        `difference ${dd.value >= 0 ? '+' : ''}${dd.value.toFixed(3)} (95% interval ${dd.ci[0].toFixed(3)} to ${dd.ci[1].toFixed(3)}, p = ${dd.p.toFixed(3)})`,
    );
  }
  const angst = report.access?.shareMeeting.find((m) => m.key === 'angst_2ha_300m');
  if (angst && angst.shareOfPopulation !== null)
    lines.push(
      `  Green space: ${pct(angst.shareOfPopulation)} of residents live within 300 m of a site of 2 ha or more (ANGSt)`,
    );
  const b = report.hotspots?.burglary;
  if (b) {
    lines.push(
      `  Hotspots: ${b.hot} areas in a hot spot of ${b.what} and ${b.cold} in a cold spot (Gi*, 95%), ${b.firstMonth} to ${b.lastMonth} (whole ${b.periodUnit}s)`,
    );
  }
  const sv = report.survey;
  if (sv) {
    lines.push(
      `  Residents' survey: ${pct(sv.overall.estimate)} ${sv.label} (95% CI ${pct(sv.overall.ci[0])} to ${pct(sv.overall.ci[1])}, ` +
        `n = ${sv.overall.n}); ${sv.suppressedAreas} of ${sv.rows.length} areas under ${sv.minN} respondents not shown`,
    );
  }
  for (const note of report.notes) lines.push(`  Note: ${note}`);
  for (const a of report.absentSections) lines.push(`  Not in this report: ${a.section} — ${a.reason}`);
  lines.push(`  Open ${htmlPath} in a browser (no server needed).`);
  return `${lines.join('\n')}\n`;
}
