/**
 * The WebGL map: MapLibre's map in the map box, from creation (style, controls, events, the no-data
 * hatch) to removal, with the areas it holds ({@link MapAreas}), the sites over them and the view.
 * The element decides when a map is wanted and what it shows; this module owns MapLibre's lifecycle.
 */
import type { FeatureCollection } from 'geojson';
import type * as MapLibre from 'maplibre-gl';
import { afterNextFrame, mark, type Point } from './dom.js';
import type { Styled } from './layers.js';
import { styleSiteLayers } from './maplayers.js';
import { loadMapLibre } from './maplibre.js';
import { HIGHLIGHT_LAYER } from './meshareas.js';
import { type AreaRenderer, firstLayer, type MapAreas } from './renderer.js';
import type { AttrReader, CohesionMapErrorDetail } from './types.js';

/** What the map asks of the element. */
export interface MapHost {
  /** The map box MapLibre draws into. */
  readonly container: HTMLElement;
  readonly attr: AttrReader;
  interactive(): boolean;
  /** The view box to open on, or undefined before the data are loaded. */
  bounds(): [number, number, number, number] | undefined;
  /** The area under the pointer changed (−1: none), at this point of the map box. */
  hover(i: number, at?: Point): void;
  /** An area was clicked. */
  click(i: number): void;
  /** The view moved (pan or zoom). */
  moved(): void;
  /** The style is loaded (or rebuilt after a lost WebGL context): the areas can be drawn. */
  redraw(): void;
  /** True while the element is in its error state (a remade map then waits hidden). */
  failed(): boolean;
  emit(type: 'error', detail: CohesionMapErrorDetail): void;
  fail(e: unknown): void;
}

/** An empty style: no background layer, so the stage's CSS background shows through the canvas. */
const NO_BASEMAP: MapLibre.StyleSpecification = { version: 8, sources: {}, layers: [] };

export class MapView implements AreaRenderer {
  /** MapLibre's map, once made. */
  map: MapLibre.Map | undefined;
  /** True once its style is loaded and the areas can be added. */
  ready = false;
  /** True once the map has been drawn and shown (the preview is gone for good). */
  shown = false;
  readonly #host: MapHost;
  #ml: typeof MapLibre | undefined;
  /** The areas on the map, and whether the view has been fitted to them. */
  #attached: MapAreas | undefined;
  #fitted = false;
  /** The map that fell back to no basemap (so a burst of style errors falls back once). */
  #noBasemap: MapLibre.Map | undefined;

  constructor(host: MapHost) {
    this.#host = host;
  }

  /** Makes the map in the container (MapLibre's module `ml` is loaded). */
  create(ml: typeof MapLibre): void {
    const host = this.#host;
    const container = host.container;
    this.#ml = ml;
    container.hidden = false;
    // The canvas stays invisible under the preview until every tile is drawn: the compositor then
    // skips the partial frames, which under software GL cost as much as drawing them.
    if (!this.shown) container.classList.add('pending');
    const basemap = host.attr('basemap');
    // No background layer without a basemap: the stage's CSS background (--cohesion-map-canvas) shows
    // through the transparent canvas, which spares SwiftShader a shader compile and a fill per frame.
    const style = basemap && basemap !== 'none' ? basemap : NO_BASEMAP;
    const interactive = host.interactive();
    const bounds = host.bounds();
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
      ...(bounds ? { bounds, fitBoundsOptions: { padding: 16 } } : {}),
    });
    this.map = map;
    this.#attached = undefined;
    // The container is the single keyboard stop; MapLibre's canvas must not be a second one.
    map.getCanvas().setAttribute('tabindex', '-1');
    map.getCanvas().setAttribute('aria-hidden', 'true');
    container.setAttribute('tabindex', '0');
    if (interactive) map.addControl(new ml.NavigationControl({ showCompass: false }), 'top-right');
    map.on('error', (e) => this.#error(map, e));
    map.on('move', () => {
      if (this.map === map) host.moved();
    });
    // After a lost WebGL context MapLibre rebuilds the style from a snapshot, without custom layers:
    // the areas layer is added again (same mesh) and recoloured once the rebuilt style is loaded.
    map.on('webglcontextrestored', () => {
      const again = () => {
        if (this.map !== map || !this.#attached?.custom) return;
        this.#attached = undefined;
        host.redraw();
      };
      if (map.isStyleLoaded()) again();
      else map.once('style.load', again);
    });
    // Layers go in as soon as the style is parsed ('style.load'), not at 'load' (after the first frame).
    map.once('style.load', () => {
      // The areas are drawn in Web Mercator (custom layers); a basemap style asking for another
      // projection (e.g. globe) would put them in the wrong place, so the map stays in Mercator.
      const projection = map.getProjection()?.type;
      if (projection && projection !== 'mercator') map.setProjection({ type: 'mercator' });
      map.addImage('cm-hatch', { width: 8, height: 8, data: hatchPixels() });
      this.ready = true;
      mark('map-load');
      // Adding the areas' layers (and finishing their mesh if the slices have not) is the next long
      // task: let input in first.
      void afterNextFrame().then(() => {
        if (this.map === map) host.redraw();
      });
    });
    if (interactive) {
      const pick = (e: MapLibre.MapMouseEvent) => this.#attached?.pick(map, e) ?? -1;
      map.on('click', (e) => {
        const i = pick(e);
        if (i >= 0) host.click(i);
      });
      map.on('mousemove', (e) => host.hover(pick(e), e.point));
      map.on('mouseout', () => host.hover(-1));
    }
  }

  /**
   * MapLibre's errors become `cohesion-map:error` events. One before the style has loaded can only
   * come from the basemap style (the built-in one needs no request): rather than leave a blank map,
   * the map falls back to no basemap, so the areas still draw, and the event names the URL.
   */
  #error(map: MapLibre.Map, e: unknown): void {
    const err = (e as { error?: { message?: string; status?: number } }).error;
    const message = err?.message ?? 'map error';
    const basemap = this.#host.attr('basemap');
    if (map === this.map && !this.ready && basemap && basemap !== 'none' && this.#noBasemap !== map) {
      this.#noBasemap = map;
      const text = `could not load the basemap style ${basemap} (${message}); showing the areas without it`;
      console.warn(`<cohesion-map>: ${text}`);
      this.#host.emit('error', {
        code: 'READ_FAILED',
        message: text,
        detail: { source: basemap, ...(err?.status ? { status: err.status } : {}) },
      });
      map.setStyle(NO_BASEMAP, { diff: false });
      return;
    }
    this.#host.emit('error', { code: 'READ_FAILED', message, detail: {} });
  }

  /** Remakes the map (for a new `interactive` or `basemap`), keeping its current view. */
  rebuild(): void {
    const old = this.map;
    if (!old) return; // not made yet: the new value applies when it is
    const view = { center: old.getCenter(), zoom: old.getZoom() };
    old.remove();
    this.map = undefined;
    this.ready = false;
    loadMapLibre()
      .then(({ ml }) => {
        if (!this.#host.container.isConnected || this.map) return;
        this.create(ml);
        (this.map as MapLibre.Map | undefined)?.jumpTo(view);
        // In the error state the new map waits hidden, as the old one did, until the input is fixed.
        if (this.#host.failed()) this.#host.container.hidden = true;
      })
      .catch((e) =>
        this.#host.fail({ code: 'READ_FAILED', message: `could not load the map library: ${e.message}` }),
      );
  }

  /** Removes the map (the element left the page). */
  remove(): void {
    this.map?.remove();
    this.map = undefined;
    this.ready = false;
    this.shown = false;
  }

  /** Fits the view to the areas again at the next {@link draw} (new data or `bounds`). */
  refit(): void {
    this.#fitted = false;
  }

  /** Puts `areas` on the map, in place of any others (once the style is loaded; once per areas). */
  attach(areas: MapAreas): void {
    const map = this.map;
    if (!map || !this.ready || !this.#ml || areas === this.#attached) return;
    this.#attached?.detach(map);
    this.#attached = areas;
    areas.attach(map, this.#ml);
  }

  /**
   * Draws the areas in this styling with the sites over them (a sites source only when there are
   * sites: a source makes the first 'idle' wait for a round trip to MapLibre's worker). False while
   * the map is not ready.
   */
  draw(
    areas: MapAreas,
    s: Styled,
    colours: { fills: string[]; lines: string[] },
    sites: FeatureCollection | undefined,
    bounds: [number, number, number, number],
  ): boolean {
    const map = this.map;
    if (!map || !this.ready) return false;
    this.attach(areas);
    const hasSites = !!sites && sites.features.length > 0;
    if (hasSites && !map.getSource('cm-sites')) map.addSource('cm-sites', { type: 'geojson', data: sites });
    styleSiteLayers(map, hasSites, firstLayer(map, [HIGHLIGHT_LAYER, 'cm-pm-hover']));
    areas.style(map, s, colours.fills, colours.lines);
    const siteSource = map.getSource('cm-sites') as MapLibre.GeoJSONSource | undefined;
    if (siteSource) siteSource.setData(sites ?? { type: 'FeatureCollection', features: [] });
    if (!this.#fitted) {
      this.#fitted = true;
      map.fitBounds(bounds, { padding: 16, duration: 0 });
    }
    const container = this.#host.container;
    if (container.hidden) {
      // Back from the error state: show the canvas again at its proper size.
      container.hidden = false;
      map.resize();
    }
    return true;
  }

  highlight(hover: number, marks: number[]): void {
    if (this.map && this.ready) this.#attached?.highlight(this.map, hover, marks);
  }

  project(lon: number, lat: number): Point | null {
    return this.map && this.ready ? this.map.project([lon, lat]) : null;
  }

  zoom(step: 1 | -1, lon?: number, lat?: number): void {
    const map = this.map;
    if (!map) return;
    const zoom = map.getZoom() + step;
    if (lon === undefined || lat === undefined) map.easeTo({ zoom, duration: 0 });
    else map.easeTo({ zoom, center: [lon, lat], duration: 0 });
  }

  reveal(lon: number, lat: number, pan: boolean): Point | null {
    const map = this.map;
    if (!map) return null;
    const p = map.project([lon, lat]);
    const c = map.getContainer();
    if (!pan || (p.x >= 0 && p.y >= 0 && p.x <= c.clientWidth && p.y <= c.clientHeight)) return p;
    map.easeTo({ center: [lon, lat], duration: 0 });
    return map.project([lon, lat]);
  }

  /** False until the style is loaded (the element then leaves the focus alone). */
  showPlaces(xs: number[], ys: number[]): boolean {
    const map = this.map;
    if (!map || !this.ready) return false;
    if (xs.length === 1)
      map.easeTo({ center: [xs[0]!, ys[0]!], zoom: Math.max(map.getZoom(), 13), duration: 0 });
    else if (xs.length > 1)
      map.fitBounds([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], {
        padding: 48,
        maxZoom: 14,
        duration: 0,
      });
    return true;
  }
}

/** The no-data hatch for the tile layers' fill-pattern: white with grey diagonals 8 px apart. */
function hatchPixels(): Uint8Array {
  const hatch = new Uint8Array(8 * 8 * 4);
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) {
      const line = (x + y) % 8 === 0 || (x + y) % 8 === 1;
      hatch.set(line ? [111, 119, 123, 255] : [255, 255, 255, 255], (y * 8 + x) * 4);
    }
  }
  return hatch;
}
