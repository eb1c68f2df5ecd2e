/** Small DOM and timing helpers shared by the element's views. */

/** A new element with attributes and, when given, text content. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Performance marks (`cohesion-map:data`, `…:idle`, …) for profiling in the browser's tools. */
export function mark(name: string): void {
  performance.mark(`cohesion-map:${name}`);
}

/**
 * Resolves once the next frame has been produced (or after 100 ms where frames are paused, e.g. a
 * background tab). MapLibre's start-up runs in long main-thread tasks; yielding before each lets the
 * preview be painted and a click on it be answered first instead of waiting behind them.
 */
export function afterNextFrame(): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const go = () => {
      if (done) return;
      done = true;
      resolve();
    };
    requestAnimationFrame(() => setTimeout(go, 0));
    setTimeout(go, 100);
  });
}

/** A point in CSS pixels relative to the map box. */
export interface Point {
  x: number;
  y: number;
}
