/**
 * The search box's index (src/search.ts): the areas' names and codes, their ward names (a
 * `ward-property`, or a column such as `WD22NM` / `ward_name`) and postcodes from a lookup CSV (the
 * `postcodes` attribute). Imported only when a map shows its search box, so pages without one are
 * not served it.
 */
import type { Table } from '@cohesion/geo/tables';
import type { FeatureCollection } from 'geojson';
import type { SearchHost } from './search.js';

/** Reads a CSV file (the postcode lookup) into a table. */
export type ReadCsv = (url: string) => Promise<Table>;

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
  readonly #read: ReadCsv;

  constructor(
    ids: readonly string[],
    names: readonly string[],
    wards: readonly (string | undefined)[] | undefined,
    read: ReadCsv,
  ) {
    this.#read = read;
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
  isPostcode(query: string): boolean {
    return POSTCODE.test(query.trim());
  }

  /**
   * The area holding a postcode, from the lookup CSV at `url` (read once; columns `postcode` or
   * ONS's `pcds`/`pcd`, and an area code column such as `area_code` or `lsoa21cd`). Undefined when
   * the postcode is not in the file or its area is not on this map.
   */
  async findPostcode(query: string, url: string): Promise<SearchHit | undefined> {
    if (this.#postcodeUrl !== url || !this.#postcodes) {
      // The same CSV reader as data-src (@cohesion/geo's parseCsv, via src/data.ts).
      const csv = await this.#read(url);
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

  /**
   * Answers a search of the box: finds `query` (name, code, ward, or a postcode when the lookup file
   * `postcodes` is set), selects the area (a ward: its first area, the view fitted to all of them)
   * and says in `status` what was found.
   */
  async answer(
    query: string,
    postcodes: string | null,
    host: SearchHost,
    status: HTMLElement,
  ): Promise<void> {
    let hit = this.find(query);
    if (this.isPostcode(query) && postcodes) {
      try {
        hit = await this.findPostcode(query, new URL(postcodes, document.baseURI).href);
      } catch (e) {
        status.textContent = `The postcode list could not be read: ${(e as Error).message}`;
        host.error({
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
    host.select(first);
    host.show(hit.kind === 'area' ? [first] : hit.indices);
    status.textContent =
      hit.kind === 'area'
        ? `Found ${hit.label} (${host.code(first)}). ${host.describe(first)}.`
        : `Found ${hit.label}: ${hit.indices.length} areas, the first selected.`;
  }
}

/** The index of one set of areas: codes, names and the wards of `wardProperty` (or a known ward column). */
export function areaIndex(
  fc: FeatureCollection,
  ids: readonly string[],
  names: readonly string[],
  wardProperty: string | null,
  read: ReadCsv,
): AreaIndex {
  const wk = wardKey(fc.features[0]?.properties, wardProperty);
  const wards = wk
    ? fc.features.map((f) => {
        const w = f.properties?.[wk];
        return w === undefined || w === null || w === '' ? undefined : String(w);
      })
    : undefined;
  return new AreaIndex(ids, names, wards, read);
}
