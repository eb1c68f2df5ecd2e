/** The tooltip over the map: the hovered or focused area's name, value and class. */
import { el, type Point } from './dom.js';

export class Tooltip {
  readonly element: HTMLElement;
  readonly #stage: HTMLElement;

  /** A hidden tooltip (`part="tooltip"`, a polite live region) to be placed inside `stage`. */
  constructor(stage: HTMLElement) {
    this.#stage = stage;
    this.element = el('div', { class: 'tooltip', part: 'tooltip', role: 'status', 'aria-live': 'polite' });
    this.element.hidden = true;
  }

  /** Shows `text`, beside `at` when given (else where it was). */
  show(text: string, at?: Point): void {
    this.element.textContent = text;
    this.element.hidden = false;
    if (at) this.place(at.x, at.y);
  }

  hide(): void {
    this.element.hidden = true;
  }

  /** Places the tooltip above and right of (x, y), kept inside the stage. */
  place(x: number, y: number): void {
    const tooltip = this.element;
    const stage = this.#stage;
    const w = stage.clientWidth;
    tooltip.style.left = `${Math.min(Math.max(4, x + 12), Math.max(4, w - tooltip.offsetWidth - 4))}px`;
    // Kept inside the stage: a fixed (non-interactive) view may not show the focused area.
    const top = Math.min(y - tooltip.offsetHeight - 12, stage.clientHeight - tooltip.offsetHeight - 4);
    tooltip.style.top = `${Math.max(4, top)}px`;
  }
}
