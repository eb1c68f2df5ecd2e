import type { FeatureCollection } from 'geojson';
import { groupName } from '../census.js';
import { escapeHtml } from '../charts.js';
import type { CouncilReport } from '../compute.js';
import type { Finding } from '../findings.js';
import { MAP_FALLBACK } from './assets.js';

/** Shared pieces of the report's HTML: tables, map tags, the cards and the page being built. */

export const short = groupName;
export const e = escapeHtml;

/** JSON safe inside a `<script>` element. */
export function scriptJson(value: unknown): string {
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

export function mapTag(a: {
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
    .join(' ')}>${MAP_FALLBACK}</cohesion-map>`;
}

/**
 * A table with human headers, inside its own horizontally scrolling region (focusable and named, so
 * keyboard users can scroll it) so a wide table never widens the page on a phone.
 */
export function table(head: string[], rows: (string | number)[][], caption?: string): string {
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
export function more(summary: string, body: string): string {
  return `<details class="more"><summary>${e(summary)}</summary>${body}</details>`;
}

/** Groups under 1% of residents or 100 people: their indices are noisy, so they are charted apart. */
export const SMALL_SHARE = 0.01;
export const SMALL_COUNT = 100;

export function renderFinding(f: Finding): string {
  return `<li class="finding" data-finding="${e(f.id)}"><h3>${e(f.title)}</h3><p class="verdict"><span class="band band-${f.band}">${e(f.verdict)}</span></p><p>${e(f.sentence)}</p><p class="basis">Basis: ${e(f.basis)}</p></li>`;
}

export function what(text: string): string {
  return `<div class="what"><h3>What this shows</h3><p>${text}</p></div>`;
}

/** A headline figure in the "at a glance" strip. */
export function card(n: string, l: string): string {
  return `<div class="card"><div class="n">${e(n)}</div><div class="l">${e(l)}</div></div>`;
}

/** What a cluster means (and does not), shown under both the composition and the incident maps. */
export const CLUSTER_MEANING = `<div class="meaning" role="note"><h3>What a cluster does and does not mean</h3><p>A cluster is a group of neighbouring areas whose values are higher (or lower) together than chance alone would give. It says where something is concentrated. It does <strong>not</strong> say why, it does not describe every street or person in it, and it does not link one map to another: a cluster of where a group of people lives is about who lives there, a cluster of burglaries is about where burglaries were recorded, and the two are measured and shown separately.</p></div>`;

/** The page as it is built: its sections in order, the navigation and the "at a glance" cards. */
export interface Page {
  sections: string[];
  nav: [string, string][];
  glance: string[];
}

/** Labels every section takes from the input (census year, geography, reference group; nothing says 2021 unless it is). */
export interface Labels {
  seg: CouncilReport['segregation'];
  yr: string;
  geo: string;
  refName: string;
  censusData: string;
  att: string;
}

/** Reads the {@link Labels} from a report. */
export function labelsOf(r: CouncilReport): Labels {
  const seg = r.segregation;
  const yr = seg ? String(seg.year) : '';
  const geo = seg?.geography ?? 'area';
  const refName = seg ? short(seg.referenceGroup) : 'White British';
  const censusData = seg
    ? seg.layout
      ? `ONS ${seg.layout}, by ${geo}`
      : `${seg.source} (Census ${yr}), by ${geo}`
    : '';
  return { seg, yr, geo, refName, censusData, att: r.attribution };
}
