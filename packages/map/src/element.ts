import type { FeatureCollection } from 'geojson';
import { DATA_ATTRS, reflectAttributes, STRING_ATTRS } from './attributes.js';
import { areasCsv, downloadCsv } from './csvexport.js';
import { parseBounds } from './data.js';
import { MapDisplay } from './display.js';
import { mark } from './dom.js';
import { Interaction } from './interaction.js';
import { LabelLayer } from './labels.js';
import { SearchController } from './search.js';
import { MapState } from './state.js';
import { ELEMENT_CSS } from './styles.js';
import { adoptStyles, checkStyles } from './stylesheet.js';
import { TableView } from './table.js';
import type { CohesionMapErrorDetail, CohesionMapResults } from './types.js';
import { midpointOf } from './values.js';
import { attributionText, basemapCredits, buildParts, type Parts, renderViews } from './view.js';

export type { CohesionMapAreaDetail, CohesionMapErrorDetail, CohesionMapResults } from './types.js';

// Outside a browser (server-side rendering, Node, Deno) there is no HTMLElement: the class is then
// defined over a stand-in so importing the package does not throw; it is never registered there.
const ElementBase = (globalThis.HTMLElement ?? class {}) as typeof HTMLElement;

/**
 * `<cohesion-map>`: an accessible, embeddable choropleth of segregation, green-space access or
 * hotspot results. See docs/embedding.md for every attribute, event and CSS part.
 *
 * The class wires the parts: the data and state controller (state.ts), the renderers (display.ts:
 * WebGL map, canvas preview, SVG map), pointer and keyboard interaction (interaction.ts), and the
 * views — caption and summary (view.ts), legend, table and CSV export, search box, place labels.
 */
export class CohesionMapElement extends ElementBase {
  static get observedAttributes(): string[] {
    return [...STRING_ATTRS];
  }

  static {
    reflectAttributes(CohesionMapElement.prototype);
  }

  readonly #root: ShadowRoot;
  readonly #attr = (name: string): string | null => this.getAttribute(name);
  /** Data and state: the areas, their values and classes, hover / focus / selection (state.ts). */
  readonly #st = new MapState(this.#attr);
  readonly #parts: Parts;
  /** The search box and its index of names, wards and postcodes (src/search.ts). */
  readonly #search: SearchController;
  readonly #display: MapDisplay;
  readonly #ix: Interaction;
  /** Place labels over the map (`labels` attribute; src/labels.ts). */
  readonly #labels: LabelLayer;
  #io: IntersectionObserver | undefined;
  #loadToken = 0;
  #loading: Promise<void> | undefined;
  #dataDirty = true;
  #renderQueued = false;
  #error: CohesionMapErrorDetail | undefined;
  #styleReady = false;
  #pointerFocus = false;
  #warned = false;
  /** Credits of the current basemap's sources, as text (see basemapCredits). */
  #basemapCredits: string[] = [];

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    const st = this.#st;
    this.#search = new SearchController({
      select: (i) => this.#ix.click(i),
      show: (indices) => this.#ix.showAreas(indices),
      describe: (i) => {
        const cls = st.classLabel(i);
        const what = this.getAttribute('value-label')?.trim() || 'Value';
        return `${what}: ${st.valueText(i)}${cls ? ` (${cls})` : ''}`;
      },
      code: (i) => st.ids[i] as string,
      error: (d) => this.#emit('error', d),
    });
    const table = new TableView(() => downloadCsv(this.#root, this.toCsv(), this.getAttribute('label')));
    const parts = buildParts(this.#root, this.#search.root, table);
    this.#parts = parts;
    this.#labels = new LabelLayer(parts.labels, () => {
      const on = this.hasAttribute('labels') && this.getAttribute('labels') !== 'false';
      if (!on || this.#error) return undefined;
      const box = parts.map;
      return {
        names: st.names,
        xs: st.xs,
        ys: st.ys,
        extents: st.extents,
        project: (lon, lat) => this.#project(lon, lat),
        width: box.clientWidth,
        height: box.clientHeight,
      };
    });
    this.#display = new MapDisplay({
      parts,
      st,
      attr: this.#attr,
      interactive: () => this.interactive,
      failed: () => !!this.#error,
      connected: () => this.isConnected,
      hover: (i, at) => this.#ix.hover(i, at),
      click: (i) => this.#ix.click(i),
      zoom: (step) => this.#ix.zoom(step),
      moved: () => this.#ix.moved(),
      highlight: () => this.#ix.refresh(),
      labels: () => this.#labels.queue(),
      done: () => this.removeAttribute('aria-busy'),
      installStyle: (css) => this.#installStyle(css, true),
      emit: (type, detail) => this.#emit(type, detail),
      fail: (e) => this.#fail(e),
    });
    const { view, standIn } = this.#display;
    this.#ix = new Interaction({
      st,
      tooltip: parts.tooltip,
      table,
      view,
      standIn,
      interactive: () => this.interactive,
      svg: () => this.#display.svg,
      emit: (type, detail) => this.#emit(type, detail),
      labels: () => this.#labels.queue(),
    });
    parts.show.addEventListener('click', () => this.#display.start());
    // A basemap's sources carry their own credits (e.g. OpenStreetMap's): shown once its style is drawn.
    this.addEventListener('cohesion-map:ready', () => {
      this.#basemapCredits = basemapCredits(this.getAttribute('basemap') ? view.map : undefined);
      parts.attribution.textContent = this.#attributionText();
    });
    const box = parts.map;
    box.addEventListener('keydown', (e) => this.#ix.key(e));
    // Keyboard focus lands on the first area; a click's focus must not move the map under the pointer.
    box.addEventListener('pointerdown', () => {
      this.#pointerFocus = true;
      // Only a focus this press causes is the pointer's: a press on the already focused map causes
      // none, and a stale flag would skip the first area on the next Tab into the map.
      setTimeout(() => {
        this.#pointerFocus = false;
      });
    });
    box.addEventListener('focus', () => {
      const pointer = this.#pointerFocus;
      this.#pointerFocus = false;
      if (!pointer && st.focus < 0 && st.order.length > 0 && (view.map || standIn.drawing)) {
        this.#ix.focus(st.order[0] as number);
      }
    });
  }

  // ---------- properties ----------
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
    return midpointOf(this.#attr);
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
    this.#reload();
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
    this.#reload();
  }

  /** Loads the data again at the next update (a data input changed). */
  #reload(): void {
    this.#dataDirty = true;
    this.#queue();
  }
  /** Code of the selected area, or null. Setting it selects (without an event). */
  get selected(): string | null {
    return this.#st.selected >= 0 ? (this.#st.ids[this.#st.selected] ?? null) : null;
  }
  set selected(id: string | null) {
    this.#ix.select(id === null ? -1 : this.#st.ids.indexOf(id), false);
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
    const { standIn, view } = this.#display;
    return standIn.drawing ? standIn.project(lon, lat) : view.project(lon, lat);
  }

  /** The current error, if the element is in its error state. */
  get error(): CohesionMapErrorDetail | undefined {
    return this.#error;
  }

  /** The table as CSV text (code, name, value, class), in feature order. */
  toCsv(): string {
    const st = this.#st;
    return areasCsv({
      valueName: st.valueName(),
      ids: st.ids,
      names: st.names,
      values: st.values,
      classLabel: (i) => st.classLabel(i),
    });
  }

  // ---------- lifecycle ----------
  connectedCallback(): void {
    if (!this.#styleReady) this.#installStyle(ELEMENT_CSS);
    this.#queue();
    const start = () => {
      this.#io?.disconnect();
      this.#display.start();
    };
    if (typeof IntersectionObserver !== 'undefined') {
      this.#io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && start(), {
        rootMargin: '200px',
      });
      this.#io.observe(this);
      // The observer first reports after a rendering frame, which waits behind the data parse: an
      // element already on screen starts MapLibre's import straight after its data request is sent.
      queueMicrotask(() => {
        if (this.isConnected && this.#nearViewport()) start();
      });
    } else start();
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
    this.#display.view.remove();
    this.#display.loading = false;
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (old === value) return;
    if (DATA_ATTRS.has(name)) this.#dataDirty = true;
    // A new view box re-fits the map; interactivity and basemap are fixed when MapLibre's map is
    // made, so a real change to either remakes it.
    if (name === 'bounds') this.#display.view.refit();
    const basemapOf = (v: string | null) => (v && v !== 'none' ? v : null);
    if (
      (name === 'interactive' && (old === 'false') !== (value === 'false')) ||
      (name === 'basemap' && basemapOf(old) !== basemapOf(value))
    ) {
      this.#display.view.rebuild();
    }
    this.#queue();
  }

  #installStyle(css: string, first = false): void {
    adoptStyles(this.#root, css, this.getAttribute('csp-nonce'), first);
    this.#styleReady = true;
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

  #attributionText(): string {
    return attributionText(this.getAttribute('attribution'), this.#basemapCredits);
  }

  async #update(): Promise<void> {
    const token = ++this.#loadToken;
    const { caption, map, attribution, summary, help } = this.#parts;
    const label = this.getAttribute('label');
    if (!label && !this.#warned) {
      this.#warned = true;
      console.warn("<cohesion-map>: set the label attribute; it is the map's accessible name.");
    }
    (caption.firstChild as HTMLElement).textContent = label ?? 'Map';
    map.setAttribute('aria-label', label ?? 'Map of areas');
    attribution.textContent = this.#attributionText();
    try {
      checkStyles(this, [summary, help]);
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
      this.#display.attach();
      await this.#st.prepare();
      if (token !== this.#loadToken) return;
      if (!this.#st.classify()) {
        this.#parts.status.textContent =
          'Waiting for values: set the value attribute or the results property.';
        return;
      }
      this.#error = undefined;
      mark('classified');
      renderViews(this.#parts, this.#st, this.#search, this.#attr, this.#display);
      mark('views');
      if (this.#display.wanted) this.#display.start();
      this.#display.render();
    } catch (e) {
      if (token === this.#loadToken) this.#fail(e);
    }
  }

  /** Loads the data (state.ts), then starts over for the new areas: nothing focused or selected. */
  async #loadData(): Promise<void> {
    const st = this.#st;
    const outcome = await st.load((d) => this.#emit('warning', d));
    if (outcome === 'empty') this.#parts.status.textContent = 'No map data: set the src attribute.';
    if (outcome !== 'loaded') return;
    this.#display.view.refit();
    this.#search.setAreas(st.features!, st.ids, st.names, this.getAttribute('ward-property'));
  }
}
