import { joinByCode, readAreas, readCsv } from '@cohesion/geo';
import { command } from '../command.js';
import { listFlag, required, stringFlags, TABLE_FLAGS } from '../flags.js';
import { emit } from '../output.js';

export const summary = 'join --areas FILE --id PROP --table CSV --table-id COL --out FILE';

const HELP = `Usage: cohesion join --areas FILE --id PROP --table CSV --table-id COL (--out FILE | --json)
       [--lenient] [--allow-extra-rows] [--columns A,B,…]

Joins a CSV to areas by code. Every area must find exactly one row and every row an area, unless
--lenient (problems become warnings; unmatched areas get empty values) or --allow-extra-rows (a
national table joined to one council). The join report goes to stderr as JSON.`;

const FLAGS = {
  ...stringFlags(['areas', 'id', 'columns']),
  ...TABLE_FLAGS,
  lenient: { type: 'boolean' },
  'allow-extra-rows': { type: 'boolean' },
} as const;

export const run = command({ help: HELP, flags: FLAGS, writes: true }, async (values) => {
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
    ...(values.columns ? { columns: listFlag(values.columns)! } : {}),
  });
  const { unmatchedRows, ...brief } = report;
  process.stderr.write(
    `${JSON.stringify({ join: { ...brief, unmatchedRows: unmatchedRows.length, firstUnmatchedRows: unmatchedRows.slice(0, 10) } })}\n`,
  );
  return emit(values, { file: joined, json: joined });
});
