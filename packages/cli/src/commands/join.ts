import { joinByCode, readAreas, readCsv } from '@cohesion/geo';
import {
  OUT_HELP,
  OUTPUT_FLAGS,
  parseFlags,
  printJson,
  required,
  saveOptions,
  writeOutput,
} from '../common.js';

export const summary = 'join --areas FILE --id PROP --table CSV --table-id COL --out FILE';

const HELP = `Usage: cohesion join --areas FILE --id PROP --table CSV --table-id COL (--out FILE | --json)
       [--lenient] [--allow-extra-rows] [--columns A,B,…]

Joins a CSV to areas by code. Every area must find exactly one row and every row an area, unless
--lenient (problems become warnings; unmatched areas get empty values) or --allow-extra-rows (a
national table joined to one council). The join report goes to stderr as JSON.

${OUT_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    areas: { type: 'string' },
    id: { type: 'string' },
    table: { type: 'string' },
    'table-id': { type: 'string' },
    ...OUTPUT_FLAGS,
    json: { type: 'boolean' },
    lenient: { type: 'boolean' },
    'allow-extra-rows': { type: 'boolean' },
    columns: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const areasPath = required(values.areas, 'areas');
  const id = required(values.id, 'id');
  const tablePath = required(values.table, 'table');
  const tableId = required(values['table-id'], 'table-id');
  if (!values.out && !values.json) required(values.out, 'out');
  const [areas, table] = await Promise.all([readAreas(areasPath), readCsv(tablePath)]);
  const { areas: joined, report } = joinByCode(areas, table, {
    areaId: id,
    tableId,
    strict: !values.lenient,
    allowExtraRows: values['allow-extra-rows'] ?? false,
    ...(values.columns ? { columns: values.columns.split(',').map((c) => c.trim()) } : {}),
  });
  const { unmatchedRows, ...brief } = report;
  process.stderr.write(
    `${JSON.stringify({ join: { ...brief, unmatchedRows: unmatchedRows.length, firstUnmatchedRows: unmatchedRows.slice(0, 10) } })}\n`,
  );
  if (values.out) await writeOutput(values.out, joined, saveOptions(values));
  if (values.json) printJson(joined);
  return 0;
}
