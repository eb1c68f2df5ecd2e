import type { FeatureCollection } from 'geojson';
import { crossesOdd } from './mesh.js';
import type { SvgFit } from './svg.js';

/** A drawing of the areas that stands in for the WebGL map: placing points, picking and highlights. */
export interface AreaDrawing {
  /** The element to insert (it fills the map box). */
  element: HTMLElement | SVGSVGElement;
  /** Position of a longitude/latitude in CSS pixels relative to the drawing's box. */
  project(lon: number, lat: number): { x: number; y: number };
  /** Index of the area under a mouse event, or −1. */
  pick(e: MouseEvent): number;
  /** Redraws the outlines of the hovered and marked (focused / selected) areas. */
  highlight(hover: number, marked: number[]): void;
  /**
   * Zooms the drawing by `factor` (> 1 in, < 1 out, never beyond the fitted view), centred on a
   * longitude/latitude when given (so a focused area stays in view), else on the view's centre.
   * Only the static SVG drawing has it.
   */
  zoom?(factor: number, lon?: number, lat?: number): void;
}

/** Web Mercator y of a latitude, in degrees of longitude at the equator (x is the longitude). */
export function mercY(lat: number): number {
  const s = Math.sin((lat * Math.PI) / 180);
  return (0.5 * Math.log((1 + s) / (1 - s)) * 180) / Math.PI;
}

/**
 * The hover and focus outlines of every drawing, as the WebGL highlight layer draws them: the hovered
 * area 2.5 px near-black; each marked (focused, selected) area a 7 px near-black halo under 3.5 px
 * yellow (GOV.UK's focus style). `outline` strokes one area; −1 entries are skipped.
 */
export function drawHighlights(
  hover: number,
  marked: readonly number[],
  outline: (i: number, colour: string, width: number) => void,
): void {
  if (hover >= 0) outline(hover, '#0b0c0c', 2.5);
  for (const i of marked) {
    if (i < 0) continue;
    outline(i, '#0b0c0c', 7);
    outline(i, '#ffdd00', 3.5);
  }
}

/**
 * Canvas drawing of the areas fitted exactly as MapLibre's `fitBounds(bounds, { padding })` in a box of
 * the given size (Web Mercator), shown while the WebGL map loads and swapped for it without a jump.
 *
 * Why a canvas and not SVG: the canvas asks for a CPU-backed context (`willReadFrequently`), so
 * drawing 1,702 LSOAs (75k vertices) is a few tens of milliseconds of software rasterisation, where an
 * SVG of the same paths goes through GPU rasterisation — seconds under the software GL that headless
 * and GPU-less machines use, delaying the WebGL map it stands in for.
 *
 * Picking: per-area pixel bounding boxes, then an even-odd point-in-polygon test on the candidates.
 */
export function areaCanvas(
  fc: FeatureCollection,
  fills: string[],
  strokes: string[],
  fit: SvgFit,
  pixelRatio = 1,
): AreaDrawing {
  const { width, height, padding } = fit;
  const [w, s, e, n] = fit.bounds;
  const top = -mercY(n);
  const bw = Math.max(e - w, 1e-12);
  const bh = Math.max(-mercY(s) - top, 1e-12);
  const scale = Math.min((width - 2 * padding) / bw, (height - 2 * padding) / bh);
  // Centre the bounds in the box, as fitBounds does.
  const offX = (width - bw * scale) / 2;
  const offY = (height - bh * scale) / 2;
  const px = (lon: number) => offX + (lon - w) * scale;
  const py = (lat: number) => offY + (-mercY(lat) - top) * scale;

  // Every ring projected once into CSS pixels: [area, Float64Array of x,y pairs].
  const count = fc.features.length;
  const rings: Float64Array[][] = Array.from({ length: count }, () => []);
  const boxes = new Float64Array(count * 4).fill(Number.NaN);
  fc.features.forEach((f, i) => {
    const g = f.geometry;
    const polys = g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? g.coordinates : [];
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const poly of polys) {
      for (const ring of poly) {
        const xy = new Float64Array(ring.length * 2);
        ring.forEach((p, j) => {
          const x = px(p[0] as number);
          const y = py(p[1] as number);
          xy[2 * j] = x;
          xy[2 * j + 1] = y;
          if (x < x0) x0 = x;
          if (x > x1) x1 = x;
          if (y < y0) y0 = y;
          if (y > y1) y1 = y;
        });
        (rings[i] as Float64Array[]).push(xy);
      }
    }
    boxes.set([x0, y0, x1, y1], i * 4);
  });

  const wrap = document.createElement('div');
  wrap.className = 'preview';
  const layer = () => {
    const c = document.createElement('canvas');
    c.width = Math.max(1, Math.round(width * pixelRatio));
    c.height = Math.max(1, Math.round(height * pixelRatio));
    const ctx = c.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D;
    ctx.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0);
    wrap.append(c);
    return ctx;
  };
  const base = layer();
  const over = layer();

  const trace = (ctx: CanvasRenderingContext2D, i: number) => {
    ctx.beginPath();
    for (const xy of rings[i] ?? []) {
      ctx.moveTo(xy[0] as number, xy[1] as number);
      for (let j = 2; j < xy.length; j += 2) ctx.lineTo(xy[j] as number, xy[j + 1] as number);
      ctx.closePath();
    }
  };
  base.lineWidth = 1;
  base.lineJoin = 'round';
  for (let i = 0; i < count; i++) {
    trace(base, i);
    base.fillStyle = fills[i] ?? '#ccc';
    base.fill('evenodd');
    base.strokeStyle = strokes[i] ?? '#1a1a1a';
    base.stroke();
  }

  const inside = (i: number, x: number, y: number): boolean => {
    let hit = false;
    for (const xy of rings[i] ?? []) if (crossesOdd(xy, 0, xy.length / 2, x, y)) hit = !hit;
    return hit;
  };

  return {
    element: wrap,
    project(lon, lat) {
      // The canvases stretch with the box; scale from the size they were drawn at.
      const r = wrap.getBoundingClientRect();
      const kx = r.width > 0 ? r.width / width : 1;
      const ky = r.height > 0 ? r.height / height : 1;
      return { x: px(lon) * kx, y: py(lat) * ky };
    },
    pick(ev) {
      const r = wrap.getBoundingClientRect();
      const x = ((ev.clientX - r.left) * width) / (r.width || width);
      const y = ((ev.clientY - r.top) * height) / (r.height || height);
      for (let i = 0; i < count; i++) {
        const o = i * 4;
        if (
          x >= (boxes[o] as number) &&
          x <= (boxes[o + 2] as number) &&
          y >= (boxes[o + 1] as number) &&
          y <= (boxes[o + 3] as number) &&
          inside(i, x, y)
        )
          return i;
      }
      return -1;
    },
    highlight(hover, marked) {
      over.clearRect(0, 0, width, height);
      over.lineJoin = 'round';
      drawHighlights(hover, marked, (i, colour, lw) => {
        trace(over, i);
        over.strokeStyle = colour;
        over.lineWidth = lw;
        over.stroke();
      });
    },
  };
}
