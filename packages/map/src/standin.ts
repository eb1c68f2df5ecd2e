/**
 * The drawings that stand in for the WebGL map in the map box: the canvas preview (preview.ts) shown
 * while MapLibre loads, fitted exactly as the map will be, and the static SVG map (svg.ts) where
 * there is no WebGL or `renderer="svg"` asks for it. Both pick, hover and highlight as the map does.
 * The SVG code is imported on first use (its own chunk): a page with WebGL never needs it, and it
 * counts against the element's code budget (issue 7) only where it is drawn.
 */
import type { FeatureCollection } from 'geojson';
import { el, type Point } from './dom.js';
import type { Styled } from './layers.js';
import { type AreaDrawing, areaCanvas } from './preview.js';
import type { AreaRenderer } from './renderer.js';

/** What a stand-in drawing asks of the element. */
export interface StandInHost {
  /** The map box the drawing fills, and the stage holding it (for the zoom buttons). */
  readonly box: HTMLElement;
  readonly stage: HTMLElement;
  interactive(): boolean;
  hover(i: number, at?: Point): void;
  click(i: number): void;
  /** A zoom button was pressed. */
  zoom(step: 1 | -1): void;
  /** A new drawing is on screen: highlights and labels to redraw. */
  drawn(): void;
  /** The SVG code has loaded: draw again (a drawing waited for it). */
  loaded(): void;
  /** The SVG code could not be loaded. */
  failed(e: Error): void;
}

/** What to draw: the areas, their colours and styling, the sites (SVG only) and the view box. */
export interface StandInInput {
  features: FeatureCollection;
  fills: string[];
  lines: string[];
  styled: Styled | undefined;
  sites: FeatureCollection | undefined;
  bounds: () => [number, number, number, number];
}

export class StandIn implements AreaRenderer {
  /** The drawing on screen, if any. */
  drawing: AreaDrawing | undefined;
  readonly #host: StandInHost;
  /** Inputs of the drawing on screen, so an unchanged restyle does not redraw it. */
  #drawn: [FeatureCollection, string, FeatureCollection | undefined] | undefined;
  /** The static SVG map's module, once imported (see {@link svgReady}). */
  #svg: typeof import('./svg.js') | undefined;
  #svgLoading: Promise<void> | undefined;

  constructor(host: StandInHost) {
    this.#host = host;
  }

  /**
   * True when the SVG code is loaded. Otherwise starts its import (once) and returns false; the host
   * is told `loaded()` when it is in, so the drawing that waited for it can be made.
   */
  svgReady(): boolean {
    if (this.#svg) return true;
    this.#svgLoading ??= import('./svg.js').then(
      (m) => {
        this.#svg = m;
        this.#host.loaded();
      },
      (e: unknown) => {
        this.#svgLoading = undefined;
        this.#host.failed(e instanceof Error ? e : new Error(String(e)));
      },
    );
    return false;
  }

  /**
   * Draws the areas (the canvas preview, or the static SVG map) inside the map box, fitted as
   * MapLibre's fitBounds would be. True when a new drawing replaced what was on screen. The canvas
   * preview is drawn at once; an SVG drawing (the static map, or a preview in a box with no size)
   * waits for its code: false until {@link svgReady}, the host is told `loaded()` then.
   */
  draw(o: StandInInput, preview: boolean): boolean {
    const host = this.#host;
    const box = host.box;
    box.hidden = false;
    box.setAttribute('tabindex', '0');
    const s = o.styled;
    const sites = preview ? undefined : o.sites;
    const key = `${o.fills.join()}${o.lines.join()}${preview ? 'p' : `s${s?.outline.join('') ?? ''}`}`;
    const d = this.#drawn;
    if (this.drawing && d?.[0] === o.features && d[1] === key && d[2] === sites) return false;
    const width = box.clientWidth;
    const height = box.clientHeight;
    const fit = width > 0 && height > 0 ? { bounds: o.bounds(), width, height, padding: 16 } : undefined;
    const canvas = preview && fit;
    if (!canvas && !this.svgReady()) return false;
    this.drawing?.element.remove();
    const drawing = canvas
      ? areaCanvas(o.features, o.fills, o.lines, fit, Math.min(2, globalThis.devicePixelRatio || 1))
      : (this.#svg as typeof import('./svg.js')).areaSvg(o.features, o.fills, o.lines, fit, {
          noData: (i) => ((s?.classOf[i] ?? 0) as number) < 0,
          ...(s ? { outline: s.outline } : {}),
          ...(sites ? { sites } : {}),
        });
    this.drawing = drawing;
    this.#drawn = [o.features, key, sites];
    const node = drawing.element;
    const interactive = host.interactive();
    if (interactive) {
      node.classList.add('pick');
      const at = (e: MouseEvent) => {
        const r = box.getBoundingClientRect();
        return { x: e.clientX - r.left, y: e.clientY - r.top };
      };
      node.addEventListener('mousemove', (e) =>
        host.hover(drawing.pick(e as MouseEvent), at(e as MouseEvent)),
      );
      node.addEventListener('mouseleave', () => host.hover(-1));
      node.addEventListener('click', (e) => {
        const i = drawing.pick(e as MouseEvent);
        if (i >= 0) host.click(i);
      });
    }
    box.prepend(node);
    if (!preview && interactive && drawing.zoom) this.#zoomButtons();
    host.drawn();
    return true;
  }

  /** "+" / "−" buttons over the static SVG map (WebGL maps have MapLibre's), made once. */
  #zoomButtons(): void {
    const { stage } = this.#host;
    if (stage.querySelector('.zoombar')) return;
    const bar = el('div', { class: 'zoombar' });
    for (const [text, label, step] of [
      ['+', 'Zoom in', 1],
      ['\u2212', 'Zoom out', -1],
    ] as const) {
      const b = el('button', { type: 'button', 'aria-label': label }, text);
      b.addEventListener('click', () => this.#host.zoom(step));
      bar.append(b);
    }
    stage.append(bar);
  }

  /** Takes the drawing off the screen (the WebGL map is drawn). */
  remove(): void {
    this.drawing?.element.remove();
    this.drawing = undefined;
    this.#drawn = undefined;
  }

  project(lon: number, lat: number): Point | null {
    return this.drawing ? this.drawing.project(lon, lat) : null;
  }

  /** The focus outline drawn once when focused and selected are the same area. */
  highlight(hover: number, marks: number[]): void {
    this.drawing?.highlight(hover, [...new Set(marks)]);
  }

  zoom(step: 1 | -1, lon?: number, lat?: number): void {
    const d = this.drawing;
    if (!d?.zoom) return;
    if (lon === undefined || lat === undefined) d.zoom(step > 0 ? 2 : 0.5);
    else d.zoom(step > 0 ? 2 : 0.5, lon, lat);
  }

  /** A drawing never moves its view for the focus. */
  reveal(lon: number, lat: number): Point | null {
    return this.project(lon, lat);
  }

  showPlaces(): boolean {
    return false;
  }
}
