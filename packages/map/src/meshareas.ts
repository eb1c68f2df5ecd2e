/**
 * Full geometry (GeoJSON, TopoJSON, FlatGeobuf) on the MapLibre map: a custom WebGL layer draws the
 * fills, outlines and significance from a mesh triangulated once on this thread (see mesh.ts for why
 * not a GeoJSON source), under the sites; a second custom layer draws the hover and selection
 * outlines on top of everything.
 */
import type { FeatureCollection } from 'geojson';
import type * as MapLibre from 'maplibre-gl';
import { AreaLayer } from './glareas.js';
import { HighlightLayer } from './gllines.js';
import type { Styled } from './layers.js';
import { type AreaMesh, type MeshBuilder, meshBuilder, pickArea } from './mesh.js';
import { firstLayer, type MapAreas } from './renderer.js';

/** Ids of the custom layers that draw the areas, and the hover / selection outlines over everything. */
export const AREAS_LAYER = 'cm-areas-gl';
export const HIGHLIGHT_LAYER = 'cm-hl-gl';

export class MeshAreas implements MapAreas {
  readonly custom = true;
  readonly features: FeatureCollection;
  #mesh: AreaMesh | undefined;
  #builder: MeshBuilder | undefined;
  #areas: AreaLayer | undefined;
  #highlight: HighlightLayer | undefined;

  constructor(features: FeatureCollection) {
    this.features = features;
  }

  /**
   * Triangulates for a while (until `deadline`, a performance.now() time), so the mesh can be built in
   * slices of a few ms while MapLibre downloads; true once it is done.
   */
  step(deadline: number): boolean {
    if (this.#mesh) return true;
    this.#builder ??= meshBuilder(this.features);
    if (!this.#builder.step(deadline)) return false;
    this.#mesh = this.#builder.finish();
    this.#builder = undefined;
    return true;
  }

  /** The mesh and picking index, finished now if the slices have not. */
  get mesh(): AreaMesh {
    if (!this.#mesh) {
      this.#mesh = (this.#builder ?? meshBuilder(this.features)).finish();
      this.#builder = undefined;
    }
    return this.#mesh;
  }

  attach(map: MapLibre.Map): void {
    this.detach(map);
    const mesh = this.mesh;
    this.#areas = new AreaLayer(AREAS_LAYER, mesh);
    this.#highlight = new HighlightLayer(HIGHLIGHT_LAYER, mesh);
    map.addLayer(this.#areas, firstLayer(map, ['cm-sites-fill']));
    map.addLayer(this.#highlight);
  }

  detach(map: MapLibre.Map): void {
    for (const id of [AREAS_LAYER, HIGHLIGHT_LAYER]) if (map.getLayer(id)) map.removeLayer(id);
  }

  style(_map: MapLibre.Map, s: Styled, fills: string[], lines: string[]): void {
    this.#areas?.setColours(fills, lines, (i) => (s.classOf[i] as number) < 0);
    this.#areas?.setOutlines(s.outline.some((o) => o > 0) ? s.outline : undefined);
  }

  highlight(_map: MapLibre.Map, hover: number, marks: number[]): void {
    this.#highlight?.setHighlight(hover, marks);
  }

  pick(map: MapLibre.Map, e: MapLibre.MapMouseEvent): number {
    const layer = this.#areas;
    return layer && map.getLayer(AREAS_LAYER) ? pickArea(layer.mesh, e.lngLat.lng, e.lngLat.lat) : -1;
  }
}
