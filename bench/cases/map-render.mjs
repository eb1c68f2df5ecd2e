/** `<cohesion-map>` choropleth in headless Chromium: GM's 1,702 LSOAs (issue 7's budget) and 35k areas. */
import { mapRenderCase } from '../lib/map-render.mjs';

export default mapRenderCase({
  name: 'map-render',
  title: '`<cohesion-map>` render in headless Chromium',
  layer: 'choropleth',
  what:
    "A choropleth (each area's size in km², 5 quantile classes) of GM's LSOAs and, to show how it scales, of the " +
    'generated 35,000-area tessellation (England LSOA scale, BNG GeoJSON reprojected in the browser).',
  sizes: ['gm-lsoa21', 'voronoi-35k'],
});
