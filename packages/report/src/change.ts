import { bootstrapIndex, CohesionError, type SingleGroupIndexName, twoValueTest } from '@cohesion/geo';
// The numerical building blocks live in the /stats subpath, not at the package root.
import { quantileSorted } from '@cohesion/geo/stats';
import { areaKinds, type CensusTable, groupName } from './census.js';

/** The single-group indices compared between two censuses (the report's seven). */
export const CHANGE_INDICES = [
  'dissimilarity',
  'gini',
  'entropy',
  'isolation',
  'exposure',
  'correlationRatio',
  'atkinson',
] as const satisfies readonly SingleGroupIndexName[];
/** One of {@link CHANGE_INDICES}. */
export type ChangeIndex = (typeof CHANGE_INDICES)[number];

/** One census year's indices for one comparable group. */
export interface CensusSide {
  year: number;
  layout: string | null;
  geography: string;
  areas: number;
  population: number;
  /** The group's share of the population. */
  share: number;
  /** Index values. */
  indices: Record<ChangeIndex, number>;
  /** Bootstrap percentile interval of each index (persons resampled, seeded). */
  ci: Record<ChangeIndex, [number, number]>;
}

/** Change of one index: after − before, its bootstrap interval and the two-value test p. */
export interface IndexChange {
  value: number;
  /** Percentile interval of the difference of the two independent bootstraps. */
  ci: [number, number];
  /** Two-tailed p of PySAL's TwoValueTest (random labelling of the pooled areas). */
  p: number;
}

/** A comparable group: the same people counted in both censuses (indices: those asked for, see `groupIndices`). */
export interface GroupChange {
  /** What is compared, e.g. "not White British" or "Asian, Asian British or Asian Welsh: Indian". */
  group: string;
  before: CensusSide;
  after: CensusSide;
  difference: Record<ChangeIndex, IndexChange>;
}

/** `cohesion compare`'s result: the headline comparison and every group present in both years. */
export interface CensusComparison {
  /** Headline: residents not in the reference group (e.g. not White British) vs the reference group. */
  group: string;
  referenceGroup: string;
  before: CensusSide;
  after: CensusSide;
  difference: Record<ChangeIndex, IndexChange>;
  /** Each group present in both censuses, compared with everyone else. */
  groups: GroupChange[];
  /** Why the comparison is only approximate (boundary changes, group definitions). */
  notes: string[];
  settings: { seed: number; replicates: number; iterations: number; level: number };
}

/** Options of {@link compareCensuses}. */
export interface CompareOptions {
  seed?: number;
  /** Bootstrap replicates per index and year (default 999). */
  replicates?: number;
  /** Random relabellings of the two-value test (default 999). */
  iterations?: number;
  level?: number;
  /** Geography labels of each side (default "areas"). */
  geography?: [string, string];
  /** Indices computed for each group present in both years (default all of {@link CHANGE_INDICES}; the report uses D only). */
  groupIndices?: readonly ChangeIndex[];
}

const short = groupName;

/** The groups of a table by label, with broad groups (e.g. 2011's "Mixed") summed from their details when only the other side has the broad one. */
function countsByLabel(t: CensusTable): Map<string, Float64Array> {
  return new Map(t.groups.map((g) => [g.label, g.counts]));
}

function broadSum(t: CensusTable, broad: string): Float64Array | null {
  const parts = t.groups.filter((g) => g.label.startsWith(`${broad}: `));
  if (parts.length === 0) return null;
  const out = new Float64Array(t.total.length);
  for (const g of parts) for (let i = 0; i < out.length; i++) out[i] = out[i]! + g.counts[i]!;
  return out;
}

function side(
  t: CensusTable,
  x: Float64Array,
  geography: string,
  opts: Required<Pick<CompareOptions, 'seed' | 'replicates' | 'level'>>,
  which: readonly ChangeIndex[],
): { side: CensusSide; boots: Record<ChangeIndex, Float64Array> } {
  let X = 0;
  let T = 0;
  for (let i = 0; i < x.length; i++) {
    X += x[i]!;
    T += t.total[i]!;
  }
  const indices = {} as Record<ChangeIndex, number>;
  const ci = {} as Record<ChangeIndex, [number, number]>;
  const boots = {} as Record<ChangeIndex, Float64Array>;
  for (const index of which) {
    const b = bootstrapIndex(x, t.total, {
      index,
      replicates: opts.replicates,
      seed: opts.seed,
      level: opts.level,
      ids: t.ids,
    });
    indices[index] = b.estimate;
    ci[index] = b.ci;
    boots[index] = b.replicates;
  }
  return {
    side: {
      year: t.year,
      layout: t.layout,
      geography,
      areas: t.ids.length,
      population: T,
      share: X / T,
      indices,
      ci,
    },
    boots,
  };
}

function compareGroup(
  label: string,
  before: CensusTable,
  after: CensusTable,
  xb: Float64Array,
  xa: Float64Array,
  o: Required<Omit<CompareOptions, 'geography' | 'groupIndices'>> & { geography: [string, string] },
  which: readonly ChangeIndex[] = CHANGE_INDICES,
): GroupChange {
  const b = side(before, xb, o.geography[0], o, which);
  const a = side(after, xa, o.geography[1], o, which);
  const difference = {} as Record<ChangeIndex, IndexChange>;
  for (const index of which) {
    const d = Float64Array.from(a.boots[index], (v, r) => v - b.boots[index][r]!).sort();
    const test = twoValueTest(
      { group: xa, total: after.total },
      { group: xb, total: before.total },
      { index, replicates: o.iterations, seed: o.seed },
    );
    difference[index] = {
      value: a.side.indices[index] - b.side.indices[index],
      ci: [quantileSorted(d, (1 - o.level) / 2), quantileSorted(d, (1 + o.level) / 2)],
      p: test.p_sim,
    };
  }
  return { group: label, before: b.side, after: a.side, difference };
}

/**
 * The one kind of area of a census table's codes, or `null` when some codes are not ONS codes (the
 * kind is then unknown). Codes of two kinds in one file are an error naming the first of each.
 */
function kindOf(t: CensusTable, which: 'earlier' | 'later') {
  const { kinds, unknown } = areaKinds(t.ids);
  if (kinds.size > 1) {
    const [a, b] = [...kinds.values()];
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `the ${which} file (${t.source}) mixes ${a!.plural} (${t.ids[a!.first]}) and ${b!.plural} (${t.ids[b!.first]}, row ${b!.first + 1}): a change needs one kind of area`,
      { row: b!.first, id: t.ids[b!.first]!, source: t.source },
    );
  }
  return unknown > 0 ? null : ([...kinds.values()][0] ?? null);
}

/** Why the areas of two censuses differ, by kind of area. */
function boundaryNote(kind: string | undefined): string {
  if (kind === 'OA' || kind === 'LSOA' || kind === 'MSOA')
    return `${kind} boundaries were revised for 2021: some were split, merged or redrawn`;
  if (kind === 'ward') return 'ward boundaries change with each electoral review';
  return 'the boundaries were revised between the censuses';
}

/**
 * Compares one council's two censuses on a definition both share: residents not in the reference
 * group (White British) against everyone else — the same people in 2011 and 2021 whatever the
 * group lists — and each group present in both (2011's broad "Mixed" is matched by summing 2021's
 * four Mixed groups). For each, every single-group index of {@link CHANGE_INDICES} in both years
 * with a seeded bootstrap interval (persons resampled), the change after − before with the
 * percentile interval of the difference of the two bootstraps, and the two-tailed p of PySAL's
 * `TwoValueTest` (random labelling). Areas are each census's own: where boundaries changed, part
 * of any change comes from the areas themselves (noted).
 */
export function compareCensuses(
  before: CensusTable,
  after: CensusTable,
  options: CompareOptions = {},
): CensusComparison {
  const o = {
    seed: options.seed ?? 12345,
    replicates: options.replicates ?? 999,
    iterations: options.iterations ?? 999,
    level: options.level ?? 0.95,
    geography: options.geography ?? (['areas', 'areas'] as [string, string]),
  };
  if (before.year >= after.year)
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `--before must be the earlier census (got ${before.year} before ${after.year})`,
      { value: [before.year, after.year] },
    );
  const refB = before.groups[before.reference]!;
  const refA = after.groups[after.reference]!;
  if (refB.label !== refA.label)
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `the reference groups differ ("${refB.label}" in ${before.year}, "${refA.label}" in ${after.year}); give the same group to --before-reference-group and --after-reference-group`,
      {},
    );
  // Both censuses must be counted over the same kind of area (LSOAs against LSOAs, not wards):
  // every code of each file is classified by its ONS entity prefix.
  const kindB = kindOf(before, 'earlier');
  const kindA = kindOf(after, 'later');
  if (kindB && kindA && kindB.kind !== kindA.kind)
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `the earlier file (${before.source}) has ${kindB.plural}, the later one (${after.source}) ${kindA.plural}: a change needs the same kind of area in both censuses`,
      { value: [kindB.kind, kindA.kind] },
    );
  // Two files of different councils share (almost) no area codes when both are small areas (census
  // geographies keep most codes from 2011 to 2021; ward codes change with each boundary review).
  if (kindB && kindA && ['OA', 'LSOA', 'MSOA'].includes(kindB.kind)) {
    const b = new Set(before.ids);
    const shared = after.ids.filter((id) => b.has(id)).length;
    if (shared < 0.5 * Math.max(before.ids.length, after.ids.length))
      throw new CohesionError(
        'INVALID_ARGUMENT',
        `${before.source} and ${after.source} share only ${shared} of their area codes (${before.ids.length} and ${after.ids.length} areas): they look like two different places; compare one council's two censuses`,
        { value: shared },
      );
  }
  const minority = (t: CensusTable) => {
    const r = t.groups[t.reference]!.counts;
    return Float64Array.from(t.total, (v, i) => v - r[i]!);
  };
  const gi = options.groupIndices ?? CHANGE_INDICES;
  const headlineLabel = `not ${short(refA.label)}`;
  const head = compareGroup(headlineLabel, before, after, minority(before), minority(after), o);
  const mb = countsByLabel(before);
  const ma = countsByLabel(after);
  const groups: GroupChange[] = [];
  const matched: string[] = [];
  for (const g of after.groups) {
    if (g === refA) continue;
    const xb = mb.get(g.label);
    if (xb) {
      groups.push(compareGroup(g.label, before, after, xb, g.counts, o, gi));
      matched.push(g.label);
    }
  }
  // A broad group on one side (2011's "Mixed or Multiple ethnic groups") against the sum of its details on the other.
  for (const g of before.groups) {
    if (g.label.includes(':') || ma.has(g.label)) continue;
    const xa = broadSum(after, g.label);
    if (xa) groups.push(compareGroup(g.label, before, after, g.counts, xa, o, gi));
  }
  for (const g of after.groups) {
    if (g.label.includes(':') || mb.has(g.label)) continue;
    const xb = broadSum(before, g.label);
    if (xb) groups.push(compareGroup(g.label, before, after, xb, g.counts, o, gi));
  }
  const notes: string[] = [];
  const bIds = new Set(before.ids);
  const same = after.ids.filter((id) => bIds.has(id)).length;
  if (same !== before.ids.length || same !== after.ids.length) {
    notes.push(
      `The areas changed between the censuses: ${before.ids.length} areas in ${before.year} and ${after.ids.length} in ${after.year}, ${same} with the same code (${boundaryNote(kindA?.kind ?? kindB?.kind)}). Each year's indices use that year's own areas, so part of any change can come from the boundaries, not from where people live.`,
    );
  }
  const onlyAfter = after.groups.filter(
    (g) => g !== refA && !mb.has(g.label) && !mb.has(g.label.split(':')[0]!) && !broadSum(before, g.label),
  );
  if (onlyAfter.length)
    notes.push(
      `Not compared group by group (not counted separately in ${before.year}): ${onlyAfter.map((g) => short(g.label)).join(', ')}. They are part of the headline comparison, which counts everyone not ${short(refA.label)} in both years.`,
    );
  return {
    group: headlineLabel,
    referenceGroup: refA.label,
    before: head.before,
    after: head.after,
    difference: head.difference,
    groups,
    notes,
    settings: { seed: o.seed, replicates: o.replicates, iterations: o.iterations, level: o.level },
  };
}
