// Static, accessible SVG charts drawn with d3 scales at build time: no script runs in the report to
// draw them, so they print, open from disk and work with scripting off.
import { max, min } from 'd3-array';
import { scaleBand, scaleLinear } from 'd3-scale';

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
}

/** Options of {@link barChart}. */
export interface BarChartOptions {
  title: string;
  /** One sentence for screen readers (the data table follows the chart). */
  description: string;
  format: (v: number) => string;
  /** Draw a reference line at this value (e.g. the council-wide average). */
  reference?: { value: number; label: string };
  width?: number;
}

const FONT = 'font-family="system-ui, sans-serif"';

/** Horizontal bar chart (labels left, values right), one row per bar. */
export function barChart(bars: readonly Bar[], o: BarChartOptions): string {
  const width = o.width ?? 760;
  const row = 22;
  const left = Math.min(380, 16 + 7.2 * (max(bars, (b) => b.label.length) ?? 10));
  const right = 70;
  const top = 8;
  const height = top + row * bars.length + 28;
  const finite = bars.map((b) => b.value).filter(Number.isFinite);
  const hi = Math.max(max(finite) ?? 1, o.reference?.value ?? 0);
  const x = scaleLinear()
    .domain([Math.min(0, min(finite) ?? 0), hi > 0 ? hi : 1])
    .nice()
    .range([left, width - right]);
  const y = scaleBand<number>()
    .domain(bars.map((_, i) => i))
    .range([top, top + row * bars.length])
    .padding(0.2);
  const parts: string[] = [];
  bars.forEach((b, i) => {
    const yy = y(i)!;
    const h = y.bandwidth();
    const v = Number.isFinite(b.value) ? b.value : 0;
    const x0 = x(Math.min(0, v));
    const w = Math.abs(x(v) - x(0));
    parts.push(
      `<text x="${left - 6}" y="${(yy + h / 2).toFixed(1)}" text-anchor="end" dominant-baseline="middle" font-size="12"${b.highlight ? ' font-weight="bold"' : ''}>${escapeHtml(b.label)}</text>`,
      `<rect x="${x0.toFixed(1)}" y="${yy.toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}" fill="${b.highlight ? '#b3541e' : '#3b6ea8'}"/>`,
      `<text x="${(x0 + w + 4).toFixed(1)}" y="${(yy + h / 2).toFixed(1)}" dominant-baseline="middle" font-size="11">${Number.isFinite(b.value) ? escapeHtml(o.format(b.value)) : 'n/a'}</text>`,
    );
  });
  const axisY = top + row * bars.length + 4;
  for (const t of x.ticks(5)) {
    parts.push(
      `<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${top}" y2="${axisY}" stroke="#ddd"/>`,
      `<text x="${x(t).toFixed(1)}" y="${axisY + 14}" text-anchor="middle" font-size="11" fill="#444">${escapeHtml(o.format(t))}</text>`,
    );
  }
  if (o.reference && Number.isFinite(o.reference.value)) {
    const rx = x(o.reference.value).toFixed(1);
    parts.push(
      `<line x1="${rx}" x2="${rx}" y1="${top}" y2="${axisY}" stroke="#111" stroke-dasharray="4 3"/>`,
      `<text x="${rx}" y="${axisY + 24}" text-anchor="middle" font-size="11">${escapeHtml(o.reference.label)}</text>`,
    );
  }
  return svg(width, height + (o.reference ? 10 : 0), o.title, o.description, parts);
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

/** Line chart of one or more series over the same x positions (0..n−1). */
export function lineChart(
  series: readonly { name: string; values: readonly number[]; colour?: string }[],
  o: LineChartOptions,
): string {
  const width = o.width ?? 760;
  const height = 260;
  const m = { top: 16, right: 20, bottom: 40, left: 56 };
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
  for (const t of y.ticks(5)) {
    parts.push(
      `<line x1="${m.left}" x2="${width - m.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#e3e3e3"/>`,
      `<text x="${m.left - 6}" y="${y(t).toFixed(1)}" text-anchor="end" dominant-baseline="middle" font-size="11" fill="#444">${escapeHtml(o.format(t))}</text>`,
    );
  }
  const step = Math.max(1, Math.ceil(n / 8));
  for (let i = 0; i < n; i += step) {
    parts.push(
      `<text x="${x(i).toFixed(1)}" y="${height - m.bottom + 16}" text-anchor="middle" font-size="11" fill="#444">${escapeHtml(o.xLabel(i))}</text>`,
    );
  }
  parts.push(
    `<text x="14" y="${m.top + (height - m.top - m.bottom) / 2}" transform="rotate(-90 14 ${m.top + (height - m.top - m.bottom) / 2})" text-anchor="middle" font-size="11">${escapeHtml(o.yTitle)}</text>`,
  );
  const colours = ['#3b6ea8', '#b3541e', '#2e7d32', '#6a3d9a'];
  series.forEach((s, k) => {
    const colour = s.colour ?? colours[k % colours.length]!;
    const d = s.values
      .map((v, i) => (Number.isFinite(v) ? `${x(i).toFixed(1)},${y(v).toFixed(1)}` : null))
      .filter((p): p is string => p !== null)
      .join('L');
    parts.push(`<path d="M${d}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    s.values.forEach((v, i) => {
      if (Number.isFinite(v))
        parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5" fill="${colour}"/>`);
    });
    if (series.length > 1)
      parts.push(
        `<text x="${m.left + 8 + 150 * k}" y="${m.top - 2}" font-size="11" fill="${colour}">■ ${escapeHtml(s.name)}</text>`,
      );
  });
  return svg(width, height, o.title, o.description, parts);
}

function svg(width: number, height: number, title: string, desc: string, parts: string[]): string {
  const id = `c${Math.abs(hash(title + desc)).toString(36)}`;
  return (
    `<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-t ${id}-d" ${FONT}>` +
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

/**
 * A static choropleth of WGS84 polygons (equirectangular, scaled by cos φ — fine for a council)
 * with a legend: for notebooks and printouts where the interactive `<cohesion-map>` cannot run.
 */
export function choroplethSvg(
  fc: { features: readonly { geometry: { type: string; coordinates: unknown } | null }[] },
  values: ArrayLike<number>,
  o: ChoroplethOptions,
): string {
  type Ring = [number, number][];
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
  const k = Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
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
