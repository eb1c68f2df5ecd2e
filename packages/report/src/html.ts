import type { FeatureCollection } from 'geojson';
import { renderAlertsSection } from './alerts.js';
import { groupName } from './census.js';
import { barChart, escapeHtml, lineChart } from './charts.js';
import type { CouncilReport } from './compute.js';
import { type Finding, keyFindings } from './findings.js';
import { describeRank, NATIONAL_INDICES, type NationalIndexKey } from './national.js';
import { renderSurveySection, surveyGlance } from './survey.js';

/** Options of {@link renderReportHtml}. */
export interface RenderOptions {
  /**
   * The `<cohesion-map>` element as one classic (non-module) script, inlined so the report opens
   * from disk. Without it the maps' containers are still written (with their data) but not drawn.
   */
  mapScript?: string;
  /** Green-space sites overlaid on the access map (WGS84). */
  sites?: FeatureCollection;
  /** Names of the result files written beside the report, listed in the "Data" section. */
  files?: string[];
}

const fmt3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');
const pct = (v: number | null | undefined, d = 0) =>
  v !== null && v !== undefined && Number.isFinite(v) ? `${(100 * v).toFixed(d)}%` : 'n/a';
const int = (v: number) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }).format(v);
const metres = (v: number) => (Number.isFinite(v) ? `${int(v)} m` : 'n/a');
const ordinal = (n: number) => {
  const s =
    n % 100 >= 11 && n % 100 <= 13
      ? 'th'
      : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${s}`;
};
const short = groupName;
const e = escapeHtml;

/** JSON safe inside a `<script>` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Rounds coordinates to 6 decimals (~0.1 m) to keep the embedded GeoJSON small. */
export function roundCoordinates(fc: FeatureCollection, digits = 6): FeatureCollection {
  const f = 10 ** digits;
  const round = (c: unknown): unknown =>
    typeof c === 'number' ? Math.round(c * f) / f : Array.isArray(c) ? c.map(round) : c;
  return {
    type: 'FeatureCollection',
    features: fc.features.map((ft) => ({
      ...ft,
      geometry:
        ft.geometry && 'coordinates' in ft.geometry
          ? ({ ...ft.geometry, coordinates: round(ft.geometry.coordinates) } as typeof ft.geometry)
          : ft.geometry,
    })),
  };
}

function mapTag(a: {
  ref: 'areas' | 'areas+sites';
  value: string;
  layer: string;
  label: string;
  attribution: string;
  extra?: Record<string, string>;
}): string {
  const attrs: Record<string, string> = {
    renderer: 'svg',
    'data-ref': a.ref,
    'id-property': 'area_code',
    'name-property': 'area_name',
    value: a.value,
    layer: a.layer,
    label: a.label,
    attribution: a.attribution,
    ...a.extra,
  };
  return `<cohesion-map ${Object.entries(attrs)
    .map(([k, v]) => `${k}="${e(v)}"`)
    .join(' ')}></cohesion-map>`;
}

/**
 * A table with human headers, inside its own horizontally scrolling region (focusable and named, so
 * keyboard users can scroll it) so a wide table never widens the page on a phone.
 */
function table(head: string[], rows: (string | number)[][], caption?: string): string {
  const t = `<table>${caption ? `<caption>${e(caption)}</caption>` : ''}<thead><tr>${head
    .map((h) => `<th scope="col">${e(h)}</th>`)
    .join('')}</tr></thead><tbody>${rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${e(String(c))}</th>` : `<td>${e(String(c))}</td>`)).join('')}</tr>`,
    )
    .join('')}</tbody></table>`;
  return `<div class="tablewrap" role="region" tabindex="0" aria-label="${e(caption ?? head.join(', '))}">${t}</div>`;
}

/** Expandable detail for analysts (index tables, methods): closed on screen, opened for printing. */
function more(summary: string, body: string): string {
  return `<details class="more"><summary>${e(summary)}</summary>${body}</details>`;
}

/** Groups under 1% of residents or 100 people: their indices are noisy, so they are charted apart. */
const SMALL_SHARE = 0.01;
const SMALL_COUNT = 100;

function renderFinding(f: Finding): string {
  return `<li class="finding" data-finding="${e(f.id)}"><h3>${e(f.title)}</h3><p class="verdict"><span class="band band-${f.band}">${e(f.verdict)}</span></p><p>${e(f.sentence)}</p><p class="basis">Basis: ${e(f.basis)}</p></li>`;
}

function what(text: string): string {
  return `<div class="what"><h3>What this shows</h3><p>${text}</p></div>`;
}

const CSS = `
:root{color-scheme:light;--ink:#1a1a1a;--muted:#555;--accent:#3b6ea8;--rule:#d8d8d8}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink);background:#fff}
p,li,figcaption,summary{overflow-wrap:break-word}code{overflow-wrap:anywhere}
header,main,footer{max-width:1000px;margin:0 auto;padding:0 20px}
header{padding-top:24px;border-bottom:4px solid var(--accent)}h1{margin:0 0 8px;font-size:2rem;line-height:1.2}
.sub{color:var(--muted);margin:12px 0 16px}nav ul{display:flex;flex-wrap:wrap;gap:4px 18px;padding:0;list-style:none}
nav a{color:var(--accent)}section{padding:12px 0 20px;border-bottom:1px solid var(--rule)}
h2{font-size:1.5rem;margin:18px 0 8px}h3{font-size:1.1rem;margin:16px 0 6px}
.findings{list-style:none;padding:0;margin:8px 0 12px;display:grid;gap:10px}
.finding{border:1px solid var(--rule);border-left:6px solid var(--accent);padding:8px 12px;border-radius:4px}
.finding h3{margin:0 0 4px;font-size:1.05rem}.finding p{margin:4px 0}
.verdict{margin:2px 0 4px}.basis{font-size:.875rem;color:var(--muted)}.band{display:inline-block;font-weight:700;color:#1a1a1a;padding:0 8px;border-radius:3px;border:2px solid}
.band-low{background:#e6f2e6;border-color:#2e7d32}.band-moderate{background:#fff4d6;border-color:#8a6100}.band-high{background:#fbe3e0;border-color:#a3271b}
.glance{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,200px),1fr));gap:12px;margin:16px 0}
.card{border:1px solid var(--rule);border-left:4px solid var(--accent);padding:10px 12px;border-radius:4px}
.card .n{font-size:1.6rem;font-weight:700}.card .l{color:var(--muted);font-size:.9rem}
.tablewrap{overflow-x:auto;max-width:100%;margin:8px 0 12px}.tablewrap:focus-visible{outline:3px solid #fd0;outline-offset:2px}
table{border-collapse:collapse;width:100%;font-size:.92rem}caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border-bottom:1px solid var(--rule);padding:4px 8px;text-align:left;vertical-align:top}td{font-variant-numeric:tabular-nums}
thead th{border-bottom:2px solid #999}.what{background:#f3f6fa;border-left:4px solid var(--accent);padding:4px 14px;margin:12px 0}
.meaning{border:1px solid #8a6100;background:#fffaf0;padding:4px 14px;margin:12px 0}
.maps{display:grid;grid-template-columns:1fr;gap:24px}
cohesion-map{display:block;min-height:320px;--cohesion-map-height:clamp(300px,60vh,520px)}
details{margin:8px 0}details.more{border:1px solid var(--rule);border-radius:4px;padding:4px 12px}details.more>summary{font-weight:600;padding:4px 0}
.chart{display:block;width:100%;height:auto}.lines{margin:8px 0}.lines .narrow{display:none}
.key{list-style:none;padding:0;margin:4px 0;display:flex;flex-wrap:wrap;gap:4px 16px;font-size:.9rem}.key svg{vertical-align:-2px;margin-right:6px}
.bars{margin:8px 0 12px}.bars figcaption{font-weight:600;margin-bottom:4px}.bars ul{list-style:none;margin:0;padding:0}
.bar{display:grid;grid-template-columns:minmax(8rem,18rem) minmax(4rem,1fr) 4.5rem;gap:2px 10px;align-items:center;font-size:.875rem;padding:1px 0}
.bar.hl{font-weight:700}.bt{display:block;width:100%;height:18px}.bv{font-variant-numeric:tabular-nums}.flag{color:var(--muted);font-weight:400}
.sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.note{color:var(--muted);font-size:.9rem}.notes{border:1px solid #c77700;background:#fff8ec;padding:4px 12px;margin:8px 0}footer{padding:16px 20px 40px;color:var(--muted);font-size:.9rem}
@media (max-width:839px){.lines .wide{display:none}.lines .narrow{display:block;max-width:420px}}
@media (max-width:600px){header,main,footer{padding-left:12px;padding-right:12px}h1{font-size:1.5rem}h2{font-size:1.3rem}
.bar{grid-template-columns:minmax(0,1fr) auto}.bl{grid-column:1/-1}th,td{padding:4px 6px}}
@media print{nav{display:none}section{break-inside:auto}.finding,figure,cohesion-map,tr{break-inside:avoid}
.lines .narrow{display:none!important}.lines .wide{display:block!important}.tablewrap{overflow:visible}
details::details-content{content-visibility:visible;display:block}a{color:inherit}body{font-size:11pt}}
`;

/**
 * Renders the report as one self-contained HTML document: inline CSS, static SVG charts drawn with
 * d3 scales, `<cohesion-map>` elements whose data (and the element's own code, when
 * `options.mapScript` is given) are inlined, and a plain-English "What this shows" note per section.
 * No external URL is loaded: it opens from disk with no server and no internet.
 */
export function renderReportHtml(r: CouncilReport, options: RenderOptions = {}): string {
  const sections: string[] = [];
  const nav: [string, string][] = [];
  const findings = keyFindings(r);
  const att = r.attribution;
  const glance: string[] = [];
  const card = (n: string, l: string) =>
    `<div class="card"><div class="n">${e(n)}</div><div class="l">${e(l)}</div></div>`;

  // Labels come from the input: census year, geography, reference group (nothing says 2021 unless it is).
  const seg = r.segregation;
  const yr = seg ? String(seg.year) : '';
  const geo = seg?.geography ?? 'area';
  const refName = seg ? short(seg.referenceGroup) : 'White British';
  const censusData = seg
    ? seg.layout
      ? `ONS ${seg.layout}, by ${geo}`
      : `${seg.source} (Census ${yr}), by ${geo}`
    : '';

  // ---- Headline segregation ----
  if (seg) {
    const d = seg.single.find((x) => x.key === 'dissimilarity')!;
    glance.push(
      card(
        fmt3(d.value),
        `Index of dissimilarity, ${seg.minorityLabel} vs ${refName} (Census ${yr}, ${geo})`,
      ),
    );
    glance.push(card(pct(seg.minorityShare), `of residents are ${seg.minorityLabel} (Census ${yr})`));
    // Small groups (under 1% of residents or 100 people) score high D partly by chance: charted apart.
    const isSmall = (g: { share: number }) => g.share < SMALL_SHARE || g.share * seg.population < SMALL_COUNT;
    const groups = [...seg.byGroup].sort((a, b) => b.dissimilarity - a.dissimilarity);
    const large = groups.filter((g) => !isSmall(g));
    const small = groups.filter(isSmall);
    const people = (g: { share: number }) => int(Math.round(g.share * seg.population));
    nav.push(['segregation', 'Segregation']);
    sections.push(`<section id="segregation" data-section="segregation">
<h2>How evenly are ethnic groups spread? (Census ${e(yr)}, ${e(geo)})</h2>
<p>${int(seg.population)} residents in ${seg.areas} neighbourhoods (${e(geo)}); ${pct(seg.minorityShare, 1)} are ${e(seg.minorityLabel)}. The index of dissimilarity is ${fmt3(d.value)}: about ${pct(d.value)} of ${e(seg.minorityLabel)} residents (or of ${e(refName)} residents) would need to move for every neighbourhood to have the same mix.</p>
<p class="note">Reference group: ${e(seg.referenceGroup)}. Counted as minority: ${e(seg.minorityGroups.map(short).join(', '))}.</p>
<h3>Dissimilarity of each group from everyone else</h3>
${barChart(
  large.map((g) => ({ label: `${short(g.group)} (${pct(g.share, 1)})`, value: g.dissimilarity })),
  {
    title: `Index of dissimilarity of each ethnic group from the rest of the population (groups of at least 1% of residents and ${SMALL_COUNT} people)`,
    description: `Bars show D for each of the ${large.length} larger groups, highest first.`,
    format: fmt3,
    reference: { value: d.value, label: `${seg.minorityLabel}: ${fmt3(d.value)}` },
  },
)}
${
  small.length
    ? barChart(
        small.map((g) => ({
          label: `${short(g.group)} (${pct(g.share, 1)}, ${people(g)} people)`,
          value: g.dissimilarity,
          flag: 'small group',
        })),
        {
          title: `Small groups (under 1% of residents or ${SMALL_COUNT} people): high values partly by chance`,
          description: `D for the ${small.length} small groups, charted apart: few people spread over many neighbourhoods look uneven even when homes are chosen at random.`,
          format: fmt3,
        },
      )
    : ''
}
${more(
  'All segregation indices, intervals and the multiscalar profile (for analysts)',
  `${table(
    ['Index', 'Value', `${Math.round(seg.bootstrap.level * 100)}% interval`, 'Standard error'],
    seg.single.map((x) => [
      x.label,
      fmt3(x.value),
      x.ci ? `${fmt3(x.ci[0])} to ${fmt3(x.ci[1])}` : 'n/a',
      x.se !== undefined ? fmt3(x.se) : 'n/a',
    ]),
    `Residents who are ${seg.minorityLabel} vs ${refName} residents`,
  )}
<p class="note">Intervals: ${int(seg.bootstrap.replicates)} bootstrap replicates resampling residents (seed ${r.generatedWith.seed}). With no segregation at all, chance alone would give D ≈ ${fmt3(seg.expectedDissimilarity.expected)} (± ${fmt3(seg.expectedDissimilarity.standardError)}) for areas and groups of these sizes.</p>
${table(
  ['Index', 'Value'],
  seg.multi.map((x) => [x.label, fmt3(x.value)]),
  `All ${seg.byGroup.length} census ethnic groups together`,
)}
<h3>Segregation at different scales</h3>
${lineChart(
  [
    { name: `D (${seg.minorityLabel})`, values: seg.profile.map((p) => p.dissimilarity) },
    { name: 'Multigroup D', values: seg.profile.map((p) => p.multiDissimilarity) },
    { name: 'Multigroup H', values: seg.profile.map((p) => p.informationTheory) },
  ],
  {
    title: 'Multiscalar segregation profile: indices on local environments of growing radius',
    description: seg.profile
      .map(
        (p) =>
          `${p.distance} m: D ${fmt3(p.dissimilarity)}, multigroup D ${fmt3(p.multiDissimilarity)}, H ${fmt3(p.informationTheory)}`,
      )
      .join('; '),
    xLabel: (i) => `${seg.profile[i]?.distance ?? ''} m`,
    format: (v) => v.toFixed(2),
    yTitle: 'index value',
  },
)}
<p class="note">Each neighbourhood is replaced by its "local environment": the population within the radius, weighted down with distance (triangular kernel), as in PySAL's multiscalar profiles (Reardon et al. 2008). A slowly falling line means segregation extends over large areas; a steep fall means it is local, between neighbouring streets.</p>`,
)}
${what(
  `The <strong>index of dissimilarity D</strong> is the share of one group that would have to move home to a different neighbourhood (${e(geo)}) for every neighbourhood to have the same mix as ${e(r.council.name)} as a whole: 0 means perfectly even, 1 complete separation. By the conventional bands (Massey &amp; Denton 1988) below 0.3 is low, 0.3 to 0.6 moderate and above 0.6 high. Here D = ${fmt3(d.value)}. The interval shows how much D could move from counting noise alone; the "expected D" is what random home choices would give, so only the part of D above it reflects real unevenness. Small groups score higher partly by chance, because small counts in small areas are uneven even when people choose homes at random, so groups under 1% of residents or ${SMALL_COUNT} people are charted apart and never ranked with the rest. The multigroup indices summarise all ${seg.byGroup.length} groups at once (information theory H: 0 = every area has the council's mix). Method: Duncan &amp; Duncan (1955), Theil (1972), Reardon &amp; Firebaugh (2002), matching PySAL <code>segregation</code>. Data: ${e(censusData)}.`,
)}
</section>`);
  }

  // ---- National benchmark (2011) ----
  const nb = r.national;
  if (nb) {
    const keys = Object.keys(NATIONAL_INDICES) as NationalIndexKey[];
    const dRank = nb.national.dissimilarity;
    glance.push(
      card(
        `${ordinal(dRank.rank)} of ${dRank.of}`,
        'most segregated council in England and Wales by D (Census 2011, LSOA 2011)',
      ),
    );
    nav.push(['benchmark', 'Compared with other councils']);
    const peers = nb.table
      .filter((t) => t.council === nb.council || nb.peers.names.includes(t.council))
      .sort((a, b) => b.values.dissimilarity - a.values.dissimilarity);
    sections.push(`<section id="benchmark" data-section="benchmark">
<h2>How ${e(nb.council)} compares with other councils (Census 2011)</h2>
<p>${e(nb.council)} ranks ${ordinal(dRank.rank)} of ${dRank.of} councils in England and Wales on the index of dissimilarity (1st = the most segregated).</p>
${more(
  'Every index and rank (for analysts)',
  table(
    ['Index', nb.council, 'Rank in England and Wales', `Rank in ${nb.region}`, 'Rank among peers'],
    keys.map((k) => [
      NATIONAL_INDICES[k],
      fmt3(nb.values[k]),
      `${ordinal(nb.national[k].rank)} of ${nb.national[k].of}`,
      `${ordinal(nb.region_rank[k].rank)} of ${nb.region_rank[k].of}`,
      `${ordinal(nb.peers.rank[k].rank)} of ${nb.peers.rank[k].of}`,
    ]),
    `Rank 1 = the most segregated. ${nb.lsoas} LSOAs, ${int(nb.population)} residents in 2011.`,
  ),
)}
<p>${e(nb.council)}'s D in 2011: ${fmt3(nb.values.dissimilarity)} (${Math.round(nb.dissimilarityCi.level * 100)}% bootstrap interval ${fmt3(nb.dissimilarityCi.ci[0])} to ${fmt3(nb.dissimilarityCi.ci[1])}; with no segregation at all, chance would give ${fmt3(nb.dissimilarityCi.expected)}).</p>
<p>Peers: ${nb.peers.names.map(e).join(', ')}.</p>
${barChart(
  peers.map((p) => ({
    label: p.council,
    value: p.values.dissimilarity,
    highlight: p.council === nb.council,
  })),
  {
    title: `Index of dissimilarity (White British vs everyone else), ${nb.council} and its peers, 2011`,
    description: `${nb.council} is highlighted; its D is ${fmt3(nb.values.dissimilarity)}.`,
    format: fmt3,
  },
)}
${what(
  `Each council's indices are computed the same way from the 2011 Census counts of its LSOAs (the national table covers all ${nb.councils} councils of England and Wales). On the index of dissimilarity ${e(nb.council)} is ${e(describeRank(dRank))}. Peers: ${e(nb.peers.method)}. Ranks compare councils with different numbers and sizes of LSOAs, so treat small differences in D as noise.${seg && seg.year !== 2011 ? ` The Census ${e(yr)} figures elsewhere in this report use other boundaries and group lists: they are not directly comparable with these 2011 ranks${r.change ? ' (the change section compares the two censuses on one definition)' : ''}.` : ''} Data: ONS Census 2011 KS201 (via the MLID dataset).`,
)}
</section>`);
  }

  // ---- Change since the earlier census ----
  const ch = r.change;
  if (ch) {
    nav.push(['change', `Change since ${ch.before.year}`]);
    const LABELS: Record<string, string> = {
      dissimilarity: 'Index of dissimilarity D',
      gini: 'Gini index',
      entropy: 'Entropy index H (Theil)',
      isolation: 'Isolation xPx',
      exposure: `Exposure to ${short(ch.referenceGroup)} residents xPy`,
      correlationRatio: 'Correlation ratio η²',
      atkinson: 'Atkinson (b = 0.5)',
    };
    const dD = ch.difference.dissimilarity;
    const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;
    const pText = (p: number) => (p < 0.001 ? '< 0.001' : p.toFixed(3));
    sections.push(`<section id="change" data-section="change">
<h2>Change since ${ch.before.year} (Census ${ch.before.year} and ${ch.after.year})</h2>
<p>Residents ${e(ch.group)} vs ${e(short(ch.referenceGroup))}: ${pct(ch.before.share, 1)} of ${int(ch.before.population)} in ${ch.before.year} (${ch.before.areas} areas, ${e(ch.before.geography)}) and ${pct(ch.after.share, 1)} of ${int(ch.after.population)} in ${ch.after.year} (${ch.after.areas} areas, ${e(ch.after.geography)}).</p>
${table(
  [
    'Index',
    String(ch.before.year),
    String(ch.after.year),
    'Change',
    '95% interval of the change',
    'p (two-value test)',
  ],
  (Object.keys(LABELS) as (keyof typeof ch.difference)[]).map((k) => [
    LABELS[k]!,
    fmt3(ch.before.indices[k]),
    fmt3(ch.after.indices[k]),
    signed(ch.difference[k].value),
    `${fmt3(ch.difference[k].ci[0])} to ${fmt3(ch.difference[k].ci[1])}`,
    pText(ch.difference[k].p),
  ]),
  `Residents ${ch.group} vs ${short(ch.referenceGroup)}, each census on its own areas`,
)}
${
  ch.groups.length
    ? table(
        ['Group (vs everyone else)', `D ${ch.before.year}`, `D ${ch.after.year}`, 'Change', 'p'],
        ch.groups.map((g) => [
          short(g.group),
          fmt3(g.before.indices.dissimilarity),
          fmt3(g.after.indices.dissimilarity),
          signed(g.difference.dissimilarity.value),
          pText(g.difference.dissimilarity.p),
        ]),
        'Groups counted in both censuses',
      )
    : ''
}
${ch.notes.map((n) => `<p class="note">${e(n)}</p>`).join('')}
${what(
  `Both censuses are measured the same way: everyone who is not ${e(short(ch.referenceGroup))} against ${e(short(ch.referenceGroup))} residents, a definition that means the same in ${ch.before.year} and ${ch.after.year} even though the census added groups. D went from ${fmt3(ch.before.indices.dissimilarity)} to ${fmt3(ch.after.indices.dissimilarity)} (${signed(dD.value)}). The interval comes from ${int(ch.settings.replicates)} bootstrap replicates of each census; the p-value from PySAL's two-value test, which shuffles the areas of both censuses between the two years ${int(ch.settings.iterations)} times: a small p (below 0.05) means a change this large would rarely arise by chance. Method: Rey &amp; Sastré-Gutiérrez (2010) inference, as PySAL <code>segregation.inference.TwoValueTest</code>.`,
)}
</section>`);
  }

  // ---- Deprivation ----
  const dep = r.deprivation;
  if (dep) {
    nav.push(['deprivation', 'Deprivation']);
    sections.push(`<section id="deprivation" data-section="deprivation">
<h2>Deprivation, diversity and green space</h2>
${table(
  [
    'IMD decile (1 = most deprived 10% in England)',
    'Areas',
    'Residents',
    `Share ${seg?.minorityLabel ?? 'minority'}`,
    'Mean distance to green space',
  ],
  dep.byDecile.map((d) => [
    d.decile,
    d.areas,
    int(d.population),
    pct(d.minorityShare, 1),
    d.nearest_m === null ? 'n/a' : metres(d.nearest_m),
  ]),
  `Areas by Index of Multiple Deprivation decile (${dep.matched} of ${dep.matched + dep.unmatched} areas matched)`,
)}
${what(
  "The LGA guide asks where deprivation, diversity and poor access to green space meet. Each row groups the council's areas by their national IMD decile: 1 holds the most deprived tenth of neighbourhoods in England. Data: MHCLG English Indices of Deprivation (by LSOA 2011).",
)}
</section>`);
  }

  // ---- Local segregation maps: where people live ----
  const clusterMeaning = `<div class="meaning" role="note"><h3>What a cluster does and does not mean</h3><p>A cluster is a group of neighbouring areas whose values are higher (or lower) together than chance alone would give. It says where something is concentrated. It does <strong>not</strong> say why, it does not describe every street or person in it, and it does not link one map to another: a cluster of where a group of people lives is about who lives there, a cluster of burglaries is about where burglaries were recorded, and the two are measured and shown separately.</p></div>`;
  if (seg && r.areas) {
    nav.push(['local', 'Where people live']);
    const d = seg.single.find((x) => x.key === 'dissimilarity')!;
    const hs0 = r.hotspots;
    sections.push(`<section id="local" data-section="local">
<h2>Where people live</h2>
<p>These maps describe who lives where. They are not about crime or trouble, which is shown separately under <a href="#hotspots">where incidents cluster</a>.</p>
<div class="maps">
${mapTag({ ref: 'areas', value: 'minority_share', layer: 'segregation', label: `Share of residents who are ${seg.minorityLabel}, by area (${geo}), Census ${yr}`, attribution: att, extra: { headline: `Index of dissimilarity: ${fmt3(d.value)}`, scheme: 'ckmeans', classes: '5', format: 'percent', 'value-label': `Share of residents who are ${seg.minorityLabel}`, search: '', labels: '' } })}
${
  seg.largestGroup
    ? mapTag({
        ref: 'areas',
        value: seg.largestGroup.property,
        layer: 'segregation',
        label: `Share of residents who are ${short(seg.largestGroup.name)} (the largest group after ${refName}), by area (${geo}), Census ${yr}`,
        attribution: att,
        extra: {
          headline: `Index of dissimilarity: ${fmt3(seg.largestGroup.dissimilarity)}`,
          scheme: 'ckmeans',
          classes: '5',
          format: 'percent',
          'value-label': `Share of residents who are ${short(seg.largestGroup.name)}`,
        },
      })
    : ''
}
${mapTag({ ref: 'areas', value: 'minority_lq', layer: 'segregation', label: `Location quotient of ${seg.minorityLabel} residents, by area (${geo}), Census ${yr}`, attribution: att, extra: { scheme: 'threshold', breaks: '0.5,0.8,1.25,2', 'value-label': 'Location quotient (1 = same share as the council)' } })}
${mapTag({ ref: 'areas', value: 'local_segregation', layer: 'choropleth', label: `Local segregation score (Elbers), all ${seg.byGroup.length} groups, by area (${geo}), Census ${yr}`, attribution: att, extra: { scheme: 'ckmeans', classes: '5', 'value-label': 'Local segregation score' } })}
${hs0 ? mapTag({ ref: 'areas', value: 'minority_gistar_z', layer: 'hotspots', label: `Clusters of high and low ${seg.minorityLabel} share (Getis–Ord Gi*), Census ${yr}`, attribution: att, extra: { statistic: 'gistar', 'p-property': 'minority_gistar_p', subject: 'composition', 'value-label': 'Gi* z-score of the share' } }) : ''}
</div>
${clusterMeaning}
${what(
  `The first maps show each neighbourhood's share of ${e(seg.minorityLabel)} residents${seg.largestGroup ? ` and of ${e(short(seg.largestGroup.name))} residents, the largest group after ${e(refName)} (${pct(seg.largestGroup.share, 1)} of ${e(r.council.name)}); every group's share is in <code>areas.csv</code>` : ''}. The <strong>location quotient</strong> compares it with the council-wide share (1 = same as ${e(r.council.name)}; 2 = twice as high). The <strong>local segregation score</strong> (Elbers 2023) measures how far each neighbourhood's mix of all ${seg.byGroup.length} groups is from the council's mix; weighted by population, the scores add up to the council's mutual information index M = ${fmt3(seg.multi.find((m) => m.key === 'mutualInformation')?.value ?? Number.NaN)}.${hs0 ? ` The last map shows <strong>clusters of high and low share</strong>: ${hs0.minority.hot} neighbourhoods form clusters of high ${e(seg.minorityLabel)} share and ${hs0.minority.cold} clusters of low share (Getis–Ord Gi*, 95%, ${int(r.generatedWith.permutations)} permutations, seed ${r.generatedWith.seed}), drawn in purple and orange so they are not read as the red "hot spots" of incidents.` : ''} Neighbourhood boundaries change these pictures (the modifiable areal unit problem). Each map has a search box or a data table underneath. Data: ${e(censusData)}.`,
)}
</section>`);
  }

  // ---- Green-space access ----
  const ac = r.access;
  if (ac && r.areas) {
    nav.push(['access', 'Green-space access']);
    const angst = ac.shareMeeting.find((s) => s.key === 'angst_2ha_300m');
    if (angst)
      glance.push(
        card(pct(angst.shareOfPopulation), 'of residents live within 300 m of a green space of 2 ha or more'),
      );
    const gap = ac.gap;
    const accessTotal = ac.byGroup.reduce((t, g) => t + g.population, 0);
    const smallAccess = (g: { population: number }) =>
      g.population < SMALL_COUNT || g.population < SMALL_SHARE * accessTotal;
    sections.push(`<section id="access" data-section="access">
<h2>Who can reach green space?</h2>
<p>${ac.sites} OS Open Greenspace sites (${int(ac.sitesHa)} ha)${ac.accessPoints ? ` and ${ac.accessPoints} access points` : ''}; distances are straight-line, in metres, from a point inside each area to the nearest site entrance or edge.</p>
<div class="maps">
${mapTag({ ref: 'areas+sites', value: 'nearest_greenspace_m', layer: 'access', label: `Distance to the nearest green space (m), by area (${geo})`, attribution: att, extra: { scheme: 'threshold', breaks: '100,200,300,500', format: 'distance', 'value-label': 'Distance to the nearest green space' } })}
${mapTag({ ref: 'areas', value: 'angst_2ha_300m', layer: 'access', label: 'Meets the ANGSt standard: a 2 ha site within 300 m (1 = yes)', attribution: att, extra: { 'value-label': 'Meets the standard (1 = yes, 0 = no)' } })}
</div>
${table(
  ['Standard', 'Share of residents meeting it'],
  ac.shareMeeting.map((s) => [s.label, pct(s.shareOfPopulation, 1)]),
  'Natural England ANGSt',
)}
<h3>Access by ethnic group</h3>
${barChart(
  ac.byGroup.filter((g) => !smallAccess(g)).map((g) => ({ label: short(g.group), value: g.nearest_m })),
  {
    title: 'Average distance to the nearest green space, by ethnic group (population-weighted)',
    description:
      'One bar per census ethnic group of at least 1% of residents: the mean distance experienced by its residents.',
    format: (v) => `${Math.round(v)} m`,
  },
)}
${
  ac.byGroup.some(smallAccess)
    ? barChart(
        ac.byGroup.filter(smallAccess).map((g) => ({
          label: `${short(g.group)} (${int(g.population)} people)`,
          value: g.nearest_m,
          flag: 'small group',
        })),
        {
          title: `Small groups (under 1% of residents or ${SMALL_COUNT} people): averages over few people`,
          description:
            'The same measure for the small groups, charted apart because their averages rest on few people.',
          format: (v) => `${Math.round(v)} m`,
        },
      )
    : ''
}
<h3>Access by neighbourhood minority share</h3>
${barChart(
  ac.byBand.map((b) => ({ label: `${b.band} ${ac.focusWord} (${b.areas} areas)`, value: b.nearest_m })),
  {
    title: `Average distance to the nearest green space, by the ${ac.focusWord} share of the neighbourhood`,
    description: `Neighbourhoods grouped by the share of residents who are ${ac.focusWord}.`,
    format: (v) => `${Math.round(v)} m`,
  },
)}
${table(
  ['Neighbourhoods', 'Areas', 'Residents', 'Mean distance', 'Meets ANGSt 2 ha / 300 m'],
  ac.byBand.map((b) => [b.band, b.areas, int(b.population), metres(b.nearest_m), pct(b.angst300)]),
  `By share of ${ac.focusWord} residents`,
)}
${what(
  `Natural England's Accessible Natural Greenspace Standard (ANGSt) asks that everyone lives within 300 m of a green space of at least 2 ha. ${angst ? `In ${e(r.council.name)} ${pct(angst.shareOfPopulation)} of residents do.` : ''} The LGA's cohesion guidance notes that neighbourhoods where ${Math.round(ac.threshold * 100)}% or more of residents are from Black and minority ethnic groups often have less or poorer green space; the charts compare groups and neighbourhoods by the average distance their residents live from the nearest site. ${
    gap && gap.focusAreas > 0
      ? `In the ${gap.focusAreas} areas at or above ${Math.round(ac.threshold * 100)}%, residents live on average ${metres(gap.focusMean)} from green space, against ${metres(gap.restMean)} elsewhere: a ratio of ${gap.ratio.toFixed(2)} (${Math.round(gap.level * 100)}% bootstrap interval ${gap.lower.toFixed(2)}–${gap.upper.toFixed(2)}).`
      : `No area reaches the ${Math.round(ac.threshold * 100)}% threshold, so no gap ratio is given.`
  } Straight-line distance understates walking distance where rivers, railways or main roads intervene; site quality is not measured. Focus areas count ${e(ac.focusDefinition)}; population: ${e(ac.populationSource)}. Data: OS Open Greenspace; ${e(censusData)}.`,
)}
</section>`);
  }

  // ---- Hotspots ----
  const hs = r.hotspots;
  if (hs && r.areas) {
    nav.push(['hotspots', 'Where incidents cluster']);
    const b = hs.burglary;
    const W = b ? b.what.charAt(0).toUpperCase() + b.what.slice(1) : '';
    const unit = b?.periodUnit ?? 'quarter';
    const Unit = unit.charAt(0).toUpperCase() + unit.slice(1);
    if (b)
      glance.push(
        card(String(b.hot), `areas in a hot spot of ${b.what} (Gi*, 95%), ${b.firstMonth} to ${b.lastMonth}`),
      );
    const monthly = hs.monthly;
    const burglaryParts = b
      ? `<h3>${e(W)} each month</h3>
${lineChart([{ name: W, values: monthly.map((m) => m.count) }], {
  title: `${W} recorded each month in ${r.council.name}, ${b.firstMonth} to ${b.lastMonth}`,
  description: `${int(b.incidents)} ${b.what} in total; highest month ${monthly.reduce((a, m) => (m.count > a.count ? m : a), monthly[0] ?? { month: '', count: 0 }).month}.`,
  xLabel: (i) => monthly[i]?.month ?? '',
  format: (v) => int(v),
  yTitle: b.what,
})}
${b.periodNote ? `<p class="note">${e(b.periodNote)}</p>` : ''}
<h3>Hot spots over time</h3>
${lineChart(
  [
    { name: 'Hot-spot areas', values: hs.periods.map((p) => p.hot), colour: '#b2182b' },
    { name: 'Cold-spot areas', values: hs.periods.map((p) => p.cold), colour: '#2166ac' },
  ],
  {
    title: `Number of areas in hot and cold spots of ${b.what} (Gi*, 95%) in each whole ${unit}`,
    description: hs.periods.map((p) => `${p.period}: ${p.hot} hot, ${p.cold} cold`).join('; '),
    xLabel: (i) => hs.periods[i]?.period ?? '',
    format: (v) => int(v),
    yTitle: 'areas',
  },
)}
${more(
  `Hot spots by ${unit} and their trends (tables)`,
  `${table(
    [Unit, W, 'Hot-spot areas', 'Cold-spot areas'],
    hs.periods.map((p) => [p.period, int(p.incidents), p.hot, p.cold]),
    `${W} and hot spots in each whole ${unit}`,
  )}
${table(
  [`Trend over the ${unit}s`, 'Areas'],
  Object.entries(b.emerging).map(([label, n]) => [label, n]),
  `Emerging hot and cold spots (Mann–Kendall trend of each area’s Gi* per whole ${unit})`,
)}`,
)}`
      : '';
    const burglaryText = b
      ? ` For ${e(b.what)}, ${int(b.incidents)} incidents were placed in areas${b.outside ? ` (${b.outside} fell outside the council's areas)` : ''} and turned into a yearly rate per 1,000 residents (Census ${e(yr)} population), smoothed by empirical Bayes so that neighbourhoods with few residents do not stand out by chance; ${b.hot} areas are hot spots and ${b.cold} cold spots over the whole period. Repeating the test for each whole ${unit} and testing each neighbourhood's trend labels new, intensifying, persistent and diminishing hot spots, so a rise after a trigger event shows up.${b.leftOut ? ` ${int(b.leftOut)} incidents in partial ${unit}s at the start or end were left out of every figure.` : ''}`
      : '';
    sections.push(`<section id="hotspots" data-section="hotspots">
<h2>Where incidents cluster</h2>
<p>This section is about where incidents were recorded, not about who lives there (see <a href="#local">where people live</a>).</p>
${b ? `<div class="maps">${mapTag({ ref: 'areas', value: 'burglary_gistar_z', layer: 'hotspots', label: `Hot spots of ${b.what} (Getis–Ord Gi* of the smoothed rate per 1,000 residents), ${b.firstMonth} to ${b.lastMonth}`, attribution: att, extra: { statistic: 'gistar', 'p-property': 'burglary_gistar_p', subject: 'incidents', 'value-label': 'Gi* z-score of the burglary rate', search: '' } })}</div>` : '<p>No incident data were given, so no incident clusters are shown.</p>'}
${clusterMeaning}
${burglaryParts}
${what(
  `A <strong>hot spot</strong> is a neighbourhood that, together with its neighbours (areas sharing a boundary or corner), has a higher value than chance would give: the Getis–Ord Gi* statistic, with significance from ${int(r.generatedWith.permutations)} random permutations (seed ${r.generatedWith.seed}, so the result is reproducible) at the 95% level.${burglaryText} With ${r.areas.features.length} areas tested, a few "significant" areas are expected by chance alone (multiple testing)${b ? '; police locations are snapped to nearby points for anonymity' : ''}. Data: ${b ? 'incident points (data.police.uk in the demo), ' : ''}${e(censusData)}.`,
)}
</section>`);
  }

  // ---- Residents' survey (its own module) ----
  if (r.survey) {
    nav.push(['survey', 'What residents say']);
    glance.push(card(...surveyGlance(r.survey)));
    sections.push(renderSurveySection(r.survey, att));
  }

  // ---- Early warning (alerts.ts) ----
  if (r.alerts) {
    nav.push(['alerts', 'Early warning']);
    sections.push(renderAlertsSection(r.alerts, att));
  }

  // ---- Method and sources ----
  nav.push(['sources', 'Method and data']);
  sections.push(`<section id="sources" data-section="sources">
<h2>Method and data sources</h2>
${table(
  ['File', 'What', 'Publisher', 'Licence'],
  r.sources.map((s) => [s.file, s.description, s.publisher, s.licence]),
)}
<p class="note">Official download pages: ${[...new Set(r.sources.map((s) => `${s.publisher}: ${s.url}`))].map(e).join('; ')}.</p>
<p>${e(r.attribution)}</p>
<p>Every statistic was computed with the open-source Cohesion library (<code>@cohesion/geo</code>), whose method notes give each formula, its conventions and the reference (PySAL, R spdep) it matches. Random permutations and bootstraps use seed ${r.generatedWith.seed} (${int(r.generatedWith.permutations)} permutations, ${int(r.generatedWith.replicates)} bootstrap replicates): running the report again gives the same numbers.</p>
${
  r.absentSections.length
    ? `<h3>Not in this report</h3><ul>${r.absentSections.map((a) => `<li><strong>${e(a.section)}</strong>: ${e(a.reason)}</li>`).join('')}</ul>`
    : ''
}
${options.files?.length ? `<p>Results beside this file: ${options.files.map((f) => `<code>${e(f)}</code>`).join(', ')}.</p>` : ''}
</section>`);

  const areas = r.areas ? roundCoordinates(r.areas) : null;
  const sites = options.sites ? roundCoordinates(options.sites) : null;
  const dataScripts = areas
    ? `<script type="application/json" id="cohesion-areas">${scriptJson(areas)}</script>
${sites ? `<script type="application/json" id="cohesion-sites">${scriptJson(sites)}</script>` : ''}
<script>(function(){var a=JSON.parse(document.getElementById('cohesion-areas').textContent);var s=document.getElementById('cohesion-sites');var sd=s?JSON.parse(s.textContent):null;document.querySelectorAll('cohesion-map[data-ref^="areas"]').forEach(function(m){if(sd&&m.getAttribute('data-ref')==='areas+sites')m.sitesData=sd;m.data=a;});})();</script>`
    : '';
  // Printing opens the expandable details, so the paper copy has every table.
  const printScript =
    "<script>addEventListener('beforeprint',function(){document.querySelectorAll('details').forEach(function(d){d.open=true;});});</script>";
  const mapScript = options.mapScript
    ? `<script>${options.mapScript.replace(/<\/script/gi, '<\\/script')}</script>`
    : '';

  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(r.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${e(r.title)}</h1>
${findings.length ? `<section id="key-findings" aria-labelledby="kf-h" data-section="key-findings"><h2 id="kf-h">Key findings</h2><ul class="findings">${findings.map(renderFinding).join('')}</ul></section>` : ''}
<p class="sub">${r.council.code ? `${e(r.council.code)} · ` : ''}Segregation, green-space access and hotspots from open data${r.dataset ? ` (dataset <code>${e(r.dataset)}</code>)` : ''}.</p>
<div class="glance" id="at-a-glance">${glance.join('')}</div>
${r.notes.length ? `<div class="notes" role="note">${r.notes.map((n) => `<p>${e(n)}</p>`).join('')}</div>` : ''}
<nav aria-label="Sections"><ul>${nav.map(([id, label]) => `<li><a href="#${id}">${e(label)}</a></li>`).join('')}</ul></nav>
</header>
<main>
${sections.join('\n')}
</main>
<footer><p>${e(r.attribution)}</p></footer>
${mapScript}
${dataScripts}
${printScript}
</body>
</html>
`;
}
