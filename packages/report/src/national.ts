import {
  benchmarkPlace,
  bootstrapIndex,
  CohesionError,
  DEFAULT_EXPECTED_REPLICATES,
  dissimilarityExpected,
  numericColumn,
  type PeerInput,
  type RankIn,
  readCsv,
  segregationByGroup,
  similarPlaces,
  type Table,
} from '@cohesion/geo';
import { COUNCIL_CODES } from './council-codes.js';
import { ordinal, rankShare } from './format.js';

/** One council's place in the national ranking of an index. */
export interface CouncilRank {
  /** 1 = the most segregated (highest value). */
  rank: number;
  /** Number of councils ranked (those with a finite value). */
  of: number;
  /** Mid-rank percentile, 0–100: share of councils with a lower value (ties count half). */
  percentile: number;
  /** Other councils with exactly the same value. */
  tied?: number;
}

/** The council's aspatial indices from the national 2011 table and its ranks. */
export interface NationalBenchmark {
  /** The council's name as written in the table (`LAD11NM`). */
  council: string;
  /** Its ONS code (2019 codes in England), when known. */
  code: string | null;
  region: string;
  /** Census year of the table. */
  year: 2011;
  councils: number;
  lsoas: number;
  population: number;
  /** Index values of the council (see {@link NATIONAL_INDICES}). */
  values: Record<NationalIndexKey, number>;
  /** Seeded bootstrap interval (persons resampled) of the council's D, and D expected with no segregation. */
  dissimilarityCi: { ci: [number, number]; level: number; replicates: number; expected: number };
  /** Rank among every council of England and Wales. */
  national: Record<NationalIndexKey, CouncilRank>;
  /** Rank among the councils of the same region. */
  region_rank: Record<NationalIndexKey, CouncilRank>;
  /** Rank among the peer councils (most similar by size and whole ethnic mix, or named by the user), and who they are. */
  peers: {
    method: string;
    chosenBy: 'nearest' | 'user';
    names: string[];
    rank: Record<NationalIndexKey, CouncilRank>;
  };
  /** Every council's values, for the CSV and the chart (sorted by name). */
  table: { council: string; region: string; population: number; values: Record<NationalIndexKey, number> }[];
}

/**
 * The indices benchmarked nationally (Census 2011, LSOAs): D and xPx of residents who are not White British
 * (Massey & Denton 1988), and the multigroup H and D over the 14 groups plus the rest (Reardon & Firebaugh 2002).
 */
export const NATIONAL_INDICES = {
  dissimilarity: 'Index of dissimilarity D (White British vs everyone else)',
  isolation: 'Isolation of ethnic minorities (not White British), xPx',
  informationTheory: 'Multigroup information theory index H (14 groups + rest)',
  multiDissimilarity: 'Multigroup dissimilarity D (14 groups + rest)',
} as const;
/** Key of one of the {@link NATIONAL_INDICES}. */
export type NationalIndexKey = keyof typeof NATIONAL_INDICES;

/**
 * A council name reduced to what identifies it: lower case, "&" read as "and", punctuation and
 * "council"/"borough of" wording dropped, so "Brighton & Hove", "brighton and hove" and
 * "Brighton and Hove City Council" are one key.
 */
export function councilKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\b(metropolitan|borough|district|city|county)? ?council$/, ' ')
    .replace(/^(the|london borough of|royal borough of|city and county of|county borough of)\b/, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Keys a council is known by: its name, "X, City of" read both ways, its 2019 name. */
function keysOf(name: string, name2019?: string): string[] {
  const keys = [councilKey(name)];
  const m = /^(.*), (city|county) of$/i.exec(name);
  if (m) keys.push(councilKey(m[1]!), councilKey(`${m[2]} of ${m[1]}`));
  if (/^the /i.test(name)) keys.push(councilKey(name.slice(4)));
  if (name2019 && !COUNCIL_CODES.some(([n, , n19]) => n !== name && n19 === name2019))
    keys.push(councilKey(name2019));
  return keys;
}

/** Levenshtein distance (two rows), for near-miss suggestions. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** Close matches for an unknown name, for the error message: containment, then small edit distance. */
function suggestions(query: string, names: readonly string[]): string[] {
  const q = councilKey(query);
  const scored = names.map((n) => {
    const k = councilKey(n);
    const contains = q.length >= 3 && (k.includes(q) || q.includes(k));
    return { n, d: contains ? 0 : editDistance(q, k) / Math.max(q.length, k.length, 1) };
  });
  return scored
    .filter((s) => s.d <= 0.34)
    .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n))
    .slice(0, 5)
    .map((s) => s.n);
}

/**
 * Finds a council of the national table by name or ONS code: "&"/"and", case, punctuation and
 * "Council" wording are forgiven ({@link councilKey}); codes are the 2019 codes (E06…, E07…, E08…,
 * E09…) and W06 in Wales. Nothing found → `UNMATCHED_CODE` with near misses; a code that several
 * 2011 councils share after a merger → `INVALID_ARGUMENT` naming them.
 */
export function findCouncil(query: string, names: readonly string[], source = 'the national table'): string {
  const q = query.trim();
  const present = new Set(names);
  if (/^[EWSN]\d{8}$/i.test(q)) {
    const code = q.toUpperCase();
    const hits = COUNCIL_CODES.filter(([n, c]) => c === code && present.has(n)).map(([n]) => n);
    if (hits.length === 1) return hits[0]!;
    if (hits.length > 1)
      throw new CohesionError(
        'INVALID_ARGUMENT',
        `${code} is a council formed after 2011 from ${hits.join(', ')}; the Census 2011 table has them separately, so give one of these names`,
        { value: code },
      );
    throw new CohesionError(
      'UNMATCHED_CODE',
      `council code ${code} is not a council of England or Wales in ${source} (codes are ONS local authority codes such as E08000009)`,
      { value: code, source },
    );
  }
  const key = councilKey(q);
  const byKey = new Map<string, string>();
  const extra = new Map(COUNCIL_CODES.map(([n, , n19]) => [n, n19]));
  for (const n of names) for (const k of keysOf(n, extra.get(n))) if (!byKey.has(k)) byKey.set(k, n);
  const hit = byKey.get(key);
  if (hit) return hit;
  const close = suggestions(q, names);
  throw new CohesionError(
    'UNMATCHED_CODE',
    `council "${q}" is not in ${source}${close.length ? `; did you mean ${close.map((c) => `"${c}"`).join(', ')}?` : ''}`,
    { value: q, source },
  );
}

/** How many of the other councils a rank is strictly above (ties with it excluded). */
export function ranksBelow(r: CouncilRank): number {
  return Math.max(0, r.of - r.rank - (r.tied ?? 0));
}

/**
 * A rank in plain words, with counts rather than a rounded percentile (so never "above 100%"):
 * "the highest of 348 councils", "12th highest of 348: higher than 336 of the other 347".
 */
export function describeRank(r: CouncilRank, among = 'councils'): string {
  if (r.of <= 1) return `the only one of the ${among} with a value`;
  const others = r.of - 1;
  const lower = ranksBelow(r);
  if (r.rank === 1 && (r.tied ?? 0) === 0) return `the highest of ${r.of} ${among}`;
  if (r.rank === r.of) return `the lowest of ${r.of} ${among}`;
  const share = rankShare(lower, others);
  return `${ordinal(r.rank)} highest of ${r.of} ${among}: higher than ${lower} of the other ${others} (${share}%)`;
}

/**
 * Reads the national 2011 LSOA table, computes the indices of every council in one pass
 * (`segregationByGroup` by `LAD11NM`) and ranks `council` nationally, within its region and among
 * its `peerCount` nearest peers: the councils closest in (log population, share of every group of
 * the table and the rest), Euclidean after standardising each feature across all councils, size and
 * mix weighing equally (see `similarPlaces`). `peers` replaces them with the user's own list.
 */
export async function nationalBenchmark(
  path: string,
  council: string,
  options: {
    groups: readonly string[];
    total?: string;
    by?: string;
    region?: string;
    peerCount?: number;
    /** Peer councils chosen by the user: they replace the nearest-neighbour set. */
    peers?: readonly string[];
    seed?: number;
    replicates?: number;
  },
): Promise<NationalBenchmark> {
  const table: Table = await readCsv(path);
  const by = options.by ?? 'LAD11NM';
  const regionCol = options.region ?? 'RGN11NM';
  const totalCol = options.total ?? 'Persons';
  const byValues = table.rows.map((r) => (r[by] ?? '').trim());
  const names = [...new Set(byValues)];
  const wanted = findCouncil(council, names, `${path} (${by})`);
  const total = numericColumn(table, totalCol);
  const groups = options.groups.map((g) => numericColumn(table, g));
  // D and xPx of "not White British" = everyone but the first group (WhiteBrit) vs White British.
  const wbIndex = options.groups.indexOf('WhiteBrit');
  const minority = Float64Array.from(total, (t, i) => t - (wbIndex >= 0 ? groups[wbIndex]![i]! : 0));
  const multi = segregationByGroup(
    { groups, groupNames: [...options.groups], total, totalColumn: totalCol, source: path },
    byValues,
    { single: [], multi: ['informationTheory', 'multiDissimilarity'] },
  );
  const single = segregationByGroup(
    { groups: [minority], groupNames: ['NotWhiteBritish'], total, totalColumn: totalCol, source: path },
    byValues,
    { single: ['dissimilarity', 'isolation'], multi: [] },
  );
  const regionOf = new Map<string, string>();
  table.rows.forEach((r, i) => {
    if (!regionOf.has(byValues[i]!)) regionOf.set(byValues[i]!, (r[regionCol] ?? '').trim());
  });
  const rows = multi.places.map((place, j) => {
    const m = multi.results[j]!;
    const s = single.results[j]!;
    return {
      council: place,
      region: regionOf.get(place) ?? '',
      population: m.populationTotal,
      lsoas: m.areas,
      // The whole mix: every group of the table and the rest of the total (White Gypsy or Irish
      // Traveller in the 2011 table), whatever groups a user asks about elsewhere.
      shares: [
        ...Array.from(m.groupTotals, (x) => x / m.populationTotal),
        Math.max(0, 1 - m.groupTotals.reduce((a, x) => a + x, 0) / m.populationTotal),
      ],
      values: {
        dissimilarity: s.single.dissimilarity![0]!,
        isolation: s.single.isolation![0]!,
        informationTheory: m.multi.informationTheory!,
        multiDissimilarity: m.multi.multiDissimilarity!,
      } as Record<NationalIndexKey, number>,
    };
  });
  const me = rows.find((r) => r.council === wanted)!;
  const keys = Object.keys(NATIONAL_INDICES) as NationalIndexKey[];
  // Ranking and peers come from the segregation module's benchmarking (nearest in log population
  // and the whole ethnic mix, see similarPlaces).
  const k = me.shares.length;
  const base: Omit<PeerInput, 'values'> = {
    places: rows.map((r) => r.council),
    regions: rows.map((r) => r.region),
    population: rows.map((r) => r.population),
    groupShares: { values: Float64Array.from(rows.flatMap((r) => r.shares)), k },
  };
  const peerCount = options.peerCount ?? 15;
  const chosen = options.peers
    ?.map((p) => findCouncil(p, names, `${path} (${by})`))
    .filter((p) => p !== wanted);
  const peerNames =
    chosen ??
    similarPlaces({ ...base, values: rows.map((r) => r.values.dissimilarity) }, wanted, peerCount).map(
      (p) => p.place,
    );
  const benchmarks = Object.fromEntries(
    keys.map((key) => [
      key,
      benchmarkPlace({ ...base, values: rows.map((r) => r.values[key]) }, wanted, { peers: peerNames }),
    ]),
  );
  const pick = (which: 'all' | 'region' | 'peers') =>
    Object.fromEntries(
      keys.map((key) => {
        const r = benchmarks[key]![which] as RankIn;
        const v = rows.find((x) => x.council === wanted)!.values[key];
        const tied = r.places.filter(
          (p) => p !== wanted && rows.find((x) => x.council === p)!.values[key] === v,
        ).length;
        return [key, { rank: r.rank, of: r.of, percentile: r.percentile, tied }];
      }),
    ) as Record<NationalIndexKey, CouncilRank>;

  // Interval and chance level of the council's own D, from its LSOAs.
  const mineRows: number[] = [];
  byValues.forEach((v, i) => {
    if (v === wanted) mineRows.push(i);
  });
  const x = Float64Array.from(mineRows, (i) => minority[i]!);
  const t = Float64Array.from(mineRows, (i) => total[i]!);
  const seed = options.seed ?? 12345;
  const replicates = options.replicates ?? 999;
  const boot = bootstrapIndex(x, t, { index: 'dissimilarity', replicates, seed, level: 0.95 });
  const expected = dissimilarityExpected(x, t, { replicates: DEFAULT_EXPECTED_REPLICATES, seed });

  return {
    council: wanted,
    code: COUNCIL_CODES.find(([n]) => n === wanted)?.[1] ?? null,
    region: me.region,
    year: 2011,
    councils: rows.length,
    lsoas: me.lsoas,
    population: me.population,
    values: me.values,
    dissimilarityCi: { ci: boot.ci, level: boot.level, replicates, expected: expected.expected },
    national: pick('all'),
    region_rank: pick('region'),
    peers: {
      method: chosen
        ? 'the councils you named'
        : `the ${peerCount} councils most like ${wanted} in size and ethnic mix: each council is described by its population (on a log scale) and the shares of all ${k} census ethnic groups (the ${k - 1} columns of the table and the rest), each put on a common scale across all ${rows.length} councils; size counts as much as the whole mix together, and the nearest councils by straight-line distance are the peers. The groups you ask about do not change them. (LG Inform's "nearest neighbours" come from CIPFA's model, which is not open, so they are not used here.)`,
      chosenBy: chosen ? 'user' : 'nearest',
      names: peerNames,
      rank: pick('peers'),
    },
    table: rows.map(({ council: c, region, population, values }) => ({
      council: c,
      region,
      population,
      values,
    })),
  };
}
