/**
 * Finding your place: a search box over the areas' names and codes, their ward names (a
 * `ward-property`, or a column such as `WD22NM` / `ward_name`) and, when the `postcodes` attribute
 * names a lookup CSV (postcode → area code, e.g. ONS's NSPL cut to the council), postcodes. Matches
 * are offered in a native `<datalist>` (keyboard and screen-reader support from the browser) and the
 * result is announced in a status line.
 */
import type { FeatureCollection } from 'geojson';
import { fetchBytes, readTable } from './data.js';

/** What the search box finds: an area, or the areas of a ward. */
export type SearchHit =
  | { kind: 'area'; index: number; label: string }
  | { kind: 'ward'; indices: number[]; label: string };

const WARD_KEYS = ['ward_name', 'ward', 'WD24NM', 'WD23NM', 'WD22NM', 'WD21NM'];
const POSTCODE_KEYS = ['postcode', 'pcds', 'pcd', 'pcd7', 'pcd8', 'Postcode'];
const CODE_KEYS = [
  'area_code',
  'code',
  'lsoa21cd',
  'LSOA21CD',
  'lsoa11cd',
  'LSOA11CD',
  'oa21cd',
  'wd22cd',
  'WD22CD',
];

/** A UK postcode in any spacing or case ("m32 0ht", "M320HT"). */
const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/i;

/** Postcode without spaces, upper case: the key of the lookup. */
export function normalisePostcode(s: string): string {
  return s.replace(/\s+/g, '').toUpperCase();
}

/** The name column for wards among the features' properties, if any. */
export function wardKey(
  props: Record<string, unknown> | null | undefined,
  attr: string | null,
): string | undefined {
  if (attr) return attr;
  return WARD_KEYS.find((k) => props && k in props);
}

/** Index of names, codes and wards for one set of areas. */
export class AreaIndex {
  readonly #names: readonly string[];
  readonly #ids: readonly string[];
  readonly #byKey = new Map<string, SearchHit>();
  #postcodes: Map<string, string> | undefined;
  #postcodeUrl: string | undefined;

  constructor(ids: readonly string[], names: readonly string[], wards?: readonly (string | undefined)[]) {
    this.#ids = ids;
    this.#names = names;
    ids.forEach((id, i) => {
      this.#byKey.set(id.toLowerCase(), { kind: 'area', index: i, label: names[i] as string });
    });
    names.forEach((n, i) => {
      const k = n.toLowerCase();
      if (!this.#byKey.has(k)) this.#byKey.set(k, { kind: 'area', index: i, label: n });
    });
    if (wards) {
      const byWard = new Map<string, number[]>();
      wards.forEach((w, i) => {
        if (!w) return;
        const list = byWard.get(w) ?? [];
        list.push(i);
        byWard.set(w, list);
      });
      for (const [w, indices] of byWard) {
        const k = w.toLowerCase();
        if (!this.#byKey.has(k)) this.#byKey.set(k, { kind: 'ward', indices, label: `${w} ward` });
      }
    }
  }

  /** Suggestions for the datalist: every area name, then every ward, in alphabetical order. */
  suggestions(): string[] {
    const out = new Set<string>();
    for (const hit of this.#byKey.values())
      out.add(hit.kind === 'ward' ? hit.label.replace(/ ward$/, '') : hit.label);
    return [...out].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  }

  /**
   * The best match of `query`: an exact name, code or ward (any case), else the first name that starts
   * with it, else the first that contains it; undefined when nothing does.
   */
  find(query: string): SearchHit | undefined {
    const q = query.trim().toLowerCase();
    if (!q) return undefined;
    const exact = this.#byKey.get(q) ?? this.#byKey.get(q.replace(/ ward$/, ''));
    if (exact) return exact;
    for (const pass of ['start', 'contains'] as const) {
      for (const [k, hit] of this.#byKey) {
        if (pass === 'start' ? k.startsWith(q) : k.includes(q)) return hit;
      }
    }
    return undefined;
  }

  /** Whether `query` looks like a postcode (so a lookup file is worth reading). */
  static isPostcode(query: string): boolean {
    return POSTCODE.test(query.trim());
  }

  /**
   * The area holding a postcode, from the lookup CSV at `url` (read once; columns `postcode` or
   * ONS's `pcds`/`pcd`, and an area code column such as `area_code` or `lsoa21cd`). Undefined when
   * the postcode is not in the file or its area is not on this map.
   */
  async findPostcode(query: string, url: string, signal?: AbortSignal): Promise<SearchHit | undefined> {
    if (this.#postcodeUrl !== url || !this.#postcodes) {
      // The same CSV reader as data-src (@cohesion/geo's parseCsv, via src/data.ts).
      const csv = readTable(await fetchBytes(url, signal), url);
      const pc = csv.columns.find((c) => POSTCODE_KEYS.includes(c));
      const ids = new Set(this.#ids);
      let code = csv.columns.find((c) => CODE_KEYS.includes(c));
      // Without a known code column, the first column whose first value is one of the map's codes.
      code ??= csv.columns.find((c) => ids.has((csv.rows[0]?.[c] ?? '').trim()));
      if (pc === undefined || code === undefined) {
        throw Object.assign(
          new Error(`${url} needs a postcode column (postcode or pcds) and an area code column`),
          {
            code: 'MISSING_COLUMN',
            detail: { source: url },
          },
        );
      }
      const m = new Map<string, string>();
      for (const r of csv.rows) m.set(normalisePostcode(r[pc] ?? ''), (r[code] ?? '').trim());
      this.#postcodes = m;
      this.#postcodeUrl = url;
    }
    const id = this.#postcodes.get(normalisePostcode(query));
    const i = id === undefined ? -1 : this.#ids.indexOf(id);
    if (i < 0) return undefined;
    return {
      kind: 'area',
      index: i,
      label: `${this.#names[i]} (${normalisePostcode(query).replace(/(...)$/, ' $1')})`,
    };
  }
}

/** The search box's parts, built once by the element. */
export interface SearchBox {
  root: HTMLElement;
  input: HTMLInputElement;
  list: HTMLDataListElement;
  status: HTMLElement;
}

/** Builds the (hidden until enabled) search form: label, input with a datalist, button, status line. */
export function searchBox(onSearch: (query: string) => void): SearchBox {
  const root = document.createElement('form');
  root.className = 'search';
  root.setAttribute('part', 'search');
  root.setAttribute('role', 'search');
  root.hidden = true;
  const label = document.createElement('label');
  label.htmlFor = 'cm-q';
  label.textContent = 'Find an area, ward or postcode';
  const input = document.createElement('input');
  input.id = 'cm-q';
  input.type = 'search';
  input.autocomplete = 'off';
  input.setAttribute('list', 'cm-q-list');
  const list = document.createElement('datalist');
  list.id = 'cm-q-list';
  const button = document.createElement('button');
  button.type = 'submit';
  button.textContent = 'Find';
  const status = document.createElement('p');
  status.className = 'search-status';
  // A polite live region (not role=status: the map's own status line stays the first status).
  status.setAttribute('aria-live', 'polite');
  root.append(label, input, list, button, status);
  root.addEventListener('submit', (e) => {
    e.preventDefault();
    onSearch(input.value);
  });
  return { root, input, list, status };
}

/** What the search needs from the element. */
export interface SearchHost {
  /** Focus and select area i (fires `cohesion-map:select`). */
  select(i: number): void;
  /** Bring these areas into view (the first focused). */
  show(indices: number[]): void;
  /** The value of area i in words, e.g. "Share …: 43.4% (over 32% to 45%)". */
  describe(i: number): string;
  code(i: number): string;
  error(detail: { code: string; message: string; detail: Record<string, unknown> }): void;
}

/**
 * The search box of one element: built once, its index rebuilt for each set of areas, its list of
 * suggestions filled when it is first shown, and each query answered in its status line.
 */
export class SearchController {
  readonly #box: SearchBox;
  readonly #host: SearchHost;
  #index: AreaIndex | undefined;
  #listed = false;
  #postcodes: string | null = null;

  constructor(host: SearchHost) {
    this.#host = host;
    this.#box = searchBox((q) => void this.run(q));
  }

  /** The form, to place in the element's figure. */
  get root(): HTMLElement {
    return this.#box.root;
  }

  /** Indexes new areas: codes, names and the wards of `ward-property` (or a known ward column). */
  setAreas(
    fc: FeatureCollection,
    ids: readonly string[],
    names: readonly string[],
    wardProperty: string | null,
  ): void {
    const wk = wardKey(fc.features[0]?.properties, wardProperty);
    const wards = wk
      ? fc.features.map((f) => {
          const w = f.properties?.[wk];
          return w === undefined || w === null || w === '' ? undefined : String(w);
        })
      : undefined;
    this.#index = new AreaIndex(ids, names, wards);
    this.#listed = false;
  }

  /** Shows or hides the box (the `search` attribute) and fills its suggestions once per index. */
  render(on: boolean, postcodes: string | null): void {
    const { root, list, input } = this.#box;
    root.hidden = !on;
    this.#postcodes = postcodes;
    if (!on || !this.#index) return;
    const label = root.querySelector('label');
    if (label) label.textContent = postcodes ? 'Find an area, ward or postcode' : 'Find an area or ward';
    if (!this.#listed) {
      this.#listed = true;
      list.replaceChildren(
        ...this.#index.suggestions().map((v) => {
          const o = document.createElement('option');
          o.value = v;
          return o;
        }),
      );
    }
    input.setAttribute('aria-describedby', 'help');
  }

  /**
   * Finds `query` (name, code, ward, or a postcode when a lookup file is set), selects the area (a
   * ward: its first area, the view fitted to all of them) and says what was found.
   */
  async run(query: string): Promise<void> {
    const index = this.#index;
    const { status } = this.#box;
    if (!index || !query.trim()) {
      status.textContent = 'Type the name of an area, a ward or a postcode.';
      return;
    }
    let hit = index.find(query);
    const postcodes = this.#postcodes;
    if (AreaIndex.isPostcode(query) && postcodes) {
      try {
        hit = await index.findPostcode(query, new URL(postcodes, document.baseURI).href);
      } catch (e) {
        status.textContent = `The postcode list could not be read: ${(e as Error).message}`;
        this.#host.error({
          code: (e as { code?: string }).code ?? 'READ_FAILED',
          message: (e as Error).message,
          detail: { source: postcodes },
        });
        return;
      }
    }
    if (!hit) {
      status.textContent = `No area matches “${query.trim()}”.`;
      return;
    }
    const first = hit.kind === 'area' ? hit.index : (hit.indices[0] as number);
    this.#host.select(first);
    this.#host.show(hit.kind === 'area' ? [first] : hit.indices);
    status.textContent =
      hit.kind === 'area'
        ? `Found ${hit.label} (${this.#host.code(first)}). ${this.#host.describe(first)}.`
        : `Found ${hit.label}: ${hit.indices.length} areas, the first selected.`;
  }
}
