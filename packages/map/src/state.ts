/**
 * The element's data and state controller: loads the areas (loader.ts), classifies their values
 * (values.ts), and holds what every view shows — codes, names, positions, values, classes — with the
 * hovered, focused and selected areas, and the words used for them in the tooltip, table and events.
 */
import type { FeatureCollection } from 'geojson';
import type { AreaTable } from './data.js';
import type { Styled, StyleOptions } from './layers.js';
import { indexAreas, type LoadedAreas, readAreas } from './loader.js';
import { outlineFor } from './palettes.js';
import type { PmtilesAreas } from './pmtiles.js';
import type { AttrReader, CohesionMapAreaDetail, CohesionMapResults } from './types.js';
import { classify, layerOf, ValueFormatter } from './values.js';

/** What {@link MapState.load} did: no source set, superseded by a newer load, or loaded. */
export type LoadOutcome = 'empty' | 'stale' | 'loaded';

export class MapState {
  /** Inputs given as properties: areas (`data`), results and sites (`sitesData`). */
  data: FeatureCollection | undefined;
  results: CohesionMapResults | undefined;
  sites: FeatureCollection | undefined;

  /** The areas on the map (undefined until loaded) and, for `pmtiles://`, the tiles' side. */
  features: FeatureCollection | undefined;
  pm: PmtilesAreas | undefined;
  /** The `data-src` CSV and each area's row in it. */
  table: AreaTable | undefined;
  /** Where the areas came from, for messages. */
  source = '';
  /** The sites drawn: `sitesData`, or those read from the `sites` attribute. */
  sitesLoaded: FeatureCollection | undefined;
  ids: string[] = [];
  names: string[] = [];
  xs: Float64Array = new Float64Array(0);
  ys: Float64Array = new Float64Array(0);
  order: Int32Array = new Int32Array(0);
  rank: Int32Array = new Int32Array(0);
  extents: Float64Array = new Float64Array(0);
  values: Float64Array = new Float64Array(0);
  styled: Styled | undefined;

  /** Hovered, keyboard-focused and selected area (−1 none). */
  hover = -1;
  focus = -1;
  selected = -1;

  readonly #attr: AttrReader;
  readonly #formatter = new ValueFormatter();
  #abort: AbortController | undefined;
  #token = 0;
  /** The hotspot styling, once imported (see {@link prepare}). */
  #hotspots: StyleOptions['hotspots'];

  constructor(attr: AttrReader) {
    this.#attr = attr;
  }

  /**
   * Loads the areas, CSV and sites named by the attributes (or set as properties), cancelling any
   * load under way. A code in a PMTiles CSV that no decoded tile holds is reported to `warn`.
   */
  async load(
    warn: (detail: { code: string; message: string; detail: Record<string, unknown> }) => void,
  ): Promise<LoadOutcome> {
    const token = ++this.#token;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    const attr = this.#attr;
    const read = await readAreas({ attr, data: this.data, sites: this.sites, signal: abort.signal });
    if (!read) {
      this.features = undefined;
      return 'empty';
    }
    this.sitesLoaded = read.sites;
    if (token !== this.#token) return 'stale';
    const { features: fc, pm } = read;
    this.features = fc;
    this.pm = pm;
    this.table = read.table;
    this.source = this.data ? 'data property' : (attr('src') ?? 'areas');
    if (pm?.unseen.length) {
      const more = pm.unseen.length > 5 ? ', …' : '';
      const message = `${pm.unseen.length} code(s) in ${attr('data-src')} have no area in the tiles of zoom ${pm.positionZoom}: ${pm.unseen.slice(0, 5).join(', ')}${more}`;
      console.warn(`<cohesion-map>: ${message}`);
      warn({ code: 'UNMATCHED_CODE', message, detail: { ids: pm.unseen, zoom: pm.positionZoom } });
    }
    this.#take(indexAreas(fc, pm, attr, this.source));
    this.focus = -1;
    this.selected = -1;
    return 'loaded';
  }

  #take(a: LoadedAreas): void {
    this.ids = a.ids;
    this.names = a.names;
    this.xs = a.xs;
    this.ys = a.ys;
    this.order = a.order;
    this.rank = a.rank;
    this.extents = a.extents;
  }

  /** Stops a load under way (the element left the page). */
  abort(): void {
    this.#abort?.abort();
  }

  /**
   * Loads the code the current layer needs beyond the start code: the hotspot styling (hotspots.ts)
   * for `layer="hotspots"`. Called before {@link classify}.
   */
  async prepare(): Promise<void> {
    if (layerOf(this.#attr) === 'hotspots') this.#hotspots ??= (await import('./hotspots.js')).styleHotspots;
  }

  /** Classifies the values; false when there is nothing to map yet (no `value`, no `results`). */
  classify(): boolean {
    const fc = this.features;
    if (!fc) return false;
    const c = classify(this.#attr, {
      features: fc,
      table: this.table,
      source: this.source,
      ids: this.ids,
      results: this.results,
      format: this.format,
      hotspots: this.#hotspots,
    });
    if (!c) return false;
    this.values = c.values;
    this.styled = c.styled;
    return true;
  }

  /** A value written as the `format` and `locale` attributes ask. */
  format = (x: number): string => this.#formatter.format(this.#attr, this.results, x);

  /** Fill and outline colour of every area (white and grey for no data). */
  colours(s: Styled): { fills: string[]; lines: string[] } {
    const fills = Array.from(s.classOf, (c) => (c < 0 ? '#ffffff' : (s.colours[c] as string)));
    const lines = fills.map((f, i) => ((s.classOf[i] as number) < 0 ? '#505a5f' : outlineFor(f)));
    return { fills, lines };
  }

  classLabel(i: number): string | null {
    const c = this.styled?.classOf[i] ?? -1;
    return c < 0 ? null : (this.styled?.labels[c] ?? null);
  }

  valueText(i: number): string {
    const v = this.values[i] as number;
    return Number.isNaN(v) ? 'no data' : this.format(v);
  }

  /** The detail of `select` and `hover` events. */
  areaDetail(i: number): CohesionMapAreaDetail {
    const v = this.values[i] as number;
    return {
      id: this.ids[i] as string,
      name: this.names[i] as string,
      value: Number.isNaN(v) ? null : v,
      class: this.classLabel(i),
    };
  }

  /** The tooltip's words for area i. */
  describe(i: number): string {
    const cls = this.classLabel(i);
    const label = this.#attr('value-label')?.trim();
    // With a value label the tooltip names what the number is: "Name (code). Share …: 43.4% (class)".
    if (label) {
      return `${this.names[i]} (${this.ids[i]}). ${label}: ${this.valueText(i)}${cls ? ` (${cls})` : ''}`;
    }
    return `${this.names[i]} (${this.ids[i]}): ${this.valueText(i)}${cls ? `, ${cls}` : ''}`;
  }

  /** The value's field name (with its share or quotient): the CSV's column header. */
  valueName(): string {
    const attr = this.#attr;
    const hot = attr('layer') === 'hotspots';
    const lisa = attr('statistic') === 'lisa';
    const v = attr('value') ?? (hot ? (lisa ? 'LISA quadrant' : 'Gi* z-score') : 'Value');
    const per = attr('per');
    if (!per || this.results?.values) return v;
    return attr('measure') === 'lq' ? `${v}: location quotient` : `${v}: share of ${per}`;
  }

  /** The value's name for people: `value-label`, else {@link valueName}. */
  valueLabel(): string {
    const label = this.#attr('value-label');
    return label?.trim() ? label.trim() : this.valueName();
  }

  /** The table's rows (see table.ts). */
  tableRows() {
    const label = this.#attr('label') ?? 'Map';
    const hot = layerOf(this.#attr) === 'hotspots';
    return {
      caption: `${label}: data for ${this.ids.length} areas`,
      headers: ['Area code', 'Area name', this.valueLabel(), hot ? 'Result' : 'Class'] as [
        string,
        string,
        string,
        string,
      ],
      ids: this.ids,
      names: this.names,
      values: this.values,
      classOf: this.styled?.classOf,
      classLabel: (i: number) => this.classLabel(i) ?? 'No data',
      valueText: (i: number) => this.valueText(i),
      selected: this.selected,
    };
  }

  /** The screen-reader summary: areas, range of values, classification and class counts. */
  summary(s: Styled): string {
    const label = this.#attr('label') ?? 'Map';
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of this.values) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const parts = [`${label}. ${this.ids.length} areas`];
    const what = this.#attr('value-label')?.trim() || 'values';
    if (Number.isFinite(lo)) parts.push(`${what} from ${this.format(lo)} to ${this.format(hi)}`);
    parts.push(`shown in ${s.method}`);
    const classes = s.legend.map((e) => `${e.label}: ${e.count} ${e.count === 1 ? 'area' : 'areas'}`);
    return `${parts.join(', ')}. ${classes.join('; ')}. The data table lists every area.`;
  }
}
