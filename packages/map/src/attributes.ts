/** The element's attributes: those it observes, those that mean reloading data, and their properties. */

/** Attributes observed and reflected as string properties (camel-cased). */
export const STRING_ATTRS = [
  'src',
  'data-src',
  'join',
  'id-property',
  'name-property',
  'value',
  'layer',
  'scheme',
  'classes',
  'breaks',
  'palette',
  'label',
  'basemap',
  'bounds',
  'interactive',
  'locale',
  'csp-nonce',
  'midpoint',
  'statistic',
  'p-property',
  'sites',
  'headline',
  'attribution',
  'renderer',
  'per',
  'measure',
  'source-layer',
  'format',
  'value-label',
  'subject',
  'postcodes',
  'search',
  'ward-property',
  'labels',
] as const;

/** Attributes whose change means loading the data again. */
export const DATA_ATTRS = new Set(['src', 'data-src', 'join', 'id-property', 'sites', 'source-layer']);

/** Attributes with typed properties of their own (number, boolean) on the element class. */
const TYPED = new Set(['classes', 'interactive', 'midpoint']);

function camel(a: string): string {
  return a.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Defines a string property (`dataSrc` for `data-src`, …) reflecting each attribute on `proto`. */
export function reflectAttributes(proto: object): void {
  for (const a of STRING_ATTRS) {
    if (TYPED.has(a)) continue;
    Object.defineProperty(proto, camel(a), {
      get(this: HTMLElement) {
        return this.getAttribute(a);
      },
      set(this: HTMLElement, v: string | null) {
        if (v === null || v === undefined) this.removeAttribute(a);
        else this.setAttribute(a, String(v));
      },
      configurable: true,
    });
  }
}
