import { groupName as short } from '../census.js';
import { barChart, escapeHtml as e, lineChart } from '../charts.js';
import type { CouncilReport } from '../compute.js';
import { fmt3, int, metres, ordinal, pct } from '../format.js';
import { describeRank, NATIONAL_INDICES, type NationalIndexKey } from '../national.js';
import { card, type Labels, more, type Page, SMALL_COUNT, SMALL_SHARE, table, what } from './parts.js';

/** The census sections of the report: segregation, the national benchmark, change and deprivation. */

/** Headline segregation: D, the groups, every index and the multiscalar profile. */
export function renderSegregation(r: CouncilReport, page: Page, l: Labels): void {
  const { sections, nav, glance } = page;
  const { seg, yr, geo, refName, censusData } = l;
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
}

/** The national benchmark (Census 2011): ranks nationally, in the region and among peers. */
export function renderBenchmark(r: CouncilReport, page: Page, l: Labels): void {
  const { sections, nav, glance } = page;
  const { seg, yr } = l;
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
}

/** Change since the earlier census: the seven indices and D per group, with intervals and p. */
export function renderChange(r: CouncilReport, page: Page, _l: Labels): void {
  const { sections, nav } = page;
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
}

/** Deprivation: the areas by IMD decile, their minority share and distance to green space. */
export function renderDeprivation(r: CouncilReport, page: Page, l: Labels): void {
  const { sections, nav } = page;
  const { seg } = l;
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
}
