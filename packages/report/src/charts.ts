// Static, accessible SVG charts drawn with d3 scales at build time: no script runs in the report to
// draw them, so they print, open from disk and work with scripting off.
import { max, min } from 'd3-array';
import { scaleLinear } from 'd3-scale';

/** Escapes text for HTML/SVG content and attribute values. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** One bar of a horizontal bar chart. */
export interface Bar {
  label: string;
  value: number;
  /** Highlight this bar (e.g. the council itself). */
  highlight?: boolean;
  /** A note after the label, e.g. "small group: high partly by chance". */
  flag?: string;
}

/** Options of {@link barChart}. */
export interface BarChartOptions {
  title: string;
  /** One sentence for screen readers (the data table follows the chart). */
  description: string;
  format: (v: number) => string;
  /** Draw a reference line at this value (e.g. the council-wide average). */
  reference?: { value: number; label: string };
  /** Unused since bar charts are HTML (kept for callers that set it). */
  width?: number;
}

const FONT = 'font-family="system-ui, sans-serif"';

/**
 * Horizontal bar chart as HTML: one row per bar, its label and value in real text (so they reflow,
 * stay ≥ 12 px on a phone and are read by screen readers) and the bar a small SVG stretched to the
 * row's track (`preserveAspectRatio="none"`, no text inside). Wide screens put label, bar and value
 * on one line; narrow ones put the label above the bar (report CSS, `.bars`).
 */
export function barChart(bars: readonly Bar[], o: BarChartOptions): string {
  const finite = bars.map((b) => b.value).filter(Number.isFinite);
  const hi = Math.max(max(finite) ?? 1, o.reference?.value ?? 0);
  const x = scaleLinear()
    .domain([Math.min(0, min(finite) ?? 0), hi > 0 ? hi : 1])
    .nice()
    .range([0, 100]);
  const ref =
    o.reference && Number.isFinite(o.reference.value)
      ? `<line x1="${x(o.reference.value).toFixed(2)}" x2="${x(o.reference.value).toFixed(2)}" y1="0" y2="10" stroke="#111" stroke-width="1.5" stroke-dasharray="2 1.5" vector-effect="non-scaling-stroke"/>`
      : '';
  const rows = bars.map((b) => {
    const v = Number.isFinite(b.value) ? b.value : 0;
    const x0 = x(Math.min(0, v));
    const w = Math.abs(x(v) - x(0));
    const value = Number.isFinite(b.value) ? escapeHtml(o.format(b.value)) : 'n/a';
    return (
      `<li class="bar${b.highlight ? ' hl' : ''}"><span class="bl">${escapeHtml(b.label)}${b.flag ? ` <span class="flag">${escapeHtml(b.flag)}</span>` : ''}</span>` +
      `<svg class="bt" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">` +
      `<rect x="${x0.toFixed(2)}" y="1" width="${w.toFixed(2)}" height="8" fill="${b.highlight ? '#b3541e' : '#3b6ea8'}"/>${ref}</svg>` +
      `<span class="bv">${value}</span></li>`
    );
  });
  const refNote =
    o.reference && Number.isFinite(o.reference.value)
      ? `<p class="note">Dashed line: ${escapeHtml(o.reference.label)}.</p>`
      : '';
  return (
    `<figure class="bars"><figcaption>${escapeHtml(o.title)}</figcaption>` +
    `<p class="sr">${escapeHtml(o.description)}</p><ul>${rows.join('')}</ul>${refNote}</figure>`
  );
}

/** Options of {@link lineChart}. */
export interface LineChartOptions {
  title: string;
  description: string;
  /** Tick label of an x position (e.g. the month). */
  xLabel: (i: number) => string;
  format: (v: number) => string;
  yTitle: string;
  width?: number;
}

/** Size and type of one drawing of a line chart. */
interface LineLayout {
  name: 'wide' | 'narrow';
  width: number;
  height: number;
  font: number;
  margin: { top: number; right: number; bottom: number; left: number };
  xTicks: number;
  yTicks: number;
}

/**
 * Wide: 760 units, 12-unit text, shown from 840 px of viewport, where the drawing is at least 770 px
 * wide (text ≥ 12 px). Narrow: 300 units, 14-unit text, shown below that and at most 420 px wide,
 * so at a 320 px viewport (≈ 270 px inside an expanded detail box) its text is still ≥ 12.6 px.
 */
const LINE_LAYOUTS: LineLayout[] = [
  {
    name: 'wide',
    width: 760,
    height: 260,
    font: 12,
    margin: { top: 12, right: 20, bottom: 40, left: 60 },
    xTicks: 8,
    yTicks: 5,
  },
  {
    name: 'narrow',
    width: 300,
    height: 230,
    font: 14,
    margin: { top: 10, right: 10, bottom: 40, left: 48 },
    xTicks: 3,
    yTicks: 4,
  },
];

const LINE_COLOURS = ['#3b6ea8', '#b3541e', '#2e7d32', '#6a3d9a'];

/**
 * Line chart of one or more series over the same x positions (0..n−1): a wide and a narrow drawing
 * (the report's CSS shows one by viewport width, print shows the wide one) and a key in HTML text.
 */
export function lineChart(
  series: readonly { name: string; values: readonly number[]; colour?: string }[],
  o: LineChartOptions,
): string {
  const colourOf = (k: number) => series[k]?.colour ?? LINE_COLOURS[k % LINE_COLOURS.length]!;
  const key =
    series.length > 1
      ? `<ul class="key">${series
          .map(
            (s, k) =>
              `<li><svg width="14" height="14" aria-hidden="true" focusable="false"><rect width="14" height="14" fill="${colourOf(k)}"/></svg>${escapeHtml(s.name)}</li>`,
          )
          .join('')}</ul>`
      : '';
  const drawings = LINE_LAYOUTS.map((l) => lineSvg(series, o, l, colourOf)).join('');
  return `<figure class="lines">${drawings}${key}</figure>`;
}

function lineSvg(
  series: readonly { name: string; values: readonly number[] }[],
  o: LineChartOptions,
  l: LineLayout,
  colourOf: (k: number) => string,
): string {
  const { width, height, margin: m, font } = l;
  const n = max(series, (s) => s.values.length) ?? 0;
  const all = series.flatMap((s) => s.values.filter(Number.isFinite));
  const x = scaleLinear()
    .domain([0, Math.max(1, n - 1)])
    .range([m.left, width - m.right]);
  const y = scaleLinear()
    .domain([Math.min(0, min(all) ?? 0), max(all) ?? 1])
    .nice()
    .range([height - m.bottom, m.top]);
  const parts: string[] = [];
  for (const t of y.ticks(l.yTicks)) {
    parts.push(
      `<line x1="${m.left}" x2="${width - m.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#e3e3e3"/>`,
      `<text x="${m.left - 6}" y="${y(t).toFixed(1)}" text-anchor="end" dominant-baseline="middle" font-size="${font}" fill="#444">${escapeHtml(o.format(t))}</text>`,
    );
  }
  const step = Math.max(1, Math.ceil(n / l.xTicks));
  for (let i = 0; i < n; i += step) {
    // A label is centred on its tick unless that would cut it off at an edge of the drawing (the
    // last one, e.g. "2018-Q4", at the right): then it is anchored to end (or start) at the tick.
    const half = textWidth(o.xLabel(i), font) / 2;
    const anchor = x(i) + half > width ? 'end' : x(i) - half < 0 ? 'start' : 'middle';
    parts.push(
      `<text x="${x(i).toFixed(1)}" y="${height - m.bottom + font + 4}" text-anchor="${anchor}" font-size="${font}" fill="#444">${escapeHtml(o.xLabel(i))}</text>`,
    );
  }
  const mid = m.top + (height - m.top - m.bottom) / 2;
  parts.push(
    `<text x="${font + 2}" y="${mid}" transform="rotate(-90 ${font + 2} ${mid})" text-anchor="middle" font-size="${font}">${escapeHtml(o.yTitle)}</text>`,
  );
  series.forEach((s, k) => {
    const colour = colourOf(k);
    const d = s.values
      .map((v, i) => (Number.isFinite(v) ? `${x(i).toFixed(1)},${y(v).toFixed(1)}` : null))
      .filter((p): p is string => p !== null)
      .join('L');
    parts.push(`<path d="M${d}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    s.values.forEach((v, i) => {
      if (Number.isFinite(v))
        parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5" fill="${colour}"/>`);
    });
  });
  return svg(width, height, o.title, o.description, parts, l.name);
}

/**
 * A generous estimate of the width of `text` at `font` units in system-ui: 0.65 em a character
 * (digits and capitals are about 0.55–0.7 em), so a label judged to fit does fit.
 */
function textWidth(text: string, font: number): number {
  return text.length * font * 0.65;
}

function svg(
  width: number,
  height: number,
  title: string,
  desc: string,
  parts: string[],
  layout = '',
): string {
  const id = `c${Math.abs(hash(title + desc)).toString(36)}${layout ? `-${layout}` : ''}`;
  return (
    `<svg class="chart${layout ? ` ${layout}` : ''}" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-t ${id}-d" ${FONT}>` +
    `<title id="${id}-t">${escapeHtml(title)}</title><desc id="${id}-d">${escapeHtml(desc)}</desc>${parts.join('')}</svg>`
  );
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** Options of {@link choroplethSvg}. */
export interface ChoroplethOptions {
  title: string;
  description: string;
  /** Upper bounds of the classes (ascending); values above the last fall in the last class. */
  breaks: readonly number[];
  /** One colour per class (breaks.length + 1). */
  colours: readonly string[];
  format: (v: number) => string;
  width?: number;
}

type Ring = [number, number][];

/**
 * The frame the static maps draw in: each feature's polygon rings (none for other geometries),
 * their lon/lat box and k = cos φ at its middle (equirectangular, scaled by cos φ — fine for a
 * council).
 */
export function lonLatFrame(fc: {
  features: readonly { geometry: { type: string; coordinates: unknown } | null }[];
}): { polys: Ring[][][]; x0: number; x1: number; y0: number; y1: number; k: number } {
  const polys: Ring[][][] = fc.features.map((f) =>
    !f.geometry
      ? []
      : f.geometry.type === 'Polygon'
        ? [f.geometry.coordinates as Ring[]]
        : f.geometry.type === 'MultiPolygon'
          ? (f.geometry.coordinates as Ring[][])
          : [],
  );
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const p of polys)
    for (const poly of p)
      for (const ring of poly)
        for (const [x, y] of ring) {
          x0 = Math.min(x0, x);
          x1 = Math.max(x1, x);
          y0 = Math.min(y0, y);
          y1 = Math.max(y1, y);
        }
  return { polys, x0, x1, y0, y1, k: Math.cos((((y0 + y1) / 2) * Math.PI) / 180) };
}

/**
 * A static choropleth of WGS84 polygons (equirectangular, scaled by cos φ — fine for a council)
 * with a legend: for notebooks and printouts where the interactive `<cohesion-map>` cannot run.
 */
export function choroplethSvg(
  fc: { features: readonly { geometry: { type: string; coordinates: unknown } | null }[] },
  values: ArrayLike<number>,
  o: ChoroplethOptions,
): string {
  const { polys, x0, x1, y1, y0, k } = lonLatFrame(fc);
  const width = o.width ?? 560;
  const mapW = width - 190;
  const sx = scaleLinear()
    .domain([x0 * k, x1 * k])
    .range([8, mapW]);
  const s = (sx(x1 * k) - sx(x0 * k)) / ((x1 - x0) * k || 1);
  const height = Math.max(160, Math.round((y1 - y0) * s) + 16);
  const classOf = (v: number) => {
    if (!Number.isFinite(v)) return -1;
    const c = o.breaks.findIndex((b) => v <= b);
    return c < 0 ? o.breaks.length : c;
  };
  const counts = new Array(o.colours.length).fill(0);
  const parts = polys.map((p, i) => {
    const c = classOf(values[i] as number);
    if (c >= 0) counts[c]++;
    const d = p
      .flatMap((poly) =>
        poly.map(
          (ring) =>
            `M${ring.map(([x, y]) => `${sx(x * k).toFixed(1)},${(8 + (y1 - y) * s).toFixed(1)}`).join('L')}Z`,
        ),
      )
      .join('');
    return `<path d="${d}" fill="${c >= 0 ? o.colours[c] : '#fff'}" fill-rule="evenodd" stroke="#333" stroke-width="0.4"/>`;
  });
  o.colours.forEach((colour, c) => {
    const lo = c === 0 ? null : o.breaks[c - 1]!;
    const hi = c < o.breaks.length ? o.breaks[c]! : null;
    const label =
      lo === null
        ? `up to ${o.format(hi!)}`
        : hi === null
          ? `over ${o.format(lo)}`
          : `${o.format(lo)} to ${o.format(hi)}`;
    const y = 16 + 22 * c;
    parts.push(
      `<rect x="${mapW + 16}" y="${y}" width="16" height="14" fill="${colour}" stroke="#333" stroke-width="0.5"/>`,
      `<text x="${mapW + 38}" y="${y + 11}" font-size="11">${escapeHtml(label)} (${counts[c]})</text>`,
    );
  });
  return svg(width, height, o.title, o.description, parts);
}
