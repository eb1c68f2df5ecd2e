import type { FeatureCollection, Position } from 'geojson';
import type { AreaDrawing } from './preview.js';

const SVG = 'http://www.w3.org/2000/svg';

function mercY(lat: number): number {
  const s = Math.sin((lat * Math.PI) / 180);
  return (0.5 * Math.log((1 + s) / (1 - s)) * 180) / Math.PI;
}

/** How the drawing is fitted: the view box (west, south, east, north) and the padding in CSS pixels. */
export interface SvgFit {
  bounds: [number, number, number, number];
  /** Size of the box the SVG fills, in CSS pixels; with the padding it reproduces MapLibre's fitBounds. */
  width: number;
  height: number;
  padding: number;
}

/**
 * SVG drawing of the areas in Web Mercator. With `fit`, the view box reproduces MapLibre's
 * `fitBounds(bounds, { padding })` in a box of that size, so the drawing can stand in for the WebGL
 * map while it loads and be swapped for it without a jump. Without `fit`, the data's extent fills
 * the box. Paths carry `data-index` (the area's index) for picking. Used where the SVG is the map
 * (no WebGL, or `renderer="svg"`, e.g. a report opened from disk); the loading preview is a canvas
 * ({@link areaCanvas}).
 */
export function areaSvg(
  fc: FeatureCollection,
  fills: string[],
  strokes: string[],
  fit?: SvgFit,
): AreaDrawing {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const project = (p: Position): [number, number] => [p[0] as number, -mercY(p[1] as number)];
  const rings: [number, [number, number][]][] = [];
  fc.features.forEach((f, i) => {
    const g = f.geometry;
    const polys = g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? g.coordinates : [];
    for (const poly of polys) {
      for (const ring of poly) {
        const pts = ring.map(project);
        for (const [x, y] of pts) {
          if (x < minX) minX = x;
          if (x > maxX) maxX = x;
          if (y < minY) minY = y;
          if (y > maxY) maxY = y;
        }
        rings.push([i, pts]);
      }
    }
  });
  // Drawing units: the data's extent is 1000 wide (one decimal in the path data is then sub-pixel).
  const k = 1000 / (maxX - minX || 1);
  const ux = (x: number) => (x - minX) * k;
  const uy = (y: number) => (y - minY) * k;
  const svg = document.createElementNS(SVG, 'svg');
  let viewBox: [number, number, number, number];
  if (fit) {
    const [w, s, e, n] = fit.bounds;
    const x0 = ux(w);
    const x1 = ux(e);
    const y0 = uy(-mercY(n));
    const y1 = uy(-mercY(s));
    const bw = Math.max(x1 - x0, 1e-9);
    const bh = Math.max(y1 - y0, 1e-9);
    // Scale (px per unit) of fitBounds with padding; padding in units follows, and "meet" centres it.
    const px = Math.max(
      1e-9,
      Math.min((fit.width - 2 * fit.padding) / bw, (fit.height - 2 * fit.padding) / bh),
    );
    const pad = fit.padding / px;
    viewBox = [x0 - pad, y0 - pad, bw + 2 * pad, bh + 2 * pad];
  } else {
    const h = (maxY - minY) * k;
    viewBox = [-10, -10, 1020, h + 20];
  }
  svg.setAttribute('viewBox', viewBox.map((v) => +v.toFixed(3)).join(' '));
  svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'svg');
  const paths = new Map<number, string[]>();
  for (const [i, pts] of rings) {
    const d = `M${pts.map(([x, y]) => `${ux(x).toFixed(1)},${uy(y).toFixed(1)}`).join('L')}Z`;
    const list = paths.get(i) ?? [];
    list.push(d);
    paths.set(i, list);
  }
  const byIndex: SVGPathElement[] = [];
  const areas = document.createElementNS(SVG, 'g');
  for (const [i, ds] of paths) {
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', ds.join(''));
    path.setAttribute('fill', fills[i] ?? '#ccc');
    path.setAttribute('fill-rule', 'evenodd');
    path.setAttribute('stroke', strokes[i] ?? '#1a1a1a');
    path.setAttribute('stroke-width', '0.6');
    path.setAttribute('data-index', String(i));
    byIndex[i] = path;
    areas.appendChild(path);
  }
  // Highlights sit above the areas and ignore the pointer, so picking always finds the area beneath.
  const hl = document.createElementNS(SVG, 'g');
  hl.setAttribute('pointer-events', 'none');
  hl.setAttribute('fill', 'none');
  svg.append(areas, hl);

  const outline = (i: number, colour: string, width: number) => {
    const src = byIndex[i];
    if (!src) return;
    const p = document.createElementNS(SVG, 'path');
    p.setAttribute('d', src.getAttribute('d') ?? '');
    p.setAttribute('stroke', colour);
    p.setAttribute('stroke-width', String(width));
    p.setAttribute('stroke-linejoin', 'round');
    // Widths in CSS pixels whatever the drawing's scale, as MapLibre's line widths are.
    p.setAttribute('vector-effect', 'non-scaling-stroke');
    hl.appendChild(p);
  };

  return {
    element: svg,
    project(lon, lat) {
      const box = svg.getBoundingClientRect();
      const [vx, vy, vw, vh] = viewBox;
      const scale = Math.min(box.width / vw, box.height / vh) || 1;
      const offX = (box.width - vw * scale) / 2;
      const offY = (box.height - vh * scale) / 2;
      return {
        x: offX + (ux(lon) - vx) * scale,
        y: offY + (uy(-mercY(lat)) - vy) * scale,
      };
    },
    pick(e) {
      const t = e.target as Element | null;
      const i = t && typeof t.getAttribute === 'function' ? t.getAttribute('data-index') : null;
      return i === null ? -1 : Number(i);
    },
    highlight(hover, marked) {
      hl.replaceChildren();
      if (hover >= 0) outline(hover, '#0b0c0c', 2.5);
      for (const i of marked) {
        if (i < 0) continue;
        outline(i, '#0b0c0c', 7);
        outline(i, '#ffdd00', 3.5);
      }
    },
  };
}
