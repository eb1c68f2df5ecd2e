import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CohesionError } from '../errors.js';
import { readDataText } from '../weights/testdata.js';
import { segregationByGroup } from './batch.js';
import { benchmarkPlace, similarPlaces } from './peers.js';

describe('benchmarkPlace (hand-worked)', () => {
  // Values: A 0.5, B 0.7, C 0.5, D 0.2, E NaN (group absent, left out).
  const input = {
    places: ['A', 'B', 'C', 'D', 'E'],
    values: [0.5, 0.7, 0.5, 0.2, Number.NaN],
    regions: ['North', 'North', 'South', 'North', 'South'],
    population: [100_000, 110_000, 400_000, 90_000, 50_000],
  };
  it('rank among all: B above, C tied → rank 2 of 4; percentile = (1 below + ½·2 tied)/4 = 50', () => {
    const r = benchmarkPlace(input, 'A');
    expect(r.all).toMatchObject({ rank: 2, of: 4, percentile: 50 });
    expect(r.all.places).toEqual(['A', 'B', 'C', 'D']);
  });
  it('within its region (North: A, B, D): rank 2 of 3, percentile (1 + ½)/3 × 100 = 50', () => {
    expect(benchmarkPlace(input, 'A').region).toMatchObject({
      name: 'North',
      rank: 2,
      of: 3,
      percentile: 50,
    });
  });
  it('given peers, and the k most similar by population', () => {
    expect(benchmarkPlace(input, 'D', { peers: ['A', 'B'] }).peers).toMatchObject({ rank: 3, of: 3 });
    // ln population: A is closest to B (110k) then D (90k); C (400k) is far.
    const near = similarPlaces(input, 'A', 2).map((p) => p.place);
    expect(near.sort()).toEqual(['B', 'D']);
    expect(benchmarkPlace(input, 'A', { k: 2 }).peers).toMatchObject({ rank: 2, of: 3 });
  });
  it('unknown place or peer is a CohesionError', () => {
    expect(() => benchmarkPlace(input, 'Z')).toThrow(CohesionError);
    expect(() => benchmarkPlace(input, 'A', { peers: ['Q'] })).toThrow(/peer "Q"/);
    expect(() => benchmarkPlace(input, 'E')).toThrow(/no value/);
  });
});

describe('benchmarking every council (England & Wales 2011)', () => {
  const rows = Papa.parse<Record<string, string>>(
    readDataText(new URL('../../../../data/england-wales/ethnicity_2011_lsoa.csv.gz', import.meta.url)),
    { header: true, skipEmptyLines: true },
  ).data;
  const groups = ['Pakistani', 'Indian'];
  const res = segregationByGroup(
    {
      groups: groups.map((g) => Float64Array.from(rows, (r) => Number(r[g]))),
      groupNames: groups,
      total: Float64Array.from(rows, (r) => Number(r.Persons)),
    },
    rows.map((r) => r.LAD11NM!),
    { single: ['dissimilarity'], multi: [] },
  );
  const regionOf = new Map(rows.map((r) => [r.LAD11NM!, r.RGN11NM!]));
  const k = groups.length;
  const input = {
    places: res.places,
    values: res.results.map((p) => p.single.dissimilarity![0]!),
    regions: res.places.map((p) => regionOf.get(p)!),
    population: res.results.map((p) => p.populationTotal),
    groupShares: {
      values: Float64Array.from(
        res.results.flatMap((p) => [...p.groupTotals].map((x) => x / p.populationTotal)),
      ),
      k,
    },
  };
  it('Bradford (Pakistani D) among all councils, Yorkshire and the Humber, and 10 nearest neighbours', () => {
    const b = benchmarkPlace(input, 'Bradford', { k: 10 });
    expect(b.value).toBeCloseTo(0.6717349341572387, 14);
    expect(b.all.of).toBe(res.places.filter((_, j) => !Number.isNaN(input.values[j]!)).length);
    expect(b.region!.name).toBe('Yorkshire and The Humber');
    expect(b.region!.places.every((p) => regionOf.get(p) === 'Yorkshire and The Humber')).toBe(true);
    expect(b.region!.rank).toBeLessThanOrEqual(b.all.rank);
    expect(b.peers!.of).toBe(11);
    // Distances are sorted and the place is not its own peer.
    const d = b.peers!.distances!;
    expect([...d].sort((x, y) => x - y)).toEqual(d);
    expect(b.peers!.places.filter((p) => p === 'Bradford')).toHaveLength(1);
  });
});
