import {
  type AlertMethod,
  type AlertReport,
  type AreaSeries,
  CohesionError,
  countPointsInAreas,
  detectAlerts,
  detectCrs,
  type FarringtonOptions,
  parseNumber,
  pointsFromTable,
  readAreas,
  readCsv,
  seriesFromCounts,
  seriesFromPoints,
} from '@cohesion/geo';
import type { FeatureCollection } from 'geojson';
import {
  OUT_HELP,
  OUTPUT_FLAGS,
  parseFlags,
  printJson,
  required,
  saveOptions,
  UsageError,
  writeOutput,
} from '../common.js';
import { numberFlag } from './weights.js';

export const summary =
  'alerts (--counts CSV --period COL --count COL | --points CSV --lon COL --lat COL --time COL --areas FILE --id PROP) --method c1|c2|c3|farrington --json';

const HELP = `Usage: cohesion alerts --counts CSV --period COL --count COL [--area COL] --method c1|c2|c3|farrington
       cohesion alerts --points CSV --lon COL --lat COL --time COL --areas FILE --id PROP --method …
         [--baseline N] [--alpha A] [--population COL|PROP] [--through YYYY-MM] [--allow-empty-periods]
         [--last N] [--no-total] [--total-name all] [--out FILE] [--json]
         Farrington only: [--window 3] [--seasonal-periods 1] [--threshold-method delta|nbPlugin|muan]
         [--min-cases 5] [--no-trend] [--no-reweight]

Early warning of rising incidents: for each area and for the whole council (area "all"), each
period's count is compared with a threshold from earlier periods, and an alarm is raised when the
count is above it.

Input: monthly (YYYY-MM) or weekly (YYYY-Www) counts, one row per area and period (--counts; a
missing row is an error, write 0s), or incident points (--points, e.g. data.police.uk Month,
Longitude, Latitude) counted into the --areas polygons. With day-precision --time values the last
month is dropped as possibly incomplete unless --through names the last complete month.

Methods (R surveillance): c1, c2, c3 — EARS (Hutwagner et al. 2003): mean + z·sd of the last
--baseline periods (default 7; C2/C3 skip the 2 most recent); farrington — Farrington flexible
(Noufaily et al. 2013): quasi-Poisson model of the same season in --baseline past years (default
as many as fit, up to 5), with trend, overdispersion and down-weighting of past outbreaks.
--alpha: one-sided level (default 0.001 C1/C2, 0.025 C3, 0.05 Farrington).

--json prints {"results": [{"area","period","observed","expected","threshold","alarm","excess",
"since","p"}], "current": alarms in the latest period, "multiple_testing": {...}}. --out writes
the rows (.csv/.json) or, with --areas, the latest period on the areas (.geojson/.fgb) as a map layer.

${OUT_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    counts: { type: 'string' },
    period: { type: 'string' },
    count: { type: 'string' },
    area: { type: 'string' },
    points: { type: 'string' },
    lon: { type: 'string' },
    lat: { type: 'string' },
    time: { type: 'string' },
    areas: { type: 'string' },
    id: { type: 'string' },
    method: { type: 'string' },
    baseline: { type: 'string' },
    alpha: { type: 'string' },
    population: { type: 'string' },
    through: { type: 'string' },
    'allow-empty-periods': { type: 'boolean' },
    last: { type: 'string' },
    'no-total': { type: 'boolean' },
    'total-name': { type: 'string' },
    window: { type: 'string' },
    'seasonal-periods': { type: 'string' },
    'threshold-method': { type: 'string' },
    'min-cases': { type: 'string' },
    'no-trend': { type: 'boolean' },
    'no-reweight': { type: 'boolean' },
    ...OUTPUT_FLAGS,
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const method = required(values.method, 'method') as AlertMethod;
  if (!['c1', 'c2', 'c3', 'farrington'].includes(method))
    throw new UsageError(`--method must be c1, c2, c3 or farrington; got "${method}"`);
  if ((values.counts === undefined) === (values.points === undefined))
    throw new UsageError(
      'give either --counts CSV (with --period and --count) or --points CSV (with --areas)',
    );
  const integer = (v: string | undefined, flag: string) => {
    const n = numberFlag(v, flag);
    if (n !== undefined && !(Number.isInteger(n) && n >= 0))
      throw new UsageError(`--${flag} must be a whole number`);
    return n;
  };

  let series: AreaSeries;
  let population: number[] | undefined;
  let areas: FeatureCollection | undefined;
  let idProp: string | undefined;
  let input: Record<string, unknown>;
  if (values.counts) {
    const table = await readCsv(values.counts);
    series = seriesFromCounts(table, {
      period: required(values.period, 'period'),
      count: required(values.count, 'count'),
      area: values.area,
    });
    if (values.population) population = populationFromTable(table, values.population, values.area, series);
    input = { counts: values.counts, rows: table.rows.length };
  } else {
    const pointsPath = values.points as string;
    const areasPath = required(values.areas, 'areas');
    idProp = required(values.id, 'id');
    const time = required(values.time, 'time');
    areas = await readAreas(areasPath);
    const crimes = await readCsv(pointsPath);
    if (!crimes.columns.includes(time))
      throw new CohesionError('MISSING_COLUMN', `${pointsPath} has no column "${time}"`, {
        column: time,
        source: pointsPath,
      });
    const pts = pointsFromTable(crimes, required(values.lon, 'lon'), required(values.lat, 'lat'), {
      toBng: detectCrs(areas) === 'EPSG:27700',
    });
    const counted = countPointsInAreas(areas, pts.xs, pts.ys, { pointsCrs: pts.crs });
    if (pts.xs.length > 0 && counted.outside === pts.xs.length)
      throw new CohesionError(
        'UNMATCHED_CODE',
        `none of the ${pts.xs.length} incidents falls inside any area`,
      );
    const ids = areas.features.map((f, i) => {
      const v = f.properties?.[idProp as string];
      if (v === undefined || v === null || String(v).trim() === '')
        throw new CohesionError('MISSING_PROPERTY', `area ${i + 1} has no "${idProp}"`, {
          feature: i,
          column: idProp,
        });
      return String(v);
    });
    const times = Array.from(pts.rows, (row) => (crimes.rows[row] as Record<string, string>)[time] ?? '');
    series = seriesFromPoints(times, counted.areaIndex, ids, {
      through: values.through,
      allowEmptyPeriods: values['allow-empty-periods'],
    });
    if (values.population)
      population = areas.features.map((f, i) => {
        const raw = f.properties?.[values.population as string];
        const v = typeof raw === 'number' ? raw : parseNumber(String(raw ?? ''));
        if (Number.isNaN(v))
          throw new CohesionError('NON_NUMERIC', `area ${ids[i]} has no numeric "${values.population}"`, {
            id: ids[i],
            column: values.population,
          });
        return v;
      });
    input = {
      points: pts.xs.length,
      skipped_rows: pts.skippedRows.length,
      outside: counted.outside,
      areas: ids.length,
    };
  }

  const far: Partial<FarringtonOptions> = {};
  if (values.window !== undefined) far.w = integer(values.window, 'window');
  if (values['seasonal-periods'] !== undefined)
    far.noPeriods = integer(values['seasonal-periods'], 'seasonal-periods');
  if (values['threshold-method'] !== undefined) {
    const tm = values['threshold-method'];
    if (tm !== 'delta' && tm !== 'nbPlugin' && tm !== 'muan')
      throw new UsageError(`--threshold-method must be delta, nbPlugin or muan; got "${tm}"`);
    far.thresholdMethod = tm;
  }
  if (values['min-cases'] !== undefined)
    far.limit54 = [integer(values['min-cases'], 'min-cases') as number, 4];
  if (values['no-trend']) far.trend = false;
  if (values['no-reweight']) far.reweight = false;
  const report = detectAlerts(series, {
    method,
    baseline: integer(values.baseline, 'baseline'),
    alpha: numberFlag(values.alpha, 'alpha'),
    farrington: far,
    total: !values['no-total'],
    totalName: values['total-name'],
    population,
    last: integer(values.last, 'last'),
  });

  if (values.out) {
    if (areas && /\.(geojson|fgb)$/i.test(values.out))
      await writeOutput(values.out, alarmLayer(areas, idProp as string, report), saveOptions(values));
    else
      await writeOutput(
        values.out,
        report.results as unknown as Record<string, unknown>[],
        saveOptions(values),
      );
  }
  if (values.json) {
    printJson({
      method: report.method,
      alpha: report.alpha,
      baseline: report.baseline,
      periods: series.periods.length,
      from: report.from,
      to: report.to,
      dropped_periods: series.dropped,
      input,
      results: report.results,
      current: report.current,
      multiple_testing: {
        tests: report.multipleTesting.tests,
        alpha: report.multipleTesting.alpha,
        expected_false_alarms: report.multipleTesting.expectedFalseAlarms,
        bonferroni_alpha: report.multipleTesting.bonferroniAlpha,
        fdr_alarms: report.multipleTesting.fdrAlarms,
        note: report.multipleTesting.note,
      },
      out: values.out,
    });
  } else process.stdout.write(`${plainSummary(report, series)}\n`);
  return 0;
}

/** A population column in the counts table: one value per area (the same on all its rows). */
function populationFromTable(
  table: { rows: Record<string, string>[]; columns: string[]; source?: string },
  column: string,
  areaColumn: string | undefined,
  series: AreaSeries,
): number[] {
  if (!table.columns.includes(column))
    throw new CohesionError('MISSING_COLUMN', `${table.source ?? 'table'} has no column "${column}"`, {
      column,
    });
  const byArea = new Map<string, number>();
  table.rows.forEach((r, i) => {
    const area = areaColumn ? (r[areaColumn] ?? '').trim() : 'all';
    const v = parseNumber(r[column] ?? '');
    if (Number.isNaN(v))
      throw new CohesionError(
        'NON_NUMERIC',
        `population ${JSON.stringify(r[column])} on row ${i + 1} is not a number`,
        {
          row: i,
          column,
        },
      );
    const prev = byArea.get(area);
    if (prev !== undefined && prev !== v)
      throw new CohesionError(
        'INVALID_ARGUMENT',
        `${area} has two populations (${prev}, ${v}); give one per area`,
        {
          row: i,
          id: area,
        },
      );
    byArea.set(area, v);
  });
  return series.areas.map((a) => byArea.get(a) as number);
}

/** The latest period on the map: each area with its count, expected, threshold and alarm. */
function alarmLayer(areas: FeatureCollection, idProp: string, report: AlertReport): FeatureCollection {
  const latest = new Map(report.results.filter((r) => r.period === report.to).map((r) => [r.area, r]));
  return {
    type: 'FeatureCollection',
    features: areas.features.map((f) => {
      const id = String(f.properties?.[idProp]);
      const r = latest.get(id);
      return {
        type: 'Feature',
        geometry: f.geometry,
        properties: {
          id,
          period: report.to,
          observed: r?.observed ?? null,
          expected: r?.expected ?? null,
          threshold: r?.threshold ?? null,
          alarm: r?.alarm ?? false,
          // The same as a number, for <cohesion-map value="alarm_flag"> (a map value must be numeric).
          alarm_flag: r?.alarm ? 1 : 0,
          name: String(f.properties?.area_name ?? f.properties?.name ?? id),
          excess: r?.excess ?? null,
          since: r?.since ?? null,
        },
      };
    }),
  };
}

function plainSummary(report: AlertReport, series: AreaSeries): string {
  const lines = [
    `${report.method.toUpperCase()} on ${series.areas.length} area${series.areas.length === 1 ? '' : 's'}, ${series.periods[0]} to ${report.to} (checked from ${report.from}).`,
  ];
  if (report.current.length === 0) lines.push(`No area is above its threshold in ${report.to}.`);
  for (const r of report.current)
    lines.push(
      `ALARM ${r.area}: ${r.observed} in ${r.period}, expected ${r.expected?.toFixed(1)}, threshold ${r.threshold?.toFixed(1)}${r.since && r.since !== r.period ? `, alarming since ${r.since}` : ''}.`,
    );
  lines.push(report.multipleTesting.note);
  return lines.join('\n');
}
