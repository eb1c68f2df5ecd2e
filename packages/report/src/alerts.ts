import type { CatalogueFile } from '@cohesion/data';
import {
  areaIds,
  countPointsInAreas,
  detectAlerts,
  pointsFromTable,
  readAreas,
  readCsv,
  seriesFromPoints,
} from '@cohesion/geo';
import { escapeHtml as e, lineChart, lonLatFrame } from './charts.js';

/** One ward (or the council) in the early-warning section. */
export interface AlertArea {
  code: string;
  name: string;
  /** Evaluated periods, oldest first. */
  periods: string[];
  observed: number[];
  /** Threshold per period (null where Farrington gives none: fewer than 5 cases in 4 months). */
  threshold: (number | null)[];
  expected: number | null;
  /** Latest period. */
  count: number;
  latestThreshold: number | null;
  since: string | null;
}

/** Early warning of rising incidents by ward or other area (Farrington flexible), for the report. */
export interface ReportAlerts {
  method: 'farrington';
  /** What the incidents are, plural, for the text ("burglaries", "incidents"). */
  what: string;
  /** What an area is called, singular ("ward", "LSOA"); `wards` and `alarmByWard` count these. */
  areaWord: string;
  baselineYears: number;
  from: string;
  to: string;
  wards: number;
  /** Areas alarming in the latest period ("all" is the council), largest excess first. */
  alarming: AlertArea[];
  /** Ward codes alarming in the latest period, feature order of `wardGeometry`, 1/0. */
  alarmByWard: number[];
  wardGeometry: {
    type: 'FeatureCollection';
    features: { type: 'Feature'; properties: null; geometry: never }[];
  };
  note: string;
}

/** What to label the incidents and the areas in the section's text. */
export interface AlertLabels {
  /** Plural, e.g. "burglaries" (default). */
  what?: string;
  /** Singular, e.g. "ward" (default) or "LSOA". */
  areaWord?: string;
}

/**
 * Counts the incident points into areas (wards in the demo) by month and runs the Farrington
 * flexible algorithm on every area and the council total (see docs/methods/alerts.md).
 */
export async function computeReportAlerts(
  burglary: Pick<CatalogueFile, 'path' | 'lon' | 'lat' | 'time'>,
  wards: Pick<CatalogueFile, 'path' | 'id' | 'name'>,
  labels: AlertLabels = {},
): Promise<ReportAlerts> {
  const fc = await readAreas(wards.path);
  const idProp = wards.id ?? 'area_code';
  const nameProp = wards.name ?? 'area_name';
  const ids = areaIds(fc, idProp, wards.path);
  const names = new Map(fc.features.map((f, i) => [ids[i]!, String(f.properties?.[nameProp])]));
  const crime = await readCsv(burglary.path);
  const pts = pointsFromTable(crime, burglary.lon ?? 'Longitude', burglary.lat ?? 'Latitude');
  const counted = countPointsInAreas(fc, pts.xs, pts.ys, { pointsCrs: pts.crs });
  const time = burglary.time ?? 'Month';
  const months = Array.from(pts.rows, (r) => crime.rows[r]?.[time] ?? '');
  const series = seriesFromPoints(months, counted.areaIndex, ids);
  const report = detectAlerts(series, { method: 'farrington', totalName: 'all' });
  const byArea = new Map<string, typeof report.results>();
  for (const r of report.results) {
    const list = byArea.get(r.area) ?? [];
    list.push(r);
    byArea.set(r.area, list);
  }
  const alarming: AlertArea[] = report.current.map((c) => {
    const rows = byArea.get(c.area) ?? [];
    return {
      code: c.area,
      name: c.area === 'all' ? 'The whole council' : (names.get(c.area) ?? c.area),
      periods: rows.map((r) => r.period),
      observed: rows.map((r) => r.observed),
      threshold: rows.map((r) => r.threshold),
      expected: c.expected,
      count: c.observed,
      latestThreshold: c.threshold,
      since: c.since,
    };
  });
  const current = new Set(report.current.map((c) => c.area));
  return {
    method: 'farrington',
    what: labels.what ?? 'burglaries',
    areaWord: labels.areaWord ?? 'ward',
    baselineYears: report.baseline,
    from: report.from,
    to: report.to,
    wards: ids.length,
    alarming,
    alarmByWard: ids.map((id) => (current.has(id) ? 1 : 0)),
    wardGeometry: {
      type: 'FeatureCollection',
      features: fc.features.map((f) => ({
        type: 'Feature',
        properties: null,
        geometry: f.geometry as never,
      })),
    },
    note: report.multipleTesting.note,
  };
}

const one = (v: number | null) => (v === null ? 'none' : v.toFixed(1));

/** The report section: which wards are above their threshold now, a chart each, a map, the caveat. */
export function renderAlertsSection(a: ReportAlerts, attribution: string): string {
  const wardsAlarming = a.alarming.filter((x) => x.code !== 'all');
  const what = a.what;
  const What = what.charAt(0).toUpperCase() + what.slice(1);
  const area = a.areaWord;
  const areas = `${area}s`;
  const lead = a.alarming.length
    ? `In ${a.to}, ${wardsAlarming.length} of ${a.wards} ${areas}${a.alarming.some((x) => x.code === 'all') ? ' and the council as a whole' : ''} had more ${what} than their own past would lead us to expect.`
    : `In ${a.to}, no ${area} had more ${what} than its own past would lead us to expect.`;
  const rows = a.alarming
    .map(
      (x) =>
        `<tr><th scope="row">${e(x.name)}</th><td>${x.count}</td><td>${one(x.expected)}</td><td>${one(x.latestThreshold)}</td><td>${e(x.since ?? '')}</td></tr>`,
    )
    .join('');
  const table = a.alarming.length
    ? `<div class="tablewrap" role="region" tabindex="0" aria-label="Areas above their threshold in ${e(a.to)}"><table><caption>Areas above their threshold in ${e(a.to)}</caption><thead><tr><th scope="col">Area</th><th scope="col">${e(What)}</th><th scope="col">Expected</th><th scope="col">Threshold</th><th scope="col">Above since</th></tr></thead><tbody>${rows}</tbody></table></div>`
    : '';
  const charts = a.alarming
    .map((x) =>
      lineChart(
        [
          { name: What, values: x.observed },
          { name: 'Alarm threshold', values: x.threshold.map((t) => t ?? Number.NaN) },
        ],
        {
          title: `${x.name}: ${what} per month and the alarm threshold, ${x.periods[0]} to ${x.periods.at(-1)}`,
          description: `${x.count} ${what} in ${a.to} against a threshold of ${one(x.latestThreshold)} (expected ${one(x.expected)}).`,
          xLabel: (i) => x.periods[i] ?? '',
          format: (v) => String(Math.round(v)),
          yTitle: What,
        },
      ),
    )
    .join('');
  const map = alarmMap(
    a.wardGeometry,
    a.alarmByWard,
    `${What} above the threshold, by ${area}, ${a.to}`,
    `${wardsAlarming.map((x) => x.name).join(', ') || `No ${area}`} above threshold.`,
  );
  return `<section id="alerts" data-section="alerts">
<h2>Is anything rising now? Early warning</h2>
<p>${e(lead)}</p>
${table}
<div class="maps">${map}</div>
${charts}
<p class="note">${e(a.note)}</p>
<p>Each ${e(area)}'s monthly count is compared with a threshold built from the same months in the previous ${a.baselineYears} years (the Farrington flexible algorithm used by public-health agencies for outbreak detection, as in R's surveillance package), allowing for trend, for extra variation and for past spikes. No threshold is given when a ${e(area)} had fewer than 5 ${e(what)} in the last 4 months. Checked from ${e(a.from)} to ${e(a.to)}. ${e(attribution)}</p>
</section>`;
}

const ALARM = '#b2182b';
const QUIET = '#f0f0f0';

/**
 * A small static map of the wards, alarming ones in red, with its key in HTML text (so it stays
 * legible on a phone; the SVG itself has no text). Equirectangular, x scaled by cos φ.
 */
function alarmMap(
  fc: { features: readonly { geometry: { type: string; coordinates: unknown } | null }[] },
  flags: readonly number[],
  title: string,
  description: string,
): string {
  const { polys, x0, x1, y0, y1, k } = lonLatFrame(fc);
  const width = 320;
  const s = (width - 8) / ((x1 - x0) * k || 1);
  const height = Math.round((y1 - y0) * s) + 8;
  const paths = polys.map((p, i) => {
    const d = p
      .flatMap((poly) =>
        poly.map(
          (ring) =>
            `M${ring.map(([x, y]) => `${(4 + (x - x0) * k * s).toFixed(1)},${(4 + (y1 - y) * s).toFixed(1)}`).join('L')}Z`,
        ),
      )
      .join('');
    return `<path d="${d}" fill="${flags[i] ? ALARM : QUIET}" fill-rule="evenodd" stroke="#333" stroke-width="0.5"/>`;
  });
  const n = flags.reduce((t, v) => t + v, 0);
  const swatch = (c: string) =>
    `<svg width="14" height="14" aria-hidden="true" focusable="false"><rect width="14" height="14" fill="${c}" stroke="#333" stroke-width="0.5"/></svg>`;
  return `<figure class="alarm-map"><svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${e(`${title}. ${description}`)}">${paths.join('')}</svg><ul class="key"><li>${swatch(ALARM)}above threshold (${n})</li><li>${swatch(QUIET)}not above (${flags.length - n})</li></ul><figcaption>${e(title)}</figcaption></figure>`;
}
