// Hand-worked checks of the report's pure parts: ranks, escaping of text from data, charts.
import { describe, expect, it } from 'vitest';
import { barChart, type CouncilReport, choroplethSvg, escapeHtml, renderReportHtml } from '../src/index.js';

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
  segregation: null,
  access: null,
  hotspots: null,
  areas: null,
  sites: null,
};

describe('renderReportHtml', () => {
  it('inserts text from data as text, never as markup', () => {
    const html = renderReportHtml(base);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot;quoted&quot; &amp; &lt;b&gt;');
    // Source pages are listed as text, not loaded or linked.
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('without areas it has the method section and no map or script', () => {
    const html = renderReportHtml(base, {
      mapScript: 'customElements.define("x-y", class extends HTMLElement {})',
    });
    expect(html).toContain('data-section="sources"');
    expect(html).not.toContain('<cohesion-map');
    expect(html).not.toContain('cohesion-areas');
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
    expect(svg).toMatch(/role="img"/);
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
