/**
 * The vector-tile (PMTiles) areas on the MapLibre map: fill, no-data and significance layers over
 * the archive's source, coloured by `match` expressions over feature ids. Part of the PMTiles chunk
 * (pmtiles.ts imports it), so a map of GeoJSON areas is not served it.
 */
import type * as MapLibre from 'maplibre-gl';
import type { Styled } from './layers.js';
import type { PmtilesAreas } from './pmtiles.js';
import { firstLayer, type MapAreas } from './renderer.js';

/**
 * Vector tiles (PMTiles): fill, no-data and significance layers over the tile source, coloured by
 * `match` expressions over feature ids. Area outlines are the fill layer's own 1 px outline
 * (fill-outline-color): no line bucket over every vertex.
 */
export function stylePmLayers(
  map: MapLibre.Map,
  pm: PmtilesAreas,
  s: Styled,
  fills: string[],
  lines: string[],
  below: string | undefined,
): void {
  const byFill = new Map<string, number[]>();
  const byLine = new Map<string, number[]>();
  const noData: number[] = [];
  const sig1: number[] = [];
  const sig: number[] = [];
  const sig3: number[] = [];
  const group = (m: Map<string, number[]>, k: string, i: number) => {
    const g = m.get(k);
    if (g) g.push(i);
    else m.set(k, [i]);
  };
  for (let i = 0; i < s.classOf.length; i++) {
    if ((s.classOf[i] as number) < 0) noData.push(i);
    else {
      group(byFill, fills[i] as string, i);
      group(byLine, lines[i] as string, i);
    }
    const o = s.outline[i] as number;
    if (o === 1) sig1.push(i);
    else if (o >= 2) sig.push(i);
    if (o === 3) sig3.push(i);
  }
  type Expr = MapLibre.ExpressionSpecification;
  // One match over feature ids per property, its branches grouped by output (one per class).
  const byId = (m: Map<string, number[]>, fallback: string): Expr | string => {
    if (m.size <= 1) return m.keys().next().value ?? fallback;
    const branches: unknown[] = [];
    for (const [out, ids] of m) branches.push(ids, out);
    return ['match', ['id'], ...branches, fallback] as unknown as Expr;
  };
  const isIn = (ids: number[]): Expr => ['match', ['id'], ids, true, false] as unknown as Expr;
  // Significance outlines thin at a region's zooms (areas a few pixels across) and full width from
  // zoom 13, as the GeoJSON layers scale them by the areas' size on screen (outlines.ts).
  const byZoom = (thin: unknown, full: unknown): Expr =>
    ['interpolate', ['linear'], ['zoom'], 9, thin, 13, full] as unknown as Expr;
  const layers: [boolean, MapLibre.LayerSpecification][] = [
    [
      true,
      {
        id: 'cm-fill',
        type: 'fill',
        source: 'cm-areas',
        ...(noData.length ? { filter: ['match', ['id'], noData, false, true] as unknown as Expr } : {}),
        paint: { 'fill-color': byId(byFill, '#ffffff'), 'fill-outline-color': byId(byLine, '#505a5f') },
      },
    ],
    [
      noData.length > 0,
      {
        id: 'cm-nodata',
        type: 'fill',
        source: 'cm-areas',
        filter: isIn(noData),
        paint: { 'fill-pattern': 'cm-hatch' },
      },
    ],
    [
      noData.length > 0,
      {
        id: 'cm-nodata-line',
        type: 'line',
        source: 'cm-areas',
        filter: isIn(noData),
        paint: { 'line-color': '#505a5f', 'line-width': 0.7 },
      },
    ],
    [
      sig1.length > 0,
      {
        id: 'cm-sig1',
        type: 'line',
        source: 'cm-areas',
        filter: isIn(sig1),
        paint: { 'line-color': '#0b0c0c', 'line-width': byZoom(1, 1.5), 'line-dasharray': [2, 1.5] },
      },
    ],
    [
      sig.length > 0,
      {
        id: 'cm-sig',
        type: 'line',
        source: 'cm-areas',
        filter: isIn(sig),
        paint: {
          'line-color': '#0b0c0c',
          'line-width': sig3.length
            ? byZoom(['match', ['id'], sig3, 1.4, 1], ['match', ['id'], sig3, 3.5, 2])
            : byZoom(1, 2),
        },
      },
    ],
  ];
  for (const [, l] of layers) if (map.getLayer(l.id)) map.removeLayer(l.id);
  for (const [need, l] of layers) if (need) map.addLayer(pm.adapt(l), below);
}

/** PMTiles areas on the MapLibre map: the archive's vector source and the layers above, picked by code. */
export function pmtilesMapAreas(pm: PmtilesAreas): MapAreas {
  return {
    custom: false,
    attach: (map, ml) => pm.attach(map, ml),
    detach: (map) => pm.detach(map),
    style: (map, s, fills, lines) =>
      stylePmLayers(map, pm, s, fills, lines, firstLayer(map, ['cm-sites-fill', 'cm-pm-hover'])),
    highlight: (map, hover, marks) => pm.highlight(map, hover, marks),
    pick(map, e) {
      const layers = ['cm-fill', 'cm-nodata'].filter((id) => map.getLayer(id));
      if (layers.length === 0) return -1;
      const f = map.queryRenderedFeatures(e.point, { layers })[0];
      return f ? pm.indexOf(f) : -1;
    },
  };
}
