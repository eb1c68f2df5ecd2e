/**
 * Place labels from the data's names: an area's name is written at its label point once the area is
 * large enough on screen to hold it (≈ 80 px across), biggest areas first, never two labels
 * overlapping, at most 40 at a time. HTML text over the map (no glyph server is needed, so it works
 * offline and under a strict CSP); hidden from screen readers, which have the table and the tooltip.
 */
import type { Feature, FeatureCollection, Position } from 'geojson';

/** Minimum on-screen size (CSS px, the larger side of the area's box) for an area to be labelled. */
export const LABEL_MIN_PX = 80;
const MAX_LABELS = 40;

/** Each area's extent in degrees of latitude-equivalent (the larger side of its box, longitude scaled by cos φ). */
export function areaExtents(fc: FeatureCollection): Float64Array {
  const out = new Float64Array(fc.features.length).fill(Number.NaN);
  fc.features.forEach((f: Feature, i) => {
    const g = f.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return;
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as Position[][][];
    for (const poly of polys) {
      for (const [x, y] of poly[0] ?? []) {
        if ((x as number) < x0) x0 = x as number;
        if ((x as number) > x1) x1 = x as number;
        if ((y as number) < y0) y0 = y as number;
        if ((y as number) > y1) y1 = y as number;
      }
    }
    if (x1 >= x0) out[i] = Math.max((x1 - x0) * Math.cos((((y0 + y1) / 2) * Math.PI) / 180), y1 - y0);
  });
  return out;
}

/** Where and what to label, from the element's current view. */
export interface LabelView {
  names: readonly string[];
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  extents: ArrayLike<number>;
  /** Position of a lon/lat in the map box (CSS px), or null before the map is drawn. */
  project(lon: number, lat: number): { x: number; y: number } | null;
  width: number;
  height: number;
}

/** Chooses the labels to show: [area, x, y] in placing order. Pure, for tests and the overlay. */
export function chooseLabels(v: LabelView): [number, number, number][] {
  const n = v.names.length;
  let i0 = -1;
  for (let i = 0; i < n && i0 < 0; i++) if (!Number.isNaN(v.xs[i] as number)) i0 = i;
  if (i0 < 0) return [];
  // Pixels per degree of latitude here (Mercator is locally conformal).
  const lon = v.xs[i0] as number;
  const lat = v.ys[i0] as number;
  const a = v.project(lon, lat);
  const b = v.project(lon, lat + 0.01);
  if (!a || !b) return [];
  const pxPerDeg = Math.hypot(b.x - a.x, b.y - a.y) / 0.01;
  const candidates: [number, number, number, number][] = [];
  for (let i = 0; i < n; i++) {
    const size = (v.extents[i] as number) * pxPerDeg;
    if (!(size >= LABEL_MIN_PX)) continue;
    const p = v.project(v.xs[i] as number, v.ys[i] as number);
    if (!p || p.x < 0 || p.y < 0 || p.x > v.width || p.y > v.height) continue;
    candidates.push([i, p.x, p.y, size]);
  }
  candidates.sort((p, q) => q[3] - p[3] || p[0] - q[0]);
  const placed: [number, number, number, number][] = [];
  const out: [number, number, number][] = [];
  for (const [i, x, y] of candidates) {
    if (out.length >= MAX_LABELS) break;
    // The label's box, estimated from its length (≈ 7 px a character at 0.8 rem).
    const w = 7 * (v.names[i] as string).length + 8;
    const box: [number, number, number, number] = [x - w / 2, y - 10, x + w / 2, y + 10];
    if (placed.some((q) => box[0] < q[2] && box[2] > q[0] && box[1] < q[3] && box[3] > q[1])) continue;
    placed.push(box);
    out.push([i, x, y]);
  }
  return out;
}

/** Writes the chosen labels into `layer` (positions through the CSSOM, allowed under any CSP). */
export function renderLabels(layer: HTMLElement, v: LabelView): void {
  const chosen = chooseLabels(v);
  layer.replaceChildren(
    ...chosen.map(([i, x, y]) => {
      const s = document.createElement('span');
      s.className = 'place';
      s.textContent = v.names[i] as string;
      s.style.left = `${x.toFixed(1)}px`;
      s.style.top = `${y.toFixed(1)}px`;
      return s;
    }),
  );
}

/**
 * Place labels redrawn at most once a frame, however often the view changes. `view` gives what to
 * label now, or undefined for no labels (the `labels` attribute off, or the error state).
 */
export class LabelLayer {
  readonly element: HTMLElement;
  readonly #view: () => LabelView | undefined;
  #queued = false;

  constructor(element: HTMLElement, view: () => LabelView | undefined) {
    this.element = element;
    this.#view = view;
  }

  /** Redraws the labels on the next frame. */
  queue(): void {
    if (this.#queued) return;
    this.#queued = true;
    requestAnimationFrame(() => {
      this.#queued = false;
      const v = this.#view();
      if (v) renderLabels(this.element, v);
      else this.element.replaceChildren();
    });
  }
}
