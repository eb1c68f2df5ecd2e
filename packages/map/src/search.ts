/**
 * Finding your place: a search box over the areas' names and codes, their ward names (a
 * `ward-property`, or a column such as `WD22NM` / `ward_name`) and, when the `postcodes` attribute
 * names a lookup CSV (postcode → area code, e.g. ONS's NSPL cut to the council), postcodes. Matches
 * are offered in a native `<datalist>` (keyboard and screen-reader support from the browser) and the
 * result is announced in a status line. The index (src/searchindex.ts) is imported when the box is
 * first shown: most maps have no search box, and their pages are not served its code.
 */
import type { FeatureCollection } from 'geojson';
import { fetchBytes, readTable } from './data.js';
import type { AreaIndex } from './searchindex.js';

export type { SearchHit } from './searchindex.js';

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

/** The areas the search finds, as the element gives them. */
interface AreaInput {
  fc: FeatureCollection;
  ids: readonly string[];
  names: readonly string[];
  wardProperty: string | null;
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
  /** The areas to index (set for each new set of areas), and their index once made. */
  #areas: AreaInput | undefined;
  #index: { of: AreaInput; index: AreaIndex } | undefined;
  #module: Promise<typeof import('./searchindex.js')> | undefined;
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

  /**
   * New areas to find: codes, names and the wards of `ward-property` (or a known ward column). They
   * are indexed when the box is first shown or used.
   */
  setAreas(
    fc: FeatureCollection,
    ids: readonly string[],
    names: readonly string[],
    wardProperty: string | null,
  ): void {
    this.#areas = { fc, ids, names, wardProperty };
    this.#listed = false;
  }

  /** The index of the current areas (importing the index code the first time); undefined without areas. */
  async #indexNow(): Promise<AreaIndex | undefined> {
    if (!this.#areas) return undefined;
    if (this.#index?.of === this.#areas) return this.#index.index;
    this.#module ??= import('./searchindex.js');
    let m: typeof import('./searchindex.js');
    try {
      m = await this.#module;
    } catch (e) {
      this.#module = undefined;
      throw e;
    }
    // New areas may have come while the code loaded: index whichever are current.
    const now = this.#areas as AreaInput;
    if (this.#index?.of !== now)
      this.#index = {
        of: now,
        // The index reads a postcode lookup with the element's CSV reader (src/data.ts), passed in so
        // that its chunk shares no module with the start code (each shared module set is a file).
        index: m.areaIndex(now.fc, now.ids, now.names, now.wardProperty, async (url) =>
          readTable(await fetchBytes(url), url),
        ),
      };
    return this.#index.index;
  }

  /** Shows or hides the box (the `search` attribute) and fills its suggestions once per index. */
  render(on: boolean, postcodes: string | null, mapLabel: string | null = null): void {
    const { root, list, input } = this.#box;
    root.hidden = !on;
    // Each map's search is its own landmark: named after the map, so that two maps on one page
    // (a report has several) are told apart in a screen reader's list of landmarks.
    if (mapLabel) root.setAttribute('aria-label', `Search the map: ${mapLabel}`);
    else root.removeAttribute('aria-label');
    this.#postcodes = postcodes;
    const areas = this.#areas;
    if (!on || !areas) return;
    const label = root.querySelector('label');
    if (label) label.textContent = postcodes ? 'Find an area, ward or postcode' : 'Find an area or ward';
    if (!this.#listed) {
      this.#listed = true;
      this.#indexNow().then(
        (index) => {
          // Filled for the areas it was asked for; newer areas fill it at their own render.
          if (!index || this.#areas !== areas) return;
          list.replaceChildren(
            ...index.suggestions().map((v) => {
              const o = document.createElement('option');
              o.value = v;
              return o;
            }),
          );
        },
        () => {
          // The list is filled again at the next render; a search says why it cannot run.
          if (this.#areas === areas) this.#listed = false;
        },
      );
    }
    input.setAttribute('aria-describedby', 'help');
  }

  /**
   * Finds `query` (name, code, ward, or a postcode when a lookup file is set), selects the area (a
   * ward: its first area, the view fitted to all of them) and says what was found.
   */
  async run(query: string): Promise<void> {
    const { status } = this.#box;
    let index: AreaIndex | undefined;
    try {
      index = await this.#indexNow();
    } catch (e) {
      status.textContent = `The search could not be loaded: ${(e as Error).message}`;
      return;
    }
    if (!index || !query.trim()) {
      status.textContent = 'Type the name of an area, a ward or a postcode.';
      return;
    }
    await index.answer(query, this.#postcodes, this.#host, status);
  }
}
