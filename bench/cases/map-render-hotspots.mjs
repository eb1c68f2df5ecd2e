/**
 * `<cohesion-map>` hotspot layer of the 1,702 GM LSOAs in headless Chromium: the same measurement as
 * map-render with about half the areas carrying significance outlines (synthetic smooth Gi* z-scores).
 */
import { mapRenderCase } from '../lib/map-render.mjs';

export default mapRenderCase({
  name: 'map-render-hotspots',
  title: '`<cohesion-map>` hotspot layer render in headless Chromium',
  layer: 'hotspots',
  what:
    'A Gi* hotspot map (synthetic, spatially smooth z-scores from `render.mjs --layer hotspots`: about half the ' +
    'LSOAs significant, each outlined by confidence level).',
});
