import {
  CohesionError,
  detectCrs,
  incidentHotspots,
  incidentHotspotsToGeoJSON,
  joinByCode,
  numericColumn,
  pointsFromTable,
  readAreas,
  readCsv,
  transformWeights,
} from '@cohesion/geo';
import { parseFlags, printJson, required, UsageError, writeOutput } from '../common.js';
import { buildWeights, numberFlag, transformFlag, WEIGHT_FLAGS } from './weights.js';

export const summary =
  'incidents --areas FILE --id PROP --points CSV --lon COL --lat COL [--time COL] --out FILE';

const HELP = `Usage: cohesion incidents --areas FILE --id PROP --points CSV --lon COL --lat COL [--time COL]
         [--period month|quarter|year|raw] [--table CSV --table-id COL --population COL]
         [--weights queen|rook|knn|distance|kernel] [--k N] [--threshold M] [--transform r|b]
         [--permutations 999] [--seed 12345] [--alpha 0.05] [--suppress 5] --out FILE [--json]

Counts incident points (WGS84 --lon/--lat columns, e.g. data.police.uk) into the areas, optionally
as rates per --population (from --table joined on --table-id, default --id) smoothed by global
empirical Bayes, then Gi* and LISA on the result. With --time, Gi* is computed per period (the
column's value, or its YYYY-MM prefix grouped by --period) with a Mann–Kendall trend per area and
the emerging hot-spot label (new, consecutive, intensifying, persistent, diminishing, sporadic,
oscillating, historical — hot or cold). Counts below --suppress (default 5; 0 = off) are written as
null. --out writes .geojson, .fgb or .csv; --json prints a summary.`;

function periodLabel(raw: string, mode: string, row: number): string {
  const v = raw.trim();
  if (mode === 'raw') return v;
  const m = /^(\d{4})-(\d{2})/.exec(v);
  if (!m)
    throw new CohesionError(
      'PARSE_ERROR',
      `time value ${JSON.stringify(raw)} on row ${row + 1} is not YYYY-MM…`,
      {
        row,
        value: raw,
      },
    );
  const [, y, mo] = m as unknown as [string, string, string];
  if (mode === 'month') return `${y}-${mo}`;
  if (mode === 'quarter') return `${y}-Q${Math.floor((Number(mo) - 1) / 3) + 1}`;
  return y;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    ...WEIGHT_FLAGS,
    points: { type: 'string' },
    lon: { type: 'string' },
    lat: { type: 'string' },
    time: { type: 'string' },
    period: { type: 'string' },
    table: { type: 'string' },
    'table-id': { type: 'string' },
    population: { type: 'string' },
    permutations: { type: 'string' },
    seed: { type: 'string' },
    alpha: { type: 'string' },
    suppress: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const areasPath = required(values.areas, 'areas');
  const id = required(values.id, 'id');
  const pointsPath = required(values.points, 'points');
  const lon = required(values.lon, 'lon');
  const lat = required(values.lat, 'lat');
  const out = required(values.out, 'out');
  const period = values.period ?? 'month';
  if (!['month', 'quarter', 'year', 'raw'].includes(period))
    throw new UsageError(`--period must be month, quarter, year or raw; got "${period}"`);
  if ((values.population === undefined) !== (values.table === undefined))
    throw new UsageError('--population and --table go together');

  let areas = await readAreas(areasPath);
  let population: Float64Array | undefined;
  if (values.table && values.population) {
    const table = await readCsv(values.table);
    areas = joinByCode(areas, table, {
      areaId: id,
      tableId: values['table-id'] ?? id,
      allowExtraRows: true,
      columns: [values.population],
    }).areas;
    const popTable = {
      columns: [values.population],
      rows: areas.features.map((f) => ({
        [values.population as string]: String(f.properties?.[values.population as string] ?? ''),
      })),
      source: `${areasPath} joined with ${values.table}`,
    };
    population = numericColumn(popTable, values.population);
  }
  const crimes = await readCsv(pointsPath);
  const areaCrs = detectCrs(areas);
  const pts = pointsFromTable(crimes, lon, lat, { toBng: areaCrs === 'EPSG:27700' });
  let periods: string[] | undefined;
  if (values.time) {
    const col = values.time;
    if (!crimes.columns.includes(col))
      throw new CohesionError('MISSING_COLUMN', `${pointsPath} has no column "${col}"`, {
        column: col,
        source: pointsPath,
      });
    periods = Array.from(pts.rows, (row) =>
      periodLabel((crimes.rows[row] as Record<string, string>)[col] ?? '', period, row),
    );
  }
  const type = values.weights ?? values.type ?? 'queen';
  const { weights } = buildWeights(areas, id, type, values);
  const w = transformWeights(weights, transformFlag(values.transform, 'R'));
  const result = incidentHotspots(areas, {
    idProperty: id,
    xs: pts.xs,
    ys: pts.ys,
    pointsCrs: pts.crs,
    periods,
    population,
    weights: w,
    permutations: numberFlag(values.permutations, 'permutations'),
    seed: numberFlag(values.seed, 'seed'),
    alpha: numberFlag(values.alpha, 'alpha'),
    suppressBelow: numberFlag(values.suppress, 'suppress'),
  });
  await writeOutput(out, incidentHotspotsToGeoJSON(areas, result));
  if (values.json) {
    const tally = (labels: readonly string[]) => {
      const t: Record<string, number> = {};
      for (const l of labels) t[l] = (t[l] ?? 0) + 1;
      return t;
    };
    printJson({
      areas: result.ids.length,
      points: pts.xs.length,
      skipped_rows: pts.skippedRows.length,
      outside: result.outside,
      gi_clusters: tally(result.gi.cluster),
      lisa_clusters: tally(result.lisa.cluster),
      periods: result.periods?.map((p) => p.label),
      emerging: result.emerging ? tally(result.emerging) : undefined,
      out,
    });
  }
  return 0;
}
