import { type ClassScheme, classifyValues } from '@cohesion/geo/classify';
import { divergingColours, PALETTES, STANDARD_COLOURS, sequentialColours } from './palettes.js';

/** The four layers the element draws. */
export type LayerKind = 'choropleth' | 'segregation' | 'access' | 'hotspots';

/** One legend row: a swatch, its label and the number of areas in it. */
export interface LegendEntry {
  label: string;
  colour: string;
  count: number;
  /** Outline weight drawn for significance (hotspots): 0 none, 1 thin dashed, 2 medium, 3 thick. */
  outline?: number;
  /** Hatched swatch (no data). */
  hatch?: boolean;
}

/** Everything the views need to colour and describe the areas. */
export interface Styled {
  /** Class of each area, −1 for no data. */
  classOf: Int32Array;
  /** Fill colour of each class. */
  colours: string[];
  /** Human label of each class. */
  labels: string[];
  /** Legend rows (classes, then "No data" when any). */
  legend: LegendEntry[];
  /** Significance outline level of each area (hotspots), else all 0. */
  outline: Uint8Array;
  /** Short description of the classification for the summary. */
  method: string;
}

/** Options read from the element's attributes. */
export interface StyleOptions {
  layer: LayerKind;
  scheme?: ClassScheme | undefined;
  classes?: number | undefined;
  breaks?: number[] | undefined;
  palette?: string | undefined;
  midpoint?: number | undefined;
  /** For hotspots: `'gistar'` (default; values are z-scores) or `'lisa'` (values are quadrants 1..4). */
  statistic?: 'gistar' | 'lisa' | undefined;
  /** p-values per area (hotspots); NaN where missing. */
  p?: Float64Array | undefined;
  /** Significance level for LISA clusters; default 0.05. */
  alpha?: number | undefined;
  /**
   * What the hotspot statistic was run on: `'composition'` (the share of a group, e.g. minority
   * share) is described as "clusters of high / low share" in a purple–orange palette, never as
   * hot / cold spots in the red–blue of incidents, so a map of where people live is not read as one
   * of where trouble clusters. Default `'incidents'`.
   */
  subject?: 'composition' | 'incidents' | undefined;
  format: (x: number) => string;
  /**
   * The hotspot layer's styling: `styleHotspots` of hotspots.ts, which the element imports only when
   * it draws a hotspot layer (most maps are not, and their pages are not served it).
   */
  hotspots?: ((values: Float64Array, o: StyleOptions) => Styled) | undefined;
}

const NO_DATA = 'No data';

function withNoData(legend: LegendEntry[], classOf: Int32Array): LegendEntry[] {
  let missing = 0;
  for (let i = 0; i < classOf.length; i++) if ((classOf[i] as number) < 0) missing++;
  if (missing > 0) legend.push({ label: NO_DATA, colour: '#ffffff', count: missing, hatch: true });
  return legend;
}

function allBinary(values: Float64Array): boolean {
  let any = false;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (v !== 0 && v !== 1) return false;
    any = true;
  }
  return any;
}

/** Classifies and colours the values for the chosen layer. */
export function styleValues(values: Float64Array, o: StyleOptions): Styled {
  if (o.layer === 'hotspots') {
    if (!o.hotspots) throw new Error('<cohesion-map>: the hotspot styling (hotspots.ts) is not loaded');
    return o.hotspots(values, o);
  }
  if (o.layer === 'access' && !o.breaks && !o.scheme && allBinary(values)) return styleStandard(values);
  const c = classifyValues(values, {
    ...(o.scheme ? { scheme: o.scheme } : o.breaks ? {} : { scheme: 'ckmeans' as const }),
    ...(o.classes ? { classes: o.classes } : {}),
    ...(o.breaks ? { breaks: o.breaks } : {}),
  });
  const k = c.breaks.length;
  const lower = (i: number) => (i === 0 ? c.min : (c.breaks[i - 1] as number));
  const labels = c.breaks.map((b, i) =>
    i === 0 ? `${o.format(lower(i))} to ${o.format(b)}` : `over ${o.format(lower(i))} to ${o.format(b)}`,
  );
  let colours: string[];
  const diverging = o.midpoint !== undefined || PALETTES[o.palette ?? '']?.kind === 'diverging';
  if (diverging) {
    const mid = o.midpoint ?? 0;
    let below = 0;
    let above = 0;
    let neutral = false;
    for (let i = 0; i < k; i++) {
      if ((c.breaks[i] as number) <= mid) below++;
      else if (lower(i) >= mid) above++;
      else neutral = true;
    }
    colours = divergingColours(o.palette ?? 'rdylbu', below, neutral, above);
  } else {
    // Access distances: far is worse, so the darkest colour goes to the longest distance either way.
    colours = sequentialColours(o.palette ?? (o.layer === 'access' ? 'cividis' : 'viridis'), k);
  }
  const legend: LegendEntry[] = labels.map((label, i) => ({
    label,
    colour: colours[i] as string,
    count: c.counts[i] as number,
  }));
  const schemeName = {
    ckmeans: 'natural breaks (ckmeans)',
    quantile: 'quantiles',
    equal: 'equal intervals',
    threshold: 'set thresholds',
  }[c.scheme];
  return {
    classOf: c.classOf,
    colours,
    labels,
    legend: withNoData(legend, c.classOf),
    outline: new Uint8Array(values.length),
    method: `${k} classes by ${schemeName}`,
  };
}

/**
 * The styling of areas already put in classes (−1 no data): legend rows with each class's count,
 * outline level (`legendOutline`, for significance) and a "No data" row when any.
 */
export function classed(
  classOf: Int32Array,
  colours: readonly string[],
  labels: string[],
  outline: Uint8Array,
  method: string,
  legendOutline?: (c: number) => number,
): Styled {
  const counts = new Array<number>(labels.length).fill(0);
  for (const c of classOf) if (c >= 0) counts[c] = (counts[c] as number) + 1;
  const legend = labels.map((label, i) => ({
    label,
    colour: colours[i] as string,
    count: counts[i] as number,
    ...(legendOutline ? { outline: legendOutline(i) } : {}),
  }));
  return { classOf, colours: [...colours], labels, legend: withNoData(legend, classOf), outline, method };
}

function styleStandard(values: Float64Array): Styled {
  const classOf = Int32Array.from(values, (v) => (Number.isNaN(v) ? -1 : v === 1 ? 0 : 1));
  return classed(
    classOf,
    [STANDARD_COLOURS.met, STANDARD_COLOURS.notMet],
    ['Standard met', 'Standard not met'],
    new Uint8Array(values.length),
    'whether the access standard is met',
  );
}
