/**
 * Which renderer shows the areas, and when: the canvas preview while MapLibre loads, then the WebGL
 * map (mesh layers, or vector tiles for `pmtiles://`); the static SVG map without WebGL or with
 * `renderer="svg"`; the table alone for tiles without WebGL. Starts MapLibre's import once the data
 * are drawn, and reports `preview` and `ready`.
 */
import type * as MapLibre from 'maplibre-gl';
import { bboxOf, parseBounds } from './data.js';
import { afterNextFrame, mark, type Point } from './dom.js';
import { hasWebGL, loadMapLibre } from './maplibre.js';
import { MapView } from './mapview.js';
import { MeshAreas } from './meshareas.js';
import type { MapAreas } from './renderer.js';
import { StandIn } from './standin.js';
import type { MapState } from './state.js';
import type { AttrReader, CohesionMapErrorDetail } from './types.js';
import type { Parts } from './view.js';

/** What the display asks of the element. */
export interface DisplayHost {
  readonly parts: Parts;
  readonly st: MapState;
  readonly attr: AttrReader;
  interactive(): boolean;
  /** True while the element is in its error state. */
  failed(): boolean;
  connected(): boolean;
  hover(i: number, at?: Point): void;
  click(i: number): void;
  zoom(step: 1 | -1): void;
  moved(): void;
  /** Outlines to redraw (a new drawing, or the map shown). */
  highlight(): void;
  labels(): void;
  /** The map is drawn: the element is no longer busy. */
  done(): void;
  /** MapLibre's stylesheet, to adopt before its map is made. */
  installStyle(css: string): void;
  emit(type: 'preview' | 'ready' | 'error', detail: unknown): void;
  fail(e: CohesionMapErrorDetail): void;
}

export class MapDisplay {
  readonly view: MapView;
  readonly standIn: StandIn;
  /** True when the static SVG map is the map (no WebGL, or `renderer="svg"`). */
  svg = false;
  /** True once the map is wanted (near the viewport, or "Show map" pressed). */
  wanted = false;
  /** True once the map has been started (MapLibre importing, or the SVG drawn). */
  loading = false;
  readonly #h: DisplayHost;
  /** Set while MapLibre's import waits for the first drawing of the data (see {@link start}). */
  #importWhenDrawn = false;
  /** The areas as the map holds them, made once per feature collection. */
  #areas: MapAreas | undefined;
  #areasOf: unknown;

  constructor(host: DisplayHost) {
    this.#h = host;
    const container = host.parts.map;
    this.view = new MapView({
      container,
      attr: host.attr,
      interactive: () => host.interactive(),
      bounds: () => (host.st.features ? this.bounds() : undefined),
      hover: (i, at) => host.hover(i, at),
      click: (i) => host.click(i),
      moved: () => host.moved(),
      redraw: () => {
        this.attach();
        this.render();
      },
      failed: () => host.failed(),
      emit: (type, d) => host.emit(type, d),
      fail: (e) => host.fail(e as CohesionMapErrorDetail),
    });
    this.standIn = new StandIn({
      box: container,
      stage: host.parts.stage,
      interactive: () => host.interactive(),
      hover: (i, at) => host.hover(i, at),
      click: (i) => host.click(i),
      zoom: (step) => host.zoom(step),
      drawn: () => {
        host.highlight();
        host.labels();
      },
      loaded: () => this.render(),
      failed: (e) =>
        host.fail({
          code: 'READ_FAILED',
          message: `could not load the static map: ${e.message}`,
          detail: {},
        }),
    });
  }

  /** The view box: `bounds`, or the data's extent (an invalid `bounds` is reported by the update). */
  bounds(): [number, number, number, number] {
    const b = this.#h.attr('bounds');
    if (b?.trim()) {
      try {
        return parseBounds(b);
      } catch {}
    }
    const { st } = this.#h;
    if (st.pm) return st.pm.bounds;
    return bboxOf(st.features!);
  }

  /** The map's areas for the loaded features: mesh layers, or the PMTiles layers. */
  #mapAreas(): MapAreas | undefined {
    const { st } = this.#h;
    const key = st.pm ?? st.features;
    if (!key) return undefined;
    if (this.#areasOf !== key) {
      this.#areasOf = key;
      this.#areas = st.pm ? st.pm.mapAreas() : new MeshAreas(st.features!);
    }
    return this.#areas;
  }

  /**
   * Puts the areas on the map as soon as they are parsed and the style is up, before classification:
   * the mesh is built and uploaded while the element classifies and fills the table, and a restyle
   * never sends the geometry again.
   */
  attach(): void {
    const areas = this.#mapAreas();
    if (areas) this.view.attach(areas);
  }

  /** Starts the map: the SVG map at once without WebGL, else MapLibre's import after the preview. */
  start(): void {
    this.wanted = true;
    const { parts } = this.#h;
    // In the error state the message stays up; the map starts once the input is fixed.
    // The map (MapLibre import, worker start, style load) starts while the data are still loading.
    if (this.loading || this.view.map || this.#h.failed()) return;
    this.loading = true;
    parts.show.hidden = true;
    if (this.#h.attr('renderer') === 'svg' || !hasWebGL()) {
      this.svg = true;
      // The SVG code downloads alongside the data (render() draws once both are in).
      this.standIn.svgReady();
      this.render();
      return;
    }
    parts.status.textContent = 'Loading map…';
    // MapLibre's import waits until the data are drawn (the preview): downloaded, compiled and run
    // alongside the data, its 1 MB module held the data and preview back by ~0.3 s on two cores (a
    // modulepreload of it, compiling without running, held them back as much).
    this.#importWhenDrawn = true;
    this.render();
  }

  #importMapLibre(): void {
    const loading = loadMapLibre();
    // Triangulate the areas while MapLibre's module downloads and compiles, in slices of a few ms so a
    // click or key on the preview is answered in between.
    const areas = this.#mapAreas();
    if (areas instanceof MeshAreas && !this.#h.failed()) {
      const slice = () => {
        if (this.#areas !== areas || areas.step(performance.now() + 6)) return;
        setTimeout(slice, 0);
      };
      setTimeout(slice, 0);
    }
    loading
      .then(async (kit) => {
        mark('maplibre');
        await afterNextFrame();
        return kit;
      })
      .then(({ ml, css }: { ml: typeof MapLibre; css: string }) => {
        if (!this.#h.connected()) return;
        this.#h.installStyle(css);
        this.view.create(ml);
      })
      .catch((e) =>
        this.#h.fail({
          code: 'READ_FAILED',
          message: `could not load the map library: ${e.message}`,
          detail: {},
        }),
      );
  }

  /** The map is drawn (with `renderer` 'none' the table alone shows the areas). */
  #ready(renderer: 'none' | 'svg' | 'webgl'): void {
    this.#h.done();
    this.#h.emit('ready', { areas: this.#h.st.ids.length, renderer });
  }

  /** Draws the classified areas with whichever renderer is due. */
  render(): void {
    const { st, parts } = this.#h;
    const s = st.styled;
    const fc = st.features;
    if (!s || !fc || this.#h.failed()) return;
    const colours = st.colours(s);
    const { placeholder, status } = parts;
    const requested = this.#h.attr('renderer') === 'svg';
    if (this.svg && st.pm) {
      // The static map needs every area's geometry, which the tiles do not give: table only.
      placeholder.hidden = false;
      status.textContent =
        (requested ? 'This map is drawn from vector tiles' : 'Interactive map unavailable (no WebGL)') +
        ': its areas cannot be shown without WebGL. The data table lists every area.';
      parts.table.details.open = true;
      this.#ready('none');
      return;
    }
    const input = { features: fc, ...colours, styled: s, sites: st.sitesLoaded, bounds: () => this.bounds() };
    if (this.svg) {
      // Until the SVG code is in (render() runs again then), nothing is drawn and nothing is ready.
      if (!this.standIn.svgReady()) return;
      this.standIn.draw(input, false);
      // A static map the page asked for (renderer="svg", e.g. a report opened from disk) needs no
      // apology over it; only the no-WebGL fallback explains itself.
      placeholder.hidden = requested;
      status.textContent = requested
        ? ''
        : 'Interactive map unavailable (no WebGL): showing a static map. The data table lists every area.';
      this.#ready('svg');
      return;
    }
    // Tiles carry no full geometry for a preview: a PMTiles map is shown as its tiles arrive.
    if (st.pm) parts.map.classList.remove('pending');
    if (!this.view.shown && this.wanted && !st.pm) {
      // Until the WebGL map has drawn every tile (seconds under software GL), a canvas drawing of the
      // same areas, fitted exactly as the map will be, stands in for it: the areas can be seen, hovered,
      // clicked and reached by keyboard at once. The map replaces it without a jump when it is idle.
      const fresh = this.standIn.draw(input, true);
      placeholder.hidden = true;
      if (fresh) {
        mark('preview');
        this.#h.emit('preview', { areas: st.ids.length, renderer: 'canvas' });
      }
    }
    if (this.#importWhenDrawn) {
      this.#importWhenDrawn = false;
      // After the frame that shows the preview, so the import's evaluation does not delay it.
      void afterNextFrame().then(() => this.#importMapLibre());
    }
    const areas = this.#mapAreas();
    const map = this.view.map;
    if (!areas || !map || !this.view.draw(areas, s, colours, st.sitesLoaded, this.bounds())) return;
    placeholder.hidden = true;
    this.#h.highlight();
    mark('set-data');
    map.once('idle', () => {
      mark('idle');
      if (!this.view.shown) {
        this.view.shown = true;
        parts.map.classList.remove('pending');
        this.standIn.remove();
        this.#h.highlight();
      }
      this.#h.labels();
      this.#ready('webgl');
    });
  }
}
