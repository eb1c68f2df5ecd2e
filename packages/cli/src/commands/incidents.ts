import {
  CohesionError,
  detectCrs,
  incidentHotspots,
  incidentHotspotsToGeoJSON,
  joinByCode,
  numericColumn,
  type PeriodUnit,
  pointsFromTable,
  readAreas,
  readCsv,
} from '@cohesion/geo';
import { incidentAnalysis } from '@cohesion/report';
import { command } from '../command.js';
import {
  choiceFlag,
  inferenceOptions,
  numberFlag,
  RULES,
  required,
  stringFlags,
  UsageError,
} from '../flags.js';
import { emit } from '../output.js';
import { ANALYSIS_FLAGS, analysisWeights } from './weights.js';

export const summary =
  'incidents --areas FILE --id PROP --points CSV --lon COL --lat COL [--time COL] --out FILE';

const HELP = `Usage: cohesion incidents --areas FILE --id PROP --points CSV --lon COL --lat COL [--time COL]
         [--period month|quarter|year|raw] [--table CSV --table-id COL --population COL [--allow-extra-rows]]
         [--weights queen|rook|knn|distance|kernel] [--k N] [--threshold M] [--transform r|b]
         [--permutations 999] [--seed 12345] [--alpha 0.05] [--suppress 5] --out FILE [--json]

Counts incident points (WGS84 --lon/--lat columns, e.g. data.police.uk) into the areas, optionally
as rates per --population (from --table joined on --table-id, default --id) smoothed by global
empirical Bayes, then Gi* and LISA on the result. With --time, incidents are sorted into whole
calendar periods (--period month, quarter or year, from the YYYY-MM prefix; a partial first or last
period is left out with its incidents, and said so — as in the report), Gi* is computed per period
(each area's z and p written as gi_z_<period>, gi_p_<period>) with a Mann–Kendall trend per area and
the emerging hot-spot label (new, consecutive, intensifying, persistent, diminishing, sporadic,
oscillating, historical — hot or cold). Counts below --suppress (default 5; 0 = off) are written as
null. --period raw takes the column's values as labels, unchecked. --out writes .geojson, .fgb or
.csv; --json prints a summary. Every area needs a row of --table and every row an area
(UNMATCHED_CODE naming it), unless --allow-extra-rows (a national table: other rows left out).`;

const FLAGS = {
  ...ANALYSIS_FLAGS,
  ...stringFlags(['points', 'lon', 'lat', 'time', 'period', 'population', 'suppress']),
  'allow-extra-rows': { type: 'boolean' },
} as const;

export const run = command({ help: HELP, flags: FLAGS, writes: true }, async (values) => {
  const areasPath = required(values.areas, 'areas');
  const id = required(values.id, 'id');
  const pointsPath = required(values.points, 'points');
  const lon = required(values.lon, 'lon');
  const lat = required(values.lat, 'lat');
  required(values.out, 'out');
  const period = choiceFlag(values.period, 'period', ['month', 'quarter', 'year', 'raw'], 'month');
  if ((values.population === undefined) !== (values.table === undefined))
    throw new UsageError('--population and --table go together');
  if (values['allow-extra-rows'] && !values.table)
    throw new UsageError('--allow-extra-rows goes with --table');

  let areas = await readAreas(areasPath);
  let population: Float64Array | undefined;
  if (values.table && values.population) {
    const table = await readCsv(values.table);
    try {
      areas = joinByCode(areas, table, {
        areaId: id,
        tableId: values['table-id'] ?? id,
        // A row matching no area is UNMATCHED_CODE unless asked for (docs/bad-input.md).
        allowExtraRows: values['allow-extra-rows'] === true,
        columns: [values.population],
      }).areas;
    } catch (err) {
      if (err instanceof CohesionError && err.code === 'UNMATCHED_CODE' && err.detail.unmatchedRows)
        throw new CohesionError(
          err.code,
          `${err.message}; pass --allow-extra-rows if the table covers more areas on purpose`,
          err.detail,
        );
      throw err;
    }
    const popTable = {
      columns: [values.population],
      rows: areas.features.map((f) => ({
        [values.population as string]: String(f.properties?.[values.population as string] ?? ''),
      })),
      source: `${areasPath} joined with ${values.table}`,
    };
    population = numericColumn(popTable, values.population);
  }
  const areaCrs = detectCrs(areas);
  const w = analysisWeights(areas, id, values, 'R');
  const common = {
    ...inferenceOptions(values),
    suppressBelow: numberFlag(values.suppress, 'suppress', RULES.nonNegative),
  };
  let result: ReturnType<typeof incidentHotspots>;
  let extra: Record<string, unknown> = {};
  let points: number;
  let skipped: number;
  if (period === 'raw' && values.time) {
    // Labels taken as they are: no calendar, so no check that periods are whole.
    const crimes = await readCsv(pointsPath);
    const pts = pointsFromTable(crimes, lon, lat, { toBng: areaCrs === 'EPSG:27700' });
    const col = values.time;
    if (!crimes.columns.includes(col))
      throw new CohesionError('MISSING_COLUMN', `${pointsPath} has no column "${col}"`, {
        column: col,
        source: pointsPath,
      });
    const periods = Array.from(pts.rows, (row) =>
      ((crimes.rows[row] as Record<string, string>)[col] ?? '').trim(),
    );
    result = incidentHotspots(areas, {
      idProperty: id,
      xs: pts.xs,
      ys: pts.ys,
      pointsCrs: pts.crs,
      periods,
      population,
      weights: w,
      ...common,
    });
    points = pts.xs.length;
    skipped = pts.skippedRows.length;
  } else {
    // Whole calendar periods only, as the report: the same function (incidentAnalysis / wholePeriods).
    const inc = await incidentAnalysis(
      areas,
      id,
      population,
      { path: pointsPath, lon, lat, time: values.time },
      {
        period: period as PeriodUnit,
        permutations: common.permutations,
        seed: common.seed,
        toBng: areaCrs === 'EPSG:27700',
        weights: w,
        alpha: common.alpha,
        ...(common.suppressBelow !== undefined ? { suppressBelow: common.suppressBelow } : {}),
      },
    );
    result = inc.result;
    points = inc.used + inc.leftOut;
    skipped = inc.skipped;
    if (values.time)
      extra = {
        period_unit: period,
        first_month: inc.firstMonth,
        last_month: inc.lastMonth,
        left_out: inc.leftOut,
        partial_periods: inc.partial,
        note: inc.note,
      };
    if (inc.note) process.stderr.write(`cohesion incidents: note: ${inc.note}\n`);
  }
  const tally = (labels: readonly string[]) => {
    const t: Record<string, number> = {};
    for (const l of labels) t[l] = (t[l] ?? 0) + 1;
    return t;
  };
  return emit(values, {
    file: incidentHotspotsToGeoJSON(areas, result),
    json: {
      areas: result.ids.length,
      points,
      skipped_rows: skipped,
      outside: result.outside,
      ...extra,
      gi_clusters: tally(result.gi.cluster),
      lisa_clusters: tally(result.lisa.cluster),
      periods: result.periods?.map((p) => p.label),
      // Per whole period: incidents, Gi* hot/cold spots; each area's z and p are in the output (gi_z_<label>, gi_p_<label>).
      period_results: result.periods?.map((p) => ({
        period: p.label,
        incidents: p.counts.reduce((a, b) => a + b, 0),
        hot: p.gi.cluster.filter((c) => c === 'hot').length,
        cold: p.gi.cluster.filter((c) => c === 'cold').length,
      })),
      emerging: result.emerging ? tally(result.emerging) : undefined,
      out: values.out,
    },
  });
});
