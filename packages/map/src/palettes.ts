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

/**
 * Gi* bins of a composition (share of a group): ColorBrewer PuOr, orange = low share, purple = high,
 * so clusters of where people live never share the red–blue of incident hot spots.
 */
export const COMPOSITION_COLOURS = [
  '#b35806',
  '#f1a340',
  '#fee0b6',
  '#f2f2f2',
  '#d8daeb',
  '#998ec3',
  '#542788',
];

/** LISA clusters of a composition: 0 none, 1 high-high, 2 low-high, 3 low-low, 4 high-low (PuOr). */
export const COMPOSITION_LISA_COLOURS = ['#eeeeee', '#542788', '#fdb863', '#b35806', '#b2abd2'];

/** LISA clusters 0 ns, 1 HH, 2 LH, 3 LL, 4 HL (GeoDa's colours). */
export const LISA_COLOURS = ['#eeeeee', '#d7191c', '#abd9e9', '#2c7bb6', '#fdae61'];

/** Access standard met / not met: dark green and light orange, 3.2:1 apart (PRGn / PuOr hues). */
export const STANDARD_COLOURS = { met: '#1b7837', notMet: '#fdb863' };

/** `#rrggbb` (or `#rgb`) as bytes; anything else is mid grey. */
export function parseHex(hex: string): [number, number, number] {
  let h = hex.trim().replace(/^#/, '');
  if (h.length === 3) h = h.replace(/./g, '$&$&');
  const n = /^[0-9a-f]{6}$/i.test(h) ? Number.parseInt(h, 16) : 0x808080;
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
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
  const safe = k <= MAX_CONTRAST_CHAIN ? contrastChain(out, stops) : out;
  return reverse ? safe.reverse() : safe;
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
  // Adjacent classes get ≥ 3:1 wherever luminance allows it: each side read outward from the neutral
  // class (or from the light end when one side is empty) is a light → dark chain of at most 3 colours.
  // Two sides meeting without a neutral class cannot both be dark and differ by 3:1 symmetrically, and
  // 3 classes on a side need 3³ = 27 > 21: those keep their colours and rely on the area outlines.
  if (neutral && below < MAX_CONTRAST_CHAIN && above < MAX_CONTRAST_CHAIN) {
    const coldSide = contrastChain(out.slice(0, below + 1).reverse(), cold, true).reverse();
    const warmSide = contrastChain(out.slice(below), warm, true);
    return [...coldSide.slice(0, below), ...warmSide];
  }
  if (!neutral && (below === 0 || above === 0) && below + above <= MAX_CONTRAST_CHAIN) {
    return below === 0 ? contrastChain(out, warm) : contrastChain(out.reverse(), cold).reverse();
  }
  return out;
}

/** WCAG 2.2 (1.4.11) asks 3:1 between adjacent colours that carry meaning; a small margin survives rounding. */
export const ADJACENT_CONTRAST = 3;
const TARGET_STEP = 3.05;
/**
 * Longest light → dark chain that can keep 3:1 between neighbours: k − 1 steps need 3^(k−1) ≤ 21 (the
 * black/white maximum), so k ≤ 3. Longer ramps cannot, whatever the colours.
 */
export const MAX_CONTRAST_CHAIN = 3;

const toLinear = (c: number): number => {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};
const toSrgb = (l: number): number =>
  255 * (l <= 0.0031308 ? 12.92 * l : 1.055 * Math.max(0, l) ** (1 / 2.4) - 0.055);

/**
 * `hex` lightened (mixed with white) or darkened (mixed with black) in linear RGB to relative
 * luminance `y`: luminance is linear in that mix, so its hue stays while its lightness moves.
 */
export function withLuminance(hex: string, y: number): string {
  const lin = parseHex(hex).map(toLinear) as [number, number, number];
  const l = linearLuminance(lin);
  const target = Math.min(1, Math.max(0, y));
  const mixed =
    target >= l
      ? lin.map((c) => c + (1 - c) * (l >= 1 ? 0 : (target - l) / (1 - l)))
      : lin.map((c) => c * (l <= 0 ? 0 : target / l));
  return toHex(mixed.map((c) => Math.min(255, Math.max(0, toSrgb(c)))) as [number, number, number]);
}

/**
 * The colour of a light → dark `ramp` with relative luminance `y`: the ramp's own colour there (found
 * by bisection, the ramps being monotone in luminance), or an end colour moved to `y` past its ends.
 */
export function rampAtLuminance(ramp: readonly string[], y: number): string {
  const first = rampAt(ramp, 0);
  const last = rampAt(ramp, 1);
  if (y >= relativeLuminance(first)) return withLuminance(first, y);
  if (y <= relativeLuminance(last)) return withLuminance(last, y);
  let a = 0;
  let b = 1;
  for (let i = 0; i < 40; i++) {
    const m = (a + b) / 2;
    if (relativeLuminance(rampAt(ramp, m)) > y) a = m;
    else b = m;
  }
  // The darker side of the bracket, so rounding never leaves a step short of its target.
  return rampAt(ramp, b);
}

/**
 * A light → dark chain of colours (at most MAX_CONTRAST_CHAIN) with ≥ 3:1 between neighbours. A chain
 * that already has it is returned unchanged; otherwise the colours are put on a geometric ladder of
 * (Y + 0.05) luminance, widened about the chain's own ends as far as needed (within black and white),
 * each taken from `ramp` at its luminance (or, without a ramp, the colour itself lightened or darkened).
 * With `keepFirst` the first colour (a diverging palette's neutral) is the fixed top.
 */
export function contrastChain(
  colours: readonly string[],
  ramp?: readonly string[],
  keepFirst = false,
): string[] {
  const k = colours.length;
  const ok = (c: readonly string[]) =>
    c.every((x, i) => i === 0 || contrastRatio(c[i - 1] as string, x) >= ADJACENT_CONTRAST);
  if (k < 2 || ok(colours)) return [...colours];
  const need = Math.log(TARGET_STEP) * (k - 1);
  const lo = Math.log(0.05);
  const hi = Math.log(1.05);
  let top = Math.log(relativeLuminance(colours[0] as string) + 0.05);
  let bottom = Math.log(relativeLuminance(colours[k - 1] as string) + 0.05);
  const grow = need - (top - bottom);
  if (grow > 0) {
    // Widen both ends equally in log space (only the bottom when the top is fixed), clamped to [black, white].
    if (!keepFirst) top = Math.min(hi, top + grow / 2);
    bottom = Math.max(lo, top - need);
    top = keepFirst ? top : Math.min(hi, bottom + need);
  }
  const step = (top - bottom) / (k - 1);
  return colours.map((c, i) => {
    if (keepFirst && i === 0) return c;
    const y = Math.exp(top - step * i) - 0.05;
    return ramp ? rampAtLuminance(ramp, y) : withLuminance(c, y);
  });
}

/** WCAG 2 relative luminance of an sRGB hex colour. */
export function relativeLuminance(hex: string): number {
  return linearLuminance(parseHex(hex).map(toLinear) as [number, number, number]);
}

/** Relative luminance of a colour in linear RGB (WCAG 2 / Rec. 709 weights). */
function linearLuminance([r, g, b]: [number, number, number]): number {
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

/**
 * Green-space sites over the areas: a translucent green fill inside a white casing around a dark
 * green line. Whatever the fill beneath (navy to pale yellow), the casing or the line stands ≥ 3:1
 * against it (tested over every palette colour), so the overlay never disappears into a class colour.
 */
export const SITE_STYLE = { fill: '#00703c', fillOpacity: 0.45, casing: '#ffffff', line: '#003d20' };
