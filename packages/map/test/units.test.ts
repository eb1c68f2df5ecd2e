// Node-side unit tests of the element's pure parts: palettes, layer styling, CSV parsing and joins.

import { locationQuotient } from '@cohesion/geo';
import type { FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import {
  areaValues,
  groupShares,
  joinColumns,
  joinTable,
  parseBounds,
  readTable,
  resultValues,
} from '../src/data.js';
import { formatter, parseFormat } from '../src/format.js';
import { styleHotspots } from '../src/hotspots.js';
import { nearestInDirection, readingOrder } from '../src/keyboard.js';
import { styleValues } from '../src/layers.js';
import { median, outlineWidth } from '../src/outlines.js';
import {
  contrastRatio,
  HOTSPOT_COLOURS,
  OUTLINE_DARK,
  OUTLINE_LIGHT,
  outlineFor,
  PALETTES,
  relativeLuminance,
  sequentialColours,
} from '../src/palettes.js';

const fmt = (x: number) => String(x);

describe('palettes', () => {
  it('computes WCAG 2 luminance and contrast (black/white 21:1, #777 on white 4.48:1)', () => {
    expect(relativeLuminance('#ffffff')).toBeCloseTo(1, 12);
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 12);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.478, 3);
  });
  it('every class colour of every palette gets an outline with at least 3:1 contrast', () => {
    const fills = [...HOTSPOT_COLOURS];
    for (const name of Object.keys(PALETTES))
      for (let k = 2; k <= 7; k++) fills.push(...sequentialColours(name, k));
    for (const f of fills) expect(contrastRatio(f, outlineFor(f))).toBeGreaterThanOrEqual(3);
    expect([OUTLINE_DARK, OUTLINE_LIGHT]).toContain(outlineFor('#fde725'));
  });
  it('the default ramps (viridis, cividis) keep ≥ 3:1 between adjacent classes up to 3 classes', () => {
    // For k ≥ 4 no palette can: k − 1 steps of 3:1 need 3^(k−1) ≤ 21, the black/white maximum.
    expect(3 ** 3).toBeGreaterThan(21);
    for (const name of ['viridis', 'cividis']) {
      for (const k of [2, 3]) {
        const c = sequentialColours(name, k);
        for (let i = 1; i < k; i++) expect(contrastRatio(c[i]!, c[i - 1]!)).toBeGreaterThanOrEqual(3);
      }
    }
  });
  it('sequential ramps run light to dark (luminance strictly decreasing)', () => {
    for (const name of ['viridis', 'cividis', 'blues', 'greens']) {
      const l = sequentialColours(name, 7).map(relativeLuminance);
      for (let i = 1; i < l.length; i++) expect(l[i]!).toBeLessThan(l[i - 1]!);
    }
  });
});

describe('styleValues', () => {
  it('hotspots: bins Gi* z at 90/95/99% with outline weights; NaN is no data', () => {
    const s = styleHotspots(Float64Array.from([3, 2, 1.7, 0, -1.7, -2, -3, Number.NaN]), {
      layer: 'hotspots',
      format: fmt,
    });
    expect(Array.from(s.classOf)).toEqual([6, 5, 4, 3, 2, 1, 0, -1]);
    expect(Array.from(s.outline)).toEqual([3, 2, 1, 0, 1, 2, 3, 0]);
    expect(s.legend.map((e) => e.count)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    expect(s.legend.at(-1)).toMatchObject({ label: 'No data', hatch: true });
  });
  it('hotspots through styleValues: the styling the element loads for the layer (hotspots.ts), required', () => {
    const z = Float64Array.from([3, 0, -2, Number.NaN]);
    const o = { layer: 'hotspots' as const, format: fmt };
    expect(styleValues(z, { ...o, hotspots: styleHotspots })).toEqual(styleHotspots(z, o));
    expect(() => styleValues(z, o)).toThrow(/hotspot styling/);
  });
  it('hotspots (LISA): quadrant kept only where p ≤ alpha', () => {
    const s = styleHotspots(Float64Array.from([1, 2, 3, 4]), {
      layer: 'hotspots',
      statistic: 'lisa',
      p: Float64Array.from([0.01, 0.2, 0.05, 0.001]),
      format: fmt,
    });
    expect(Array.from(s.classOf)).toEqual([1, 0, 3, 4]);
    expect(s.labels[1]).toBe('High-High');
  });
  it('access: 0/1 values become standard met / not met', () => {
    const s = styleValues(Float64Array.from([1, 0, 1, Number.NaN]), { layer: 'access', format: fmt });
    expect(s.legend.map((e) => [e.label, e.count])).toEqual([
      ['Standard met', 2],
      ['Standard not met', 1],
      ['No data', 1],
    ]);
  });
  it('diverging around a midpoint: classes below are cold, above warm, straddling neutral', () => {
    const s = styleValues(Float64Array.from([0.2, 0.5, 0.9, 1.1, 2, 4]), {
      layer: 'segregation',
      breaks: [0.5, 0.8, 1.25, 2],
      midpoint: 1,
      format: fmt,
    });
    // classes: ≤0.5, (0.5,0.8], (0.8,1.25], (1.25,2], (2,4]
    expect(Array.from(s.classOf)).toEqual([0, 0, 2, 2, 3, 4]);
    expect(s.colours).toHaveLength(5);
    expect(s.colours[2]).toBe(PALETTES.rdylbu!.stops[3]);
    expect(s.labels[0]).toBe('0.2 to 0.5');
    expect(s.labels[4]).toBe('over 2 to 4');
  });
});

describe("CSV, joins and numbers: @cohesion/geo's rules", () => {
  const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;
  const fc: FeatureCollection = {
    type: 'FeatureCollection',
    features: ['A', 'B'].map((c) => ({
      type: 'Feature',
      properties: { code: c },
      geometry: { type: 'Point', coordinates: [0, 0] },
    })),
  };
  const failure = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      const c = e as { code: string; detail: { row?: number } };
      return [c.code, c.detail.row];
    }
    return undefined;
  };
  it('reads RFC 4180 quoting, CRLF and a BOM; rejects ragged rows and repeated headers (PARSE_ERROR)', () => {
    const t = readTable(bytes('\ufeffcode,"name, long",n\r\nA,"x ""y""",1\r\nB,z,"29,199"\r\n'), 't.csv');
    expect(t.columns).toEqual(['code', 'name, long', 'n']);
    expect(t.rows[0]).toEqual({ code: 'A', 'name, long': 'x "y"', n: '1' });
    expect(failure(() => readTable(bytes('code,n\nA,1,2\n'), 't.csv'))?.[0]).toBe('PARSE_ERROR');
    // UTF-16 with a BOM (Excel's "Unicode Text") reads as the same table, as in the CLI.
    const le = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from('code,n\r\nA,1\r\n', 'utf16le'))]);
    expect(readTable(le.buffer as ArrayBuffer, 'u.csv').rows).toEqual([{ code: 'A', n: '1' }]);
    expect(failure(() => readTable(bytes('code,code\nA,1\n'), 't.csv'))?.[0]).toBe('PARSE_ERROR');
  });
  it('joins by trimmed code; areas without a row are no data; bad codes name the CSV row', () => {
    const j = joinTable(fc, readTable(bytes('code,v\n B ,2\n'), 't.csv'), 'code', 'code');
    expect(j.fc.features.map((f) => f.properties?.v)).toEqual([null, '2']);
    expect(Array.from(j.data.rowOfArea)).toEqual([-1, 0]);
    const code = (csv: string) =>
      failure(() => joinTable(fc, readTable(bytes(csv), 't.csv'), 'code', 'code'));
    expect(code('code,v\nA,1\nZ,2\n')).toEqual(['UNMATCHED_CODE', 1]);
    expect(code('code,v\nA,1\nA ,2\n')).toEqual(['DUPLICATE_CODE', 1]);
    expect(code('code,v\n,1\n')).toEqual(['BLANK_CODE', 0]);
    expect(code('id,v\nA,1\n')).toEqual(['MISSING_COLUMN', undefined]);
    expect(joinColumns(' area = lsoa ', 'code')).toEqual(['area', 'lsoa']);
  });
  it('values: strict numbers (yes, NA, .. are NON_NUMERIC naming the CSV row and area); blank and missing rows are no data', () => {
    const read = (csv: string) => {
      const j = joinTable(fc, readTable(bytes(csv), 't.csv'), 'code', 'code');
      return areaValues(j.fc, 'v', ['A', 'B'], j.data, 'areas.geojson');
    };
    expect(Array.from(read('code,v\nB,"29,199"\nA,-2\n'))).toEqual([-2, 29199]);
    expect(Array.from(read('code,v\nB,\n'))).toEqual([Number.NaN, Number.NaN]);
    for (const marker of ['yes', 'NA', '-', '..']) {
      let err: { code?: string; message?: string; detail?: { row?: number; id?: string } } = {};
      try {
        read(`code,v\nA,1\nB,${marker}\n`);
      } catch (e) {
        err = e as typeof err;
      }
      expect(err.code, marker).toBe('NON_NUMERIC');
      expect(err.detail).toMatchObject({ row: 1, id: 'B' });
      expect(err.message).toBe(`t.csv: column "v" row 2 (area B) holds "${marker}", not a number`);
    }
    // GeoJSON properties follow the same rule, named by feature.
    const props: FeatureCollection = {
      ...fc,
      features: fc.features.map((f, i) => ({
        ...f,
        properties: { code: f.properties?.code, v: [3, true][i] },
      })),
    };
    expect(failure(() => areaValues(props, 'v', ['A', 'B'], undefined, 'a.geojson'))?.[0]).toBe(
      'NON_NUMERIC',
    );
    expect(failure(() => areaValues(props, 'w', ['A', 'B'], undefined, 'a.geojson'))?.[0]).toBe(
      'MISSING_PROPERTY',
    );
  });
  it("shares and location quotients are geo's, no-data areas left out of X and T", () => {
    const x = Float64Array.from([30, Number.NaN, 10]);
    const t = Float64Array.from([40, 50, 60]);
    const ids = ['A', 'B', 'C'];
    const cols = { group: 'x', total: 't' };
    expect(Array.from(groupShares(x, t, ids, cols, true))).toEqual(
      Array.from(locationQuotient(x, t, { missing: 'nan' }).values),
    );
    expect(groupShares(x, t, ids, cols, false)[0]).toBe(0.75);
    expect(
      failure(() => groupShares(Float64Array.from([50]), Float64Array.from([40]), ['A'], cols, true))?.[0],
    ).toBe('GROUP_EXCEEDS_TOTAL');
  });
  it('results: numbers by area order or by code; NaN is no data, text that is not a number is NON_NUMERIC', () => {
    expect(Array.from(resultValues([1, Number.NaN], ['A', 'B'], 'values'))).toEqual([1, Number.NaN]);
    expect(Array.from(resultValues({ B: 2 }, ['A', 'B'], 'values'))).toEqual([Number.NaN, 2]);
    expect(failure(() => resultValues({ Z: 2 }, ['A', 'B'], 'values'))?.[0]).toBe('UNMATCHED_CODE');
    expect(failure(() => resultValues(['yes', 1], ['A', 'B'], 'values'))?.[0]).toBe('NON_NUMERIC');
  });
});

describe('bounds attribute', () => {
  it('reads west,south,east,north separated by commas and/or spaces', () => {
    expect(parseBounds('-2.34,53.415,-2.3,53.435')).toEqual([-2.34, 53.415, -2.3, 53.435]);
    expect(parseBounds('  -2.34, 53.415  -2.3 ,53.435 ')).toEqual([-2.34, 53.415, -2.3, 53.435]);
    expect(parseBounds('-180 -85.0511 180 85.0511')).toEqual([-180, -85.0511, 180, 85.0511]);
  });
  it('rejects anything else with INVALID_ARGUMENT naming the attribute and the reason', () => {
    const cases: [string, RegExp][] = [
      ['-2.34,53.415,-2.3', /four numbers.*got 3/],
      ['-2.34,53.415,-2.3,53.435,1', /got 5/],
      ['-2.34,,53.415,-2.3', /a value is empty/], // not read as a zero
      ['west,53.415,-2.3,53.435', /"west" is not a number/],
      ['0x10,53.415,-2.3,53.435', /"0x10" is not a number/],
      ['-2.34,53.415,-2.3,Infinity', /"Infinity" is not a number/],
      ['-2.3,53.415,-2.34,53.435', /west \(-2.3\) must be less than east \(-2.34\)/],
      ['-2.3,53.415,-2.3,53.435', /west .* must be less than east/],
      ['-2.34,53.435,-2.3,53.415', /south \(53.435\) must be less than north \(53.415\)/],
      ['-2.34,53.415,-2.3,91', /latitudes must be between/],
      ['-2.34,-86,-2.3,53', /latitudes must be between/],
      ['-181,53.415,-2.3,53.435', /longitudes must be between/],
    ];
    for (const [text, why] of cases) {
      let err: { code?: string; message?: string; detail?: unknown } = {};
      try {
        parseBounds(text);
      } catch (e) {
        err = e as typeof err;
      }
      expect(err.code, text).toBe('INVALID_ARGUMENT');
      expect(err.message, text).toContain(`bounds="${text}"`);
      expect(err.message, text).toMatch(why);
      expect(err.detail, text).toEqual({ attribute: 'bounds', value: text });
    }
  });
});

describe('keyboard order', () => {
  it('reads north to south in bands, west to east within a band; Up/Down find the nearest area', () => {
    // A 3×3 grid, ids row-major from the south-west corner.
    const xs = Float64Array.from([0, 1, 2, 0, 1, 2, 0, 1, 2]);
    const ys = Float64Array.from([0, 0, 0, 1, 1, 1, 2, 2, 2]);
    const order = readingOrder(xs, ys);
    expect(new Set(order).size).toBe(9);
    expect(order[0]).toBe(6); // north-west first
    expect(nearestInDirection(xs, ys, 4, 1)).toBe(7);
    expect(nearestInDirection(xs, ys, 4, -1)).toBe(1);
    expect(nearestInDirection(xs, ys, 7, 1)).toBe(-1);
  });
});

describe('hotspot framing and LISA checks', () => {
  it('LISA without p-values is an error, not a map of every quadrant as a cluster', () => {
    expect(() =>
      styleHotspots(Float64Array.from([1, 2, 3, 4]), {
        layer: 'hotspots',
        statistic: 'lisa',
        format: String,
      }),
    ).toThrow(expect.objectContaining({ code: 'MISSING_PROPERTY' }));
  });
  it('LISA given z-scores instead of quadrant codes is an error that names statistic="gistar"', () => {
    expect(() =>
      styleHotspots(Float64Array.from([1.7, -0.4, 2.2]), {
        layer: 'hotspots',
        statistic: 'lisa',
        p: Float64Array.from([0.01, 0.5, 0.02]),
        format: String,
      }),
    ).toThrow(/gistar/);
  });
  it('a composition is described as clusters of high / low share, in a palette no incident map uses', () => {
    const z = Float64Array.from([3, 2.1, 1.7, 0, -1.7, -2.1, -3]);
    const s = styleHotspots(z, { layer: 'hotspots', subject: 'composition', format: String });
    expect(s.labels[6]).toBe('Cluster of high share, 99% confidence');
    expect(s.labels[0]).toBe('Cluster of low share, 99% confidence');
    expect(s.legend.some((e) => /hot|cold/i.test(e.label))).toBe(false);
    const incidents = styleHotspots(z, { layer: 'hotspots', format: String });
    expect(incidents.labels[6]).toBe('Hot spot, 99% confidence');
    for (const c of s.colours.filter((_, i) => i !== 3)) expect(incidents.colours).not.toContain(c);
  });
});

describe('significance outline widths', () => {
  it('shrink with the size of the areas on screen and reach full width once areas are 35 px across', () => {
    expect(outlineWidth(3.5, 35)).toBe(3.5);
    expect(outlineWidth(3.5, 200)).toBe(3.5);
    expect(outlineWidth(3.5, 20)).toBeCloseTo(2, 9);
    // Small urban LSOAs at a city-region view: thin, but the 99% outline stays the boldest.
    expect(outlineWidth(3.5, 6)).toBeCloseTo(1.4, 9);
    expect(outlineWidth(2, 6)).toBe(1);
    expect(outlineWidth(3.5, 6)).toBeGreaterThan(outlineWidth(2, 6));
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('formats for people', () => {
  it('percent, distance, rank and number in English and German', () => {
    const pc = formatter('percent', 'en-GB');
    expect([0.077, 0.199, 0.5, 1].map(pc)).toEqual(['7.7%', '19.9%', '50%', '100%']);
    const km = formatter('distance', 'en-GB');
    expect([85.4, 999, 1000, 4743.4].map(km)).toEqual(['85 m', '999 m', '1 km', '4.7 km']);
    expect(formatter('distance', 'de-DE')(4743.4)).toBe('4,7 km');
    const rank = formatter('rank', 'en-GB');
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map(rank)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '101st',
    ]);
    expect(formatter('rank', 'de-DE')(3)).toBe('3.');
    const num = formatter('number', 'en-GB');
    expect([0.4361, 12.345, 123.45, 98765].map(num)).toEqual(['0.436', '12.35', '123.5', '98,765']);
    expect(parseFormat(null)).toBe('number');
    expect(parseFormat(' Percent ')).toBe('percent');
    expect(parseFormat('furlongs')).toBe('invalid');
  });
});
