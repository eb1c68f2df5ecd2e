import type { FeatureCollection, Position } from 'geojson';
import { median, outlineWidth } from './outlines.js';
import { SITE_STYLE } from './palettes.js';
import { type AreaDrawing, drawHighlights, mercY } from './preview.js';

const SVG = 'http://www.w3.org/2000/svg';
/** Id of the no-data hatch pattern (ids are scoped to the element's shadow root). */
const HATCH_ID = 'cm-svg-hatch';

/** The no-data hatch: white with grey diagonals 8 px apart, as on the WebGL map and in the legend. */
function hatchPattern(unitsPerPx: number): SVGDefsElement {
  const defs = document.createElementNS(SVG, 'defs');
  const pattern = document.createElementNS(SVG, 'pattern');
  pattern.setAttribute('id', HATCH_ID);
  pattern.setAttribute('patternUnits', 'userSpaceOnUse');
  pattern.setAttribute('width', '8');
  pattern.setAttribute('height', '8');
  // Drawn in CSS pixels: the pattern is scaled from pixels to the drawing's units.
  pattern.setAttribute('patternTransform', `scale(${+unitsPerPx.toPrecision(6)})`);
  const bg = document.createElementNS(SVG, 'rect');
  bg.setAttribute('width', '8');
  bg.setAttribute('height', '8');
  bg.setAttribute('fill', '#ffffff');
  const line = document.createElementNS(SVG, 'path');
  line.setAttribute('d', 'M-2,2L2,-2M0,8L8,0M6,10L10,6');
  line.setAttribute('stroke', '#6f777b');
  line.setAttribute('stroke-width', '1.5');
  pattern.append(bg, line);
  defs.append(pattern);
  return defs;
}

/** How the drawing is fitted: the view box (west, south, east, north) and the padding in CSS pixels. */
export interface SvgFit {
  bounds: [number, number, number, number];
  /** Size of the box the SVG fills, in CSS pixels; with the padding it reproduces MapLibre's fitBounds. */
  width: number;
  height: number;
  padding: number;
}

/** What the static map draws besides the fills, as the WebGL map does. */
export interface SvgExtras {
  /** Areas drawn hatched (no data). */
  noData?: (i: number) => boolean;
  /** Significance outline level per area (hotspots): 1 dashed, 2 medium, 3 thick, 0 none. */
  outline?: Uint8Array;
  /** Green-space sites overlaid: polygons filled, points as dots. */
  sites?: FeatureCollection;
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
  extras: SvgExtras = {},
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
  // Drawing units per CSS pixel (known when fitted; else the 1000-unit extent is about the box's width).
  let unitsPerPx = 1;
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
    unitsPerPx = 1 / px;
    viewBox = [x0 - pad, y0 - pad, bw + 2 * pad, bh + 2 * pad];
  } else {
    const h = (maxY - minY) * k;
    viewBox = [-10, -10, 1020, h + 20];
  }
  svg.setAttribute('viewBox', viewBox.map((v) => +v.toFixed(3)).join(' '));
  const fitted: [number, number, number, number] = [...viewBox];
  svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'svg');
  /** Path data of a projected ring in drawing units (one decimal: sub-pixel). */
  const ringPath = (pts: [number, number][]) =>
    `M${pts.map(([x, y]) => `${ux(x).toFixed(1)},${uy(y).toFixed(1)}`).join('L')}Z`;
  const paths = new Map<number, string[]>();
  for (const [i, pts] of rings) {
    const d = ringPath(pts);
    const list = paths.get(i) ?? [];
    list.push(d);
    paths.set(i, list);
  }
  const byIndex: SVGPathElement[] = [];
  const areas = document.createElementNS(SVG, 'g');
  const noData = extras.noData;
  let hatched = false;
  for (const [i, ds] of paths) {
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', ds.join(''));
    const hatch = !!noData?.(i);
    hatched ||= hatch;
    path.setAttribute('fill', hatch ? `url(#${HATCH_ID})` : (fills[i] ?? '#ccc'));
    path.setAttribute('fill-rule', 'evenodd');
    path.setAttribute('stroke', strokes[i] ?? '#1a1a1a');
    path.setAttribute('stroke-width', '0.6');
    path.setAttribute('data-index', String(i));
    byIndex[i] = path;
    areas.appendChild(path);
  }
  // Overlays (significance, sites, highlights) ignore the pointer, so picking finds the area beneath.
  const overlay = () => {
    const g = document.createElementNS(SVG, 'g');
    g.setAttribute('pointer-events', 'none');
    g.setAttribute('fill', 'none');
    return g;
  };
  const sig = overlay();
  const siteLayer = overlay();
  const hl = overlay();
  if (hatched) svg.append(hatchPattern(unitsPerPx));
  svg.append(areas, sig, siteLayer, hl);

  const outlinePath = (parent: SVGGElement, i: number, colour: string, width: number, dash?: string) => {
    const src = byIndex[i];
    if (!src) return;
    const p = document.createElementNS(SVG, 'path');
    p.setAttribute('d', src.getAttribute('d') ?? '');
    p.setAttribute('stroke', colour);
    p.setAttribute('stroke-width', String(width));
    p.setAttribute('stroke-linejoin', 'round');
    if (dash) p.setAttribute('stroke-dasharray', dash);
    // Widths in CSS pixels whatever the drawing's scale, as MapLibre's line widths are.
    p.setAttribute('vector-effect', 'non-scaling-stroke');
    parent.appendChild(p);
    return p;
  };
  const outline = (i: number, colour: string, width: number) => outlinePath(hl, i, colour, width);

  // Significance outlines as on the WebGL map: 90% dashed 1.5 px, 95% 2 px, 99% 3.5 px (thin first).
  // Widths follow the areas' size on screen (outlines.ts), from each area's box in drawing units.
  const levels = extras.outline;
  if (levels) {
    const size = new Map<number, [number, number, number, number]>();
    for (const [i, pts] of rings) {
      const b = size.get(i) ?? [Infinity, Infinity, -Infinity, -Infinity];
      for (const [x, y] of pts) {
        const X = ux(x);
        const Y = uy(y);
        if (X < b[0]) b[0] = X;
        if (Y < b[1]) b[1] = Y;
        if (X > b[2]) b[2] = X;
        if (Y > b[3]) b[3] = Y;
      }
      size.set(i, b);
    }
    const px = (i: number) => {
      const b = size.get(i);
      return b ? Math.max(b[2] - b[0], b[3] - b[1]) / unitsPerPx : 0;
    };
    for (const [level, width, dash] of [
      [1, 1.5, '3 2.25'],
      [2, 2, undefined],
      [3, 3.5, undefined],
    ] as const) {
      const at: number[] = [];
      for (let i = 0; i < levels.length; i++) if (levels[i] === level) at.push(i);
      const w = +outlineWidth(width, median(at.map(px))).toFixed(2);
      for (const i of at) outlinePath(sig, i, '#0b0c0c', w, dash)?.setAttribute('data-level', String(level));
    }
  }

  // Sites: polygons in translucent green; points as 6 px dots with a white rim (zero-length round-capped
  // paths with non-scaling strokes, so they keep their size at any scale).
  const dot = (x: number, y: number, colour: string, width: number) => {
    const p = document.createElementNS(SVG, 'path');
    p.setAttribute('d', `M${x.toFixed(1)},${y.toFixed(1)}h0`);
    p.setAttribute('stroke', colour);
    p.setAttribute('stroke-width', String(width));
    p.setAttribute('stroke-linecap', 'round');
    p.setAttribute('vector-effect', 'non-scaling-stroke');
    siteLayer.appendChild(p);
  };
  for (const f of extras.sites?.features ?? []) {
    const g = f.geometry;
    if (!g) continue;
    if (g.type === 'Point' || g.type === 'MultiPoint') {
      const pts = g.type === 'Point' ? [g.coordinates] : g.coordinates;
      for (const pt of pts) {
        const [x, y] = project(pt);
        dot(ux(x), uy(y), '#ffffff', 8);
        dot(ux(x), uy(y), SITE_STYLE.fill, 6);
      }
    } else if (g.type === 'Polygon' || g.type === 'MultiPolygon') {
      const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      const d = polys.flatMap((poly) => poly.map((ring) => ringPath(ring.map(project)))).join('');
      // White casing under a dark line (SITE_STYLE): one of them stands out against any area colour.
      const casing = document.createElementNS(SVG, 'path');
      casing.setAttribute('d', d);
      casing.setAttribute('fill', 'none');
      casing.setAttribute('stroke', SITE_STYLE.casing);
      casing.setAttribute('stroke-width', '3');
      casing.setAttribute('vector-effect', 'non-scaling-stroke');
      siteLayer.appendChild(casing);
      const p = document.createElementNS(SVG, 'path');
      p.setAttribute('d', d);
      p.setAttribute('fill', SITE_STYLE.fill);
      p.setAttribute('fill-opacity', String(SITE_STYLE.fillOpacity));
      p.setAttribute('fill-rule', 'evenodd');
      p.setAttribute('stroke', SITE_STYLE.line);
      p.setAttribute('stroke-width', '1.5');
      p.setAttribute('vector-effect', 'non-scaling-stroke');
      siteLayer.appendChild(p);
    }
  }

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
    zoom(factor, lon, lat) {
      const [vx, vy, vw, vh] = viewBox;
      const fw = fitted[2];
      // Between the fitted view and 32 times closer; outlines keep their pixel widths (non-scaling).
      const w = Math.min(fw, Math.max(fw / 32, vw / factor));
      const h = (w / vw) * vh;
      const cx = lon !== undefined ? ux(lon) : vx + vw / 2;
      const cy = lat !== undefined ? uy(-mercY(lat)) : vy + vh / 2;
      viewBox = w >= fw ? [...fitted] : [cx - w / 2, cy - h / 2, w, h];
      svg.setAttribute('viewBox', viewBox.map((v) => +v.toFixed(3)).join(' '));
    },
    highlight(hover, marked) {
      hl.replaceChildren();
      drawHighlights(hover, marked, outline);
    },
  };
}
