import {
  CohesionError,
  DEFAULT_REPLICATES,
  DEFAULT_SEED,
  DEFAULT_SINGLE_GROUP_INDICES,
  MULTIGROUP_INDICES,
  type MultiGroupIndexName,
  numericColumn,
  readCsv,
  type SegregationIndexOptions,
  SINGLE_GROUP_INDICES,
  type SingleGroupIndexName,
  segregationByGroup,
  segregationIndices,
} from '@cohesion/geo';
import { type CommandValues, command } from '../command.js';
import { numberFlag, RULES, stringFlags, UsageError } from '../flags.js';
import { emit, prettyJson } from '../output.js';
import { benchmarkJson } from './segregation-benchmark.js';
import { bootstrapJson, placeJson, sumColumns } from './segregation-json.js';
import { runLocal } from './segregation-local.js';
import { SPATIAL_FLAGS, SPATIAL_HELP } from './spatial-segregation.js';

export const summary =
  'segregation --table CSV --total COL --group COL [--group COL …] [--by COL] [--index NAME,…|all] --json';

const HELP = `Usage: cohesion segregation --table CSV --total COL --group COL [--group COL …]
         [--by COL] [--index NAME,…|all] [--atkinson-b B] [--seed N] [--iterations N] --json
         [--bootstrap N] [--by COL --benchmark PLACE [--region COL] [--peers A,B,… | --nearest K]
         [--benchmark-index NAME]]
       cohesion segregation --areas FILE --id PROP [--table CSV --table-id COL [--allow-extra-rows]]
         --total COL --group COL [--group COL …] --out FILE.geojson|.csv|.fgb [--json]
         [--spatial [--distance M | --distances M,M,…] [--kernel NAME] [--centre …]]

Segregation of each --group against the rest of the population (rest = total − group), and with
two or more groups the multigroup indices over the groups plus a "rest" column (total − Σ groups)
wherever some areas have people outside the listed groups. With several groups "indices" also holds
the single-group indices of the listed groups taken together, and "groups" each group's own.
--by COL computes everything for every value of COL (e.g. every council) in one pass.
--benchmark PLACE ranks that place on --benchmark-index (default dissimilarity; a multigroup name
ranks the multigroup value) among all places, within its --region (a column, e.g. RGN11NM), and among
--peers (a list) or its --nearest K places by population size and whole ethnic mix (every group of a
recognised census layout plus the rest, whatever --group asks; other tables: the groups given).
--bootstrap N (one table) adds person-bootstrap standard errors and 95% intervals of D (and of M and
multigroup D with several groups), seeded by --seed.
--areas writes per-area local indices (location quotients, local diversity / entropy, Simpson's,
Elbers' local segregation ls with weight p, Σ p·ls = M) to --out; counts come from --table joined
on --table-id (default: --id), or from the areas' own properties. Every area needs a row and every
row an area (UNMATCHED_CODE naming it), unless --allow-extra-rows (a national table joined to one
council: rows for other areas are left out).

Single-group indices: ${SINGLE_GROUP_INDICES.join(', ')}
Multigroup indices:   ${MULTIGROUP_INDICES.join(', ')}
Default: every deterministic index and dissimilarityExpected (D under no segregation, Elbers; not
with --by); --index all adds the other simulated ones. All simulations are seeded (--seed, default 12345).

${SPATIAL_HELP}`;

const FLAGS = {
  ...stringFlags([
    'table',
    'total',
    'by',
    'index',
    'atkinson-b',
    'benchmark',
    'region',
    'peers',
    'nearest',
    'benchmark-index',
    'bootstrap',
    'seed',
    'iterations',
    'areas',
    'id',
    'table-id',
  ]),
  ...SPATIAL_FLAGS,
  group: { type: 'string', multiple: true },
  'allow-extra-rows': { type: 'boolean' },
} as const;

/** The parsed flags of `cohesion segregation` (shared with its --areas and --benchmark parts). */
export type Values = CommandValues<typeof FLAGS>;

/** `--index a,b|all` → which single and multigroup indices to compute. */
function chooseIndices(
  spec: string | undefined,
  byPlace: boolean,
): Pick<SegregationIndexOptions, 'single' | 'multi'> {
  if (spec === undefined) {
    // Expected D under no segregation sits next to D by default; across every council it costs
    // 100 simulated tables per group per council, so with --by it is asked for by name.
    const single: SingleGroupIndexName[] = [...DEFAULT_SINGLE_GROUP_INDICES];
    if (!byPlace) single.push('dissimilarityExpected');
    return { single, multi: MULTIGROUP_INDICES };
  }
  const names = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.includes('all')) return { single: SINGLE_GROUP_INDICES, multi: MULTIGROUP_INDICES };
  const single: SingleGroupIndexName[] = [];
  const multi: MultiGroupIndexName[] = [];
  for (const n of names) {
    if ((SINGLE_GROUP_INDICES as readonly string[]).includes(n)) single.push(n as SingleGroupIndexName);
    else if ((MULTIGROUP_INDICES as readonly string[]).includes(n)) multi.push(n as MultiGroupIndexName);
    else {
      throw new UsageError(
        `--index: unknown index "${n}" (use all or any of ${[...SINGLE_GROUP_INDICES, ...MULTIGROUP_INDICES].join(', ')})`,
        'INVALID_ARGUMENT',
      );
    }
  }
  if (single.length + multi.length === 0) throw new UsageError('--index: no index named');
  return { single, multi };
}

export const run = command({ help: HELP, flags: FLAGS, writes: true }, async (values, { progress }) => {
  const groupNames = values.group ?? [];
  if (groupNames.length === 0) throw new UsageError('missing required flag --group');
  if (new Set(groupNames).size !== groupNames.length)
    throw new UsageError('--group: the same column is listed twice');
  if (!values.total) throw new UsageError('missing required flag --total');
  const totalColumn = values.total;
  // The range of b (0 < b < 1) is the library's check. Without --seed the library's DEFAULT_SEED.
  const atkinsonB = numberFlag(values['atkinson-b'], 'atkinson-b');
  const seed = numberFlag(values.seed, 'seed', RULES.seed);
  const iterations = numberFlag(values.iterations, 'iterations', RULES.replicates);
  const opts: SegregationIndexOptions = {
    ...chooseIndices(values.index, values.by !== undefined),
    ...(atkinsonB !== undefined ? { atkinsonB } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(iterations !== undefined ? { iterations } : {}),
  };
  if (
    groupNames.length === 1 &&
    values.index !== undefined &&
    values.index !== 'all' &&
    opts.single?.length === 0
  ) {
    throw new UsageError(`--index ${values.index}: multigroup indices need two or more --group`);
  }

  if (values.spatial && !values.areas) throw new UsageError('--spatial needs --areas FILE --id PROP');
  if ((values.distance || values.distances || values.kernel || values.centre) && !values.spatial) {
    throw new UsageError('--distance, --distances, --kernel and --centre go with --spatial');
  }
  if (values['allow-extra-rows'] && !(values.areas && values.table))
    throw new UsageError('--allow-extra-rows goes with --areas FILE --table CSV');
  if (values.areas) return runLocal(values, groupNames, totalColumn, opts);
  if (values.id || values['table-id'] || values.out) {
    throw new UsageError('--id, --table-id and --out go with --areas (per-area local indices)');
  }
  if (!values.table) throw new UsageError('missing required flag --table');
  const table = await readCsv(values.table);
  if (table.rows.length === 0) {
    throw new CohesionError('EMPTY_INPUT', `${table.source ?? values.table}: the table has no data rows`, {
      source: table.source ?? values.table,
    });
  }
  const total = numericColumn(table, totalColumn);
  const groups = groupNames.map((g) => numericColumn(table, g));
  // The first column usually holds the area code: errors then name it as well as the row, and the
  // library checks the codes are unique (a repeated row would be counted twice: DUPLICATE_CODE).
  const idColumn = table.columns[0]!;
  const ids =
    idColumn !== totalColumn && !groupNames.includes(idColumn) && idColumn !== values.by
      ? table.rows.map((r) => r[idColumn] ?? '')
      : undefined;
  const input = {
    groups,
    groupNames,
    total,
    totalColumn,
    source: table.source ?? values.table,
    ...(ids ? { ids, idColumn } : {}),
  };
  const several = groupNames.length > 1;
  const combinedInput = (g: Float64Array[], t: Float64Array) => ({
    groups: [sumColumns(g)],
    groupNames: [groupNames.join('+')],
    total: t,
    totalColumn,
  });
  const singleOnly = { ...opts, multi: [] };

  let out: unknown;
  if (values.by && values.bootstrap !== undefined) {
    throw new UsageError('--bootstrap works on one table (without --by)');
  }
  if (values.by) {
    const byColumn = values.by;
    if (!table.columns.includes(byColumn)) {
      throw new CohesionError(
        'MISSING_COLUMN',
        `${table.source ?? values.table}: no column "${byColumn}" (--by)`,
        {
          column: byColumn,
          source: table.source ?? values.table,
        },
      );
    }
    const by = table.rows.map((r) => r[byColumn] ?? '');
    const res = segregationByGroup(input, by, opts);
    const comb = several ? segregationByGroup(combinedInput(groups, total), by, singleOnly) : null;
    const places: Record<string, unknown> = {};
    res.places.forEach((name, j) => {
      places[name] = placeJson(res.results[j]!, groupNames, comb ? comb.results[j]! : null);
    });
    out = {
      by: places,
      byColumn,
      places: res.places.length,
      ...(values.benchmark ? { benchmark: benchmarkJson(values, table, res, groupNames) } : {}),
    };
  } else {
    if (values.benchmark) throw new UsageError('--benchmark needs --by (the column naming each place)');
    const res = segregationIndices(input, opts);
    const comb = several ? segregationIndices(combinedInput(groups, total), singleOnly) : null;
    out = placeJson(res, groupNames, comb);
    if (values.bootstrap !== undefined) {
      // Each replicate recomputes D (and M) over every area: MAX_REPLICATES keeps a typo such as
      // 1e9 from running for hours; progress shows on a terminal.
      const reps = numberFlag(values.bootstrap, 'bootstrap', RULES.replicates, DEFAULT_REPLICATES);
      (out as Record<string, unknown>).bootstrap = bootstrapJson(
        groups,
        total,
        reps,
        seed ?? DEFAULT_SEED,
        groupNames,
        res.restAdded,
        progress,
      );
    }
  }
  return emit(values, { json: out, text: () => prettyJson(out) });
});
