/**
 * The element's shadow DOM: caption with headline, screen-reader summary and help, search box, the
 * stage (map box, place labels, loading / error placeholder, tooltip), legend, attribution line and
 * data table; and the words of the attribution line.
 */
import type * as MapLibre from 'maplibre-gl';
import { el } from './dom.js';
import { renderLegend } from './legend.js';
import type { SearchController } from './search.js';
import type { MapState } from './state.js';
import type { TableView } from './table.js';
import { Tooltip } from './tooltip.js';
import type { AttrReader } from './types.js';

/** The parts of the shadow DOM the element updates. */
export interface Parts {
  caption: HTMLElement;
  headline: HTMLElement;
  summary: HTMLElement;
  help: HTMLElement;
  stage: HTMLElement;
  /** The map box (`part="map"`): the WebGL map or the drawing standing in for it. */
  map: HTMLElement;
  /** Place labels over the map (src/labels.ts). */
  labels: HTMLElement;
  placeholder: HTMLElement;
  status: HTMLElement;
  show: HTMLButtonElement;
  tooltip: Tooltip;
  legend: HTMLElement;
  attribution: HTMLElement;
  table: TableView;
}

/** Builds the shadow DOM in `root` around the search box and the table. */
export function buildParts(root: ShadowRoot, search: HTMLElement, table: TableView): Parts {
  const figure = el('figure');
  const caption = el('figcaption', { class: 'caption', id: 'cap' });
  const headline = el('span', { class: 'headline' });
  const summary = el('p', { class: 'sr', id: 'sum' });
  const help = el(
    'p',
    { class: 'sr', id: 'help' },
    'Use the arrow keys to move between areas, Enter to select an area and Escape to clear. ' +
      'The data table after the map lists every area.',
  );
  const stage = el('div', { class: 'stage' });
  const map = el('div', { class: 'map', part: 'map', role: 'application', 'aria-describedby': 'sum help' });
  map.hidden = true;
  const placeholder = el('div', { class: 'placeholder' });
  const status = el('p', { class: 'status', role: 'status' }, 'Loading map data…');
  const show = el('button', { type: 'button', class: 'show' }, 'Show map');
  show.hidden = true;
  placeholder.append(status, show);
  const tooltip = new Tooltip(stage);
  const labels = el('div', { class: 'labels', 'aria-hidden': 'true' });
  stage.append(map, labels, placeholder, tooltip.element);
  const legend = el('div', { class: 'legend', part: 'legend' });
  const attribution = el('p', { class: 'attribution' });
  caption.append(el('span', { class: 'label' }), headline);
  figure.append(caption, summary, help, search, stage, legend, attribution, table.details);
  root.append(figure);
  return {
    caption,
    headline,
    summary,
    help,
    stage,
    map,
    labels,
    placeholder,
    status,
    show,
    tooltip,
    legend,
    attribution,
    table,
  };
}

const DEFAULT_ATTRIBUTION =
  'Contains National Statistics data © Crown copyright and database right; Contains OS data © Crown ' +
  'copyright and database right; Contains public sector information licensed under the Open Government ' +
  'Licence v3.0.';

/**
 * The `attribution` strings of a map style's sources, as plain text: MapLibre styles give them as HTML
 * (`<a href…>© OpenStreetMap contributors</a>`), which is parsed in an inert document (no scripts run,
 * nothing is fetched) and only its text kept, so a hostile style cannot inject markup.
 */
export function basemapCredits(map: MapLibre.Map | undefined): string[] {
  const sources = map?.getStyle()?.sources ?? {};
  const out: string[] = [];
  for (const src of Object.values(sources)) {
    const html = (src as { attribution?: unknown }).attribution;
    if (typeof html !== 'string' || !html.trim()) continue;
    const text = (new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '')
      .replace(/\s+/g, ' ')
      .trim();
    if (text && !out.includes(text)) out.push(text);
  }
  return out;
}

/** The attribution line: the `attribution` attribute (or the ONS/OS/OGL statement), then the basemap's. */
export function attributionText(attribute: string | null, credits: readonly string[]): string {
  const own = attribute ?? DEFAULT_ATTRIBUTION;
  return [own, ...credits.filter((c) => !own.includes(c))].join(' ');
}

/**
 * The views beside the map, for the classified values: headline, summary, legend, search box and
 * table; and, while the map is not up, the placeholder saying when it comes.
 */
export function renderViews(
  parts: Parts,
  st: MapState,
  search: SearchController,
  attr: AttrReader,
  map: { view: { ready: boolean }; loading: boolean },
): void {
  const s = st.styled;
  if (!s) return;
  const { headline, summary, legend, status, placeholder, show, table } = parts;
  const head = st.results?.headline ?? attr('headline');
  headline.textContent = head ?? '';
  headline.hidden = !head;
  summary.textContent = st.summary(s);
  renderLegend(legend, s, { sites: st.sitesLoaded?.features.length ?? 0 });
  const searchAttr = attr('search');
  search.render(searchAttr !== null && searchAttr !== 'false', attr('postcodes'), attr('label'));
  table.render(() => st.tableRows());
  status.className = 'status';
  status.setAttribute('role', 'status');
  if (!map.view.ready) {
    placeholder.hidden = false;
    status.textContent = map.loading ? 'Loading map…' : 'The map loads when it scrolls into view.';
    show.hidden = map.loading;
  }
}
