import { DEFAULT_PERMUTATIONS, DEFAULT_REPLICATES, DEFAULT_SEED, readCsv } from '@cohesion/geo';
import {
  type CensusComparison,
  CHANGE_INDICES,
  compareCensuses,
  geographyLabel,
  groupName,
  readCensusTable,
} from '@cohesion/report';
import { command } from '../command.js';
import { listFlag, numberFlag, RULES, required, stringFlags, UsageError } from '../flags.js';
import { emit } from '../output.js';

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

/** Each census: the table and, for tables of no recognised layout, how to read it. */
const SIDE = ['', '-id', '-total', '-groups', '-reference-group', '-year'];

const FLAGS = stringFlags([
  ...['before', 'after'].flatMap((p) => SIDE.map((s) => `${p}${s}`)),
  'seed',
  'replicates',
  'iterations',
]);

export const run = command({ help: HELP, flags: FLAGS }, async (values) => {
  const v = values as Record<string, string | boolean | undefined>;
  // Checked before the tables are read. --iterations are the random labellings of the test.
  const seed = numberFlag(values.seed, 'seed', RULES.seed, DEFAULT_SEED);
  const replicates = numberFlag(values.replicates, 'replicates', RULES.replicates, DEFAULT_REPLICATES);
  const iterations = numberFlag(values.iterations, 'iterations', RULES.replicates, DEFAULT_PERMUTATIONS);
  const read = async (p: 'before' | 'after') => {
    const path = required(v[p] as string | undefined, p);
    const y = v[`${p}-year`] as string | undefined;
    if (y !== undefined && y !== '2011' && y !== '2021')
      throw new UsageError(`--${p}-year must be 2011 or 2021, got "${y}"`);
    const groups = listFlag(v[`${p}-groups`] as string | undefined);
    const opt = (k: string) => v[`${p}-${k}`] as string | undefined;
    const table = readCensusTable(await readCsv(path), null, {
      ...(opt('id') ? { id: opt('id')! } : {}),
      ...(opt('total') ? { total: opt('total')! } : {}),
      ...(groups ? { groups } : {}),
      ...(opt('reference-group') ? { referenceGroup: opt('reference-group')! } : {}),
      ...(y ? { year: Number(y) } : {}),
      flags: { id: `--${p}-id`, year: `--${p}-year` },
    });
    return table;
  };
  const before = await read('before');
  const after = await read('after');
  const result = compareCensuses(before, after, {
    seed,
    replicates,
    iterations,
    geography: [geographyLabel(before.ids, before.year), geographyLabel(after.ids, after.year)],
  });
  return emit(values, { json: result, text: () => compareText(result) });
});

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
