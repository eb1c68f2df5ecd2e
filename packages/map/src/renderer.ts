/**
 * The ways `<cohesion-map>` draws its areas, behind two interfaces:
 *
 * - {@link AreaRenderer}: whatever is on screen in the map box — the WebGL map (mapview.ts) or a
 *   drawing standing in for it (standin.ts: the canvas preview of preview.ts while MapLibre loads,
 *   or the static SVG map of svg.ts without WebGL or with `renderer="svg"`). The element's keyboard,
 *   tooltip, labels and highlights talk only to this interface.
 * - {@link MapAreas}: how a MapLibre map holds the areas — custom WebGL mesh layers for full
 *   geometry (meshareas.ts over glareas.ts / gllines.ts / mesh.ts), or vector-tile layers for
 *   `pmtiles://` sources (pmlayers.ts over pmtiles.ts).
 */
import type * as MapLibre from 'maplibre-gl';
import type { Point } from './dom.js';
import type { Styled } from './layers.js';

/** Whatever draws the areas in the map box. */
export interface AreaRenderer {
  /** Position of a longitude/latitude in CSS pixels relative to the map box; null before it is drawn. */
  project(lon: number, lat: number): Point | null;
  /** Outlines the hovered area and the marked (focused, selected) ones; −1 for none. */
  highlight(hover: number, marks: number[]): void;
  /** Zooms one step in (1) or out (−1), centred on a longitude/latitude when given. */
  zoom(step: 1 | -1, lon?: number, lat?: number): void;
  /**
   * Where the focused area at (lon, lat) is shown: with `pan`, a view that leaves it off-screen first
   * moves to centre it. Null when the renderer cannot place it.
   */
  reveal(lon: number, lat: number, pan: boolean): Point | null;
  /**
   * Brings these positions into view (one: centred at street zoom; several: fitted); false when the
   * renderer cannot move its view (a drawing, or a map still loading).
   */
  showPlaces(xs: number[], ys: number[]): boolean;
}

/** How a MapLibre map holds the areas: its sources and layers, colours, highlights and picking. */
export interface MapAreas {
  /** True for custom layers, which MapLibre drops with a lost WebGL context (added again on restore). */
  readonly custom: boolean;
  /** Adds the areas' sources and layers to `map`. */
  attach(map: MapLibre.Map, ml: typeof MapLibre): void;
  /** Removes what {@link attach} added. */
  detach(map: MapLibre.Map): void;
  /** Colours the areas and draws their significance outlines for this styling. */
  style(map: MapLibre.Map, s: Styled, fills: string[], lines: string[]): void;
  /** Outlines the hovered and marked (focused / selected) areas. */
  highlight(map: MapLibre.Map, hover: number, marks: number[]): void;
  /** Index of the area under a mouse event, or −1. */
  pick(map: MapLibre.Map, e: MapLibre.MapMouseEvent): number;
}

/** The first of `ids` that is a layer of the map (for addLayer's beforeId); undefined puts it on top. */
export function firstLayer(map: MapLibre.Map, ids: string[]): string | undefined {
  return ids.find((id) => map.getLayer(id));
}
