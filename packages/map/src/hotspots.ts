/**
 * The hotspot layer's styling: Getis-Ord Gi* z-scores binned by confidence, or LISA clusters, with
 * significance outlines and words that suit the subject (incidents: hot and cold spots; composition:
 * clusters of high and low share). Imported by the element only when it draws a hotspot layer.
 */
import { hotspotBins } from '@cohesion/geo/classify';
import { CohesionError } from '@cohesion/geo/errors';
import { classed, type Styled, type StyleOptions } from './layers.js';
import { COMPOSITION_COLOURS, COMPOSITION_LISA_COLOURS, HOTSPOT_COLOURS, LISA_COLOURS } from './palettes.js';

/** Classifies and colours hotspot values: `statistic` `'lisa'` (quadrant codes) or Gi* z-scores (default). */
export function styleHotspots(values: Float64Array, o: StyleOptions): Styled {
  return o.statistic === 'lisa' ? styleLisa(values, o) : styleGiStar(values, o);
}

const GI_LABELS = [
  'Cold spot, 99% confidence',
  'Cold spot, 95% confidence',
  'Cold spot, 90% confidence',
  'Not significant',
  'Hot spot, 90% confidence',
  'Hot spot, 95% confidence',
  'Hot spot, 99% confidence',
];

const GI_COMPOSITION_LABELS = [
  'Cluster of low share, 99% confidence',
  'Cluster of low share, 95% confidence',
  'Cluster of low share, 90% confidence',
  'No clear cluster',
  'Cluster of high share, 90% confidence',
  'Cluster of high share, 95% confidence',
  'Cluster of high share, 99% confidence',
];

function styleGiStar(z: Float64Array, o: StyleOptions): Styled {
  const composition = o.subject === 'composition';
  const labels = composition ? GI_COMPOSITION_LABELS : GI_LABELS;
  const colours = composition ? COMPOSITION_COLOURS : HOTSPOT_COLOURS;
  const p = o.p?.some((x) => !Number.isNaN(x)) ? o.p : undefined;
  const { bins } = hotspotBins(z, p);
  const classOf = new Int32Array(z.length);
  const outline = new Uint8Array(z.length);
  z.forEach((zi, i) => {
    const b = bins[i] as number;
    classOf[i] = Number.isNaN(zi) ? -1 : b + 3;
    outline[i] = Number.isNaN(zi) ? 0 : Math.abs(b);
  });
  return classed(
    classOf,
    colours,
    labels,
    outline,
    `Getis-Ord Gi* z-scores binned at 90%, 95% and 99% confidence (${p ? 'supplied' : 'normal'} p-values)`,
    (i) => Math.abs(i - 3),
  );
}

const LISA_LABELS = ['Not significant', 'High-High', 'Low-High', 'Low-Low', 'High-Low'];
const LISA_COMPOSITION_LABELS = [
  'No clear cluster',
  'Cluster of high share (High-High)',
  'Low share beside high (Low-High)',
  'Cluster of low share (Low-Low)',
  'High share beside low (High-Low)',
];

/**
 * LISA clusters need quadrant codes and p-values: without p-values every quadrant would be drawn as
 * a cluster (chance included), and z-scores are not quadrants. Both are errors, not a quiet wrong map.
 */
function checkLisa(q: Float64Array, p: Float64Array | undefined): void {
  if (!p?.some((x) => !Number.isNaN(x))) {
    throw new CohesionError(
      'MISSING_PROPERTY',
      'a LISA cluster layer needs p-values to tell clusters from chance: set p-property to the column ' +
        'of pseudo p-values (or give results.p)',
      { column: 'p-property' },
    );
  }
  for (let i = 0; i < q.length; i++) {
    const v = q[i] as number;
    if (!Number.isNaN(v) && !(Number.isInteger(v) && v >= 0 && v <= 4)) {
      throw new CohesionError(
        'INVALID_ARGUMENT',
        `LISA values must be quadrant codes (1 HH, 2 LH, 3 LL, 4 HL, 0 none); area ${i + 1} has ${v}. ` +
          'For z-scores use statistic="gistar"',
        { feature: i, value: v },
      );
    }
  }
}

function styleLisa(q: Float64Array, o: StyleOptions): Styled {
  checkLisa(q, o.p);
  const composition = o.subject === 'composition';
  const labels = composition ? LISA_COMPOSITION_LABELS : LISA_LABELS;
  const colours = composition ? COMPOSITION_LISA_COLOURS : LISA_COLOURS;
  const alpha = o.alpha ?? 0.05;
  const classOf = new Int32Array(q.length);
  const outline = new Uint8Array(q.length);
  q.forEach((qi, i) => {
    const pi = o.p ? (o.p[i] as number) : 0;
    const c = Number.isNaN(qi) ? -1 : qi >= 1 && qi <= 4 && pi <= alpha ? qi : 0;
    classOf[i] = c;
    outline[i] = c > 0 ? 2 : 0;
  });
  return classed(classOf, colours, labels, outline, `local Moran's I clusters at p ≤ ${alpha}`, (i) =>
    i > 0 ? 2 : 0,
  );
}
