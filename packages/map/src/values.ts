/**
 * The values the element maps and their classes, read from its attributes and `results` property:
 * a property column (or LISA quadrant codes), a group share or location quotient (`per`, `measure`),
 * p-values, and the classification options checked and handed to {@link styleValues}.
 */
import { type ClassScheme, CohesionError } from '@cohesion/geo';
import type { FeatureCollection } from 'geojson';
import { numericValue } from './data.js';
import { formatter, parseFormat, resolveLocale, VALUE_FORMATS } from './format.js';
import { type LayerKind, type Styled, styleValues } from './layers.js';
import { PALETTES } from './palettes.js';
import type { AttrReader, CohesionMapResults } from './types.js';

const LAYERS: LayerKind[] = ['choropleth', 'segregation', 'access', 'hotspots'];
const SCHEMES: ClassScheme[] = ['ckmeans', 'quantile', 'equal', 'threshold'];
const LISA_CODES: Record<string, number> = { HH: 1, LH: 2, LL: 3, HL: 4, NS: 0 };

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

/** `results.values` or `results.p` per area: in feature order, or keyed by code. */
function byArea(
  v: ArrayLike<number> | Record<string, number> | undefined,
  what: string,
  ids: readonly string[],
): Float64Array | undefined {
  if (!v) return undefined;
  const n = ids.length;
  const out = new Float64Array(n).fill(Number.NaN);
  if (typeof (v as ArrayLike<number>).length === 'number') {
    const a = v as ArrayLike<number>;
    if (a.length !== n) {
      throw new CohesionError('LENGTH_MISMATCH', `results.${what} has ${a.length} values for ${n} areas`, {
        value: a.length,
      });
    }
    for (let i = 0; i < n; i++) out[i] = numericValue(a[i], ids[i] as string, what, i);
  } else {
    const rec = v as Record<string, number>;
    const index = new Map(ids.map((id, i) => [id, i]));
    for (const [id, x] of Object.entries(rec)) {
      const i = index.get(id);
      if (i === undefined) {
        throw new CohesionError('UNMATCHED_CODE', `results.${what}: code ${id} matches no area`, { id });
      }
      out[i] = numericValue(x, id, what, i);
    }
  }
  return out;
}

/** A numeric property of every area (LISA quadrant names such as `HH` read as their codes). */
function column(fc: FeatureCollection, ids: readonly string[], name: string, lisa: boolean): Float64Array {
  if (!fc.features.some((f) => f.properties && name in f.properties)) {
    throw new CohesionError('MISSING_PROPERTY', `no area has the property "${name}"`, { column: name });
  }
  return Float64Array.from(fc.features, (f, i) => {
    let raw = f.properties?.[name];
    if (lisa && typeof raw === 'string' && raw.trim().toUpperCase() in LISA_CODES) {
      raw = LISA_CODES[raw.trim().toUpperCase()];
    }
    return numericValue(raw, ids[i] as string, name, i);
  });
}

/**
 * Group share x_i / t_i (`per` names the total), or with `lq` the location quotient
 * (x_i / t_i) / (X / T) with X, T summed over areas that have both counts (Isard 1960). Areas with
 * t_i = 0 have no data; a count above its total is an error naming the area.
 */
function shares(x: Float64Array, t: Float64Array, per: string, ids: readonly string[], lq: boolean) {
  const out = new Float64Array(x.length);
  let X = 0;
  let T = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number;
    const ti = t[i] as number;
    if (Number.isNaN(xi) || Number.isNaN(ti) || ti === 0) {
      out[i] = Number.NaN;
      continue;
    }
    if (xi < 0 || ti < 0) {
      throw new CohesionError('NEGATIVE_COUNT', `area ${ids[i]}: negative count`, { id: ids[i], feature: i });
    }
    if (xi > ti) {
      throw new CohesionError('GROUP_EXCEEDS_TOTAL', `area ${ids[i]}: ${xi} is more than its ${per} ${ti}`, {
        id: ids[i],
        feature: i,
        column: per,
      });
    }
    out[i] = xi / ti;
    X += xi;
    T += ti;
  }
  if (lq) {
    const P = X / T;
    for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / P;
  }
  return out;
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
  ids: readonly string[];
  results: CohesionMapResults | undefined;
  format: (x: number) => string;
}

/** The mapped values and their styling; undefined when there is nothing to map yet (no `value`, no `results`). */
export function classify(
  attr: AttrReader,
  o: ClassifyInput,
): { values: Float64Array; styled: Styled } | undefined {
  const layer = layerOf(attr);
  const statistic = attr('statistic') === 'lisa' ? 'lisa' : 'gistar';
  const valueAttr = attr('value');
  let values = byArea(o.results?.values, 'values', o.ids);
  if (!values) {
    if (!valueAttr) return undefined;
    values = column(o.features, o.ids, valueAttr, layer === 'hotspots' && statistic === 'lisa');
    const per = attr('per');
    if (per)
      values = shares(values, column(o.features, o.ids, per, false), per, o.ids, attr('measure') === 'lq');
  }
  let p = byArea(o.results?.p, 'p', o.ids);
  const pProp = attr('p-property');
  if (!p && pProp) p = column(o.features, o.ids, pProp, false);
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
  });
  return { values, styled };
}
