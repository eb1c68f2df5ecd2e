/**
 * Colour-blind-safe palettes. Sequential ramps are viridis-family (perceptually uniform, readable
 * with deuteranopia / protanopia / tritanopia); diverging ramps are ColorBrewer RdYlBu / PuOr
 * (marked colour-blind safe by ColorBrewer).
 */

/** Anchor colours of each named palette, light → dark for sequential, cold → warm for diverging. */
export const PALETTES: Record<string, { kind: 'sequential' | 'diverging'; stops: string[] }> = {
  viridis: {
    kind: 'sequential',
    stops: ['#fde725', '#90d743', '#35b779', '#21918c', '#31688e', '#443983', '#440154'],
  },
  cividis: {
    kind: 'sequential',
    stops: ['#fee838', '#c3b369', '#958f78', '#707173', '#575c6d', '#36486d', '#00224e'],
  },
  blues: {
    kind: 'sequential',
    stops: ['#eff3ff', '#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c', '#08306b'],
  },
  greens: {
    kind: 'sequential',
    stops: ['#edf8e9', '#c7e9c0', '#a1d99b', '#74c476', '#31a354', '#006d2c', '#00441b'],
  },
  rdylbu: {
    kind: 'diverging',
    stops: ['#313695', '#4575b4', '#74add1', '#e0f3f8', '#fee090', '#f46d43', '#a50026'],
  },
  puor: {
    kind: 'diverging',
    stops: ['#2d004b', '#8073ac', '#d8daeb', '#f7f7f7', '#fee0b6', '#e08214', '#7f3b08'],
  },
};

/** Gi* bins −3…+3 (cold 99%, 95%, 90%, not significant, hot 90%, 95%, 99%): ColorBrewer RdBu. */
export const HOTSPOT_COLOURS = ['#2166ac', '#67a9cf', '#d1e5f0', '#f2f2f2', '#fddbc7', '#ef8a62', '#b2182b'];

/** LISA clusters 0 ns, 1 HH, 2 LH, 3 LL, 4 HL (GeoDa's colours). */
export const LISA_COLOURS = ['#eeeeee', '#d7191c', '#abd9e9', '#2c7bb6', '#fdae61'];

/** Access standard met / not met. */
export const STANDARD_COLOURS = { met: '#1b7837', notMet: '#f1a340' };

function parseHex(hex: string): [number, number, number] {
  const h = hex.replace('#', '');
  return [
    Number.parseInt(h.slice(0, 2), 16),
    Number.parseInt(h.slice(2, 4), 16),
    Number.parseInt(h.slice(4, 6), 16),
  ];
}

function toHex(rgb: [number, number, number]): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** Colour at position t ∈ [0, 1] along the stops (linear in sRGB between anchors). */
export function rampAt(stops: readonly string[], t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const a = parseHex(stops[i] as string);
  const b = parseHex(stops[i + 1] as string);
  const f = x - i;
  return toHex([a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f]);
}

/** k sequential colours from a palette (light → dark), spread over the whole ramp. */
export function sequentialColours(name: string, k: number, reverse = false): string[] {
  const p = PALETTES[name] ?? PALETTES.viridis!;
  const stops = p.kind === 'diverging' ? p.stops.slice(Math.floor(p.stops.length / 2)) : p.stops;
  const out: string[] = [];
  for (let i = 0; i < k; i++) out.push(rampAt(stops, k === 1 ? 0.5 : i / (k - 1)));
  return reverse ? out.reverse() : out;
}

/**
 * Diverging colours for `below` classes under the midpoint, an optional neutral class straddling it,
 * and `above` classes over it: the darkest colours at the extremes.
 */
export function divergingColours(name: string, below: number, neutral: boolean, above: number): string[] {
  const p = PALETTES[name]?.kind === 'diverging' ? PALETTES[name]! : PALETTES.rdylbu!;
  const mid = (p.stops.length - 1) / 2;
  const cold = p.stops.slice(0, Math.ceil(mid) + 1).reverse();
  const warm = p.stops.slice(Math.floor(mid));
  const side = Math.max(below, above, 1);
  const out: string[] = [];
  // Start each side one step away from the neutral centre so the first class is visibly tinted.
  for (let i = below; i >= 1; i--) out.push(rampAt(cold, (i + (neutral ? 0 : 0.5)) / (side + 0.5)));
  if (neutral) out.push(p.stops[Math.round(mid)] as string);
  for (let i = 1; i <= above; i++) out.push(rampAt(warm, (i + (neutral ? 0 : 0.5)) / (side + 0.5)));
  return out;
}

/** WCAG 2 relative luminance of an sRGB hex colour. */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = parseHex(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio (L1 + 0.05) / (L2 + 0.05), ≥ 1. */
export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** Dark and light area outlines; every fill has ≥ 3:1 against at least one of them. */
export const OUTLINE_DARK = '#1a1a1a';
export const OUTLINE_LIGHT = '#ffffff';

/** The outline colour with the higher contrast against `fill` (WCAG 1.4.11 boundary contrast). */
export function outlineFor(fill: string): string {
  return contrastRatio(fill, OUTLINE_DARK) >= contrastRatio(fill, OUTLINE_LIGHT)
    ? OUTLINE_DARK
    : OUTLINE_LIGHT;
}
