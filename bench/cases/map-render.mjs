/** `<cohesion-map>` choropleth of the 1,702 GM LSOAs in headless Chromium (issue 7's budget case). */
import { mapRenderCase } from '../lib/map-render.mjs';

export default mapRenderCase({
  name: 'map-render',
  title: '`<cohesion-map>` render in headless Chromium',
  layer: 'choropleth',
  what: "A choropleth (each LSOA's area in km², 5 quantile classes).",
});
