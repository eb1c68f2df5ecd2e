/**
 * Picking areas by pointer, keyboard and search: the hovered, focused and selected area (held in
 * the state), their outlines on whatever draws the map, the tooltip, the table's selected row, the
 * `hover` and `select` events, and keyboard zoom.
 */
import type { Point } from './dom.js';
import { keyAction } from './keyboard.js';
import type { MapView } from './mapview.js';
import type { StandIn } from './standin.js';
import type { MapState } from './state.js';
import type { TableView } from './table.js';
import type { Tooltip } from './tooltip.js';

/** The element's side of the interaction. */
export interface InteractionHost {
  readonly st: MapState;
  readonly tooltip: Tooltip;
  readonly table: TableView;
  /** The WebGL map and the drawing standing in for it (whichever is on screen is used). */
  readonly view: MapView;
  readonly standIn: StandIn;
  interactive(): boolean;
  /** True when the static SVG map is the map (no WebGL, or `renderer="svg"`). */
  svg(): boolean;
  emit(type: 'hover' | 'select', detail: unknown): void;
  /** Place labels to redraw (the view changed). */
  labels(): void;
}

export class Interaction {
  readonly #h: InteractionHost;
  #queued = false;

  constructor(host: InteractionHost) {
    this.#h = host;
  }

  /** Redraws the hover, focus and selection outlines on the drawing and the map. */
  refresh(): void {
    const { st, standIn, view } = this.#h;
    const marks = [st.focus, st.selected];
    standIn.highlight(st.hover, marks);
    if (st.features) view.highlight(st.hover, marks);
  }

  /** {@link refresh} on the next frame (once, however many changes come before it). */
  #queue(): void {
    if (this.#queued) return;
    this.#queued = true;
    requestAnimationFrame(() => {
      this.#queued = false;
      this.refresh();
    });
  }

  /** The pointer is over area i (−1: none) at this point of the map box. */
  hover(i: number, at?: Point): void {
    const { st, tooltip, view } = this.#h;
    if (i !== st.hover) {
      st.hover = i;
      this.#queue();
      if (i >= 0) this.#h.emit('hover', st.areaDetail(i));
    }
    const canvas = view.map?.getCanvas();
    if (i < 0) {
      if (st.focus < 0) tooltip.hide();
      if (canvas) canvas.style.cursor = '';
      return;
    }
    if (canvas) canvas.style.cursor = 'pointer';
    tooltip.show(st.describe(i), at);
  }

  /** A click on area i: focus (without moving the view) and select it. */
  click(i: number): void {
    this.focus(i, false);
    this.select(i, true);
  }

  /** Focuses area i (−1: none) and shows its tooltip; with `move`, a view that hides it pans to it. */
  focus(i: number, move = true): void {
    const { st, tooltip, view, standIn } = this.#h;
    st.focus = i;
    this.#queue();
    if (i < 0) {
      tooltip.hide();
      return;
    }
    tooltip.show(`${st.describe(i)}. Area ${(st.rank[i] as number) + 1} of ${st.ids.length}.`);
    const x = st.xs[i] as number;
    const y = st.ys[i] as number;
    let p: Point | null = null;
    if (standIn.drawing) p = standIn.reveal(x, y);
    else if (view.map && Number.isNaN(x)) {
      // An area without a known position (PMTiles, not in the decoded tiles) keeps the view.
      p = { x: 0, y: tooltip.element.offsetHeight + 16 };
    } else if (view.map) p = view.reveal(x, y, move && this.#h.interactive());
    if (p) tooltip.place(p.x, p.y);
  }

  /** The view moved: the focused area's tooltip follows it; a hover tooltip waits for the pointer. */
  moved(): void {
    const { st, tooltip, view, standIn } = this.#h;
    if (standIn.drawing) return;
    this.#h.labels();
    const i = st.focus;
    const placed = i >= 0 && !Number.isNaN(st.xs[i]);
    const p = placed ? view.reveal(st.xs[i] as number, st.ys[i] as number, false) : null;
    if (p) tooltip.place(p.x, p.y);
    else if (st.hover >= 0) tooltip.hide();
  }

  /** Selects area i (−1: none), marking its table row; `notify` fires `cohesion-map:select`. */
  select(i: number, notify: boolean): void {
    const { st, table } = this.#h;
    st.selected = i;
    this.#queue();
    table.select(i >= 0 ? st.ids[i] : undefined);
    if (notify) this.#h.emit('select', i >= 0 ? st.areaDetail(i) : null);
  }

  /** Brings areas into view (one: centred at street zoom; several: fitted), focusing the first. */
  showAreas(indices: number[]): void {
    const { st, view } = this.#h;
    if (!this.#h.interactive()) return;
    const placed = indices.filter((i) => !Number.isNaN(st.xs[i]) && !Number.isNaN(st.ys[i]));
    const xs = placed.map((i) => st.xs[i] as number);
    const ys = placed.map((i) => st.ys[i] as number);
    if (view.showPlaces(xs, ys) && indices[0] !== undefined) this.focus(indices[0], false);
  }

  /**
   * Keyboard zoom by one level. With an area focused the zoom is centred on it, so it stays in view
   * (zooming about the map's centre pushed it off-screen); otherwise about the centre. The static
   * SVG map (renderer="svg", the report) zooms its view box the same way.
   */
  zoom(step: 1 | -1): void {
    const { st, standIn, view, tooltip } = this.#h;
    const i = st.focus;
    const x = i >= 0 ? (st.xs[i] as number) : Number.NaN;
    const y = i >= 0 ? (st.ys[i] as number) : Number.NaN;
    const placed = !Number.isNaN(x) && !Number.isNaN(y);
    if (this.#h.svg() && standIn.drawing?.zoom) {
      if (placed) standIn.zoom(step, x, y);
      else standIn.zoom(step);
      const p = placed ? standIn.project(x, y) : null;
      if (p) tooltip.place(p.x, p.y);
      this.#h.labels();
      return;
    }
    if (placed) view.zoom(step, x, y);
    else view.zoom(step);
  }

  /** Keys on the focused map box (see keyboard.ts). */
  key(e: KeyboardEvent): void {
    const { st } = this.#h;
    const cur = st.focus;
    const a = keyAction(e.key, st, cur);
    if (!a) return;
    e.preventDefault();
    if ('focus' in a) {
      if (a.focus >= 0) this.focus(a.focus);
    } else if ('select' in a) {
      if (cur >= 0) this.select(cur, true);
    } else if ('clear' in a) {
      this.select(-1, st.selected >= 0);
      this.focus(-1);
    } else if (this.#h.interactive()) {
      // A non-interactive map keeps its view: no keyboard zoom either.
      this.zoom(a.zoom);
    }
  }
}
