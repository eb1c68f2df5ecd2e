import { resolve } from 'node:path';
import { computeCouncilReport, writeReport } from '@cohesion/report';
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
Data are read from COHESION_DATA_DIR, else ../shared/data.`;

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
  }
  return 0;
}
