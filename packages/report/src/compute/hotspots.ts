import {
  CohesionError,
  incidentHotspots,
  isCohesionError,
  localGetisOrd,
  type PeriodUnit,
  pointsFromTable,
  queenWeights,
  readCsv,
  wholePeriods,
} from '@cohesion/geo';
import type { FeatureCollection } from 'geojson';
import { computeReportAlerts } from '../alerts.js';
import type { CensusContext } from './census.js';
import type { Build } from './inputs.js';

/** Gi* hot spots of the minority share and of incident rates (per whole period), and the early warning. */
export async function hotspotsSection(
  b: Build,
  c: CensusContext,
  accessPopulation: ArrayLike<number>,
  period: PeriodUnit,
): Promise<void> {
  const { inputs, notes, absent, report } = b;
  const { seed, permutations } = b.settings;
  const { areas, idProp, share, props } = c;
  const w = queenWeights(areas, { idProperty: idProp });
  const giShare = localGetisOrd(w, share, { permutations, seed });
  const count = (c: ('hot' | 'cold' | 'ns')[], what: 'hot' | 'cold') => c.filter((x) => x === what).length;
  giShare.z.forEach((z, i) => {
    props[i]!.minority_gistar_z = z;
    props[i]!.minority_gistar_p = giShare.p_sim[i]!;
  });
  report.hotspots = {
    minority: { hot: count(giShare.cluster, 'hot'), cold: count(giShare.cluster, 'cold') },
    burglary: null,
    monthly: [],
    periods: [],
  };
  if (inputs.incidents) {
    const f = inputs.incidents;
    const inc = await incidentAnalysis(areas, idProp, accessPopulation, f, {
      period,
      permutations,
      seed,
    });
    const r = inc.result;
    inc.result.values.forEach((v, i) => {
      const c = r.counts[i]!;
      // Small counts are suppressed in the outputs (< 5), as police and ONS tables do.
      props[i]!.burglaries = c > 0 && c < r.suppressBelow ? null : c;
      props[i]!.burglary_rate_eb = inc.years > 0 ? (1000 * v) / inc.years : Number.NaN;
      props[i]!.burglary_gistar_z = r.gi.z[i]!;
      props[i]!.burglary_gistar_p = r.gi.p_sim[i]!;
      props[i]!.burglary_trend = r.emerging?.[i] ?? 'none';
      for (const q of r.periods ?? []) {
        props[i]![`burglary_gistar_z_${q.label}`] = q.gi.z[i]!;
        props[i]![`burglary_gistar_p_${q.label}`] = q.gi.permutations > 0 ? q.gi.p_sim[i]! : q.gi.p_norm[i]!;
      }
    });
    if (inc.note) notes.push(inc.note);
    report.hotspots = {
      ...report.hotspots,
      burglary: {
        what: f.what,
        incidents: inc.used - r.outside,
        leftOut: inc.leftOut,
        periodUnit: inc.unit,
        periodNote: inc.note,
        outside: r.outside,
        skipped: inc.skipped,
        firstMonth: inc.firstMonth,
        lastMonth: inc.lastMonth,
        hot: count(r.gi.cluster, 'hot'),
        cold: count(r.gi.cluster, 'cold'),
        emerging: tallyEmerging(r.emerging),
      },
      monthly: inc.monthly,
      periods: (r.periods ?? []).map((q) => ({
        period: q.label,
        incidents: q.counts.reduce((a, b) => a + b, 0),
        hot: count(q.gi.cluster, 'hot'),
        cold: count(q.gi.cluster, 'cold'),
      })),
    };
  } else {
    absent.push({
      section: 'incidents',
      reason:
        'no incident points given (--incidents CSV --lon COL --lat COL --time COL, e.g. data.police.uk)',
    });
  }
}

/** The early warning: monthly alarms by ward (alerts.ts), or in the report's own areas for own files. */
export async function alertsSection(b: Build, c: CensusContext): Promise<void> {
  const { inputs, absent, report, ds } = b;
  const { idProp, geography } = c;
  if (ds?.files.burglary && ds.files.ward22) {
    report.alerts = await computeReportAlerts(ds.files.burglary, ds.files.ward22);
  } else if (inputs.incidents?.time) {
    // Own files: the incidents by month in the report's own areas (no ward file is needed).
    const f = inputs.incidents;
    try {
      report.alerts = await computeReportAlerts(
        { path: f.path, lon: f.lon, lat: f.lat, time: f.time },
        { path: inputs.areas, id: idProp, name: inputs.nameProperty ?? idProp },
        { what: f.what, areaWord: geography.replace(/\s*\d{4}$/, '') || 'area' },
      );
    } catch (err) {
      if (!isCohesionError(err)) throw err;
      absent.push({
        section: 'alerts',
        reason: `the early warning could not run on ${f.path}: ${err.message}`,
      });
    }
  } else {
    absent.push({
      section: 'alerts',
      reason: inputs.incidents
        ? 'the incident points have no date column (--time COL, months as YYYY-MM)'
        : 'no incident points given (--incidents CSV --lon COL --lat COL --time COL)',
    });
  }
}

/** Areas by emerging hot/cold spot label, labels with none left out. */
export function tallyEmerging(labels: readonly string[] | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const label of labels ?? []) if (label !== 'none') out[label] = (out[label] ?? 0) + 1;
  return out;
}

/**
 * The incident analysis the report and `cohesion incidents` share: points from a CSV, dated
 * incidents sorted into whole calendar periods (`wholePeriods`: partial first/last periods and their
 * incidents left out, with a note), then `incidentHotspots` with rates against `population`
 * (empirical Bayes), queen contiguity (row-standardised), Gi* per period and the emerging labels.
 */
export async function incidentAnalysis(
  areas: FeatureCollection,
  idProperty: string,
  population: ArrayLike<number> | undefined,
  f: { path: string; lon: string; lat: string; time: string | undefined },
  o: {
    period: PeriodUnit;
    permutations?: number;
    seed?: number;
    toBng?: boolean;
    weights?: Parameters<typeof incidentHotspots>[1]['weights'];
    alpha?: number;
    suppressBelow?: number;
  },
) {
  const crime = await readCsv(f.path);
  for (const c of [f.lon, f.lat, ...(f.time ? [f.time] : [])])
    if (!crime.columns.includes(c))
      throw new CohesionError('MISSING_COLUMN', `${f.path} has no column "${c}"`, {
        column: c,
        source: f.path,
      });
  const pts = pointsFromTable(crime, f.lon, f.lat, o.toBng ? { toBng: true } : {});
  let keep: number[] = Array.from(pts.xs.keys());
  let periods: ReturnType<typeof wholePeriods> | null = null;
  if (f.time) {
    const times = Array.from(pts.rows, (r) => (crime.rows[r]![f.time!] ?? '').trim());
    periods = wholePeriods(times, o.period);
    keep = keep.filter((j) => periods!.periodOf[j] !== null);
  }
  const xs = Float64Array.from(keep, (j) => pts.xs[j]!);
  const ys = Float64Array.from(keep, (j) => pts.ys[j]!);
  const result = incidentHotspots(areas, {
    idProperty,
    xs,
    ys,
    pointsCrs: pts.crs,
    ...(periods ? { periods: keep.map((j) => periods!.periodOf[j]!), periodLabels: periods.labels } : {}),
    ...(population ? { population } : {}),
    ...(o.weights ? { weights: o.weights } : {}),
    ...(o.permutations !== undefined ? { permutations: o.permutations } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.alpha !== undefined ? { alpha: o.alpha } : {}),
    ...(o.suppressBelow !== undefined ? { suppressBelow: o.suppressBelow } : {}),
  });
  // Incidents per month over the analysed months (zero months kept).
  const monthly: { month: string; count: number }[] = [];
  if (periods) {
    const times = keep.map((j) => (crime.rows[pts.rows[j]!]![f.time!] ?? '').trim().slice(0, 7));
    const byMonth = new Map<string, number>();
    for (const t of times) byMonth.set(t, (byMonth.get(t) ?? 0) + 1);
    const firstKept = periods.labels[0];
    if (firstKept !== undefined) {
      const startMonth = monthOfPeriod(firstKept, periods.unit);
      for (let m = 0; m < periods.months; m++) {
        const label = addMonths(startMonth, m);
        monthly.push({ month: label, count: byMonth.get(label) ?? 0 });
      }
    }
  }
  const firstMonth = monthly[0]?.month ?? periods?.firstMonth ?? '';
  const lastMonth = monthly[monthly.length - 1]?.month ?? periods?.lastMonth ?? '';
  return {
    result,
    unit: o.period,
    used: keep.length,
    leftOut: pts.xs.length - keep.length,
    skipped: pts.skippedRows.length,
    note: periods?.note ?? null,
    partial: periods?.partial ?? [],
    firstMonth,
    lastMonth,
    /** Years covered by the analysed periods (for yearly rates); 0 without dates. */
    years: periods ? periods.months / 12 : 0,
    monthly,
  };
}

function monthOfPeriod(label: string, unit: PeriodUnit): string {
  if (unit === 'month') return label;
  if (unit === 'year') return `${label}-01`;
  const [y, q] = label.split('-Q');
  return `${y}-${String((Number(q) - 1) * 3 + 1).padStart(2, '0')}`;
}

function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const k = y * 12 + (m - 1) + n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}
