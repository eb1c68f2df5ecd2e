import {
  type AlertMethod,
  type AlertReport,
  type AreaSeries,
  areaIds,
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
import { command } from '../command.js';
import { choiceFlag, numberFlag, RULES, required, stringFlags, UsageError } from '../flags.js';
import { emit } from '../output.js';

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
the rows (.csv/.json) or, with --areas, the latest period on the areas (.geojson/.fgb) as a map layer.`;

const FLAGS = {
  ...stringFlags([
    'counts',
    'period',
    'count',
    'area',
    'points',
    'lon',
    'lat',
    'time',
    'areas',
    'id',
    'method',
    'baseline',
    'alpha',
    'population',
    'through',
    'last',
    'total-name',
    'window',
    'seasonal-periods',
    'threshold-method',
    'min-cases',
  ]),
  'allow-empty-periods': { type: 'boolean' },
  'no-total': { type: 'boolean' },
  'no-trend': { type: 'boolean' },
  'no-reweight': { type: 'boolean' },
} as const;

export const run = command({ help: HELP, flags: FLAGS, writes: true }, async (values) => {
  const method = choiceFlag<AlertMethod>(
    required(values.method, 'method'),
    'method',
    ['c1', 'c2', 'c3', 'farrington'],
    'c1',
  );
  if ((values.counts === undefined) === (values.points === undefined))
    throw new UsageError(
      'give either --counts CSV (with --period and --count) or --points CSV (with --areas)',
    );
  const count = (flag: 'baseline' | 'last' | 'window' | 'seasonal-periods' | 'min-cases') =>
    numberFlag(values[flag], flag, RULES.count);
  // Absent: the method's own level (0.001 C1/C2, 0.025 C3, 0.05 Farrington), checked by the library.
  const alpha = numberFlag(values.alpha, 'alpha');

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
    const ids = areaIds(areas, idProp as string, values.areas);
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
  if (values.window !== undefined) far.w = count('window');
  if (values['seasonal-periods'] !== undefined) far.noPeriods = count('seasonal-periods');
  if (values['threshold-method'] !== undefined)
    far.thresholdMethod = choiceFlag<NonNullable<FarringtonOptions['thresholdMethod']>>(
      values['threshold-method'],
      'threshold-method',
      ['delta', 'nbPlugin', 'muan'],
      'delta',
    );
  const minCases = count('min-cases');
  if (minCases !== undefined) far.limit54 = [minCases, 4];
  if (values['no-trend']) far.trend = false;
  if (values['no-reweight']) far.reweight = false;
  const report = detectAlerts(series, {
    method,
    baseline: count('baseline'),
    alpha,
    farrington: far,
    total: !values['no-total'],
    totalName: values['total-name'],
    population,
    last: count('last'),
  });

  // With the areas, a map file (.geojson/.fgb) gets the latest period on them; else the rows.
  const mapLayer = areas !== undefined && /\.(geojson|fgb)$/i.test(values.out ?? '');
  return emit(values, {
    file: () =>
      mapLayer
        ? alarmLayer(areas as FeatureCollection, idProp as string, report)
        : (report.results as unknown as Record<string, unknown>[]),
    json: {
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
    },
    text: () => `${plainSummary(report, series)}\n`,
  });
});

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
  // The ids the series was keyed on (the one id rule: trimmed, numbers as strings), not the raw property.
  const ids = areaIds(areas, idProp);
  return {
    type: 'FeatureCollection',
    features: areas.features.map((f, i) => {
      const id = ids[i] as string;
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
