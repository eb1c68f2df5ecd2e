/**
 * MapLibre style layers the element adds over its areas: the green-space sites (fill, white casing,
 * dark line, points). The vector-tile (PMTiles) layers are in pmlayers.ts, loaded with the tiles.
 */
import type * as MapLibre from 'maplibre-gl';
import { SITE_STYLE } from './palettes.js';

/** Adds the site layers (below `before`) when there are sites, removes them when there are none. */
export function styleSiteLayers(map: MapLibre.Map, sites: boolean, before: string | undefined): void {
  const siteLayers: MapLibre.LayerSpecification[] = [
    {
      id: 'cm-sites-fill',
      type: 'fill',
      source: 'cm-sites',
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': SITE_STYLE.fill, 'fill-opacity': SITE_STYLE.fillOpacity },
    },
    // A white casing under a dark line: one of the two stands ≥ 3:1 against any area colour.
    {
      id: 'cm-sites-casing',
      type: 'line',
      source: 'cm-sites',
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'line-color': SITE_STYLE.casing, 'line-width': 3 },
    },
    {
      id: 'cm-sites-line',
      type: 'line',
      source: 'cm-sites',
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'line-color': SITE_STYLE.line, 'line-width': 1.5 },
    },
    {
      id: 'cm-sites-pt',
      type: 'circle',
      source: 'cm-sites',
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-color': SITE_STYLE.fill,
        'circle-radius': 3.5,
        'circle-stroke-color': SITE_STYLE.casing,
        'circle-stroke-width': 1.5,
      },
    },
  ];
  for (const l of siteLayers) {
    const has = !!map.getLayer(l.id);
    if (sites && !has) map.addLayer(l, before);
    else if (!sites && has) map.removeLayer(l.id);
  }
}
