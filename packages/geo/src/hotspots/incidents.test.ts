import { describe, expect, it } from 'vitest';
import { pointsFromTable } from '../geography/points.js';
import { parseCsv } from '../io/csv.js';
import { contiguityWeights } from '../weights/contiguity.js';
import { transformWeights } from '../weights/csr.js';
import { repoAreas, repoText } from '../weights/testdata.js';
import { incidentHotspots, incidentHotspotsToGeoJSON } from './incidents.js';
import { localGetisOrd } from './local.js';
import { empiricalBayesRates } from './rates.js';

const areas = repoAreas('data/trafford/lsoa21_boundaries_generalised.geojson');
const crimes = parseCsv(repoText('data/trafford/crime_burglary_2016-02_to_2019-01.csv'));
const ethnicity = parseCsv(repoText('data/trafford/ethnicity_2021_lsoa_wide.csv'));

describe('incident hotspots on Trafford burglary (5,113 data.police.uk points, 139 LSOAs)', () => {
  const pts = pointsFromTable(crimes, 'Longitude', 'Latitude');
  const byCode = new Map(ethnicity.rows.map((r) => [r.area_code, Number(r.total_usual_residents)]));
  const population = areas.features.map((f) => byCode.get(f.properties?.area_code) as number);
  // Police years run Feb–Jan: label each point by the year its 12-month period starts.
  const periods = Array.from(pts.rows, (row) => {
    const [y, m] = ((crimes.rows[row] as Record<string, string>).Month as string).split('-').map(Number) as [
      number,
      number,
    ];
    return String(m >= 2 ? y : y - 1);
  });
  const r = incidentHotspots(areas, {
    idProperty: 'area_code',
    xs: pts.xs,
    ys: pts.ys,
    pointsCrs: 'EPSG:4326',
    periods,
    population,
    permutations: 199,
    seed: 42,
  });

  it('every point is counted once; period counts add up to the total', () => {
    const total = r.counts.reduce((s, v) => s + v, 0);
    expect(total + r.outside).toBe(pts.xs.length);
    expect(r.outside).toBeLessThan(pts.xs.length * 0.05);
    expect(r.periods?.map((p) => p.label)).toEqual(['2016', '2017', '2018']);
    const sum = new Float64Array(r.counts.length);
    for (const p of r.periods ?? [])
      p.counts.forEach((c, i) => {
        sum[i] = (sum[i] as number) + c;
      });
    expect(Array.from(sum)).toEqual(Array.from(r.counts));
  });

  it('Gi* runs on EB-smoothed rates and equals localGetisOrd on the same values and seed', () => {
    const eb = empiricalBayesRates(r.counts, population);
    expect(Array.from(r.values)).toEqual(Array.from(eb.smoothed));
    const w = transformWeights(contiguityWeights(areas, { idProperty: 'area_code' }).weights, 'R');
    const g = localGetisOrd(w, eb.smoothed, { permutations: 199, seed: 42 });
    expect(Array.from(r.gi.z)).toEqual(Array.from(g.z));
    expect(Array.from(r.gi.p_sim)).toEqual(Array.from(g.p_sim));
    expect(r.gi.cluster.filter((c) => c === 'hot').length).toBeGreaterThan(0);
  });

  it('emerging labels and trend for every area; GeoJSON suppresses counts below 5', () => {
    expect(r.emerging).toHaveLength(139);
    expect(r.trend?.z).toHaveLength(139);
    const fc = incidentHotspotsToGeoJSON(areas, r);
    const props = fc.features.map((f) => f.properties as Record<string, unknown>);
    for (const [i, p] of props.entries()) {
      const c = r.counts[i] as number;
      if (c > 0 && c < 5) expect(p.count).toBeNull();
      else expect(p.count).toBe(c);
      for (const label of ['2016', '2017', '2018']) {
        const v = p[`count_${label}`];
        expect(v === null || (typeof v === 'number' && (v === 0 || v >= 5))).toBe(true);
      }
    }
    expect(props[0]).toHaveProperty('emerging');
  });

  it('points in the wrong CRS are rejected', () => {
    expect(() =>
      incidentHotspots(areas, { idProperty: 'area_code', xs: pts.xs, ys: pts.ys, pointsCrs: 'EPSG:27700' }),
    ).toThrow(/points are in EPSG:27700 but areas are in EPSG:4326/);
  });
});
