/**
 * The values the element maps and their classes, read from its attributes and `results` property:
 * a property column (or LISA quadrant codes), a group share or location quotient (`per`, `measure`),
 * p-values, and the classification options checked and handed to {@link styleValues}.
 */
import type { ClassScheme } from '@cohesion/geo/classify';
import { CohesionError } from '@cohesion/geo/errors';
import type { FeatureCollection } from 'geojson';
import { type AreaTable, areaValues, groupShares, resultValues } from './data.js';
import { formatter, parseFormat, resolveLocale, VALUE_FORMATS } from './format.js';
import { type LayerKind, type Styled, type StyleOptions, styleValues } from './layers.js';
import { PALETTES } from './palettes.js';
import type { AttrReader, CohesionMapResults } from './types.js';

const LAYERS: LayerKind[] = ['choropleth', 'segregation', 'access', 'hotspots'];
const SCHEMES: ClassScheme[] = ['ckmeans', 'quantile', 'equal', 'threshold'];
const LISA_CODES: Record<string, number> = { HH: 1, LH: 2, LL: 3, HL: 4, NS: 0 };

/** LISA quadrant names (`HH`, …) read as their codes; anything else as it is. */
function quadrant(raw: unknown): unknown {
  const code = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
  return code in LISA_CODES ? LISA_CODES[code] : raw;
}

/** The `layer` attribute, checked; `choropleth` when absent. */
export function layerOf(attr: AttrReader): LayerKind {
  const l = attr('layer') as LayerKind | null;
  if (l && !LAYERS.includes(l)) {
    throw new CohesionError('INVALID_ARGUMENT', `unknown layer "${l}"; use one of ${LAYERS.join(', ')}`, {
      value: l,
    });
  }
  return l ?? 'choropleth';
}

/** Writes values as the `format` and `locale` attributes ask (src/format.ts); shares default to %. */
export class ValueFormatter {
  #key = '';
  #fn: (x: number) => string = (x) => String(x);

  format(attr: AttrReader, results: CohesionMapResults | undefined, x: number): string {
    const a = attr('format');
    const kind = parseFormat(a);
    const shares = attr('per') && attr('measure') !== 'lq' && !results?.values;
    const k = kind === 'invalid' ? 'number' : a === null && shares ? 'percent' : kind;
    const locale = resolveLocale(attr('locale'));
    const key = `${k}|${locale}`;
    if (key !== this.#key) {
      this.#key = key;
      this.#fn = formatter(k, locale);
    }
    return this.#fn(x);
  }
}

/**
 * The centre of a diverging palette when none is set: 1 for location quotients, and 0 for values of
 * both signs (z-scores, changes) unless a sequential palette was asked for — a sequential ramp
 * would make "below zero" and "above zero" look like degrees of one thing.
 */
function defaultMidpoint(attr: AttrReader, values: Float64Array): number | undefined {
  if (attr('measure') === 'lq' && attr('per')) return 1;
  const palette = attr('palette');
  if (palette && PALETTES[palette.toLowerCase()]?.kind !== 'diverging') return undefined;
  let neg = false;
  let pos = false;
  for (const v of values) {
    if (v < 0) neg = true;
    else if (v > 0) pos = true;
  }
  return neg && pos ? 0 : undefined;
}

/** The `midpoint` attribute as a number, or null when absent or not a number. */
export function midpointOf(attr: AttrReader): number | null {
  const m = attr('midpoint');
  return m === null || m.trim() === '' || !Number.isFinite(Number(m)) ? null : Number(m);
}

/** What {@link classify} reads besides the attributes. */
export interface ClassifyInput {
  features: FeatureCollection;
  /** The `data-src` CSV: its columns are read from its cells (errors name the CSV row). */
  table: AreaTable | undefined;
  /** Where the areas came from, for messages about their properties. */
  source: string;
  ids: readonly string[];
  results: CohesionMapResults | undefined;
  format: (x: number) => string;
  /** The hotspot styling (hotspots.ts), loaded before a hotspot layer is classified (MapState.prepare). */
  hotspots?: StyleOptions['hotspots'];
}

/** The mapped values and their styling; undefined when there is nothing to map yet (no `value`, no `results`). */
export function classify(
  attr: AttrReader,
  o: ClassifyInput,
): { values: Float64Array; styled: Styled } | undefined {
  const layer = layerOf(attr);
  const statistic = attr('statistic') === 'lisa' ? 'lisa' : 'gistar';
  const valueAttr = attr('value');
  // Every number goes through @cohesion/geo's rules (src/data.ts): numericValues, checkSingleGroup,
  // locationQuotient; classification below through classifyValues (layers.ts).
  const column = (name: string, lisa: boolean) =>
    areaValues(o.features, name, o.ids, o.table, o.source, lisa ? quadrant : undefined);
  const results = o.results;
  let values = results?.values ? resultValues(results.values, o.ids, 'values') : undefined;
  if (!values) {
    if (!valueAttr) return undefined;
    values = column(valueAttr, layer === 'hotspots' && statistic === 'lisa');
    const per = attr('per');
    if (per) {
      const cols = { group: valueAttr, total: per };
      values = groupShares(values, column(per, false), o.ids, cols, attr('measure') === 'lq');
    }
  }
  let p = results?.p ? resultValues(results.p, o.ids, 'p') : undefined;
  const pProp = attr('p-property');
  if (!p && pProp) p = column(pProp, false);
  const format = attr('format');
  if (parseFormat(format) === 'invalid') {
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `unknown format "${format}"; use one of ${VALUE_FORMATS.join(', ')}`,
      {
        value: format,
      },
    );
  }
  const scheme = attr('scheme') as ClassScheme | null;
  if (scheme && !SCHEMES.includes(scheme)) {
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `unknown scheme "${scheme}"; use one of ${SCHEMES.join(', ')}`,
      {
        value: scheme,
      },
    );
  }
  const breaksAttr = attr('breaks');
  const breaks = breaksAttr
    ? breaksAttr
        .split(/[\s,;]+/)
        .filter(Boolean)
        .map(Number)
    : undefined;
  const classesAttr = attr('classes');
  const styled = styleValues(values, {
    layer,
    scheme: scheme ?? undefined,
    classes: classesAttr ? Number(classesAttr) : undefined,
    breaks,
    palette: attr('palette') ?? undefined,
    midpoint: midpointOf(attr) ?? defaultMidpoint(attr, values),
    statistic,
    p,
    subject: attr('subject') === 'composition' ? 'composition' : 'incidents',
    format: o.format,
    hotspots: o.hotspots,
  });
  return { values, styled };
}
