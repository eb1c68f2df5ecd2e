// WCAG 2.2 1.4.11 for the legend classes: ≥ 3:1 between adjacent classes for every palette, class
// count and diverging layout the element offers, wherever luminance allows it, and the area outline
// (≥ 3:1 against every fill) where it cannot. Colours are checked as styleValues gives them to the map.
import { describe, expect, it } from 'vitest';
import { styleValues } from '../src/layers.js';
import {
  contrastRatio,
  divergingColours,
  HOTSPOT_COLOURS,
  LISA_COLOURS,
  outlineFor,
  PALETTES,
  relativeLuminance,
  SITE_STYLE,
  STANDARD_COLOURS,
  sequentialColours,
  withLuminance,
} from '../src/palettes.js';

const fmt = (x: number) => String(x);
const adjacent = (c: string[]) => c.slice(1).map((x, i) => contrastRatio(c[i]!, x));
/** 1..60, so `equal` intervals give exactly k non-empty classes for any k ≤ 60. */
const uniform = Float64Array.from({ length: 60 }, (_, i) => i + 1);

describe('adjacent-class contrast', () => {
  it('is impossible for more than 3 classes on one light → dark ramp (why longer ramps rely on outlines)', () => {
    // k − 1 steps of 3:1 multiply to 3^(k−1); the widest ratio there is is black on white.
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 9);
    expect(3 ** 2).toBeLessThanOrEqual(21);
    expect(3 ** 3).toBeGreaterThan(21);
  });

  it('every palette, 2 and 3 classes, as styleValues colours them: ≥ 3:1 between each pair of adjacent classes', () => {
    for (const palette of Object.keys(PALETTES)) {
      const diverging = PALETTES[palette]!.kind === 'diverging';
      for (const k of [2, 3]) {
        // A diverging palette without a midpoint centres on 0, so these positive values are one side of it.
        const s = styleValues(uniform, {
          layer: 'choropleth',
          scheme: 'equal',
          classes: k,
          palette,
          format: fmt,
        });
        expect(s.colours).toHaveLength(k);
        for (const r of adjacent(s.colours))
          expect(r, `${palette} k=${k} ${s.colours}`).toBeGreaterThanOrEqual(3);
        if (!diverging) {
          // Still the palette's own order, light → dark.
          const l = s.colours.map(relativeLuminance);
          for (let i = 1; i < k; i++) expect(l[i]!).toBeLessThan(l[i - 1]!);
        }
      }
    }
  });

  it('sequential ramps of 2 and 3 classes from every palette (also reversed) keep ≥ 3:1', () => {
    for (const name of Object.keys(PALETTES)) {
      for (const k of [2, 3]) {
        for (const reverse of [false, true]) {
          const c = sequentialColours(name, k, reverse);
          for (const r of adjacent(c)) expect(r, `${name} k=${k}`).toBeGreaterThanOrEqual(3);
        }
      }
    }
  });

  it('colours that already pass keep the palette exactly (viridis 3 = the ramp at 0, ½, 1)', () => {
    expect(sequentialColours('viridis', 3)).toEqual(['#fde725', '#21918c', '#440154']);
    expect(sequentialColours('cividis', 2)).toEqual(['#fee838', '#00224e']);
  });

  it('diverging palettes: every layout with a neutral class and ≤ 2 classes a side, or one side only of ≤ 3, keeps ≥ 3:1', () => {
    let checked = 0;
    for (const name of ['rdylbu', 'puor']) {
      for (let below = 0; below <= 4; below++) {
        for (let above = 0; above <= 4; above++) {
          for (const neutral of [false, true]) {
            const c = divergingColours(name, below, neutral, above);
            expect(c).toHaveLength(below + above + (neutral ? 1 : 0));
            const feasible = neutral
              ? below <= 2 && above <= 2
              : (below === 0 || above === 0) && below + above <= 3;
            if (feasible && c.length > 1) {
              checked++;
              for (const r of adjacent(c))
                expect(r, `${name} ${below}/${neutral}/${above}: ${c}`).toBeGreaterThanOrEqual(3);
            }
            // Whatever the layout: luminance falls away from the centre on both sides (darkest at the
            // extremes), the neutral is the palette's own centre, and every fill has a 3:1 outline.
            const l = c.map(relativeLuminance);
            for (let i = 1; i < below; i++) expect(l[i]!).toBeGreaterThan(l[i - 1]!);
            const warm = l.slice(below + (neutral ? 1 : 0));
            for (let i = 1; i < warm.length; i++) expect(warm[i]!).toBeLessThan(warm[i - 1]!);
            if (neutral) expect(c[below]).toBe(PALETTES[name]!.stops[3]);
            for (const f of c) expect(contrastRatio(f, outlineFor(f))).toBeGreaterThanOrEqual(3);
          }
        }
      }
    }
    // Per palette: 8 layouts with a neutral class (all but the neutral alone), 4 one-sided ones.
    expect(checked).toBe(2 * 12);
  });

  it('diverging layouts reached through styleValues: LQ breaks 0.5, 0.8, 1.25, 2 around 1 (2 + neutral + 2)', () => {
    const lq = Float64Array.from([0.2, 0.4, 0.6, 0.7, 0.9, 1.1, 1.5, 1.8, 2.5, 3]);
    for (const palette of ['rdylbu', 'puor']) {
      const s = styleValues(lq, {
        layer: 'segregation',
        breaks: [0.5, 0.8, 1.25, 2],
        midpoint: 1,
        palette,
        format: fmt,
      });
      expect(s.colours).toHaveLength(5);
      for (const r of adjacent(s.colours)) expect(r, `${palette} ${s.colours}`).toBeGreaterThanOrEqual(3);
    }
    // z-scores around 0 in 3 classes: cold, neutral, warm.
    const z = Float64Array.from([-3, -2, -0.5, 0, 0.5, 2, 3]);
    const s = styleValues(z, { layer: 'choropleth', breaks: [-1, 1, 3], midpoint: 0, format: fmt });
    expect(s.colours).toHaveLength(3);
    for (const r of adjacent(s.colours)) expect(r).toBeGreaterThanOrEqual(3);
  });

  it('access: standard met / not met are ≥ 3:1 apart', () => {
    const s = styleValues(Float64Array.from([1, 0, 1]), { layer: 'access', format: fmt });
    expect(s.colours).toEqual([STANDARD_COLOURS.met, STANDARD_COLOURS.notMet]);
    expect(contrastRatio(s.colours[0]!, s.colours[1]!)).toBeGreaterThanOrEqual(3);
  });

  it('4 to 9 classes, hotspot bins and LISA clusters: every fill gets an outline with ≥ 3:1', () => {
    const fills = [...HOTSPOT_COLOURS, ...LISA_COLOURS, STANDARD_COLOURS.met, STANDARD_COLOURS.notMet];
    for (const palette of Object.keys(PALETTES)) {
      for (let k = 4; k <= 9; k++) {
        fills.push(
          ...styleValues(uniform, { layer: 'choropleth', scheme: 'equal', classes: k, palette, format: fmt })
            .colours,
        );
      }
    }
    for (const f of fills) expect(contrastRatio(f, outlineFor(f)), f).toBeGreaterThanOrEqual(3);
  });
});

describe('withLuminance', () => {
  it('moves a colour to a target luminance (±1 sRGB step), lighter by white, darker by black', () => {
    for (const c of ['#fee090', '#4575b4', '#a50026', '#777777']) {
      for (const y of [0.02, 0.1, 0.3, 0.6, 0.9]) {
        const out = withLuminance(c, y);
        expect(Math.abs(relativeLuminance(out) - y), `${c} → ${y}: ${out}`).toBeLessThan(0.006);
      }
    }
    expect(withLuminance('#777777', 1)).toBe('#ffffff');
    expect(withLuminance('#777777', 0)).toBe('#000000');
    // Grey stays grey: no hue is invented.
    expect(withLuminance('#777777', 0.5)).toMatch(/^#([0-9a-f]{2})\1\1$/);
  });
});

describe('overlay contrast', () => {
  it('green-space sites: their casing or their line is ≥ 3:1 against every colour an area can have', () => {
    const fills = new Set<string>([
      ...HOTSPOT_COLOURS,
      ...LISA_COLOURS,
      STANDARD_COLOURS.met,
      STANDARD_COLOURS.notMet,
      '#ffffff',
    ]);
    for (const [name, p] of Object.entries(PALETTES)) {
      for (let k = 2; k <= 7; k++) {
        const cs =
          p.kind === 'diverging'
            ? divergingColours(name, Math.floor(k / 2), k % 2 === 1, Math.floor(k / 2))
            : sequentialColours(name, k);
        for (const c of cs) fills.add(c);
      }
    }
    for (const f of fills) {
      const best = Math.max(contrastRatio(SITE_STYLE.casing, f), contrastRatio(SITE_STYLE.line, f));
      expect(best, f).toBeGreaterThanOrEqual(3);
    }
    // The legend swatch's fill against its own line: the overlay is recognisable in the legend too.
    expect(contrastRatio(SITE_STYLE.fill, SITE_STYLE.casing)).toBeGreaterThanOrEqual(3);
  });
});
