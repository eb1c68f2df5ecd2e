/**
 * The legend: one row per class (swatch, range in words, number of areas), then a row per overlay
 * drawn over the areas (green-space sites), each with the same colours and outlines as the map.
 */
import { el } from './dom.js';
import type { Styled } from './layers.js';
import { SITE_STYLE } from './palettes.js';

/** Overlays the map draws over the areas, for their legend rows. */
export interface LegendOverlays {
  /** Number of green-space sites drawn (0 or absent: no row). */
  sites?: number;
}

/**
 * Fills `container` with the legend of `s`. Swatch colours are set through the CSSOM (allowed under
 * any Content-Security-Policy, unlike `style` attributes in markup).
 */
export function renderLegend(container: HTMLElement, s: Styled, overlays: LegendOverlays = {}): void {
  const ul = el('ul');
  for (const e of s.legend) {
    const li = el('li');
    const sw = el('span', { class: `sw${e.hatch ? ' hatch' : ''}${e.outline ? ` o${e.outline}` : ''}` });
    sw.style.background = e.colour;
    sw.setAttribute('aria-hidden', 'true');
    li.append(sw, el('span', {}, e.label), el('span', { class: 'count' }, `(${e.count})`));
    ul.append(li);
  }
  if (overlays.sites) {
    const li = el('li');
    li.dataset.overlay = 'sites';
    const sw = el('span', { class: 'sw site' });
    sw.style.background = SITE_STYLE.fill;
    sw.style.borderColor = SITE_STYLE.line;
    sw.style.outlineColor = SITE_STYLE.casing;
    sw.setAttribute('aria-hidden', 'true');
    li.append(sw, el('span', {}, 'Green-space site'), el('span', { class: 'count' }, `(${overlays.sites})`));
    ul.append(li);
  }
  container.replaceChildren(el('p', { class: 'sr' }, 'Legend'), ul);
}
