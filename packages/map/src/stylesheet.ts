/**
 * The element's styles under any Content-Security-Policy. A `<style>` element is blocked by
 * `style-src 'self'` unless it carries the page's nonce, which a web editor pasting the tag into a
 * CMS cannot know; a constructable stylesheet adopted by the shadow root is CSSOM, which CSP does not
 * govern, so it applies everywhere `adoptedStyleSheets` exists (Chromium 73+, Firefox 101+, Safari
 * 16.4+). Older browsers fall back to a `<style>` element (with `csp-nonce` when given), and
 * {@link stylesApplied} tells the element when that was blocked, so it can say so.
 */

/** One parsed sheet per CSS text, shared by every element on the page. */
const sheets = new Map<string, CSSStyleSheet>();

function constructable(): boolean {
  return (
    typeof CSSStyleSheet !== 'undefined' &&
    'replaceSync' in CSSStyleSheet.prototype &&
    typeof ShadowRoot !== 'undefined' &&
    'adoptedStyleSheets' in ShadowRoot.prototype
  );
}

/**
 * Adds `css` to the shadow root, after the sheets already there or, with `first`, before them (a
 * library's base CSS that the element's own rules override).
 */
export function adoptStyles(root: ShadowRoot, css: string, nonce: string | null, first = false): void {
  if (constructable()) {
    let sheet = sheets.get(css);
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      sheets.set(css, sheet);
    }
    const now = root.adoptedStyleSheets;
    if (!now.includes(sheet)) root.adoptedStyleSheets = first ? [sheet, ...now] : [...now, sheet];
    return;
  }
  const s = document.createElement('style');
  if (nonce) s.setAttribute('nonce', nonce);
  s.textContent = css;
  root.prepend(s);
}

/**
 * True when the element's own rules are in force, tested on an element they hide visually (`.sr`,
 * absolutely positioned): a blocked stylesheet leaves it `static`. False too when the probe is not
 * rendered (display: none), so call it only for a displayed element.
 */
export function stylesApplied(probe: Element): boolean {
  return getComputedStyle(probe).position === 'absolute';
}

/**
 * Throws `STYLE_BLOCKED` when `host` is displayed but its stylesheet is not in force (a
 * Content-Security-Policy blocked the fallback `<style>`): the map would float in blank space with
 * its screen-reader text showing, so the element says why instead. The visually hidden texts are
 * hidden outright (the `hidden` attribute needs no stylesheet).
 */
export function checkStyles(host: HTMLElement, hiddenTexts: HTMLElement[]): void {
  const first = hiddenTexts[0];
  if (host.getClientRects().length === 0 || !first || stylesApplied(first)) return;
  for (const t of hiddenTexts) t.hidden = true;
  // An element-level code (not a data error): CohesionErrorCode lists the library's input errors.
  throw Object.assign(
    new Error(
      "the page's Content-Security-Policy blocked the map's styles. Set the csp-nonce attribute to " +
        "the page's style nonce, or use a browser that supports constructable stylesheets",
    ),
    { code: 'STYLE_BLOCKED', detail: { nonce: host.getAttribute('csp-nonce') !== null } },
  );
}
