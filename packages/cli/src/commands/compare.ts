import { readCsv } from '@cohesion/geo';
import {
  type CensusComparison,
  CHANGE_INDICES,
  compareCensuses,
  geographyLabel,
  groupName,
  readCensusTable,
} from '@cohesion/report';
import { parseFlags, printJson, required, UsageError } from '../common.js';

export const summary =
  'compare --before CSV --after CSV [--before-total COL --before-reference-group COL …] [--json]';

const HELP = `Usage: cohesion compare --before CSV --after CSV [--json]
  [--before-id COL] [--before-total COL] [--before-groups COL,…] [--before-reference-group COL] [--before-year 2011]
  [--after-id COL]  [--after-total COL]  [--after-groups COL,…]  [--after-reference-group COL]  [--after-year 2021]
  [--seed 12345] [--replicates 999] [--iterations 999]

Compares one council's two censuses (e.g. 2011 and 2021 by LSOA) on a definition both share:
residents not in the reference group (White British) against everyone else, and each group
present in both years. For each: every single-group index (${CHANGE_INDICES.join(', ')}) in both
years with a seeded bootstrap interval (persons resampled, --replicates), the change after − before
with its interval, and the two-tailed p of PySAL's TwoValueTest (random labelling of the pooled
areas, --iterations). A recognised layout (Census 2021 TS021, Census 2011 KS201EW, the MLID names)
sets the columns, year and reference group; any other needs --*-reference-group and --*-year.
--json prints {"before": {"year", "indices": {…}, "ci": {…}}, "after": {…}, "difference": {index: {"value", "ci", "p"}}, "groups": […], "notes": […]}.`;

function num(flag: string, v: string | undefined, def: number, min: number): number {
  if (v === undefined) return def;
  const x = Number(v);
  if (!Number.isInteger(x) || x < min)
    throw new UsageError(`--${flag} must be an integer ≥ ${min}, got "${v}"`);
  return x;
}

export async function run(argv: string[]): Promise<number> {
  const sideFlags = (p: string) => ({
    [p]: { type: 'string' as const },
    [`${p}-id`]: { type: 'string' as const },
    [`${p}-total`]: { type: 'string' as const },
    [`${p}-groups`]: { type: 'string' as const },
    [`${p}-reference-group`]: { type: 'string' as const },
    [`${p}-year`]: { type: 'string' as const },
  });
  const { values } = parseFlags(argv, {
    ...sideFlags('before'),
    ...sideFlags('after'),
    seed: { type: 'string' },
    replicates: { type: 'string' },
    iterations: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  const v = values as Record<string, string | boolean | undefined>;
  if (v.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const read = async (p: 'before' | 'after') => {
    const path = required(v[p] as string | undefined, p);
    const y = v[`${p}-year`] as string | undefined;
    if (y !== undefined && y !== '2011' && y !== '2021')
      throw new UsageError(`--${p}-year must be 2011 or 2021, got "${y}"`);
    const groups = (v[`${p}-groups`] as string | undefined)
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const opt = (k: string) => v[`${p}-${k}`] as string | undefined;
    const table = readCensusTable(await readCsv(path), null, {
      ...(opt('id') ? { id: opt('id')! } : {}),
      ...(opt('total') ? { total: opt('total')! } : {}),
      ...(groups ? { groups } : {}),
      ...(opt('reference-group') ? { referenceGroup: opt('reference-group')! } : {}),
      ...(y ? { year: Number(y) } : {}),
    });
    return table;
  };
  const before = await read('before');
  const after = await read('after');
  const result = compareCensuses(before, after, {
    seed: num('seed', v.seed as string | undefined, 12345, 0),
    replicates: num('replicates', v.replicates as string | undefined, 999, 2),
    iterations: num('iterations', v.iterations as string | undefined, 999, 2),
    geography: [geographyLabel(before.ids, before.year), geographyLabel(after.ids, after.year)],
  });
  if (v.json) printJson(result);
  else process.stdout.write(compareText(result));
  return 0;
}

const f3 = (x: number) => x.toFixed(3);
const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;

/** The comparison as plain text for the terminal. */
export function compareText(c: CensusComparison): string {
  const lines = [
    `Residents ${c.group} vs ${groupName(c.referenceGroup)}: Census ${c.before.year} (${c.before.areas} areas, ${c.before.geography}) → Census ${c.after.year} (${c.after.areas} areas, ${c.after.geography})`,
    `  share ${(100 * c.before.share).toFixed(1)}% → ${(100 * c.after.share).toFixed(1)}%`,
  ];
  for (const k of CHANGE_INDICES) {
    const d = c.difference[k];
    lines.push(
      `  ${k.padEnd(17)} ${f3(c.before.indices[k])} → ${f3(c.after.indices[k])}  change ${signed(d.value)} (95% ${f3(d.ci[0])} to ${f3(d.ci[1])}), p = ${d.p.toFixed(3)}`,
    );
  }
  for (const g of c.groups) {
    const d = g.difference.dissimilarity;
    lines.push(
      `  ${groupName(g.group)}: D ${f3(g.before.indices.dissimilarity)} → ${f3(g.after.indices.dissimilarity)} (${signed(d.value)}, p = ${d.p.toFixed(3)})`,
    );
  }
  for (const n of c.notes) lines.push(`Note: ${n}`);
  return `${lines.join('\n')}\n`;
}
