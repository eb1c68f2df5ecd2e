// Hand-worked checks of the report's pure parts: ranks, escaping of text from data, charts.
import { describe, expect, it } from 'vitest';
import { dissimilarityBand, keyFindings } from '../src/findings.js';
import { contentsLine } from '../src/html.js';
import {
  barChart,
  type CouncilReport,
  choroplethSvg,
  describeRank,
  escapeHtml,
  lineChart,
  renderReportHtml,
} from '../src/index.js';

const base: CouncilReport = {
  title: 'Community cohesion report: <img src=x onerror=alert(1)>',
  council: { name: '<img src=x onerror=alert(1)>', code: null },
  dataset: null,
  generatedWith: { seed: 1, permutations: 99, replicates: 99 },
  attribution: 'Contains OS data © Crown copyright and database right',
  sources: [
    {
      file: 'a.csv',
      description: '"quoted" & <b>',
      publisher: 'ONS',
      url: 'https://example.org/x',
      licence: 'OGL v3',
    },
  ],
  national: null,
  notes: [],
  absentSections: [{ section: 'access', reason: 'no <sites> given' }],
  segregation: null,
  change: null,
  deprivation: null,
  access: null,
  hotspots: null,
  areas: null,
  sites: null,
};

const segOf = (d: number): CouncilReport['segregation'] => ({
  year: 2021,
  geography: 'LSOA 2021',
  layout: 'Census 2021 TS021',
  referenceGroup: 'White: English, Welsh, Scottish, Northern Irish or British',
  minorityGroups: ['Asian: Pakistani', 'White: Gypsy or Irish Traveller', 'Black: African'],
  whiteGroups: [
    'White: English, Welsh, Scottish, Northern Irish or British',
    'White: Gypsy or Irish Traveller',
  ],
  source: 'census.csv',
  totalColumn: 'total',
  areas: 10,
  population: 20_000,
  minorityLabel: 'not White British',
  minorityShare: 0.28,
  expectedDissimilarity: { expected: 0.05, standardError: 0.01, iterations: 10 },
  bootstrap: { level: 0.95, replicates: 99, resample: 'persons' },
  single: [{ key: 'dissimilarity', label: 'Index of dissimilarity', value: d }],
  multi: [],
  byGroup: [
    { group: 'Asian: Pakistani', share: 0.05, dissimilarity: 0.5 },
    { group: 'White: Gypsy or Irish Traveller', share: 0.001, dissimilarity: 0.9 },
    { group: 'Black: African', share: 0.02, dissimilarity: 0.4 },
  ],
  profile: [],
});

describe('renderReportHtml', () => {
  it('inserts text from data as text, never as markup', () => {
    const html = renderReportHtml(base);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot;quoted&quot; &amp; &lt;b&gt;');
    // Each absent section is listed with its reason.
    expect(html).toContain('<strong>access</strong>: no &lt;sites&gt; given');
    // Source pages are listed as text, not loaded or linked.
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('lists only the download pages of sources that have one, and no sentence when none has', () => {
    const own = {
      file: 'mine.csv',
      description: 'counts',
      publisher: 'supplied by the user',
      url: '',
      licence: '',
    };
    const mixed = renderReportHtml({ ...base, sources: [own, ...base.sources] });
    expect(mixed).toContain('Official download pages: ONS: https://example.org/x.');
    expect(mixed).not.toContain('supplied by the user: ');
    const none = renderReportHtml({ ...base, sources: [own] });
    expect(none).not.toContain('Official download pages');
    expect(none).toContain('supplied by the user'); // still in the table of files
  });

  it('a report without incident data has no incident section, and its subtitle names only what it has', () => {
    const fc = { type: 'FeatureCollection' as const, features: [] };
    const r: CouncilReport = {
      ...base,
      council: { name: 'Trafford', code: null },
      areas: fc,
      segregation: segOf(0.309),
      hotspots: { minority: { hot: 3, cold: 2 }, burglary: null, monthly: [], periods: [] },
      absentSections: [{ section: 'incidents', reason: 'no incident points given' }],
    };
    const html = renderReportHtml(r);
    expect(html).not.toContain('data-section="hotspots"');
    expect(html).not.toContain('href="#hotspots"');
    expect(html).not.toContain('Where incidents cluster');
    expect(html).not.toContain('No incident data were given');
    expect(html).toContain('<strong>incidents</strong>: no incident points given');
    expect(html).toMatch(/<p class="sub">Segregation from open data\.<\/p>/);
    expect(contentsLine({ ...base, segregation: segOf(0.3) })).toBe('Segregation');
    const b = {
      what: 'burglaries',
      incidents: 10,
      leftOut: 0,
      periodUnit: 'quarter',
      periodNote: null,
      outside: 0,
      skipped: 0,
      firstMonth: '2016-04',
      lastMonth: '2016-06',
      hot: 1,
      cold: 0,
      emerging: {},
    };
    const withIncidents = renderReportHtml({ ...r, hotspots: { ...r.hotspots!, burglary: b } });
    expect(withIncidents).toContain('data-section="hotspots"');
    expect(withIncidents).toMatch(
      /<p class="sub">Segregation and hot spots of burglaries from open data\.<\/p>/,
    );
  });

  it('the change table writes negative changes and their intervals with the true minus sign', () => {
    const keys = [
      'dissimilarity',
      'gini',
      'entropy',
      'isolation',
      'exposure',
      'correlationRatio',
      'atkinson',
    ];
    const side = (year: number, v: number) => ({
      year,
      geography: `LSOA ${year}`,
      areas: 138,
      population: 220_000,
      share: 0.2,
      indices: Object.fromEntries(keys.map((k) => [k, v])),
      ci: Object.fromEntries(keys.map((k) => [k, [v - 0.01, v + 0.01]])),
    });
    const diff = Object.fromEntries(keys.map((k) => [k, { value: -0.044, ci: [-0.05, -0.037], p: 0.001 }]));
    const change = {
      group: 'not White British',
      referenceGroup: 'White: English, Welsh, Scottish, Northern Irish or British',
      before: side(2011, 0.353),
      after: side(2021, 0.309),
      difference: diff,
      groups: [],
      notes: [],
      settings: { seed: 1, replicates: 99, iterations: 99, level: 0.95 },
    } as unknown as CouncilReport['change'];
    const html = renderReportHtml({ ...base, change });
    expect(html).toContain('<td>−0.044</td><td>−0.050 to −0.037</td>');
    expect(html).not.toMatch(/<td>[^<]*-0\.\d/);
  });

  it('without areas it has the method section and no map or script', () => {
    const html = renderReportHtml(base, {
      mapScript: 'customElements.define("x-y", class extends HTMLElement {})',
    });
    expect(html).toContain('data-section="sources"');
    expect(html).not.toContain('<cohesion-map');
    expect(html).not.toContain('id="cohesion-areas"');
  });

  it('assets: "files" links the stylesheet and scripts, with nothing a strict CSP would block', () => {
    const fc = { type: 'FeatureCollection' as const, features: [] };
    const html = renderReportHtml({ ...base, areas: fc }, { mapScript: 'var m = 1;', assets: 'files' });
    expect(html).toContain('<link rel="stylesheet" href="report.css">');
    expect(html).toContain('<script src="cohesion-map.js"></script>');
    expect(html).toContain('<script src="report.js"></script>');
    expect(html.indexOf('cohesion-map.js')).toBeLessThan(html.indexOf('report.js'));
    // No inline code, style, handler or style attribute; JSON data blocks are not executed.
    for (const tag of html.match(/<script[^>]*>/g) ?? [])
      expect(tag).toMatch(/^<script (src="[a-z-]+\.js"|type="application\/json" id="[a-z-]+")>$/);
    expect(html).not.toContain('<style');
    for (const tag of html.match(/<[a-z][^>]*>/g) ?? []) expect(tag).not.toMatch(/\s(style|on[a-z]+)=/);
    expect(html).not.toContain('var m = 1;');
    // Inline (the default of renderReportHtml): the same page in one file.
    const one = renderReportHtml({ ...base, areas: fc }, { mapScript: 'var m = 1;' });
    expect(one).toContain('<style>');
    expect(one).toContain('<script>var m = 1;</script>');
    expect(one).not.toMatch(/<(script|link)[^>]+(src|href)=/);
  });

  it('an inlined script cannot close its own <script> element early', () => {
    const fc = { type: 'FeatureCollection' as const, features: [] };
    const html = renderReportHtml({ ...base, areas: fc }, { mapScript: 'var s = "</script><b>";' });
    expect(html).toContain('var s = "<\\/script><b>";');
  });
});

describe('charts', () => {
  it('bar lengths are proportional to the values', () => {
    const svg = barChart(
      [
        { label: 'a', value: 1 },
        { label: 'b & <c>', value: 0.5 },
      ],
      { title: 't', description: 'd', format: String, width: 500 },
    );
    const widths = [...svg.matchAll(/<rect [^>]*width="([0-9.]+)"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(2);
    expect(widths[1]! / widths[0]!).toBeCloseTo(0.5, 2);
    expect(svg).toContain('b &amp; &lt;c&gt;');
    // Labels and values are HTML text (they reflow and keep their size on a phone); the bars are
    // decorative SVG with no text in them.
    expect(svg).toContain('<figcaption>t</figcaption>');
    expect(svg).toMatch(/<span class="bl">b &amp; &lt;c&gt;<\/span>/);
    expect(svg).not.toMatch(/<text/);
  });

  it('line charts come in a wide and a narrow drawing with unique ids, text ≥ 12 units', () => {
    const html = lineChart(
      [
        { name: 'x', values: [1, 2, 3] },
        { name: 'y', values: [3, 2, 1] },
      ],
      { title: 't', description: 'd', xLabel: (i) => `m${i}`, format: String, yTitle: 'n' },
    );
    expect(html.match(/<svg class="chart wide"/g)).toHaveLength(1);
    expect(html.match(/<svg class="chart narrow"/g)).toHaveLength(1);
    const ids = [...html.matchAll(/<title id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(2);
    const sizes = [...html.matchAll(/font-size="([0-9.]+)"/g)].map((m) => Number(m[1]));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
    // The key is HTML text, shared by both drawings.
    expect(html).toMatch(/<ul class="key">.*x<\/li>.*y<\/li><\/ul>/);
  });

  it('x-axis labels stay inside the drawing: the last quarter is not cut to "2018-Q…"', () => {
    const periods = [
      '2016-Q2',
      '2016-Q3',
      '2016-Q4',
      '2017-Q1',
      '2017-Q2',
      '2017-Q3',
      '2017-Q4',
      '2018-Q1',
      '2018-Q2',
      '2018-Q3',
      '2018-Q4',
    ];
    const months = Array.from(
      { length: 36 },
      (_, i) => `${2016 + Math.floor((i + 1) / 12)}-${String(((i + 1) % 12) + 1).padStart(2, '0')}`,
    );
    for (const labels of [periods, months]) {
      const html = lineChart([{ name: 'hot', values: labels.map((_, i) => i % 5) }], {
        title: 't',
        description: 'd',
        xLabel: (i) => labels[i] ?? '',
        format: String,
        yTitle: 'areas',
      });
      for (const drawing of html.match(/<svg class="chart[\s\S]*?<\/svg>/g) ?? []) {
        const width = Number(/viewBox="0 0 ([0-9.]+) /.exec(drawing)![1]);
        const ticks = [
          ...drawing.matchAll(
            /<text x="([0-9.]+)" y="[0-9.]+" text-anchor="(start|middle|end)" font-size="([0-9.]+)"[^>]*>([^<]+)<\/text>/g,
          ),
        ].filter((m) => labels.includes(m[4]!));
        expect(ticks.length).toBeGreaterThan(1);
        // The wide drawing labels the last point (the one that was cut off).
        if (drawing.startsWith('<svg class="chart wide"')) expect(ticks.at(-1)![4]).toBe(labels.at(-1));
        for (const [, xs, anchor, size, text] of ticks) {
          // About 0.6 em a character in system-ui.
          const w = text!.length * Number(size) * 0.6;
          const left = Number(xs) - (anchor === 'start' ? 0 : anchor === 'middle' ? w / 2 : w);
          expect(left, `${text} in ${width}`).toBeGreaterThanOrEqual(0);
          expect(left + w, `${text} in ${width}`).toBeLessThanOrEqual(width);
        }
      }
    }
  });

  it('the choropleth puts each area in its class and counts them in the legend', () => {
    const square = (x: number) => ({
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [x, 53],
            [x + 0.01, 53],
            [x + 0.01, 53.01],
            [x, 53.01],
            [x, 53],
          ],
        ],
      },
    });
    const svg = choroplethSvg(
      { features: [square(-2.3), square(-2.29), square(-2.28)] },
      [0.1, 0.6, Number.NaN],
      {
        title: 't',
        description: 'd',
        breaks: [0.5],
        colours: ['#111111', '#eeeeee'],
        format: String,
      },
    );
    expect(svg.match(/fill="#111111" fill-rule/g)).toHaveLength(1);
    expect(svg.match(/fill="#eeeeee" fill-rule/g)).toHaveLength(1);
    expect(svg.match(/fill="#fff" fill-rule/g)).toHaveLength(1);
    expect(svg).toContain('up to 0.5 (1)');
    expect(svg).toContain('over 0.5 (1)');
    expect(escapeHtml(`'"`)).toBe('&#39;&quot;');
  });
});

describe('key findings', () => {
  const seg = segOf;

  it('bands D by the conventional cut-offs (Massey & Denton): < 0.3 low, 0.3–0.6 moderate, > 0.6 high', () => {
    expect([0.1, 0.299, 0.3, 0.45, 0.6, 0.61].map(dissimilarityBand)).toEqual([
      'low',
      'low',
      'moderate',
      'moderate',
      'moderate',
      'high',
    ]);
  });

  it('says each headline in plain words with its verdict and basis; the report opens with them', () => {
    const r = { ...base, council: { name: 'Trafford', code: null }, segregation: seg(0.309) };
    const [f] = keyFindings(r);
    expect(f).toMatchObject({ id: 'segregation', band: 'moderate', verdict: 'Moderate segregation' });
    expect(f!.sentence).toContain('About 31% of either group would have to move home');
    expect(f!.sentence).not.toMatch(/dissimilarity|index|Theil|Gini|nats/i);
    expect(f!.basis).toContain('D = 0.31');
    expect(f!.basis).toContain('Massey & Denton 1988');
    const html = renderReportHtml(r);
    const findings = html.indexOf('id="key-findings"');
    expect(findings).toBeGreaterThan(0);
    // Before any section, any table and the at-a-glance index cards.
    expect(findings).toBeLessThan(html.indexOf('<section id="segregation"'));
    expect(findings).toBeLessThan(html.indexOf('<table'));
    expect(findings).toBeLessThan(html.indexOf('id="at-a-glance"'));
    expect(html).toContain('<span class="band band-moderate">Moderate segregation</span>');
  });

  it('the benchmark finding shows the same rank share as the benchmark section (rounded to nearest)', () => {
    const rank = { rank: 57, of: 348, percentile: 83.8, tied: 0 };
    const national = {
      council: 'Trafford',
      national: { dissimilarity: rank },
    } as unknown as NonNullable<CouncilReport['national']>;
    const f = keyFindings({ ...base, national }).find((x) => x.id === 'benchmark')!;
    // 291 of the other 347 = 83.9%: "about 84%" here and "(84%)" in the section, never 83 beside 84.
    expect(f.sentence).toContain('more segregated than about 84% of the other 347 councils');
    expect(describeRank(rank)).toContain('higher than 291 of the other 347 (84%)');
    // Ties are left out of the count in both.
    const tied = keyFindings({
      ...base,
      national: { ...national, national: { dissimilarity: { ...rank, tied: 34 } } },
    } as CouncilReport).find((x) => x.id === 'benchmark')!;
    expect(tied.sentence).toContain('about 74%');
    expect(describeRank({ ...rank, tied: 34 })).toContain('higher than 257 of the other 347 (74%)');
    // The ends are said in words, as the section does ("the highest of 348 councils"), never "about 100%".
    const at = (n: number) =>
      keyFindings({
        ...base,
        national: { ...national, national: { dissimilarity: { ...rank, rank: n } } },
      } as CouncilReport).find((x) => x.id === 'benchmark')!.sentence;
    expect(at(1)).toBe(
      'Trafford is the most segregated of the 348 councils in England and Wales (Census 2011).',
    );
    expect(at(348)).toBe(
      'Trafford is the least segregated of the 348 councils in England and Wales (Census 2011).',
    );
  });

  it('the green-space finding names the access section\'s own measure (non-White share), not "minority ethnic"', () => {
    const access = (focusWord: string): CouncilReport['access'] => ({
      focusDefinition: 'residents of every group but the White ones (White British, Irish, Roma)',
      focusWord,
      populationSource: 'census',
      sites: 10,
      sitesHa: 50,
      accessPoints: 0,
      shareMeeting: [{ key: 'angst_2ha_300m', label: 'ANGSt', shareOfPopulation: 0.6 }],
      byGroup: [],
      byBand: [],
      gap: {
        measure: 'nearest_m',
        focusMean: 300,
        restMean: 200,
        ratio: 1.5,
        lower: 1.3,
        upper: 1.7,
        focusAreas: 5,
        restAreas: 20,
        level: 0.95,
      },
      threshold: 0.4,
    });
    const fc = { type: 'FeatureCollection' as const, features: [] };
    const r = { ...base, areas: fc, access: access('non-White') };
    const f = keyFindings(r).find((x) => x.id === 'access')!;
    expect(f.sentence).toContain('neighbourhoods where 40% or more of residents are non-White live');
    expect(f.sentence).not.toMatch(/minority ethnic/);
    // The access section uses the same words for the same areas.
    const html = renderReportHtml(r);
    expect(html).toContain('In the 5 areas where 40% or more of residents are non-White, people live');
    // When the table does not say which groups are White, both use the reference-group label.
    const g = keyFindings({ ...r, access: access('not White British') }).find((x) => x.id === 'access')!;
    expect(g.sentence).toContain('where 40% or more of residents are not White British live');
  });

  it('charts groups under 1% of residents (or 100 people) apart, never ranked first', () => {
    const html = renderReportHtml({
      ...base,
      council: { name: 'Trafford', code: null },
      segregation: seg(0.309),
    });
    const main = html.indexOf('Pakistani (5.0%)');
    const small = html.indexOf('Gypsy or Irish Traveller (0.1%');
    expect(main).toBeGreaterThan(0);
    expect(small).toBeGreaterThan(main);
    expect(html.indexOf('Small groups (under 1% of residents')).toBeLessThan(small);
    expect(html.indexOf('Small groups (under 1% of residents')).toBeGreaterThan(
      html.indexOf('African (2.0%)'),
    );
    // A group too small for one decimal is "under 0.1%", never "0.0%".
    const tiny = segOf(0.309)!;
    tiny.byGroup[1] = { ...tiny.byGroup[1]!, share: 45 / 234_987 };
    const t = renderReportHtml({ ...base, council: { name: 'Trafford', code: null }, segregation: tiny });
    expect(t).toMatch(/Gypsy or Irish Traveller \(under 0\.1%, \d+ people\)/);
    expect(t).not.toContain('(0.0%');
    // The index tables are in expandable detail, not in the reader's way.
    const details = html.indexOf('<details class="more">');
    expect(details).toBeGreaterThan(0);
    expect(html.indexOf('<table', html.indexOf('id="segregation"'))).toBeGreaterThan(details);
  });
});
