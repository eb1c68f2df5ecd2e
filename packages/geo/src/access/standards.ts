import { CohesionError } from '../errors.js';
import { type CatchmentPairs, straightLineCatchment, twoStepFca } from './fca.js';
import { spatialOrder } from './measures.js';
import type { AccessOrigins } from './origins.js';
import { checkPopulation } from './population.js';
import type { SiteIndex } from './site-index.js';

/** One "a site of at least `minAreaHa` within `maxDistanceM`" requirement. */
export interface AccessRule {
  /** Output key, e.g. `angst_2ha_300m`. */
  key: string;
  /** Human label, e.g. "2 ha site within 300 m". */
  label: string;
  minAreaHa: number;
  maxDistanceM: number;
}

/** A green-space standard as data: distance rules plus an optional capacity requirement. */
export interface AccessStandard {
  /** Short name used on the command line and as key prefix (`angst`, `gi`, `3-30-300`). */
  name: string;
  label: string;
  /** Where the thresholds come from. */
  reference: string;
  rules: AccessRule[];
  /**
   * Optional capacity requirement: at least `haPer1000` hectares per 1,000 people, measured per
   * origin as 1000 × 2SFCA(site hectares, population, catchment `catchmentM`).
   */
  capacity?: { key: string; haPer1000: number; catchmentM: number };
}

function rule(prefix: string, minAreaHa: number, maxDistanceM: number, name?: string): AccessRule {
  const ha = String(minAreaHa).replace('.', '_');
  const dist = maxDistanceM % 1000 === 0 ? `${maxDistanceM / 1000}km` : `${maxDistanceM}m`;
  const label = `${name ? `${name}: ` : ''}site of ≥ ${minAreaHa} ha within ${maxDistanceM} m`;
  return { key: `${prefix}_${name ? `${name}_` : ''}${ha}ha_${dist}`, label, minAreaHa, maxDistanceM };
}

/**
 * Natural England's Accessible Natural Greenspace Standard (ANGSt, 2010): everyone should live
 * within 300 m of a site of ≥ 2 ha, 2 km of ≥ 20 ha, 5 km of ≥ 100 ha and 10 km of ≥ 500 ha.
 * Keys: `angst_2ha_300m`, `angst_20ha_2km`, `angst_100ha_5km`, `angst_500ha_10km`.
 */
export const ANGST: AccessStandard = {
  name: 'angst',
  label: 'Accessible Natural Greenspace Standard (ANGSt)',
  reference: 'Natural England (2010) Nature Nearby: Accessible Natural Greenspace Guidance, NE265',
  rules: [
    rule('angst', 2, 300),
    rule('angst', 20, 2000),
    rule('angst', 100, 5000),
    rule('angst', 500, 10000),
  ],
};

/**
 * Natural England Green Infrastructure Framework (2023) accessible greenspace standards: doorstep
 * ≥ 0.5 ha within 200 m, local ≥ 2 ha within 300 m, neighbourhood ≥ 10 ha within 1 km, and a
 * capacity of ≥ 3 ha per 1,000 people (measured here within a 1 km catchment by 2SFCA).
 */
export const GI_FRAMEWORK: AccessStandard = {
  name: 'gi',
  label: 'Natural England Green Infrastructure Framework',
  reference:
    'Natural England (2023) Green Infrastructure Framework: Green Infrastructure Standards for England',
  rules: [
    rule('gi', 0.5, 200, 'doorstep'),
    rule('gi', 2, 300, 'local'),
    rule('gi', 10, 1000, 'neighbourhood'),
  ],
  capacity: { key: 'gi_capacity_3ha_per_1000', haPer1000: 3, catchmentM: 1000 },
};

/**
 * The 3-30-300 rule's third part (Konijnendijk 2023): a public green space within 300 m of home.
 * No minimum size by default (WHO Europe 2016 suggests ≥ 0.5–1 ha; use a custom standard for that);
 * choose which site types count as public with the site-type filter. Key: `r3_30_300_300m`.
 */
export const RULE_3_30_300: AccessStandard = {
  name: '3-30-300',
  label: '3-30-300 rule: public green space within 300 m',
  reference:
    'Konijnendijk C. C. (2023) Evidence-based guidelines for greener, healthier, more resilient neighbourhoods: Introducing the 3–30–300 rule. J. For. Res. 34, 821–830',
  rules: [
    { key: 'r3_30_300_300m', label: 'public green space within 300 m', minAreaHa: 0, maxDistanceM: 300 },
  ],
};

/** The built-in presets by name. */
export const ACCESS_STANDARDS: Readonly<Record<string, AccessStandard>> = {
  angst: ANGST,
  gi: GI_FRAMEWORK,
  '3-30-300': RULE_3_30_300,
};

/**
 * Validates a custom standard given as plain data (e.g. parsed JSON):
 * `{name, rules: [{minAreaHa, maxDistanceM, key?, label?}], capacity?: {haPer1000, catchmentM}}`.
 * Errors: `INVALID_ARGUMENT` naming the bad field.
 */
export function defineAccessStandard(data: unknown): AccessStandard {
  const bad = (msg: string, value?: unknown): never => {
    throw new CohesionError('INVALID_ARGUMENT', `access standard: ${msg}`, { value });
  };
  if (typeof data !== 'object' || data === null) return bad('not an object', data);
  const d = data as Record<string, unknown>;
  const name =
    typeof d.name === 'string' && d.name.trim() ? d.name.trim() : bad('"name" must be a non-empty string');
  if (!Array.isArray(d.rules) || d.rules.length === 0)
    return bad('"rules" must be a non-empty array', d.rules);
  const prefix = name.replace(/[^A-Za-z0-9]+/g, '_');
  const rules = d.rules.map((r: unknown, k: number) => {
    const o = (typeof r === 'object' && r !== null ? r : bad(`rule ${k} is not an object`, r)) as Record<
      string,
      unknown
    >;
    const minAreaHa = Number(o.minAreaHa);
    const maxDistanceM = Number(o.maxDistanceM);
    if (!(Number.isFinite(minAreaHa) && minAreaHa >= 0)) bad(`rule ${k}: minAreaHa must be ≥ 0`, o.minAreaHa);
    if (!(Number.isFinite(maxDistanceM) && maxDistanceM >= 0))
      bad(`rule ${k}: maxDistanceM must be ≥ 0`, o.maxDistanceM);
    const base = rule(prefix, minAreaHa, maxDistanceM);
    return {
      ...base,
      key: typeof o.key === 'string' && o.key ? o.key : base.key,
      label: typeof o.label === 'string' && o.label ? o.label : base.label,
    };
  });
  const keys = new Set<string>();
  for (const r of rules) {
    if (keys.has(r.key)) bad(`two rules share the key "${r.key}"`, r.key);
    keys.add(r.key);
  }
  let capacity: AccessStandard['capacity'];
  if (d.capacity !== undefined) {
    const c = d.capacity as Record<string, unknown>;
    const haPer1000 = Number(c?.haPer1000);
    const catchmentM = Number(c?.catchmentM);
    if (!(haPer1000 > 0 && Number.isFinite(haPer1000))) bad('capacity.haPer1000 must be > 0', c?.haPer1000);
    if (!(catchmentM > 0 && Number.isFinite(catchmentM)))
      bad('capacity.catchmentM must be > 0', c?.catchmentM);
    capacity = { key: `${prefix}_capacity_${haPer1000}ha_per_1000`, haPer1000, catchmentM };
  }
  return {
    name,
    label: typeof d.label === 'string' ? d.label : name,
    reference: typeof d.reference === 'string' ? d.reference : 'custom',
    rules,
    ...(capacity ? { capacity } : {}),
  };
}

/** Per-rule outcome of {@link evaluateAccessStandard}. */
export interface AccessRuleResult {
  rule: AccessRule;
  /** Distance (m) to the nearest site of ≥ `minAreaHa` (Infinity when there is none). */
  distance: Float64Array;
  /** 1 where the origin meets the rule (distance ≤ maxDistanceM), else 0. */
  meets: Uint8Array;
  /** Share of origins meeting the rule. */
  shareOfAreas: number;
  /** Share of population meeting it (null when no population was given). */
  shareOfPopulation: number | null;
}

/** Outcome of {@link evaluateAccessStandard}. */
export interface AccessStandardResult {
  standard: AccessStandard;
  rules: AccessRuleResult[];
}

/**
 * Flags every origin against each rule of a standard — meets when the nearest site of at least
 * the rule's size is within its distance (same distance convention as {@link SiteIndex.nearest})
 * — and reports the share of origins and, when `population` is given, of people meeting it.
 * The capacity part of a standard is evaluated separately by {@link evaluateCapacity}.
 */
export function evaluateAccessStandard(
  origins: AccessOrigins,
  index: SiteIndex,
  standard: AccessStandard,
  population?: ArrayLike<number>,
): AccessStandardResult {
  const pop = population ? checkPopulation(population, origins.ids) : undefined;
  const n = origins.xs.length;
  const order = spatialOrder(origins.xs, origins.ys);
  const rules = standard.rules.map((rule) => {
    const distance = new Float64Array(n);
    const meets = new Uint8Array(n);
    let k = 0;
    let p = 0;
    let pt = 0;
    for (const i of order) {
      const d = index.nearest(origins.xs[i]!, origins.ys[i]!, rule.minAreaHa).distance;
      distance[i] = d;
      const ok = d <= rule.maxDistanceM;
      meets[i] = ok ? 1 : 0;
      if (ok) k++;
      if (pop) {
        pt += pop[i]!;
        if (ok) p += pop[i]!;
      }
    }
    return { rule, distance, meets, shareOfAreas: k / n, shareOfPopulation: pop ? p / pt : null };
  });
  return { standard, rules };
}

/** Outcome of {@link evaluateCapacity}. */
export interface CapacityResult {
  key: string;
  /** Hectares of green space per 1,000 people available to each origin (1000 × 2SFCA score). */
  haPer1000: Float64Array;
  meets: Uint8Array;
  shareOfAreas: number;
  shareOfPopulation: number;
  /** Total site hectares per 1,000 residents over the whole study area. */
  overallHaPer1000: number;
}

/**
 * Capacity standard (e.g. GI Framework ≥ 3 ha per 1,000 people): each origin's hectares per
 * 1,000 people is 1000 × the 2SFCA score with site area (ha) as supply, population as demand and a
 * `catchmentM` catchment (straight line unless other `pairs`, e.g. a network catchment of the same
 * distance, are given), so sites shared by many people count for less. Requires population
 * (`ZERO_POPULATION` otherwise).
 */
export function evaluateCapacity(
  origins: AccessOrigins,
  index: SiteIndex,
  capacity: NonNullable<AccessStandard['capacity']>,
  population: ArrayLike<number> | undefined,
  pairs: CatchmentPairs = straightLineCatchment(origins, index, capacity.catchmentM),
): CapacityResult {
  const pop = checkPopulation(population, origins.ids);
  const { access } = twoStepFca(pairs, index.sites.areaHa, pop, origins.ids);
  const n = access.length;
  const haPer1000 = access.map((a) => a * 1000);
  const meets = new Uint8Array(n);
  let k = 0;
  let p = 0;
  let pt = 0;
  let area = 0;
  for (let i = 0; i < n; i++) {
    pt += pop[i]!;
    if (haPer1000[i]! >= capacity.haPer1000) {
      meets[i] = 1;
      k++;
      p += pop[i]!;
    }
  }
  for (const a of index.sites.areaHa) area += a;
  return {
    key: capacity.key,
    haPer1000,
    meets,
    shareOfAreas: k / n,
    shareOfPopulation: p / pt,
    overallHaPer1000: (1000 * area) / pt,
  };
}
