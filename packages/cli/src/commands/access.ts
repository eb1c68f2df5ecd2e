import {
  ACCESS_STANDARDS,
  type AccessStandard,
  analyseGreenSpaceAccess,
  buildAccessNetwork,
  CohesionError,
  createSiteIndex,
  DEFAULT_REPLICATES,
  DEFAULT_SEED,
  defineAccessStandard,
  linkAccessPoints,
  numericColumn,
  parseNumber,
  prepareGreenSpaceSites,
  prepareOrigins,
  preparePoints,
  readAreas,
  readCsv,
  readText,
  type Table,
  tableIdIndex,
} from '@cohesion/geo';
import { recogniseLayout } from '@cohesion/report';
import { command } from '../command.js';
import { listFlag, numberFlag, RULES, required, stringFlags, UsageError } from '../flags.js';
import { emit, requireOutput } from '../output.js';

export const summary =
  'access --origins FILE --id PROP --sites FILE [--table CSV --table-id COL --population COL] --json';

const HELP = `Usage: cohesion access --origins FILE --id PROP --sites FILE (--json | --out FILE)
  [--table CSV --table-id COL --population COL [--allow-extra-rows]] [--groups COL,…] [--minority-groups COL,…]
  [--minority-threshold 0.4] [--site-id PROP] [--site-type TYPE,…]
  [--access-points FILE [--site-ref PROP | --link-distance 20]]
  [--standard angst|gi|3-30-300|FILE.json,…] [--network FILE] [--within 1000] [--catchment 1000]
  [--model 2sfca|e2sfca|gravity] [--steps 300:1,600:0.68,1000:0.22] [--alpha -1] [--scale 1000]
  [--imd CSV [--imd-id COL] [--imd-decile COL] [--imd-areas FILE --imd-areas-id PROP]]
  [--seed 12345] [--replicates 999]

Green-space access for every origin (areas → a point on their surface, or points): distance to the
nearest site (0 inside; edge, or nearest linked access point), sites and hectares within 1 km,
standard flags (ANGSt always; GI Framework, 3-30-300 or a custom JSON standard on request), site
hectares per 1,000 people by 2SFCA (or E2SFCA with --steps, or gravity with --alpha/--scale), and
equity by ethnic group, IMD decile and minority share (default: the groups outside the White broad
group — read from a recognised census layout (Census 2021 TS021, 2011 KS201EW, MLID names), else
every group column not starting with "White" — at ≥ 40%). Distances are BNG metres; straight-line unless
--network (GeoJSON lines) is given. Access points without --site-ref are linked to the site whose
boundary is within --link-distance metres. IMD 2019 uses LSOA 2011 codes: origins are matched by
code, or with --imd-areas (LSOA 2011 polygons) by the LSOA 2011 that contains each origin's point;
unmatched origins are listed in summary.imd. Every origin needs a row of --table and every row an
origin (UNMATCHED_CODE naming it), unless --allow-extra-rows (a national table: other rows left out).`;

function tableById(table: Table, idCol: string, what: string) {
  if (!table.columns.includes(idCol)) {
    throw new CohesionError('MISSING_COLUMN', `${what} has no column "${idCol}"`, {
      column: idCol,
      source: table.source,
    });
  }
  return tableIdIndex(table, idCol).index;
}

function reorder(col: Float64Array, rows: readonly number[]): Float64Array {
  return Float64Array.from(rows, (r) => col[r]!);
}

const FLAGS = {
  ...stringFlags([
    'origins',
    'id',
    'table',
    'table-id',
    'population',
    'groups',
    'minority-groups',
    'minority-threshold',
    'sites',
    'site-id',
    'site-type',
    'access-points',
    'site-ref',
    'link-distance',
    'standard',
    'network',
    'within',
    'catchment',
    'model',
    'steps',
    'alpha',
    'scale',
    'imd',
    'imd-id',
    'imd-decile',
    'imd-areas',
    'imd-areas-id',
    'seed',
    'replicates',
  ]),
  'allow-extra-rows': { type: 'boolean' },
} as const;

export const run = command({ help: HELP, flags: FLAGS, writes: true }, async (values, { progress }) => {
  const originsPath = required(values.origins, 'origins');
  const id = required(values.id, 'id');
  const sitesPath = required(values.sites, 'sites');
  requireOutput(values);
  // Every number is checked before any file is read.
  const metres = (flag: 'link-distance' | 'within' | 'catchment', def: number) =>
    numberFlag(values[flag], flag, RULES.nonNegative, def);
  const linkDistance = metres('link-distance', 20);
  const withinDistanceM = metres('within', 1000);
  const catchmentM = metres('catchment', 1000);
  const minorityThreshold = numberFlag(values['minority-threshold'], 'minority-threshold', RULES.share, 0.4);
  const bootstrap = {
    seed: numberFlag(values.seed, 'seed', RULES.seed, DEFAULT_SEED),
    replicates: numberFlag(values.replicates, 'replicates', RULES.replicates, DEFAULT_REPLICATES),
  };
  if ((values.table === undefined) !== (values['table-id'] === undefined)) {
    throw new UsageError('--table and --table-id go together');
  }
  if (values.population && !values.table) throw new UsageError('--population needs --table and --table-id');
  if (values.table && !values.population) {
    throw new UsageError('--table needs --population COL (residents per origin) to weight the results');
  }
  if (values['allow-extra-rows'] && !values.table)
    throw new UsageError('--allow-extra-rows goes with --table');
  if (values['site-ref'] && !values['access-points'])
    throw new UsageError('--site-ref needs --access-points');

  const [originsFc, sitesFc] = await Promise.all([readAreas(originsPath), readAreas(sitesPath)]);
  const origins = prepareOrigins(originsFc, { idProperty: id, source: originsPath });
  const types = listFlag(values['site-type']);
  const sites = prepareGreenSpaceSites(sitesFc, {
    source: sitesPath,
    ...(values['site-id'] ? { idProperty: values['site-id'] } : {}),
    ...(types?.length ? { types } : {}),
  });
  let index = createSiteIndex(sites);
  let link: ReturnType<typeof linkAccessPoints> | undefined;
  if (values['access-points']) {
    const pts = preparePoints(
      await readAreas(values['access-points']),
      `access points (${values['access-points']})`,
    );
    link = linkAccessPoints(pts, index, {
      ...(values['site-ref'] ? { siteRef: values['site-ref'] } : {}),
      maxDistance: linkDistance,
    });
    index = createSiteIndex(sites, link);
  }

  const standards: AccessStandard[] = [];
  for (const name of (values.standard ?? 'angst').split(',').map((s) => s.trim())) {
    if (!name) continue;
    const preset = ACCESS_STANDARDS[name.toLowerCase()];
    if (preset) standards.push(preset);
    else if (/\.json$/i.test(name)) {
      let data: unknown;
      try {
        data = JSON.parse(await readText(name));
      } catch (err) {
        if (err instanceof CohesionError) throw err;
        throw new CohesionError('PARSE_ERROR', `--standard ${name}: not valid JSON`, { source: name });
      }
      standards.push(defineAccessStandard(data));
    } else {
      throw new UsageError(
        `--standard "${name}": use ${Object.keys(ACCESS_STANDARDS).join(', ')} or a .json file`,
      );
    }
  }

  // Table: population and group counts, in origin order; every origin must have a row.
  let population: Float64Array | undefined;
  let groups: Record<string, Float64Array> | undefined;
  let minorityGroups: string[] | undefined;
  if (values.table) {
    const table = await readCsv(values.table);
    const tableId = values['table-id']!;
    const rowOf = tableById(table, tableId, values.table);
    const rows = origins.ids.map((oid, i) => {
      const r = rowOf.get(oid);
      if (r === undefined) {
        throw new CohesionError(
          'UNMATCHED_CODE',
          `origin "${oid}" (feature ${i}) has no row in ${values.table}`,
          {
            feature: i,
            id: oid,
            source: values.table,
          },
        );
      }
      return r;
    });
    // A row matching no origin is UNMATCHED_CODE unless asked for (docs/bad-input.md), as in join.
    if (!values['allow-extra-rows'] && rows.length < rowOf.size) {
      const used = new Set(rows);
      const extra = [...rowOf].filter(([, r]) => !used.has(r)).sort((a, b) => a[1] - b[1]);
      const [code, row] = extra[0]!;
      throw new CohesionError(
        'UNMATCHED_CODE',
        `${extra.length} row(s) of ${values.table} match no origin (first: ${code} on row ${row + 1}); pass --allow-extra-rows if the table covers more areas on purpose`,
        {
          id: code,
          row,
          column: tableId,
          source: values.table,
          unmatchedRows: extra.map(([c, r]) => ({ row: r, code: c })),
        },
      );
    }
    if (values.population) population = reorder(numericColumn(table, values.population), rows);
    const groupCols = values.groups
      ? values.groups.split(',').map((c) => c.trim())
      : table.columns.filter(
          (c) =>
            c !== tableId &&
            c !== values.population &&
            table.rows.length > 0 &&
            table.rows.every((r) => !Number.isNaN(parseNumber(r[c] ?? ''))),
        );
    if (groupCols.length > 0) {
      groups = {};
      for (const c of groupCols) groups[c] = reorder(numericColumn(table, c), rows);
      // Default minority groups: those outside the White broad group. A recognised census layout
      // says which columns those are (the MLID's `Irish`, `OtherWhite` are White groups); any
      // other table falls back to the column names (not starting with "White").
      const layout = recogniseLayout(table.columns);
      const whiteColumns = new Set(layout?.groups.filter((g) => g.white).map((g) => g.column) ?? []);
      minorityGroups = values['minority-groups']
        ? values['minority-groups'].split(',').map((c) => c.trim())
        : layout
          ? groupCols.filter((c) => !whiteColumns.has(c) && c !== layout.total)
          : groupCols.filter((c) => !/^white/i.test(c));
      for (const g of minorityGroups) {
        if (!groups[g])
          throw new CohesionError('MISSING_COLUMN', `minority group "${g}" is not a group column`, {
            column: g,
          });
      }
    }
  }

  // IMD decile by LSOA 2011 code (or by containing LSOA 2011 polygon).
  let imdDecile: (number | null)[] | undefined;
  let imdReport: Record<string, unknown> | undefined;
  if (values.imd) {
    const imd = await readCsv(values.imd);
    const imdId = values['imd-id'] ?? 'LSOA code (2011)';
    const decileCol = values['imd-decile'] ?? 'Index of Multiple Deprivation (IMD) Decile';
    const deciles = numericColumn(imd, decileCol);
    const rowOf = tableById(imd, imdId, values.imd);
    let codeOf: (i: number) => string | undefined = (i) => origins.ids[i];
    let method = 'origin id matched to IMD code';
    if (values['imd-areas']) {
      const areasId = required(values['imd-areas-id'], 'imd-areas-id');
      const lsoa11 = prepareGreenSpaceSites(await readAreas(values['imd-areas']), {
        idProperty: areasId,
        source: values['imd-areas'],
      });
      const lIndex = createSiteIndex(lsoa11);
      codeOf = (i) => {
        const near = lIndex.nearest(origins.xs[i]!, origins.ys[i]!);
        return near.distance === 0 ? lsoa11.ids[near.site] : undefined;
      };
      method = `origin point within ${values['imd-areas']} polygon (${areasId}) matched to IMD code`;
    }
    const unmatched: string[] = [];
    imdDecile = origins.ids.map((oid, i) => {
      const code = codeOf(i);
      const r = code === undefined ? undefined : rowOf.get(code);
      if (r === undefined) {
        unmatched.push(oid);
        return null;
      }
      return deciles[r]!;
    });
    if (unmatched.length === origins.ids.length) {
      throw new CohesionError(
        'UNMATCHED_CODE',
        `no origin matched ${values.imd} by ${imdId} (IMD 2019 uses LSOA 2011 codes; give --imd-areas with LSOA 2011 polygons)`,
        { source: values.imd, column: imdId },
      );
    }
    imdReport = { method, matched: origins.ids.length - unmatched.length, unmatched };
  }

  const modelName = (values.model ?? '2sfca').toLowerCase();
  let model: NonNullable<Parameters<typeof analyseGreenSpaceAccess>[2]>['model'];
  if (modelName === '2sfca') model = { type: '2sfca' };
  else if (modelName === 'e2sfca') {
    const steps = (values.steps ?? '300:1,600:0.68,1000:0.22').split(',').map((p) => {
      const [d, w] = p.split(':').map(Number);
      if (!Number.isFinite(d) || !Number.isFinite(w))
        throw new UsageError(`--steps "${p}": use METRES:WEIGHT,…`);
      return { maxDistanceM: d!, weight: w! };
    });
    model = { type: 'e2sfca', steps };
  } else if (modelName === 'gravity') {
    // --alpha here is the gravity model's distance-decay exponent (negative: decay), not a level.
    const alpha = numberFlag(values.alpha, 'alpha', {}, -1);
    model = { type: 'gravity', alpha, scale: numberFlag(values.scale, 'scale', RULES.positive, 1000) };
  } else throw new UsageError(`--model "${values.model}": use 2sfca, e2sfca or gravity`);

  const network = values.network
    ? buildAccessNetwork(await readAreas(values.network), values.network)
    : undefined;
  const out = analyseGreenSpaceAccess(origins, index, {
    onProgress: progress.stage('access'),
    standards,
    ...(population ? { population } : {}),
    ...(groups ? { groups } : {}),
    ...(minorityGroups ? { minorityGroups } : {}),
    minorityThreshold,
    withinDistanceM,
    catchmentM,
    model,
    ...(network ? { network } : {}),
    ...(link ? { accessPoints: link } : {}),
    ...(imdDecile ? { imdDecile } : {}),
    bootstrap,
  });
  if (imdReport) out.summary.imd = imdReport;
  if (types?.length) out.summary.site_types = types;
  return emit(values, { file: out.results, json: out });
});
