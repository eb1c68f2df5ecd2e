import { groupName as short } from '../census.js';
import { barChart, escapeHtml as e, lineChart } from '../charts.js';
import type { CouncilReport } from '../compute.js';
import { fmt3, int, metres, pct } from '../format.js';
import {
  CLUSTER_MEANING,
  card,
  type Labels,
  mapTag,
  more,
  type Page,
  SMALL_COUNT,
  SMALL_SHARE,
  table,
  what,
} from './parts.js';

/** The place sections of the report: where people live, green-space access and incident hot spots. */

/** Where people live: the maps of shares, location quotients, local segregation and Gi* of the share. */
export function renderLocal(r: CouncilReport, page: Page, l: Labels): void {
  const { sections, nav } = page;
  const { seg, yr, geo, refName, censusData, att } = l;
  if (seg && r.areas) {
    nav.push(['local', 'Where people live']);
    const d = seg.single.find((x) => x.key === 'dissimilarity')!;
    const hs0 = r.hotspots;
    sections.push(`<section id="local" data-section="local">
<h2>Where people live</h2>
<p>These maps describe who lives where. They are not about crime or trouble${hs0?.burglary ? ', which is shown separately under <a href="#hotspots">where incidents cluster</a>' : ''}.</p>
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
${mapTag({ ref: 'areas', value: 'minority_lq', layer: 'segregation', label: `Location quotient of ${seg.minorityLabel} residents, by area (${geo}), Census ${yr}`, attribution: att, extra: { scheme: 'threshold', breaks: '0.5,0.8,1.25,2', midpoint: '1', 'value-label': 'Location quotient (1 = same share as the council)' } })}
${mapTag({ ref: 'areas', value: 'local_segregation', layer: 'choropleth', label: `Local segregation score (Elbers), all ${seg.byGroup.length} groups, by area (${geo}), Census ${yr}`, attribution: att, extra: { scheme: 'ckmeans', classes: '5', 'value-label': 'Local segregation score' } })}
${hs0 ? mapTag({ ref: 'areas', value: 'minority_gistar_z', layer: 'hotspots', label: `Clusters of high and low ${seg.minorityLabel} share (Getis–Ord Gi*), Census ${yr}`, attribution: att, extra: { statistic: 'gistar', 'p-property': 'minority_gistar_p', subject: 'composition', 'value-label': 'Gi* z-score of the share' } }) : ''}
</div>
${CLUSTER_MEANING}
${what(
  `The first maps show each neighbourhood's share of ${e(seg.minorityLabel)} residents${seg.largestGroup ? ` and of ${e(short(seg.largestGroup.name))} residents, the largest group after ${e(refName)} (${pct(seg.largestGroup.share, 1)} of ${e(r.council.name)}); every group's share is in <code>areas.csv</code>` : ''}. The <strong>location quotient</strong> compares it with the council-wide share (1 = same as ${e(r.council.name)}; 2 = twice as high). The <strong>local segregation score</strong> (Elbers 2023) measures how far each neighbourhood's mix of all ${seg.byGroup.length} groups is from the council's mix; weighted by population, the scores add up to the council's mutual information index M = ${fmt3(seg.multi.find((m) => m.key === 'mutualInformation')?.value ?? Number.NaN)}.${hs0 ? ` The last map shows <strong>clusters of high and low share</strong>: ${hs0.minority.hot} neighbourhoods form clusters of high ${e(seg.minorityLabel)} share and ${hs0.minority.cold} clusters of low share (Getis–Ord Gi*, 95%, ${int(r.generatedWith.permutations)} permutations, seed ${r.generatedWith.seed}), drawn in purple and orange so they are not read as the red "hot spots" of incidents.` : ''} Neighbourhood boundaries change these pictures (the modifiable areal unit problem). Each map has a search box or a data table underneath. Data: ${e(censusData)}.`,
)}
</section>`);
  }
}

/** Green-space access: the maps, the standards and the equity charts by group and minority-share band. */
export function renderAccess(r: CouncilReport, page: Page, l: Labels): void {
  const { sections, nav, glance } = page;
  const { geo, censusData, att } = l;
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
      ? `In the ${gap.focusAreas} areas where ${Math.round(ac.threshold * 100)}% or more of residents are ${e(ac.focusWord)}, people live on average ${metres(gap.focusMean)} from green space, against ${metres(gap.restMean)} elsewhere: a ratio of ${gap.ratio.toFixed(2)} (${Math.round(gap.level * 100)}% bootstrap interval ${gap.lower.toFixed(2)}–${gap.upper.toFixed(2)}).`
      : `No area reaches the ${Math.round(ac.threshold * 100)}% threshold, so no gap ratio is given.`
  } Straight-line distance understates walking distance where rivers, railways or main roads intervene; site quality is not measured. Focus areas count ${e(ac.focusDefinition)}; population: ${e(ac.populationSource)}. Data: OS Open Greenspace; ${e(censusData)}.`,
)}
</section>`);
  }
}

/** Where incidents cluster: the Gi* map, monthly counts, hot spots per period and their trends. */
export function renderHotspots(r: CouncilReport, page: Page, l: Labels): void {
  const { sections, nav, glance } = page;
  const { yr, censusData, att } = l;
  const hs = r.hotspots;
  const b = hs?.burglary;
  // Without incident data there is no section at all (it is listed under "Not in this report").
  if (hs && b && r.areas) {
    nav.push(['hotspots', 'Where incidents cluster']);
    const W = b.what.charAt(0).toUpperCase() + b.what.slice(1);
    const unit = b.periodUnit ?? 'quarter';
    const Unit = unit.charAt(0).toUpperCase() + unit.slice(1);
    glance.push(
      card(String(b.hot), `areas in a hot spot of ${b.what} (Gi*, 95%), ${b.firstMonth} to ${b.lastMonth}`),
    );
    const monthly = hs.monthly;
    const burglaryParts = `<h3>${e(W)} each month</h3>
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
)}`;
    const burglaryText = ` For ${e(b.what)}, ${int(b.incidents)} incidents were placed in areas${b.outside ? ` (${b.outside} fell outside the council's areas)` : ''} and turned into a yearly rate per 1,000 residents (Census ${e(yr)} population), smoothed by empirical Bayes so that neighbourhoods with few residents do not stand out by chance; ${b.hot} areas are hot spots and ${b.cold} cold spots over the whole period. Repeating the test for each whole ${unit} and testing each neighbourhood's trend labels new, intensifying, persistent and diminishing hot spots, so a rise after a trigger event shows up.${b.leftOut ? ` ${int(b.leftOut)} incidents in partial ${unit}s at the start or end were left out of every figure.` : ''}`;
    sections.push(`<section id="hotspots" data-section="hotspots">
<h2>Where incidents cluster</h2>
<p>This section is about where incidents were recorded, not about who lives there (see <a href="#local">where people live</a>).</p>
<div class="maps">${mapTag({ ref: 'areas', value: 'burglary_gistar_z', layer: 'hotspots', label: `Hot spots of ${b.what} (Getis–Ord Gi* of the smoothed rate per 1,000 residents), ${b.firstMonth} to ${b.lastMonth}`, attribution: att, extra: { statistic: 'gistar', 'p-property': 'burglary_gistar_p', subject: 'incidents', 'value-label': 'Gi* z-score of the burglary rate', search: '' } })}</div>
${CLUSTER_MEANING}
${burglaryParts}
${what(
  `A <strong>hot spot</strong> is a neighbourhood that, together with its neighbours (areas sharing a boundary or corner), has a higher value than chance would give: the Getis–Ord Gi* statistic, with significance from ${int(r.generatedWith.permutations)} random permutations (seed ${r.generatedWith.seed}, so the result is reproducible) at the 95% level.${burglaryText} With ${r.areas.features.length} areas tested, a few "significant" areas are expected by chance alone (multiple testing); police locations are snapped to nearby points for anonymity. Data: incident points (data.police.uk in the demo), ${e(censusData)}.`,
)}
</section>`);
  }
}
