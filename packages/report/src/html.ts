import type { FeatureCollection } from 'geojson';
import { renderAlertsSection } from './alerts.js';
import type { CouncilReport } from './compute.js';
import { keyFindings } from './findings.js';
import { int } from './format.js';
import { ASSET_FILES, REPORT_SCRIPT } from './html/assets.js';
import {
  renderBenchmark,
  renderChange,
  renderDeprivation,
  renderSegregation,
} from './html/census-sections.js';
import { CSS } from './html/css.js';
import {
  card,
  e,
  labelsOf,
  type Page,
  renderFinding,
  roundCoordinates,
  scriptJson,
  table,
} from './html/parts.js';
import { renderAccess, renderHotspots, renderLocal } from './html/place-sections.js';
import { renderSurveySection, surveyGlance } from './survey.js';

export { roundCoordinates } from './html/parts.js';

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
  /**
   * `files` (what {@link writeReport} writes by default): the stylesheet, the page script and the
   * map element are linked as files beside the page ({@link ASSET_FILES}), so the page runs under
   * a strict Content-Security-Policy. `inline` (default here): one self-contained document, which
   * a strict CSP blocks (it needs 'unsafe-inline').
   */
  assets?: 'inline' | 'files';
}

/**
 * The official download pages of the sources that have one, as a sentence; empty when none has
 * (the user's own files have no page, so they are left out rather than listed as "…: ").
 */
export function downloadPages(sources: CouncilReport['sources']): string {
  const pages = [...new Set(sources.filter((s) => s.url.trim()).map((s) => `${s.publisher}: ${s.url}`))];
  return pages.length ? `<p class="note">Official download pages: ${pages.map(e).join('; ')}.</p>` : '';
}

/**
 * What the report covers from open data, for its subtitle: only the sections it has, e.g.
 * "Segregation, green-space access, hot spots of burglaries and early warning" or just "Segregation"
 * (a residents' survey is the council's own data and has its own section).
 */
export function contentsLine(r: CouncilReport): string {
  const parts: string[] = [];
  if (r.segregation || r.national || r.change) parts.push('segregation');
  if (r.access && r.areas) parts.push('green-space access');
  if (r.deprivation) parts.push('deprivation');
  if (r.hotspots?.burglary && r.areas) parts.push(`hot spots of ${r.hotspots.burglary.what}`);
  if (r.alerts) parts.push('early warning');
  if (!parts.length) return 'Cohesion measures';
  const list = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return list.charAt(0).toUpperCase() + list.slice(1);
}

/**
 * Renders the report as an HTML document: static SVG charts drawn with d3 scales, `<cohesion-map>`
 * elements whose data are in the page as JSON blocks, and a plain-English "What this shows" note
 * per section. The CSS, the page script and the element's code (when `options.mapScript` is given)
 * are inlined or linked as files beside the page (`options.assets`). No external URL is loaded: it
 * opens from disk with no server and no internet.
 */
export function renderReportHtml(r: CouncilReport, options: RenderOptions = {}): string {
  const page: Page = { sections: [], nav: [], glance: [] };
  const { sections, nav, glance } = page;
  const findings = keyFindings(r);
  const att = r.attribution;
  const l = labelsOf(r);
  for (const render of [
    renderSegregation,
    renderBenchmark,
    renderChange,
    renderDeprivation,
    renderLocal,
    renderAccess,
    renderHotspots,
  ])
    render(r, page, l);

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
${downloadPages(r.sources)}
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
${sites ? `<script type="application/json" id="cohesion-sites">${scriptJson(sites)}</script>` : ''}`
    : '';
  const files = options.assets === 'files';
  const inline = (code: string): string => `<script>${code.replace(/<\/script/gi, '<\\/script')}</script>`;
  const mapScript = options.mapScript
    ? files
      ? `<script src="${ASSET_FILES.map}"></script>`
      : inline(options.mapScript)
    : '';
  const pageScript = files ? `<script src="${ASSET_FILES.script}"></script>` : inline(REPORT_SCRIPT);
  const style = files ? `<link rel="stylesheet" href="${ASSET_FILES.css}">` : `<style>${CSS}</style>`;

  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(r.title)}</title>
${style}
</head>
<body>
<header>
<h1>${e(r.title)}</h1>
${findings.length ? `<section id="key-findings" aria-labelledby="kf-h" data-section="key-findings"><h2 id="kf-h">Key findings</h2><ul class="findings">${findings.map(renderFinding).join('')}</ul></section>` : ''}
<p class="sub">${r.council.code ? `${e(r.council.code)} · ` : ''}${e(contentsLine(r))} from open data${r.dataset ? ` (dataset <code>${e(r.dataset)}</code>)` : ''}.</p>
<div class="glance" id="at-a-glance">${glance.join('')}</div>
${r.notes.length ? `<div class="notes" role="note">${r.notes.map((n) => `<p>${e(n)}</p>`).join('')}</div>` : ''}
<nav aria-label="Sections"><ul>${nav.map(([id, label]) => `<li><a href="#${id}">${e(label)}</a></li>`).join('')}</ul></nav>
</header>
<main>
${sections.join('\n')}
</main>
<footer><p>${e(r.attribution)}</p></footer>
${dataScripts}
${mapScript}
${pageScript}
</body>
</html>
`;
}
