import {
  benchmarkPlace,
  bootstrapIndex,
  bootstrapMultigroup,
  CohesionError,
  checkMultiGroup,
  DEFAULT_SINGLE_GROUP_INDICES,
  joinByCode,
  localDiversityRow,
  localSegregation,
  localSimpsonsConcentrationRow,
  localSimpsonsInteractionRow,
  locationQuotientValues,
  MAX_REPLICATES,
  MULTIGROUP_INDICES,
  type MultiGroupIndexName,
  numericColumn,
  type PlaceIndices,
  parseNumber,
  readAreas,
  readCsv,
  type SegregationByGroupResult,
  type SegregationIndexOptions,
  SINGLE_GROUP_INDICES,
  type SingleGroupIndexName,
  segregationByGroup,
  segregationIndices,
  type Table,
} from '@cohesion/geo';
import { recogniseLayout } from '@cohesion/report';
import type { FeatureCollection } from 'geojson';
import {
  intFlag,
  jsonReplacer,
  numberFlag,
  OUT_HELP,
  OUTPUT_FLAGS,
  parseFlags,
  printJson,
  saveOptions,
  UsageError,
  writeOutput,
} from '../common.js';
import {
  parseSpatialFlags,
  SPATIAL_FLAGS,
  SPATIAL_HELP,
  spatialLocalColumns,
  spatialSegregation,
} from './spatial-segregation.js';

export const summary =
  'segregation --table CSV --total COL --group COL [--group COL …] [--by COL] [--index NAME,…|all] --json';

const HELP = `Usage: cohesion segregation --table CSV --total COL --group COL [--group COL …]
         [--by COL] [--index NAME,…|all] [--atkinson-b B] [--seed N] [--iterations N] --json
         [--bootstrap N] [--by COL --benchmark PLACE [--region COL] [--peers A,B,… | --nearest K]
         [--benchmark-index NAME]]
       cohesion segregation --areas FILE --id PROP [--table CSV --table-id COL]
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
on --table-id (default: --id), or from the areas' own properties.

Single-group indices: ${SINGLE_GROUP_INDICES.join(', ')}
Multigroup indices:   ${MULTIGROUP_INDICES.join(', ')}
Default: every deterministic index and dissimilarityExpected (D under no segregation, Elbers; not
with --by); --index all adds the other simulated ones. All simulations are seeded (--seed, default 0).

${SPATIAL_HELP}

${OUT_HELP}`;

const FLAGS = {
  ...SPATIAL_FLAGS,
  table: { type: 'string' },
  total: { type: 'string' },
  group: { type: 'string', multiple: true },
  by: { type: 'string' },
  index: { type: 'string' },
  'atkinson-b': { type: 'string' },
  benchmark: { type: 'string' },
  region: { type: 'string' },
  peers: { type: 'string' },
  nearest: { type: 'string' },
  'benchmark-index': { type: 'string' },
  bootstrap: { type: 'string' },
  seed: { type: 'string' },
  iterations: { type: 'string' },
  areas: { type: 'string' },
  id: { type: 'string' },
  'table-id': { type: 'string' },
  ...OUTPUT_FLAGS,
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

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

const toNumberOrNull = (v: number) => (Number.isFinite(v) ? v : null);

/** One place's indices as JSON: `indices` (combined group + multigroup), `groups` (each group). */
function placeJson(p: PlaceIndices, groupNames: readonly string[], combined: PlaceIndices | null) {
  const single = (src: PlaceIndices, m: number) => {
    const o: Record<string, number | null> = {};
    for (const [name, arr] of Object.entries(src.single)) o[name] = toNumberOrNull(arr[m]!);
    return o;
  };
  const summaryOf = (src: PlaceIndices, m: number) => ({
    groupTotal: src.groupTotals[m]!,
    populationTotal: src.populationTotal,
    proportion: src.groupTotals[m]! / src.populationTotal,
  });
  const base = {
    areas: p.areas,
    areasUsed: p.areas - p.droppedAreas,
    droppedAreas: p.droppedAreas,
    // 1-based data rows, as in error messages.
    droppedRows: p.droppedRows.map((r) => r + 1),
    populationTotal: p.populationTotal,
  };
  if (groupNames.length === 1) {
    return { indices: single(p, 0), summary: { ...base, ...summaryOf(p, 0) } };
  }
  const indices: Record<string, number | null> = combined ? single(combined, 0) : {};
  for (const [name, v] of Object.entries(p.multi)) indices[name] = toNumberOrNull(v);
  const groups: Record<string, unknown> = {};
  groupNames.forEach((g, m) => {
    groups[g] = { indices: single(p, m), summary: summaryOf(p, m) };
  });
  return {
    indices,
    groups,
    summary: {
      ...base,
      ...(combined
        ? { groupTotal: combined.groupTotals[0]!, proportion: combined.groupTotals[0]! / p.populationTotal }
        : {}),
      multigroupColumns: p.restAdded ? [...groupNames, 'rest'] : [...groupNames],
    },
  };
}

function sumColumns(cols: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(cols[0]!.length);
  for (const c of cols) for (let i = 0; i < c.length; i++) out[i] = out[i]! + c[i]!;
  return out;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, FLAGS);
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const groupNames = values.group ?? [];
  if (groupNames.length === 0) throw new UsageError('missing required flag --group');
  if (new Set(groupNames).size !== groupNames.length)
    throw new UsageError('--group: the same column is listed twice');
  if (!values.total) throw new UsageError('missing required flag --total');
  const totalColumn = values.total;
  const atkinsonB = numberFlag(values['atkinson-b'], 'atkinson-b');
  const seed = numberFlag(values.seed, 'seed');
  const iterations =
    values.iterations === undefined
      ? undefined
      : intFlag(values.iterations, 'iterations', 0, 2, MAX_REPLICATES);
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
      const reps = intFlag(values.bootstrap, 'bootstrap', 999, 2, MAX_REPLICATES);
      (out as Record<string, unknown>).bootstrap = bootstrapJson(
        groups,
        total,
        reps,
        seed ?? 0,
        groupNames,
        res.restAdded,
      );
    }
  }
  if (values.json) printJson(out);
  else process.stdout.write(`${JSON.stringify(out, jsonReplacer, 2)}\n`);
  return 0;
}

/**
 * `--bootstrap N`: person-bootstrap SE, 95% percentile interval and bias-corrected value of D for the
 * group (the listed groups together) and, with several groups, of M and multigroup D.
 */
function bootstrapJson(
  groups: Float64Array[],
  total: Float64Array,
  iterations: number,
  seed: number,
  groupNames: string[],
  restAdded: boolean,
) {
  const pick = (b: ReturnType<typeof bootstrapIndex>) => ({
    estimate: b.estimate,
    standardError: b.standardError,
    ci: b.ci,
    bias: b.bias,
    biasCorrected: b.biasCorrected,
  });
  const x = sumColumns(groups);
  const out: Record<string, unknown> = {
    iterations,
    seed,
    level: 0.95,
    resample: 'persons',
    dissimilarity: pick(bootstrapIndex(x, total, { iterations, seed })),
  };
  if (groupNames.length > 1) {
    const k = groups.length + (restAdded ? 1 : 0);
    const n = total.length;
    const counts = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let m = 0; m < groups.length; m++) {
        counts[i * k + m] = groups[m]![i]!;
        s += groups[m]![i]!;
      }
      if (restAdded) counts[i * k + groups.length] = Math.max(0, total[i]! - s);
    }
    out.mutualInformation = pick(bootstrapMultigroup({ counts, k }, { iterations, seed }));
    out.multiDissimilarity = pick(
      bootstrapMultigroup({ counts, k }, { iterations, seed, index: 'multiDissimilarity' }),
    );
  }
  return out;
}

/**
 * Each place's whole ethnic mix for finding peers: every group of a recognised census layout (Census
 * 2021 TS021, 2011 KS201EW, the MLID names) plus the rest of the total, whatever groups were asked
 * for — so the peers do not change with `--group`. Other tables: the groups given plus the rest.
 */
function wholeMix(table: Table, values: Values, res: SegregationByGroupResult, groupNames: string[]) {
  const layout = recogniseLayout(table.columns);
  const cols = layout ? layout.groups.map((g) => g.column) : groupNames;
  const totalCol = values.total!;
  const place = new Map(res.places.map((p, j) => [p, j]));
  const k = cols.length + 1;
  const sums = new Float64Array(res.places.length * k);
  const totals = new Float64Array(res.places.length);
  const colValues = cols.map((c) => numericColumn(table, c));
  const total = numericColumn(table, totalCol);
  table.rows.forEach((r, i) => {
    const j = place.get(r[values.by!] ?? '');
    if (j === undefined) return;
    totals[j] = totals[j]! + total[i]!;
    let s = 0;
    colValues.forEach((v, m) => {
      sums[j * k + m] = sums[j * k + m]! + v[i]!;
      s += v[i]!;
    });
    sums[j * k + cols.length] = sums[j * k + cols.length]! + Math.max(0, total[i]! - s);
  });
  const shares = new Float64Array(sums.length);
  for (let j = 0; j < res.places.length; j++)
    for (let m = 0; m < k; m++) shares[j * k + m] = totals[j]! > 0 ? sums[j * k + m]! / totals[j]! : 0;
  return { shares, k };
}

/** `--benchmark PLACE`: rank and percentile of the place among all, its region and its peers. */
function benchmarkJson(values: Values, table: Table, res: SegregationByGroupResult, groupNames: string[]) {
  const place = values.benchmark!;
  const name = values['benchmark-index'] ?? 'dissimilarity';
  const isSingle = (SINGLE_GROUP_INDICES as readonly string[]).includes(name);
  if (!isSingle && !(MULTIGROUP_INDICES as readonly string[]).includes(name)) {
    throw new UsageError(`--benchmark-index: unknown index "${name}"`);
  }
  let regions: string[] | undefined;
  if (values.region) {
    const rc = values.region;
    if (!table.columns.includes(rc)) {
      throw new CohesionError('MISSING_COLUMN', `${table.source ?? 'table'}: no column "${rc}" (--region)`, {
        column: rc,
      });
    }
    const regionOf = new Map<string, string>();
    for (const r of table.rows) {
      const p = r[values.by!] ?? '';
      if (!regionOf.has(p)) regionOf.set(p, r[rc] ?? '');
    }
    regions = res.places.map((p) => regionOf.get(p) ?? '');
  }
  const { shares, k } = wholeMix(table, values, res, groupNames);
  const peers = values.peers
    ? {
        peers: values.peers
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean),
      }
    : {};
  const nearest = values.nearest !== undefined ? numberFlag(values.nearest, 'nearest') : undefined;
  if (nearest !== undefined && !(Number.isInteger(nearest) && nearest >= 1)) {
    throw new UsageError(`--nearest must be a whole number ≥ 1, got "${values.nearest}"`);
  }
  const base = {
    places: res.places,
    population: res.results.map((r) => r.populationTotal),
    groupShares: { values: shares, k },
    ...(regions ? { regions } : {}),
  };
  const opts = { ...peers, ...(nearest !== undefined && !values.peers ? { k: nearest } : {}) };
  // Every place is listed in `by`; the all-places list is left out here.
  const strip = (b: ReturnType<typeof benchmarkPlace>) => {
    const { places: _all, ...all } = b.all;
    return { ...b, all };
  };
  if (!isSingle) {
    const v = res.results.map((r) => r.multi[name as MultiGroupIndexName] ?? Number.NaN);
    if (v.every((x) => Number.isNaN(x)))
      throw new UsageError(`--benchmark-index ${name} was not computed (see --index)`);
    return { index: name, multigroup: strip(benchmarkPlace({ ...base, values: v }, place, opts)) };
  }
  const groups: Record<string, unknown> = {};
  groupNames.forEach((g, m) => {
    const arr = res.results.map((r) => r.single[name as SingleGroupIndexName]?.[m] ?? Number.NaN);
    if (arr.every((x) => Number.isNaN(x)))
      throw new UsageError(`--benchmark-index ${name} was not computed (see --index)`);
    groups[g] =
      Number.isNaN(arr[res.places.indexOf(place)] ?? Number.NaN) && res.places.includes(place)
        ? null
        : strip(benchmarkPlace({ ...base, values: arr }, place, opts));
  });
  return { index: name, groups };
}

type Values = {
  [K in keyof typeof FLAGS]?: K extends 'group'
    ? string[]
    : K extends 'json' | 'help' | 'spatial' | 'force'
      ? boolean
      : string;
};

/** Reads counts from feature properties (numbers or numeric strings), naming the feature on error. */
function propertyColumn(fc: FeatureCollection, name: string, ids: readonly string[]): Float64Array {
  const out = new Float64Array(fc.features.length);
  fc.features.forEach((f, i) => {
    const props = f.properties ?? {};
    if (!(name in props)) {
      throw new CohesionError('MISSING_PROPERTY', `area ${ids[i]} (feature ${i}) has no property "${name}"`, {
        feature: i,
        id: ids[i],
        column: name,
      });
    }
    const raw = props[name];
    const v = typeof raw === 'number' ? raw : typeof raw === 'string' ? parseNumber(raw) : Number.NaN;
    if (Number.isNaN(v)) {
      throw new CohesionError(
        'NON_NUMERIC',
        `area ${ids[i]} (feature ${i}): "${name}" is ${JSON.stringify(raw)}, not a number`,
        { feature: i, id: ids[i], column: name, value: raw },
      );
    }
    out[i] = v;
  });
  return out;
}

async function runLocal(
  values: Values,
  groupNames: string[],
  totalColumn: string,
  opts: SegregationIndexOptions,
): Promise<number> {
  const idProp = values.id;
  if (!idProp) throw new UsageError('missing required flag --id (the areas’ code property)');
  if (!values.out && !values.json) throw new UsageError('missing required flag --out (or --json)');
  const spatialOptions = values.spatial ? parseSpatialFlags(values) : undefined;
  if (values.by) throw new UsageError('--by cannot be combined with --areas');
  let areas = await readAreas(values.areas!);
  if (values.table) {
    const table: Table = await readCsv(values.table);
    areas = joinByCode(areas, table, {
      areaId: idProp,
      tableId: values['table-id'] ?? idProp,
      allowExtraRows: true,
      columns: [totalColumn, ...groupNames],
    }).areas;
  }
  const ids = areas.features.map((f, i) =>
    String(idProp === '$id' ? (f.id ?? i) : (f.properties?.[idProp] ?? `feature ${i}`)),
  );
  const total = propertyColumn(areas, totalColumn, ids);
  const groups = groupNames.map((g) => propertyColumn(areas, g, ids));
  const input = { groups, groupNames, total, totalColumn, ids, source: values.areas! };
  const global = segregationIndices(input, opts);
  const n = total.length;
  const k = groupNames.length;
  const restAdded = global.restAdded;
  const kk = restAdded ? k + 1 : k;
  const counts = new Float64Array(n * kk);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let m = 0; m < k; m++) {
      counts[i * kk + m] = groups[m]![i]!;
      s += groups[m]![i]!;
    }
    if (restAdded) counts[i * kk + k] = Math.max(0, total[i]! - s);
  }
  const table = { counts, k: kk };
  checkMultiGroup(table, { ids });
  const names = restAdded ? [...groupNames, 'rest'] : groupNames;
  const spatialArgs = spatialOptions
    ? { ...spatialOptions, areas, idProperty: idProp, groups, groupNames, total }
    : undefined;
  const spatial = spatialArgs ? await spatialSegregation(spatialArgs) : undefined;
  const spatialColumns = spatialArgs && values.out ? spatialLocalColumns(spatialArgs) : undefined;
  const lq = groupNames.map((_, m) => locationQuotientValues(groups[m]!, total));
  const ls = kk >= 2 ? localSegregation(table) : null;
  const features = areas.features.map((f, i) => {
    const props: Record<string, unknown> = { ...(f.properties ?? {}) };
    const ti = total[i]!;
    const num = (v: number) => (Number.isFinite(v) ? v : null);
    if (k === 1) props.locationQuotient = num(lq[0]![i]!);
    else {
      for (const [m, g] of groupNames.entries()) props[`locationQuotient_${g}`] = num(lq[m]![i]!);
    }
    if (kk >= 2) {
      const rowTotal = counts.subarray(i * kk, (i + 1) * kk).reduce((a, b) => a + b, 0);
      const has = rowTotal > 0;
      const d = has ? localDiversityRow(counts, i * kk, kk, rowTotal) : Number.NaN;
      props.localDiversity = num(d);
      props.localEntropy = num(has ? d / Math.log(kk) : Number.NaN);
      props.localSimpsonsInteraction = num(
        has ? localSimpsonsInteractionRow(counts, i * kk, kk, rowTotal) : Number.NaN,
      );
      props.localSimpsonsConcentration = num(
        has ? localSimpsonsConcentrationRow(counts, i * kk, kk, rowTotal) : Number.NaN,
      );
      props.localSegregation = num(ls!.ls[i]!);
      props.localSegregationWeight = ls!.p[i]!;
    }
    if (spatialColumns) for (const [name, col] of Object.entries(spatialColumns)) props[name] = num(col[i]!);
    props.populationZero = !(ti > 0);
    return { ...f, properties: props };
  });
  const outFc: FeatureCollection = { ...areas, features };
  if (values.out) await writeOutput(values.out, outFc, saveOptions(values));
  if (values.json) {
    const aspatial = placeJson(
      global,
      groupNames,
      k > 1
        ? segregationIndices(
            { groups: [sumColumns(groups)], groupNames: [groupNames.join('+')], total, totalColumn },
            { ...opts, multi: [] },
          )
        : null,
    );
    printJson({
      ...aspatial,
      indices: { ...aspatial.indices, ...(spatial?.indices ?? {}) },
      ...(spatial?.profile ? { profile: spatial.profile } : {}),
      local: {
        out: values.out ?? null,
        areas: n,
        multigroupColumns: names,
        mutualInformation: ls ? ls.total : null,
      },
    });
  }
  return 0;
}
