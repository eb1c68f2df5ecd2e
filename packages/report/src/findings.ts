/**
 * Key findings in plain English: for each headline a sentence a resident can read and a verdict band
 * (low / moderate / high) with the basis it was judged on, so the report opens with what the numbers
 * mean before any index table. Bands and their sources:
 * - segregation: the conventional bands for the index of dissimilarity, D < 0.3 low, 0.3–0.6
 *   moderate, > 0.6 high (Massey & Denton 1988; Massey, White & Phua 1996);
 * - comparison with other councils: the council's D rank in thirds of all councils of England and
 *   Wales (2011);
 * - green-space gap: whether the 95% bootstrap interval of the distance ratio (neighbourhoods at or
 *   above the LGA's 40% non-White threshold vs the rest) excludes 1, and a ratio of 1.25 or more as
 *   high (this report's threshold: no national standard exists);
 * - burglary hot spots: the share of neighbourhoods in hot spots against the ≈ 2.5% a 95% test flags
 *   by chance (up to 5% low, up to 15% moderate, above high: this report's thresholds).
 */
import { groupName } from './census.js';
import type { CouncilReport } from './compute.js';
import { pct, rankShare } from './format.js';
import { ranksBelow } from './national.js';

/** A verdict band. */
export type Band = 'low' | 'moderate' | 'high';

/** One key finding. */
export interface Finding {
  /** Section it summarises (`segregation`, `benchmark`, `access`, `hotspots`). */
  id: string;
  /** Short heading, e.g. "Where people live". */
  title: string;
  /** One or two plain sentences. */
  sentence: string;
  band: Band;
  /** The band in words, e.g. "Moderate segregation". */
  verdict: string;
  /** What the band is based on, with the figure and the convention. */
  basis: string;
}

const d3 = (v: number) => v.toFixed(2);

/** Band of an index of dissimilarity (Massey & Denton's conventional cut-offs). */
export function dissimilarityBand(d: number): Band {
  return d < 0.3 ? 'low' : d <= 0.6 ? 'moderate' : 'high';
}

/** The report's key findings, in the order of its sections; empty when it has none of them. */
export function keyFindings(r: CouncilReport): Finding[] {
  const out: Finding[] = [];
  const name = r.council.name;
  const seg = r.segregation;
  if (seg) {
    const d = seg.single.find((x) => x.key === 'dissimilarity');
    if (d && Number.isFinite(d.value)) {
      const band = dissimilarityBand(d.value);
      const how = {
        low: 'mostly in the same',
        moderate: 'partly in different',
        high: 'largely in different',
      }[band];
      out.push({
        id: 'segregation',
        title: 'Where people live',
        sentence:
          `Residents who are ${seg.minorityLabel} (${pct(seg.minorityShare)} of ${name}) and ${groupName(seg.referenceGroup)} residents live ${how} neighbourhoods. ` +
          `About ${pct(d.value)} of either group would have to move home for every neighbourhood to have the same mix (Census ${seg.year}, ${seg.geography}).`,
        band,
        verdict: `${band[0]!.toUpperCase()}${band.slice(1)} segregation`,
        basis: `Index of dissimilarity D = ${d3(d.value)}; conventional bands: below 0.3 low, 0.3 to 0.6 moderate, above 0.6 high (Massey & Denton 1988).`,
      });
    }
  }
  const nb = r.national;
  if (nb) {
    const rank = nb.national.dissimilarity;
    // The same count and rounding as the benchmark section's sentence (describeRank).
    const above = rankShare(ranksBelow(rank), Math.max(0, rank.of - 1));
    const band: Band =
      rank.rank <= rank.of / 3 ? 'high' : rank.rank <= (2 * rank.of) / 3 ? 'moderate' : 'low';
    out.push({
      id: 'benchmark',
      title: 'Compared with other councils',
      sentence:
        rank.rank === 1 && !rank.tied
          ? `${nb.council} is the most segregated of the ${rank.of} councils in England and Wales (Census 2011).`
          : rank.rank === rank.of
            ? `${nb.council} is the least segregated of the ${rank.of} councils in England and Wales (Census 2011).`
            : `${nb.council} is more segregated than about ${above}% of the other ${rank.of - 1} councils in England and Wales (Census 2011).`,
      band,
      verdict: `${band[0]!.toUpperCase()}${band.slice(1)} compared with other councils`,
      basis: `Ranked ${rank.rank} of ${rank.of} by the index of dissimilarity (White British vs everyone else); bands are thirds of all councils.`,
    });
  }
  const ac = r.access;
  if (ac) {
    const angst = ac.shareMeeting.find((s) => s.key === 'angst_2ha_300m');
    const g = ac.gap;
    const share = angst?.shareOfPopulation;
    const has = share !== null && share !== undefined && Number.isFinite(share);
    const first = has
      ? `${pct(share!)} of residents live within 300 m of a green space of 2 hectares or more.`
      : '';
    // The access section's own measure and word for it ("non-White", or "not White British" when the
    // table does not say which groups are White): not "minority ethnic", which would include White minorities.
    const focus = `neighbourhoods where ${Math.round(ac.threshold * 100)}% or more of residents are ${ac.focusWord}`;
    if (g && g.focusAreas > 0 && Number.isFinite(g.ratio)) {
      const clear = g.lower > 1 || g.upper < 1;
      const band: Band = !clear || g.ratio < 1 ? 'low' : g.ratio < 1.25 ? 'moderate' : 'high';
      const gapText = !clear
        ? `Residents of ${focus} live about as far from green space as everyone else.`
        : g.ratio > 1
          ? `Residents of ${focus} live on average ${pct(g.ratio - 1)} further from green space than others.`
          : `Residents of ${focus} live on average ${pct(1 - g.ratio)} closer to green space than others.`;
      out.push({
        id: 'access',
        title: 'Green space',
        sentence: `${first} ${gapText}`.trim(),
        band,
        verdict: band === 'low' ? 'Low: no clear gap' : band === 'moderate' ? 'Moderate gap' : 'High gap',
        basis: `Ratio of average distances ${g.ratio.toFixed(2)} (${Math.round(g.level * 100)}% interval ${g.lower.toFixed(2)} to ${g.upper.toFixed(2)}); low when the interval includes 1 or the ratio is below 1, high from 1.25 (this report's threshold).`,
      });
    } else if (has) {
      out.push({
        id: 'access',
        title: 'Green space',
        sentence: first,
        band: share! >= 0.75 ? 'low' : share! >= 0.5 ? 'moderate' : 'high',
        verdict: share! >= 0.75 ? 'Low shortfall' : share! >= 0.5 ? 'Moderate shortfall' : 'High shortfall',
        basis: `Share meeting Natural England's ANGSt 2 ha / 300 m standard; 75% or more low shortfall, under 50% high (this report's bands).`,
      });
    }
  }
  const b = r.hotspots?.burglary;
  const n = r.areas?.features.length ?? 0;
  if (b && n > 0) {
    const share = b.hot / n;
    const band: Band = share <= 0.05 ? 'low' : share <= 0.15 ? 'moderate' : 'high';
    out.push({
      id: 'hotspots',
      title: `Where ${b.what} cluster`,
      sentence:
        `${b.hot} of ${n} neighbourhoods (${pct(share, 1)}) are in hot spots of ${b.what}, ${b.firstMonth} to ${b.lastMonth}: ` +
        'places where their rates are high together with their neighbours, more than chance would give.',
      band,
      verdict: `${band[0]!.toUpperCase()}${band.slice(1)} clustering`,
      basis: `Getis–Ord Gi* at 95% confidence flags about 2.5% of neighbourhoods as hot by chance; up to 5% low, up to 15% moderate, above that high (this report's bands).`,
    });
  }
  return out;
}
