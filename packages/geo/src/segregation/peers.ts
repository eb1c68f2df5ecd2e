import { CohesionError } from '../errors.js';
import { meanSd } from '../stats/summary.js';

/** Rank and percentile of one place within a set of places. */
export interface RankIn {
  /** 1 = highest value (most segregated); ties share the best rank (competition ranking "1224"). */
  rank: number;
  /** Places compared (with a defined value), including this one. */
  of: number;
  /** 100 × (places below + ½ × places tied, counting itself) / of: the mid-rank percentile. */
  percentile: number;
  /** The places compared, in input order. */
  places: string[];
}

/** Where a place stands among all places, its region, and its peers. */
export interface PlaceBenchmark {
  place: string;
  value: number;
  all: RankIn;
  /** Present when regions are given. */
  region?: RankIn & { name: string };
  /** Present when peers are given or found. */
  peers?: RankIn & { distances?: number[] };
}

/** Values for every place, with what is needed to find similar places. */
export interface PeerInput {
  places: readonly string[];
  /** The index value of each place (NaN = undefined; such places are left out of every ranking). */
  values: ArrayLike<number>;
  /** Region of each place (e.g. RGN11NM), for the within-region ranking. */
  regions?: readonly string[];
  /** Population of each place, for finding similar places. */
  population?: ArrayLike<number>;
  /** Group shares of each place, row-major places × k, for finding similar places. */
  groupShares?: { values: ArrayLike<number>; k: number };
}

function rankAmong(
  values: ArrayLike<number>,
  members: number[],
  j: number,
  places: readonly string[],
): RankIn {
  const v = values[j]!;
  const used = members.filter((i) => !Number.isNaN(values[i]!));
  let above = 0;
  let below = 0;
  let tied = 0;
  for (const i of used) {
    const w = values[i]!;
    if (w > v) above++;
    else if (w < v) below++;
    else tied++;
  }
  return {
    rank: above + 1,
    of: used.length,
    percentile: (100 * (below + 0.5 * tied)) / used.length,
    places: used.map((i) => places[i]!),
  };
}

function indexOfPlace(input: PeerInput, place: string): number {
  const j = input.places.indexOf(place);
  if (j < 0) {
    throw new CohesionError('UNMATCHED_CODE', `no place named "${place}"`, { id: place, value: place });
  }
  if (Number.isNaN(input.values[j]!)) {
    throw new CohesionError('INVALID_ARGUMENT', `"${place}" has no value for this index (group absent)`, {
      id: place,
    });
  }
  return j;
}

/**
 * The k places most similar to `place` by size and make-up. Distance (Euclidean on z-scores over
 * all places): d² = Δz(ln population)² + (1/K) Σ_m Δz(share_m)² — population size and group mix
 * weigh equally, each group share counting 1/K. Without group shares only size is used; without
 * population only the mix.
 */
export function similarPlaces(
  input: PeerInput,
  place: string,
  k: number,
): { place: string; distance: number }[] {
  const j = indexOfPlace(input, place);
  const n = input.places.length;
  if (!Number.isInteger(k) || k < 1)
    throw new CohesionError('INVALID_ARGUMENT', `k must be ≥ 1, got ${k}`, { value: k });
  if (!input.population && !input.groupShares) {
    throw new CohesionError('INVALID_ARGUMENT', 'similar places need population and/or group shares', {});
  }
  const dims: { get: (i: number) => number; weight: number }[] = [];
  if (input.population) {
    const pop = input.population;
    dims.push({ get: (i) => Math.log(pop[i]!), weight: 1 });
  }
  if (input.groupShares) {
    const { values, k: K } = input.groupShares;
    for (let m = 0; m < K; m++) dims.push({ get: (i) => values[i * K + m]!, weight: 1 / K });
  }
  const d2 = new Float64Array(n);
  for (const dim of dims) {
    const { mean, sd } = meanSd(Float64Array.from({ length: n }, (_, i) => dim.get(i)));
    if (!(sd > 0)) continue;
    const zj = (dim.get(j) - mean) / sd;
    for (let i = 0; i < n; i++) d2[i] = d2[i]! + dim.weight * ((dim.get(i) - mean) / sd - zj) ** 2;
  }
  const order = Array.from({ length: n }, (_, i) => i).filter(
    (i) => i !== j && !Number.isNaN(input.values[i]!),
  );
  order.sort((a, b) => d2[a]! - d2[b]! || (input.places[a]! < input.places[b]! ? -1 : 1));
  return order.slice(0, k).map((i) => ({ place: input.places[i]!, distance: Math.sqrt(d2[i]!) }));
}

/**
 * Benchmarks a place the way LG Inform compares a council with others: rank and percentile among
 * all places, within its region, and among peers — a given list, or the k most similar places
 * ({@link similarPlaces}). The place itself is always part of each comparison set.
 */
export function benchmarkPlace(
  input: PeerInput,
  place: string,
  opts?: { peers?: readonly string[]; k?: number },
): PlaceBenchmark {
  const j = indexOfPlace(input, place);
  const n = input.places.length;
  if (input.values.length !== n) {
    throw new CohesionError('LENGTH_MISMATCH', `${n} places but ${input.values.length} values`, {
      value: [n, input.values.length],
    });
  }
  const all = Array.from({ length: n }, (_, i) => i);
  const out: PlaceBenchmark = {
    place,
    value: input.values[j]!,
    all: rankAmong(input.values, all, j, input.places),
  };
  if (input.regions) {
    const name = input.regions[j]!;
    const members = all.filter((i) => input.regions![i] === name);
    out.region = { name, ...rankAmong(input.values, members, j, input.places) };
  }
  if (opts?.peers) {
    const members = [j];
    for (const p of opts.peers) {
      const i = input.places.indexOf(p);
      if (i < 0) throw new CohesionError('UNMATCHED_CODE', `peer "${p}" is not a known place`, { id: p });
      if (i !== j) members.push(i);
    }
    out.peers = rankAmong(input.values, members, j, input.places);
  } else if (opts?.k !== undefined) {
    const near = similarPlaces(input, place, opts.k);
    const members = [j, ...near.map((p) => input.places.indexOf(p.place))];
    out.peers = {
      ...rankAmong(input.values, members, j, input.places),
      distances: near.map((p) => p.distance),
    };
  }
  return out;
}
