import type { FeatureCollection } from 'geojson';
import type * as MapLibre from 'maplibre-gl';
import { areasCsv, downloadCsv } from './csvexport.js';
import { bboxOf, parseBounds } from './data.js';
import { afterNextFrame, el, mark } from './dom.js';
import { AreaLayer } from './glareas.js';
import { HighlightLayer } from './gllines.js';
import { nearestInDirection } from './keyboard.js';
import { renderLabels } from './labels.js';
import type { Styled } from './layers.js';
import { renderLegend } from './legend.js';
import { stylePmLayers, styleSiteLayers } from './maplayers.js';
import { hasWebGL, loadedMapLibre, loadMapLibre } from './maplibre.js';
import { type AreaMesh, type MeshBuilder, meshBuilder, pickArea } from './mesh.js';
import type { PmtilesAreas } from './pmtiles.js';
import { type AreaDrawing, areaCanvas } from './preview.js';
import { SearchController } from './search.js';
import { MapState } from './state.js';
import { ELEMENT_CSS } from './styles.js';
import { adoptStyles, stylesApplied } from './stylesheet.js';
import { areaSvg } from './svg.js';
import { TableView } from './table.js';
import { Tooltip } from './tooltip.js';
import type { CohesionMapErrorDetail, CohesionMapResults } from './types.js';
import { midpointOf } from './values.js';

export type { CohesionMapAreaDetail, CohesionMapErrorDetail, CohesionMapResults } from './types.js';

/** Attributes observed and reflected as string properties (camel-cased). */
const STRING_ATTRS = [
  'src',
  'data-src',
  'join',
  'id-property',
  'name-property',
  'value',
  'layer',
  'scheme',
  'classes',
  'breaks',
  'palette',
  'label',
  'basemap',
  'bounds',
  'interactive',
  'locale',
  'csp-nonce',
  'midpoint',
  'statistic',
  'p-property',
  'sites',
  'headline',
  'attribution',
  'renderer',
  'per',
  'measure',
  'source-layer',
  'format',
  'value-label',
  'subject',
  'postcodes',
  'search',
  'ward-property',
  'labels',
] as const;

/** Ids of the custom layers that draw the areas, and the hover / selection outlines over everything. */
const AREAS_LAYER = 'cm-areas-gl';
const HIGHLIGHT_LAYER = 'cm-hl-gl';

const DATA_ATTRS = new Set(['src', 'data-src', 'join', 'id-property', 'sites', 'source-layer']);

const DEFAULT_ATTRIBUTION =
  'Contains National Statistics data © Crown copyright and database right; Contains OS data © Crown ' +
  'copyright and database right; Contains public sector information licensed under the Open Government ' +
  'Licence v3.0.';

/** The first of `ids` that is a layer of the map (for addLayer's beforeId); undefined puts it on top. */
function firstLayer(map: MapLibre.Map, ids: string[]): string | undefined {
  return ids.find((id) => map.getLayer(id));
}

function camel(a: string): string {
  return a.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * The `attribution` strings of a map style's sources, as plain text: MapLibre styles give them as HTML
 * (`<a href…>© OpenStreetMap contributors</a>`), which is parsed in an inert document (no scripts run,
 * nothing is fetched) and only its text kept, so a hostile style cannot inject markup.
 */
function basemapCredits(map: MapLibre.Map | undefined): string[] {
  const sources = map?.getStyle()?.sources ?? {};
  const out: string[] = [];
  for (const src of Object.values(sources)) {
    const html = (src as { attribution?: unknown }).attribution;
    if (typeof html !== 'string' || !html.trim()) continue;
    const text = (new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '')
      .replace(/\s+/g, ' ')
      .trim();
    if (text && !out.includes(text)) out.push(text);
  }
  return out;
}

/**
 * `<cohesion-map>`: an accessible, embeddable choropleth of segregation, green-space access or
 * hotspot results. See docs/embedding.md for every attribute, event and CSS part.
 */
// Outside a browser (server-side rendering, Node, Deno) there is no HTMLElement: the class is then
// defined over a stand-in so importing the package does not throw; it is never registered there.
const ElementBase = (globalThis.HTMLElement ?? class {}) as typeof HTMLElement;

export class CohesionMapElement extends ElementBase {
  static get observedAttributes(): string[] {
    return [...STRING_ATTRS];
  }

  #root: ShadowRoot;
  /** Data and state: the areas, their values and classes, hover / focus / selection (state.ts). */
  #st = new MapState((name) => this.getAttribute(name));
  #parts: {
    caption: HTMLElement;
    headline: HTMLElement;
    summary: HTMLElement;
    stage: HTMLElement;
    map: HTMLElement;
    placeholder: HTMLElement;
    status: HTMLElement;
    show: HTMLButtonElement;
    tooltip: Tooltip;
    legend: HTMLElement;
    table: TableView;
    attribution: HTMLElement;
    help: HTMLElement;
  };
  #map: MapLibre.Map | undefined;
  #mapLoading = false;
  #mapReady = false;
  #io: IntersectionObserver | undefined;
  #loadToken = 0;
  #loading: Promise<void> | undefined;
  #dataDirty = true;
  #renderQueued = false;
  #styled_once = false;
  #error: CohesionMapErrorDetail | undefined;
  #styleReady = false;
  /** The drawing on screen instead of WebGL: the preview while the map loads, or the SVG renderer. */
  #drawing: AreaDrawing | undefined;
  /** Inputs of the drawing on screen, so an unchanged restyle does not redraw it. */
  #drawn: [FeatureCollection, string] | undefined;
  /** True once the WebGL map has been drawn and shown (the preview is gone for good). */
  #webglShown = false;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    const figure = el('figure');
    const caption = el('figcaption', { class: 'caption', id: 'cap' });
    const headline = el('span', { class: 'headline' });
    const summary = el('p', { class: 'sr', id: 'sum' });
    const help = el(
      'p',
      { class: 'sr', id: 'help' },
      'Use the arrow keys to move between areas, Enter to select an area and Escape to clear. ' +
        'The data table after the map lists every area.',
    );
    const stage = el('div', { class: 'stage' });
    const map = el('div', { class: 'map', part: 'map', role: 'application', 'aria-describedby': 'sum help' });
    map.hidden = true;
    const placeholder = el('div', { class: 'placeholder' });
    const status = el('p', { class: 'status', role: 'status' }, 'Loading map data…');
    const show = el('button', { type: 'button', class: 'show' }, 'Show map');
    show.hidden = true;
    placeholder.append(status, show);
    const tooltip = new Tooltip(stage);
    this.#labelLayer = el('div', { class: 'labels', 'aria-hidden': 'true' });
    stage.append(map, this.#labelLayer, placeholder, tooltip.element);
    const legend = el('div', { class: 'legend', part: 'legend' });
    const table = new TableView(() => downloadCsv(this.#root, this.toCsv(), this.getAttribute('label')));
    const attribution = el('p', { class: 'attribution' });
    caption.append(el('span', { class: 'label' }), headline);
    this.#search = new SearchController({
      select: (i) => {
        this.#setFocus(i, false);
        this.#select(i, true);
      },
      show: (indices) => this.#showAreas(indices),
      describe: (i) => {
        const cls = this.#st.classLabel(i);
        const what = this.getAttribute('value-label')?.trim() || 'Value';
        return `${what}: ${this.#st.valueText(i)}${cls ? ` (${cls})` : ''}`;
      },
      code: (i) => this.#st.ids[i] as string,
      error: (d) => this.#emit('error', d),
    });
    figure.append(caption, summary, help, this.#search.root, stage, legend, attribution, table.details);
    this.#root.append(figure);
    this.#parts = {
      caption,
      headline,
      summary,
      stage,
      map,
      placeholder,
      status,
      show,
      tooltip,
      legend,
      table,
      attribution,
      help,
    };
    show.addEventListener('click', () => this.#startMap());
    // A basemap's sources carry their own credits (e.g. OpenStreetMap's): shown once its style is drawn.
    this.addEventListener('cohesion-map:ready', () => {
      this.#basemapCredits = basemapCredits(this.getAttribute('basemap') ? this.#map : undefined);
      this.#parts.attribution.textContent = this.#attributionText();
    });
    map.addEventListener('keydown', (e) => this.#onKey(e));
    // Keyboard focus lands on the first area; a click's focus must not move the map under the pointer.
    map.addEventListener('pointerdown', () => {
      this.#pointerFocus = true;
      // Only a focus this press causes is the pointer's: a press on the already focused map causes
      // none, and a stale flag would skip the first area on the next Tab into the map.
      setTimeout(() => {
        this.#pointerFocus = false;
      });
    });
    map.addEventListener('focus', () => {
      const pointer = this.#pointerFocus;
      this.#pointerFocus = false;
      if (!pointer && this.#st.focus < 0 && this.#st.order.length > 0 && (this.#map || this.#drawing)) {
        this.#setFocus(this.#st.order[0] as number);
      }
    });
  }

  // ---------- reflected attributes ----------
  static {
    for (const a of STRING_ATTRS) {
      if (a === 'classes' || a === 'interactive' || a === 'midpoint') continue;
      Object.defineProperty(CohesionMapElement.prototype, camel(a), {
        get(this: HTMLElement) {
          return this.getAttribute(a);
        },
        set(this: HTMLElement, v: string | null) {
          if (v === null || v === undefined) this.removeAttribute(a);
          else this.setAttribute(a, String(v));
        },
        configurable: true,
      });
    }
  }

  /** Number of classes (`classes` attribute); default 5. */
  get classes(): number {
    const n = Number(this.getAttribute('classes'));
    return Number.isInteger(n) && n > 0 ? n : 5;
  }
  set classes(v: number) {
    this.setAttribute('classes', String(v));
  }
  /** Whether the map pans/zooms and areas can be picked (`interactive="false"` turns it off). */
  get interactive(): boolean {
    return this.getAttribute('interactive') !== 'false';
  }
  set interactive(v: boolean) {
    this.setAttribute('interactive', v ? 'true' : 'false');
  }
  /** Centre of a diverging palette (`midpoint` attribute), e.g. 0 for z-scores, 1 for location quotients. */
  get midpoint(): number | null {
    return midpointOf((name) => this.getAttribute(name));
  }
  set midpoint(v: number | null) {
    if (v === null) this.removeAttribute('midpoint');
    else this.setAttribute('midpoint', String(v));
  }

  /** Areas as a GeoJSON FeatureCollection (WGS84); overrides `src`. */
  get data(): FeatureCollection | undefined {
    return this.#st.data;
  }
  set data(fc: FeatureCollection | undefined) {
    this.#st.data = fc;
    this.#dataDirty = true;
    this.#queue();
  }
  /** Results to map instead of the `value` property (values / p-values per area, caption headline). */
  get results(): CohesionMapResults | undefined {
    return this.#st.results;
  }
  set results(r: CohesionMapResults | undefined) {
    this.#st.results = r;
    this.#queue();
  }
  /** Green-space sites (points or polygons) overlaid on the access layer; overrides `sites`. */
  get sitesData(): FeatureCollection | undefined {
    return this.#st.sites;
  }
  set sitesData(fc: FeatureCollection | undefined) {
    this.#st.sites = fc;
    this.#dataDirty = true;
    this.#queue();
  }
  /** Code of the selected area, or null. Setting it selects (without an event). */
  get selected(): string | null {
    return this.#st.selected >= 0 ? (this.#st.ids[this.#st.selected] ?? null) : null;
  }
  set selected(id: string | null) {
    this.#select(id === null ? -1 : this.#st.ids.indexOf(id), false);
  }
  /**
   * Viewport (client) coordinates of a longitude/latitude on the drawn map, or null before the map
   * has loaded. Useful to place callouts, and for tests that click a known area.
   */
  clientPoint(lon: number, lat: number): { x: number; y: number } | null {
    const p = this.#project(lon, lat);
    if (!p) return null;
    const r = this.#parts.map.getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }

  /** Position of a longitude/latitude relative to the map box, on whichever drawing is on screen. */
  #project(lon: number, lat: number): { x: number; y: number } | null {
    if (this.#drawing) return this.#drawing.project(lon, lat);
    if (!this.#map || !this.#mapReady) return null;
    return this.#map.project([lon, lat]);
  }

  /** The current error, if the element is in its error state. */
  get error(): CohesionMapErrorDetail | undefined {
    return this.#error;
  }

  connectedCallback(): void {
    if (!this.#styleReady) this.#installStyle(ELEMENT_CSS);
    this.#queue();
    if (typeof IntersectionObserver !== 'undefined') {
      this.#io = new IntersectionObserver(
        (entries) => {
          if (entries.some((e) => e.isIntersecting)) this.#startMap();
        },
        { rootMargin: '200px' },
      );
      this.#io.observe(this);
      // The observer first reports after a rendering frame, which waits behind the data parse: an
      // element already on screen starts MapLibre's import straight after its data request is sent.
      queueMicrotask(() => {
        if (this.isConnected && this.#nearViewport()) this.#startMap();
      });
    } else {
      this.#startMap();
    }
  }

  /** True when the element is displayed and within 200 px of the viewport (the observer's margin). */
  #nearViewport(): boolean {
    if (this.getClientRects().length === 0) return false;
    const r = this.getBoundingClientRect();
    const m = 200;
    return r.bottom >= -m && r.right >= -m && r.top <= innerHeight + m && r.left <= innerWidth + m;
  }

  disconnectedCallback(): void {
    this.#io?.disconnect();
    this.#io = undefined;
    this.#st.abort();
    this.#map?.remove();
    this.#map = undefined;
    this.#mapReady = false;
    this.#mapLoading = false;
    this.#webglShown = false;
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (old === value) return;
    if (DATA_ATTRS.has(name)) this.#dataDirty = true;
    // A new view box re-fits the map (checked in #update); interactivity and basemap are fixed when
    // MapLibre's map is made, so a real change to either remakes it.
    if (name === 'bounds') this.#styled_once = false;
    const basemapOf = (v: string | null) => (v && v !== 'none' ? v : null);
    if (
      (name === 'interactive' && (old === 'false') !== (value === 'false')) ||
      (name === 'basemap' && basemapOf(old) !== basemapOf(value))
    ) {
      this.#rebuildMap();
    }
    this.#queue();
  }

  #installStyle(css: string, first = false): void {
    adoptStyles(this.#root, css, this.getAttribute('csp-nonce'), first);
    this.#styleReady = true;
  }

  /**
   * Throws `STYLE_BLOCKED` when the element is displayed but its stylesheet is not in force (a
   * Content-Security-Policy blocked the fallback `<style>`): the map would float in blank space with
   * its screen-reader text showing, so the element says why instead. The visually hidden texts are
   * hidden outright (the `hidden` attribute needs no stylesheet).
   */
  #checkStyles(): void {
    if (this.getClientRects().length === 0) return;
    const { summary, help } = this.#parts;
    if (stylesApplied(summary)) return;
    summary.hidden = true;
    help.hidden = true;
    // An element-level code (not a data error): CohesionErrorCode lists the library's input errors.
    throw Object.assign(
      new Error(
        "the page's Content-Security-Policy blocked the map's styles. Set the csp-nonce attribute to " +
          "the page's style nonce, or use a browser that supports constructable stylesheets",
      ),
      { code: 'STYLE_BLOCKED', detail: { nonce: this.getAttribute('csp-nonce') !== null } },
    );
  }

  #queue(): void {
    if (this.#renderQueued || !this.isConnected) return;
    this.#renderQueued = true;
    queueMicrotask(() => {
      this.#renderQueued = false;
      void this.#update();
    });
  }

  #emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(`cohesion-map:${type}`, { detail, bubbles: true, composed: true }));
  }

  #fail(e: unknown): void {
    const err = e as { code?: string; message?: string; detail?: Record<string, unknown> };
    const detail: CohesionMapErrorDetail = {
      code: err?.code ?? 'READ_FAILED',
      message: err?.message ?? String(e),
      detail: err?.detail ?? {},
    };
    this.#error = detail;
    const { status, placeholder, map, show, legend, table } = this.#parts;
    placeholder.hidden = false;
    map.hidden = true;
    show.hidden = true;
    status.textContent = `The map could not be shown: ${detail.message} (${detail.code})`;
    status.className = 'status error';
    status.setAttribute('role', 'alert');
    legend.replaceChildren();
    table.clear();
    this.setAttribute('aria-busy', 'false');
    this.#emit('error', detail);
  }

  /** Credits of the current basemap's sources, as text (see basemapCredits). */
  #basemapCredits: string[] = [];

  /** The attribution line: the `attribution` attribute (or the ONS/OS/OGL statement), then the basemap's. */
  #attributionText(): string {
    const own = this.getAttribute('attribution') ?? DEFAULT_ATTRIBUTION;
    return [own, ...this.#basemapCredits.filter((c) => !own.includes(c))].join(' ');
  }

  async #update(): Promise<void> {
    const token = ++this.#loadToken;
    const { caption, map, attribution } = this.#parts;
    const label = this.getAttribute('label');
    if (!label && !this.#warned) {
      this.#warned = true;
      console.warn("<cohesion-map>: set the label attribute; it is the map's accessible name.");
    }
    (caption.firstChild as HTMLElement).textContent = label ?? 'Map';
    map.setAttribute('aria-label', label ?? 'Map of areas');
    attribution.textContent = this.#attributionText();
    try {
      this.#checkStyles();
      const bounds = this.getAttribute('bounds');
      if (bounds?.trim()) parseBounds(bounds);
      if (this.#dataDirty) {
        this.#dataDirty = false;
        this.setAttribute('aria-busy', 'true');
        this.#loading = this.#loadData();
      }
      // Every update waits for the newest data load, so a property set mid-load is not lost.
      const loading = this.#loading;
      if (loading) {
        await loading;
        if (this.#loading === loading) this.#loading = undefined;
      }
      if (token !== this.#loadToken) return;
      if (!this.#st.features) return;
      mark('data');
      this.#sendGeometry();
      if (!this.#st.classify()) {
        this.#parts.status.textContent =
          'Waiting for values: set the value attribute or the results property.';
        return;
      }
      this.#error = undefined;
      mark('classified');
      this.#renderViews();
      mark('views');
      if (this.#wanted) this.#startMap();
      this.#renderMap();
    } catch (e) {
      if (token === this.#loadToken) this.#fail(e);
    }
  }

  /** Loads the data (state.ts), then starts over for the new areas: nothing focused or selected. */
  async #loadData(): Promise<void> {
    const outcome = await this.#st.load((d) => this.#emit('warning', d));
    if (outcome === 'empty') this.#parts.status.textContent = 'No map data: set the src attribute.';
    if (outcome !== 'loaded') return;
    const st = this.#st;
    this.#styled_once = false;
    this.#search.setAreas(st.features!, st.ids, st.names, this.getAttribute('ward-property'));
  }

  /** Place labels over the map (src/labels.ts), and each area's extent for choosing them. */
  #labelLayer: HTMLElement;
  #labelsQueued = false;

  /** Redraws the place labels on the next frame (`labels` attribute; none without it). */
  #queueLabels(): void {
    if (this.#labelsQueued) return;
    this.#labelsQueued = true;
    requestAnimationFrame(() => {
      this.#labelsQueued = false;
      const on = this.hasAttribute('labels') && this.getAttribute('labels') !== 'false';
      if (!on || this.#error) {
        this.#labelLayer.replaceChildren();
        return;
      }
      const box = this.#parts.map;
      renderLabels(this.#labelLayer, {
        names: this.#st.names,
        xs: this.#st.xs,
        ys: this.#st.ys,
        extents: this.#st.extents,
        project: (lon, lat) => this.#project(lon, lat),
        width: box.clientWidth,
        height: box.clientHeight,
      });
    });
  }

  /** The search box and its index of names, wards and postcodes (src/search.ts). */
  #search: SearchController;
  /** The sites the static drawing on screen was made with. */
  #drawnSites: FeatureCollection | undefined;
  /** The PMTiles areas whose vector source is on the map, to take off when the source changes. */
  #pmAttached: PmtilesAreas | undefined;

  // ---------- DOM views: caption, summary, legend, table ----------
  #renderViews(): void {
    const s = this.#st.styled!;
    const { headline, summary, legend, status, placeholder, show } = this.#parts;
    const head = this.#st.results?.headline ?? this.getAttribute('headline');
    headline.textContent = head ?? '';
    headline.hidden = !head;
    summary.textContent = this.#st.summary(s);
    renderLegend(legend, s, { sites: this.#st.sitesLoaded?.features.length ?? 0 });
    this.#search.render(
      this.hasAttribute('search') && this.getAttribute('search') !== 'false',
      this.getAttribute('postcodes'),
    );

    this.#parts.table.render(() => this.#st.tableRows());
    status.className = 'status';
    status.setAttribute('role', 'status');
    if (!this.#mapReady) {
      placeholder.hidden = false;
      status.textContent = this.#mapLoading ? 'Loading map…' : 'The map loads when it scrolls into view.';
      show.hidden = this.#mapLoading;
    }
  }

  /** The table as CSV text (code, name, value, class), in feature order. */
  toCsv(): string {
    return areasCsv({
      valueName: this.#st.valueName(),
      ids: this.#st.ids,
      names: this.#st.names,
      values: this.#st.values,
      classLabel: (i) => this.#st.classLabel(i),
    });
  }

  // ---------- map ----------
  #startMap(): void {
    this.#wanted = true;
    // In the error state the message stays up; the map starts once the input is fixed.
    // The map (MapLibre import, worker start, style load) starts while the data are still loading.
    if (this.#mapLoading || this.#map || this.#error) return;
    this.#io?.disconnect();
    this.#mapLoading = true;
    this.#parts.show.hidden = true;
    if (this.getAttribute('renderer') === 'svg' || !hasWebGL()) {
      this.#useSvg = true;
      this.#renderMap();
      return;
    }
    this.#parts.status.textContent = 'Loading map…';
    // MapLibre's import waits until the data are drawn (the preview): downloaded, compiled and run
    // alongside the data, its 1 MB module held the data and preview back by ~0.3 s on two cores (a
    // modulepreload of it, compiling without running, held them back as much).
    this.#importWhenDrawn = true;
    this.#renderMap();
  }

  /** Set while MapLibre's import waits for the first drawing of the data (see #startMap). */
  #importWhenDrawn = false;

  #importMapLibre(): void {
    const loading = loadMapLibre();
    // Triangulate the areas while MapLibre's module downloads and compiles, in slices of a few ms so a
    // click or key on the preview is answered in between.
    const fc = this.#st.features;
    if (fc && !this.#st.pm && !this.#error) {
      const slice = () => {
        if (this.#mesh?.[0] === fc || this.#st.features !== fc) return;
        const b = this.#meshBuilderOf(fc);
        if (b.step(performance.now() + 6)) this.#mesh = [fc, b.finish()];
        else setTimeout(slice, 0);
      };
      setTimeout(slice, 0);
    }
    loading
      .then(async (kit) => {
        mark('maplibre');
        await afterNextFrame();
        return kit;
      })
      .then(({ ml, css }) => {
        if (!this.isConnected) return;
        this.#installStyle(css, true);
        this.#createMap(ml);
      })
      .catch((e) =>
        this.#fail({ code: 'READ_FAILED', message: `could not load the map library: ${e.message}` }),
      );
  }

  #useSvg = false;
  #pointerFocus = false;
  #warned = false;
  #wanted = false;

  #createMap(ml: typeof MapLibre): void {
    const { map: container } = this.#parts;
    container.hidden = false;
    // The canvas stays invisible under the SVG preview until every tile is drawn: the compositor then
    // skips the partial frames, which under software GL cost as much as drawing them.
    if (!this.#webglShown) container.classList.add('pending');
    const basemap = this.getAttribute('basemap');
    const style: MapLibre.StyleSpecification | string =
      basemap && basemap !== 'none'
        ? basemap
        : // No background layer: the stage's CSS background (--cohesion-map-canvas) shows through the
          // transparent canvas, which spares SwiftShader a shader compile and a full-canvas fill per frame.
          { version: 8, sources: {}, layers: [] };
    const interactive = this.interactive;
    const map = new ml.Map({
      container,
      style,
      attributionControl: false,
      keyboard: false,
      interactive,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      maxPitch: 0,
      fadeDuration: 0,
      ...(this.#st.features ? { bounds: this.#bounds(), fitBoundsOptions: { padding: 16 } } : {}),
    });
    this.#map = map;
    this.#sentFeatures = undefined;
    // The container is the single keyboard stop; MapLibre's canvas must not be a second one.
    map.getCanvas().setAttribute('tabindex', '-1');
    map.getCanvas().setAttribute('aria-hidden', 'true');
    container.setAttribute('tabindex', '0');
    if (interactive) map.addControl(new ml.NavigationControl({ showCompass: false }), 'top-right');
    map.on('error', (e) => this.#mapError(map, e));
    // The focused area's tooltip follows the map as it pans and zooms; a hover tooltip is redrawn
    // at the pointer's next move.
    map.on('move', () => {
      if (this.#map !== map || this.#drawing) return;
      this.#queueLabels();
      const i = this.#st.focus;
      if (i >= 0 && !Number.isNaN(this.#st.xs[i])) {
        const q = map.project([this.#st.xs[i] as number, this.#st.ys[i] as number]);
        this.#placeTooltip(q.x, q.y);
      } else if (this.#st.hover >= 0) this.#parts.tooltip.hide();
    });
    // After a lost WebGL context MapLibre rebuilds the style from a snapshot, without custom layers:
    // the areas layer is added again (same mesh) and recoloured once the rebuilt style is loaded.
    map.on('webglcontextrestored', () => {
      const again = () => {
        if (this.#map !== map || !this.#areaLayer) return;
        this.#sentFeatures = undefined;
        this.#renderMap();
      };
      if (map.isStyleLoaded()) again();
      else map.once('style.load', again);
    });
    // Layers go in as soon as the style is parsed ('style.load'), not at 'load' (after the first frame).
    // The sites' GeoJSON source is added only when there are sites: a source makes the first 'idle'
    // wait for a round trip to MapLibre's worker.
    map.once('style.load', () => {
      // The areas are drawn in Web Mercator (custom layers); a basemap style asking for another
      // projection (e.g. globe) would put them in the wrong place, so the map stays in Mercator.
      const projection = map.getProjection()?.type;
      if (projection && projection !== 'mercator') map.setProjection({ type: 'mercator' });
      const hatch = new Uint8Array(8 * 8 * 4);
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) {
          const o = (y * 8 + x) * 4;
          const line = (x + y) % 8 === 0 || (x + y) % 8 === 1;
          hatch.set(line ? [111, 119, 123, 255] : [255, 255, 255, 255], o);
        }
      }
      map.addImage('cm-hatch', { width: 8, height: 8, data: hatch });
      this.#mapReady = true;
      mark('map-load');
      // Adding the areas' layers (and finishing their mesh if the slices have not) is the next long
      // task: let input in first.
      void afterNextFrame().then(() => {
        if (this.#map !== map) return;
        this.#sendGeometry();
        this.#renderMap();
      });
    });
    if (interactive) {
      const pick = (e: MapLibre.MapMouseEvent): number => {
        if (!this.#st.pm) {
          const layer = this.#areaLayer;
          return layer && map.getLayer(AREAS_LAYER) ? pickArea(layer.mesh, e.lngLat.lng, e.lngLat.lat) : -1;
        }
        const layers = ['cm-fill', 'cm-nodata'].filter((id) => map.getLayer(id));
        if (layers.length === 0) return -1;
        const f = map.queryRenderedFeatures(e.point, { layers })[0];
        return f ? this.#st.pm.indexOf(f) : -1;
      };
      map.on('click', (e) => {
        const i = pick(e);
        if (i >= 0) {
          this.#setFocus(i, false);
          this.#select(i, true);
        }
      });
      map.on('mousemove', (e) => this.#setHover(pick(e), e.point));
      map.on('mouseout', () => this.#setHover(-1));
    }
  }

  /** The view box: `bounds`, or the data's extent (an invalid `bounds` is reported by #update). */
  #bounds(): [number, number, number, number] {
    const b = this.getAttribute('bounds');
    if (b?.trim()) {
      try {
        return parseBounds(b);
      } catch {}
    }
    if (this.#st.pm) return this.#st.pm.bounds;
    return bboxOf(this.#st.features!);
  }

  /**
   * Draws the areas as SVG inside the map box (fitted as MapLibre's fitBounds would be), with the
   * same picking, hover and highlight behaviour as the WebGL map.
   */
  #drawStandIn(fc: FeatureCollection, fills: string[], lines: string[], preview: boolean): void {
    const box = this.#parts.map;
    box.hidden = false;
    box.setAttribute('tabindex', '0');
    const s = this.#st.styled;
    const sites = preview ? undefined : this.#st.sitesLoaded;
    const key = `${fills.join()}${lines.join()}${preview ? 'p' : `s${s?.outline.join('') ?? ''}`}`;
    if (this.#drawing && this.#drawn?.[0] === fc && this.#drawn[1] === key && this.#drawnSites === sites)
      return;
    this.#drawnSites = sites;
    this.#drawing?.element.remove();
    const width = box.clientWidth;
    const height = box.clientHeight;
    const fit = width > 0 && height > 0 ? { bounds: this.#bounds(), width, height, padding: 16 } : undefined;
    const drawing =
      preview && fit
        ? areaCanvas(fc, fills, lines, fit, Math.min(2, globalThis.devicePixelRatio || 1))
        : areaSvg(fc, fills, lines, fit, {
            noData: (i) => ((s?.classOf[i] ?? 0) as number) < 0,
            ...(s ? { outline: s.outline } : {}),
            ...(sites ? { sites } : {}),
          });
    this.#drawing = drawing;
    this.#drawn = [fc, key];
    const node = drawing.element;
    if (this.interactive) {
      node.classList.add('pick');
      const at = (e: MouseEvent) => {
        const r = box.getBoundingClientRect();
        return { x: e.clientX - r.left, y: e.clientY - r.top };
      };
      node.addEventListener('mousemove', (e) =>
        this.#setHover(drawing.pick(e as MouseEvent), at(e as MouseEvent)),
      );
      node.addEventListener('mouseleave', () => this.#setHover(-1));
      node.addEventListener('click', (e) => {
        const i = drawing.pick(e as MouseEvent);
        if (i >= 0) {
          this.#setFocus(i, false);
          this.#select(i, true);
        }
      });
    }
    box.prepend(node);
    if (!preview && this.interactive && drawing.zoom) this.#zoomButtons();
    this.#refreshHighlight();
    this.#queueLabels();
  }

  /** "+" / "−" buttons over the static SVG map (WebGL maps have MapLibre's), made once. */
  #zoomButtons(): void {
    const { stage } = this.#parts;
    if (stage.querySelector('.zoombar')) return;
    const bar = el('div', { class: 'zoombar' });
    for (const [text, label, step] of [
      ['+', 'Zoom in', 1],
      ['\u2212', 'Zoom out', -1],
    ] as const) {
      const b = el('button', { type: 'button', 'aria-label': label }, text);
      b.addEventListener('click', () => this.#keyZoom(step));
      bar.append(b);
    }
    stage.append(bar);
  }

  /**
   * MapLibre's errors become `cohesion-map:error` events. One before the style has loaded can only
   * come from the basemap style (the built-in one needs no request): rather than leave a blank map,
   * the map falls back to no basemap, so the areas still draw, and the event names the URL.
   */
  #mapError(map: MapLibre.Map, e: unknown): void {
    const err = (e as { error?: { message?: string; status?: number } }).error;
    const message = err?.message ?? 'map error';
    const basemap = this.getAttribute('basemap');
    if (map === this.#map && !this.#mapReady && basemap && basemap !== 'none' && this.#noBasemap !== map) {
      this.#noBasemap = map;
      const text = `could not load the basemap style ${basemap} (${message}); showing the areas without it`;
      console.warn(`<cohesion-map>: ${text}`);
      this.#emit('error', {
        code: 'READ_FAILED',
        message: text,
        detail: { source: basemap, ...(err?.status ? { status: err.status } : {}) },
      });
      map.setStyle({ version: 8, sources: {}, layers: [] }, { diff: false });
      return;
    }
    this.#emit('error', { code: 'READ_FAILED', message, detail: {} });
  }

  /** The map that fell back to no basemap (so a burst of style errors falls back once). */
  #noBasemap: MapLibre.Map | undefined;

  /** Remakes the map (for a new `interactive` or `basemap`), keeping its current view. */
  #rebuildMap(): void {
    const old = this.#map;
    if (!old) return; // not made yet: the new value applies when it is
    const view = { center: old.getCenter(), zoom: old.getZoom() };
    old.remove();
    this.#map = undefined;
    this.#mapReady = false;
    loadMapLibre()
      .then(({ ml }) => {
        if (!this.isConnected || this.#map) return;
        this.#createMap(ml);
        (this.#map as MapLibre.Map | undefined)?.jumpTo(view);
        // In the error state the new map waits hidden, as the old one did, until the input is fixed.
        if (this.#error) this.#parts.map.hidden = true;
      })
      .catch((e) =>
        this.#fail({ code: 'READ_FAILED', message: `could not load the map library: ${e.message}` }),
      );
  }

  #renderMap(): void {
    const s = this.#st.styled;
    const fc = this.#st.features;
    if (!s || !fc || this.#error) return;
    const { fills, lines } = this.#st.colours(s);
    const { placeholder } = this.#parts;
    if (this.#useSvg && this.#st.pm) {
      // The static map needs every area's geometry, which the tiles do not give: table only.
      placeholder.hidden = false;
      this.#parts.status.textContent =
        (this.getAttribute('renderer') === 'svg'
          ? 'This map is drawn from vector tiles'
          : 'Interactive map unavailable (no WebGL)') +
        ': its areas cannot be shown without WebGL. The data table lists every area.';
      this.#parts.table.details.open = true;
      this.removeAttribute('aria-busy');
      this.#emit('ready', { areas: this.#st.ids.length, renderer: 'none' });
      return;
    }
    if (this.#useSvg) {
      this.#drawStandIn(fc, fills, lines, false);
      // A static map the page asked for (renderer="svg", e.g. a report opened from disk) needs no
      // apology over it; only the no-WebGL fallback explains itself.
      const requested = this.getAttribute('renderer') === 'svg';
      placeholder.hidden = requested;
      this.#parts.status.textContent = requested
        ? ''
        : 'Interactive map unavailable (no WebGL): showing a static map. The data table lists every area.';
      this.removeAttribute('aria-busy');
      this.#emit('ready', { areas: this.#st.ids.length, renderer: 'svg' });
      return;
    }
    // Tiles carry no full geometry for a preview: a PMTiles map is shown as its tiles arrive.
    if (this.#st.pm) this.#parts.map.classList.remove('pending');
    if (!this.#webglShown && this.#wanted && !this.#st.pm) {
      // Until the WebGL map has drawn every tile (seconds under software GL), a canvas drawing of the same
      // areas, fitted exactly as the map will be, stands in for it: the areas can be seen, hovered,
      // clicked and reached by keyboard at once. The map replaces it without a jump when it is idle.
      const shown = this.#drawing;
      this.#drawStandIn(fc, fills, lines, true);
      placeholder.hidden = true;
      if (this.#drawing !== shown) {
        mark('preview');
        this.#emit('preview', { areas: this.#st.ids.length, renderer: 'canvas' });
      }
    }
    if (this.#importWhenDrawn) {
      this.#importWhenDrawn = false;
      // After the frame that shows the preview, so the import's evaluation does not delay it.
      void afterNextFrame().then(() => this.#importMapLibre());
    }
    const map = this.#map;
    if (!map || !this.#mapReady) return;
    this.#sendGeometry();
    const sites = this.#st.sitesLoaded;
    const hasSites = !!sites && sites.features.length > 0;
    if (hasSites && !map.getSource('cm-sites')) map.addSource('cm-sites', { type: 'geojson', data: sites });
    this.#styleLayers(map, s, fills, lines, hasSites);
    const siteSource = map.getSource('cm-sites') as MapLibre.GeoJSONSource | undefined;
    if (siteSource) siteSource.setData(sites ?? { type: 'FeatureCollection', features: [] });
    if (!this.#styled_once) {
      this.#styled_once = true;
      map.fitBounds(this.#bounds(), { padding: 16, duration: 0 });
    }
    placeholder.hidden = true;
    if (this.#parts.map.hidden) {
      // Back from the error state: show the canvas again at its proper size.
      this.#parts.map.hidden = false;
      map.resize();
    }
    this.#restoreStates();
    mark('set-data');
    map.once('idle', () => {
      mark('idle');
      if (!this.#webglShown) {
        this.#webglShown = true;
        this.#parts.map.classList.remove('pending');
        this.#drawing?.element.remove();
        this.#drawing = undefined;
        this.#drawn = undefined;
        this.#refreshHighlight();
      }
      this.removeAttribute('aria-busy');
      this.#queueLabels();
      this.#emit('ready', { areas: this.#st.ids.length, renderer: 'webgl' });
    });
  }

  /**
   * Sends the area geometry to MapLibre's worker as soon as it is parsed and the style is up, before
   * classification: the worker builds its tile index while the element classifies and fills the
   * table, and a restyle never sends the geometry again. Features carry only their index as id;
   * colours come from the layers' expressions over that id (#styleLayers).
   */
  #sendGeometry(): void {
    const map = this.#map;
    const fc = this.#st.features;
    if (!map || !this.#mapReady || !fc || fc === this.#sentFeatures) return;
    this.#sentFeatures = fc;
    if (this.#pmAttached && this.#pmAttached !== this.#st.pm) this.#pmAttached.detach(map);
    this.#pmAttached = this.#st.pm;
    if (this.#st.pm) {
      for (const id of [AREAS_LAYER, HIGHLIGHT_LAYER]) if (map.getLayer(id)) map.removeLayer(id);
      this.#areaLayer = undefined;
      this.#highlightLayer = undefined;
      this.#st.pm.attach(map, loadedMapLibre()!);
      return;
    }
    // Full geometry is drawn by a custom WebGL layer from a mesh triangulated once on this thread (see
    // mesh.ts for why not a GeoJSON source): fills, outlines and significance under the sites; hover
    // and selection outlines in a second custom layer on top of everything.
    for (const id of [AREAS_LAYER, HIGHLIGHT_LAYER]) if (map.getLayer(id)) map.removeLayer(id);
    const mesh = this.#meshOf(fc);
    this.#areaLayer = new AreaLayer(AREAS_LAYER, mesh);
    this.#highlightLayer = new HighlightLayer(HIGHLIGHT_LAYER, mesh);
    map.addLayer(this.#areaLayer, firstLayer(map, ['cm-sites-fill']));
    map.addLayer(this.#highlightLayer);
  }

  #sentFeatures: FeatureCollection | undefined;
  /** The custom layer drawing the areas (GeoJSON, TopoJSON and FlatGeobuf sources). */
  #areaLayer: AreaLayer | undefined;
  #highlightLayer: HighlightLayer | undefined;
  #mesh: [FeatureCollection, AreaMesh] | undefined;

  #building: [FeatureCollection, MeshBuilder] | undefined;

  /** The areas' WebGL mesh and picking index, built once per feature collection. */
  #meshOf(fc: FeatureCollection): AreaMesh {
    if (this.#mesh?.[0] !== fc) this.#mesh = [fc, this.#meshBuilderOf(fc).finish()];
    this.#building = undefined;
    return this.#mesh[1];
  }

  #meshBuilderOf(fc: FeatureCollection): MeshBuilder {
    if (this.#building?.[0] !== fc) this.#building = [fc, meshBuilder(fc)];
    return this.#building[1];
  }

  /**
   * Colours the areas for this classification and (re)creates the layers drawn over them: significance
   * outlines (hotspots) and the sites (src/maplayers.ts). Layers exist only when there is something to draw.
   */
  #styleLayers(map: MapLibre.Map, s: Styled, fills: string[], lines: string[], sites: boolean): void {
    styleSiteLayers(map, sites, firstLayer(map, [HIGHLIGHT_LAYER, 'cm-pm-hover']));
    if (this.#st.pm)
      stylePmLayers(map, this.#st.pm, s, fills, lines, firstLayer(map, ['cm-sites-fill', 'cm-pm-hover']));
    else {
      this.#areaLayer?.setColours(fills, lines, (i) => (s.classOf[i] as number) < 0);
      this.#areaLayer?.setOutlines(s.outline.some((o) => o > 0) ? s.outline : undefined);
    }
  }

  #restoreStates(): void {
    this.#refreshHighlight();
  }

  /** Redraws the hover, focus and selection outlines (the highlight layer, or the tile layers' filters). */
  #refreshHighlight(): void {
    this.#drawing?.highlight(this.#st.hover, [
      this.#st.focus,
      ...(this.#st.selected !== this.#st.focus ? [this.#st.selected] : []),
    ]);
    const map = this.#map;
    const fc = this.#st.features;
    if (!map || !this.#mapReady || !fc) return;
    if (this.#st.pm) {
      this.#st.pm.highlight(map, this.#st.hover, [this.#st.focus, this.#st.selected]);
      return;
    }
    this.#highlightLayer?.setHighlight(this.#st.hover, [this.#st.focus, this.#st.selected]);
  }

  #state(_i: number, _key: string, _on: boolean): void {
    if (this.#hlQueued) return;
    this.#hlQueued = true;
    requestAnimationFrame(() => {
      this.#hlQueued = false;
      this.#refreshHighlight();
    });
  }

  #hlQueued = false;

  #setHover(i: number, point?: { x: number; y: number }): void {
    const { tooltip } = this.#parts;
    if (i !== this.#st.hover) {
      this.#state(this.#st.hover, 'hover', false);
      this.#st.hover = i;
      this.#state(i, 'hover', true);
      if (i >= 0) this.#emit('hover', this.#st.areaDetail(i));
    }
    if (i < 0) {
      if (this.#st.focus < 0) tooltip.hide();
      if (this.#map) this.#map.getCanvas().style.cursor = '';
      return;
    }
    if (this.#map) this.#map.getCanvas().style.cursor = 'pointer';
    tooltip.show(this.#st.describe(i), point);
  }

  #placeTooltip(x: number, y: number): void {
    this.#parts.tooltip.place(x, y);
  }

  #setFocus(i: number, move = true): void {
    this.#state(this.#st.focus, 'focus', false);
    this.#st.focus = i;
    const { tooltip } = this.#parts;
    if (i < 0) {
      tooltip.hide();
      return;
    }
    this.#state(i, 'focus', true);
    tooltip.show(
      `${this.#st.describe(i)}. Area ${(this.#st.rank[i] as number) + 1} of ${this.#st.ids.length}.`,
    );
    const map = this.#map;
    if (this.#drawing) {
      const p = this.#drawing.project(this.#st.xs[i] as number, this.#st.ys[i] as number);
      this.#placeTooltip(p.x, p.y);
    } else if (map && Number.isNaN(this.#st.xs[i])) {
      // An area without a known position (PMTiles, not in the decoded tiles) keeps the view.
      this.#placeTooltip(0, tooltip.element.offsetHeight + 16);
    } else if (map) {
      const p = map.project([this.#st.xs[i] as number, this.#st.ys[i] as number]);
      const c = map.getContainer();
      if (move && this.interactive && (p.x < 0 || p.y < 0 || p.x > c.clientWidth || p.y > c.clientHeight)) {
        map.easeTo({ center: [this.#st.xs[i] as number, this.#st.ys[i] as number], duration: 0 });
        const q = map.project([this.#st.xs[i] as number, this.#st.ys[i] as number]);
        this.#placeTooltip(q.x, q.y);
      } else this.#placeTooltip(p.x, p.y);
    }
  }

  /** Brings areas into view (one: centred at street zoom; several: fitted), keeping the focus on the first. */
  #showAreas(indices: number[]): void {
    const map = this.#map;
    if (!map || !this.#mapReady || !this.interactive) return;
    const xs = indices.map((i) => this.#st.xs[i] as number).filter((v) => !Number.isNaN(v));
    const ys = indices.map((i) => this.#st.ys[i] as number).filter((v) => !Number.isNaN(v));
    if (xs.length === 1)
      map.easeTo({ center: [xs[0]!, ys[0]!], zoom: Math.max(map.getZoom(), 13), duration: 0 });
    else if (xs.length > 1)
      map.fitBounds([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], {
        padding: 48,
        maxZoom: 14,
        duration: 0,
      });
    if (indices[0] !== undefined) this.#setFocus(indices[0], false);
  }

  /**
   * Keyboard zoom by one level. With an area focused the zoom is centred on it, so it stays in view
   * (zooming about the map's centre pushed it off-screen); otherwise about the centre.
   */
  #keyZoom(step: 1 | -1): void {
    const map = this.#map;
    const i = this.#st.focus;
    const x = i >= 0 ? (this.#st.xs[i] as number) : Number.NaN;
    const y = i >= 0 ? (this.#st.ys[i] as number) : Number.NaN;
    const drawing = this.#useSvg ? this.#drawing : undefined;
    if (drawing?.zoom) {
      // The static SVG map (renderer="svg", the report) zooms its view box the same way.
      if (Number.isNaN(x) || Number.isNaN(y)) drawing.zoom(step > 0 ? 2 : 0.5);
      else drawing.zoom(step > 0 ? 2 : 0.5, x, y);
      if (i >= 0 && !Number.isNaN(x)) {
        const p = drawing.project(x, y);
        this.#placeTooltip(p.x, p.y);
      }
      this.#queueLabels();
      return;
    }
    if (!map) return;
    const zoom = map.getZoom() + step;
    if (Number.isNaN(x) || Number.isNaN(y)) map.easeTo({ zoom, duration: 0 });
    else map.easeTo({ zoom, center: [x, y], duration: 0 });
  }

  #select(i: number, notify: boolean): void {
    this.#state(this.#st.selected, 'sel', false);
    this.#st.selected = i;
    this.#state(i, 'sel', true);
    this.#parts.table.select(i >= 0 ? this.#st.ids[i] : undefined);
    if (notify) this.#emit('select', i >= 0 ? this.#st.areaDetail(i) : null);
  }

  #onKey(e: KeyboardEvent): void {
    const n = this.#st.order.length;
    if (n === 0) return;
    const cur = this.#st.focus >= 0 ? this.#st.focus : -1;
    let next = -2;
    switch (e.key) {
      case 'ArrowRight':
        next =
          cur < 0
            ? (this.#st.order[0] as number)
            : (this.#st.order[Math.min(n - 1, (this.#st.rank[cur] as number) + 1)] as number);
        break;
      case 'ArrowLeft':
        next =
          cur < 0
            ? (this.#st.order[0] as number)
            : (this.#st.order[Math.max(0, (this.#st.rank[cur] as number) - 1)] as number);
        break;
      case 'ArrowUp':
      case 'ArrowDown': {
        if (cur < 0) next = this.#st.order[0] as number;
        else {
          const j = nearestInDirection(this.#st.xs, this.#st.ys, cur, e.key === 'ArrowUp' ? 1 : -1);
          next = j >= 0 ? j : cur;
        }
        break;
      }
      case 'Home':
        next = this.#st.order[0] as number;
        break;
      case 'End':
        next = this.#st.order[n - 1] as number;
        break;
      case 'Enter':
      case ' ':
        if (cur >= 0) this.#select(cur, true);
        e.preventDefault();
        return;
      case 'Escape':
        this.#select(-1, this.#st.selected >= 0);
        this.#setFocus(-1);
        e.preventDefault();
        return;
      // A non-interactive map keeps its view: no keyboard zoom either.
      case '+':
      case '=':
      case '-':
        if (this.interactive) this.#keyZoom(e.key === '-' ? -1 : 1);
        e.preventDefault();
        return;
      default:
        return;
    }
    e.preventDefault();
    if (next >= 0) this.#setFocus(next);
  }
}
