import { join, resolve } from 'node:path';
import { type CouncilReport, computeCouncilReport, writeReport } from '@cohesion/report';
import { parseFlags, printJson, UsageError } from '../common.js';

export const summary = 'report (--dataset NAME | --council NAME) --out DIR';

const HELP = `Usage: cohesion report (--dataset NAME | --council NAME) --out DIR
  [--seed 12345] [--permutations 999] [--replicates 999] [--minority-threshold 0.4] [--json]

Writes the cohesion report for one council into DIR: index.html (one self-contained file that opens
from disk, no server or internet needed), report.json (every headline number), areas.geojson and
areas.csv (per-LSOA results) and councils.csv (the national benchmark).

  --dataset NAME   a catalogue dataset with LSOA boundaries and census counts (e.g. trafford): the full
                   report — segregation, maps, green-space access, hotspots, national benchmark.
  --council NAME   a council in the Census 2011 national table (LAD11NM, e.g. "Leicester"): the
                   national benchmark only (aspatial). With --dataset, overrides the council's name.
  --json           also print report.json to stdout.
Data are read from COHESION_DATA_DIR, else the data/ folder of the Cohesion repository.`;

function count(flag: string, v: string | undefined, def: number, min: number): number {
  if (v === undefined) return def;
  const x = Number(v);
  if (!Number.isInteger(x) || x < min)
    throw new UsageError(`--${flag} must be an integer ≥ ${min}, got "${v}"`);
  return x;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    dataset: { type: 'string' },
    council: { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string' },
    permutations: { type: 'string' },
    replicates: { type: 'string' },
    'minority-threshold': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (!values.dataset && !values.council)
    throw new UsageError('give --dataset NAME (e.g. trafford) or --council NAME');
  if (!values.out) throw new UsageError('missing required flag --out (the folder to write the report into)');
  const threshold = values['minority-threshold'] === undefined ? 0.4 : Number(values['minority-threshold']);
  if (!(threshold >= 0 && threshold <= 1)) {
    throw new UsageError(
      `--minority-threshold must be between 0 and 1, got "${values['minority-threshold']}"`,
    );
  }
  const report = await computeCouncilReport({
    ...(values.dataset ? { dataset: values.dataset } : {}),
    ...(values.council ? { council: values.council } : {}),
    seed: count('seed', values.seed, 12345, 0),
    permutations: count('permutations', values.permutations, 999, 0),
    replicates: count('replicates', values.replicates, 999, 1),
    minorityThreshold: threshold,
  });
  const dir = resolve(values.out);
  const written = await writeReport(report, dir);
  process.stderr.write(`cohesion report: wrote ${written.files.join(', ')} to ${dir}\n`);
  if (values.json) {
    const { areas: _a, sites: _s, ...rest } = report;
    printJson(rest);
  } else {
    process.stdout.write(summaryText(report, join(dir, 'index.html')));
  }
  return 0;
}

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
        `  Segregation, Census 2021: D = ${d.value.toFixed(3)}${ci} for residents ${seg.minorityLabel} ` +
          `(${pct(seg.minorityShare)} of ${seg.population.toLocaleString('en-GB')} in ${seg.areas} LSOAs); ` +
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
  const angst = report.access?.shareMeeting.find((m) => m.key === 'angst_2ha_300m');
  if (angst && angst.shareOfPopulation !== null)
    lines.push(
      `  Green space: ${pct(angst.shareOfPopulation)} of residents live within 300 m of a site of 2 ha or more (ANGSt)`,
    );
  const b = report.hotspots?.burglary;
  if (b) {
    lines.push(
      `  Hotspots: ${b.hot} LSOAs in a burglary hot spot and ${b.cold} in a cold spot (Gi*, 95%), ${b.firstMonth} to ${b.lastMonth}`,
    );
  }
  for (const note of report.notes) lines.push(`  Note: ${note}`);
  lines.push(`  Open ${htmlPath} in a browser (no server needed).`);
  return `${lines.join('\n')}\n`;
}
