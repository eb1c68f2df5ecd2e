import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CohesionError, parseCsv, readAreas } from '@cohesion/geo';
import { describe, expect, it } from 'vitest';
import {
  parseSpatialFlags,
  SPATIAL_FLAGS,
  spatialLocalColumns,
  spatialSegregation,
} from '../src/commands/spatial-segregation.js';
import { UsageError } from '../src/flags.js';
import { cohesion, ROOT } from './run-cli.js';

// Trafford 2021 LSOAs (lon/lat, 139 areas) and TS021 ethnicity from data/reference/trafford_lsoa21.
const dir = join(ROOT, 'data', 'reference', 'trafford_lsoa21');
const PAK = 'Asian, Asian British or Asian Welsh: Pakistani';
const IND = 'Asian, Asian British or Asian Welsh: Indian';

async function trafford() {
  const areas = await readAreas(join(dir, 'lsoa21_boundaries_generalised.geojson'));
  const table = parseCsv(readFileSync(join(dir, 'ethnicity_2021_lsoa_wide.csv'), 'utf8'));
  const byCode = new Map(table.rows.map((r) => [r.area_code, r]));
  const col = (name: string) =>
    Float64Array.from(areas.features, (f) => Number(byCode.get(String(f.properties?.area_code))![name]));
  return { areas, col };
}

describe('spatialSegregation (cohesion segregation --spatial)', () => {
  it('adds the spatial keys for one group, matching the PySAL figures', async () => {
    const { areas, col } = await trafford();
    const out = await spatialSegregation({
      areas,
      idProperty: 'area_code',
      groups: [col(PAK)],
      total: col('total_usual_residents'),
    });
    for (const key of [
      'spatialDissimilarity',
      'spatialProximity',
      'relativeConcentration',
      'absoluteCentralization',
      'relativeClustering',
      'delta',
    ]) {
      expect(typeof out.indices[key]).toBe('number');
    }
    // PySAL segregation figures for Trafford, Pakistani vs rest (see segregation/spatial/trafford.test.ts).
    expect(out.indices.spatialDissimilarity).toBeCloseTo(0.43540537744851016, 12);
    expect(out.indices.boundarySpatialDissimilarity).toBeCloseTo(0.436472159033508, 9);
    expect(out.indices.delta).toBeCloseTo(0.5588315532346866, 9);
    expect(out.indices.relativeConcentration).toBeCloseTo(0.06929514304935248, 9);
    expect(out.indices.absoluteCentralization).toBeCloseTo(-0.025140850669053805, 8);
    expect(out.indices.spatialProximityProfile).toBeCloseTo(0.19531014698617596, 12);
    // Pakistani residents cluster: SP > 1 and RCL > 0.
    expect(out.indices.spatialProximity!).toBeGreaterThan(1);
    expect(out.indices.relativeClustering!).toBeGreaterThan(0);
    expect(out.profile).toBeUndefined();
  });

  it('--distances gives a profile [{distance, indices}] with the aspatial keys on local environments', async () => {
    const { areas, col } = await trafford();
    const flags = parseSpatialFlags({ distances: '500,1000,2000', kernel: 'triangular' });
    const out = await spatialSegregation({
      areas,
      idProperty: 'area_code',
      groups: [col(PAK)],
      total: col('total_usual_residents'),
      ...flags,
    });
    expect(out.profile!.map((p) => p.distance)).toEqual([500, 1000, 2000]);
    // PySAL Dissim(distance=d) with the triangular kernel (exact environments, not rounded).
    expect(out.profile![0]!.indices.dissimilarity).toBeCloseTo(0.47025565962502924, 7);
    expect(out.profile![2]!.indices.dissimilarity).toBeCloseTo(0.41219573663139886, 7);
    expect(Object.keys(out.profile![0]!.indices)).toContain('gini');
  });

  it('several groups: single-group keys for the groups together, multigroup keys in the profile', async () => {
    const { areas, col } = await trafford();
    const out = await spatialSegregation({
      areas,
      idProperty: 'area_code',
      groups: [col(PAK), col(IND)],
      total: col('total_usual_residents'),
      distances: [1000],
    });
    expect(out.profile![0]!.indices.multiDissimilarity).toBeGreaterThan(0);
    expect(out.profile![0]!.indices.mutualInformation).toBeGreaterThan(0);
    // A town hall given in lon/lat (Trafford Town Hall, Stretford) as the centre.
    const th = await spatialSegregation({
      areas,
      idProperty: 'area_code',
      groups: [col(PAK)],
      total: col('total_usual_residents'),
      ...parseSpatialFlags({ centre: '-2.2906,53.4558' }),
    });
    expect(parseSpatialFlags({ centre: '-2.2906,53.4558' }).centre).toEqual({ lon: -2.2906, lat: 53.4558 });
    expect(parseSpatialFlags({ centre: '378000,392000' }).centre).toEqual({ x: 378000, y: 392000 });
    expect(Math.abs(th.indices.relativeCentralization!)).toBeLessThanOrEqual(1);
  });

  it('per-area spatial columns for --out, one value per LSOA', async () => {
    const { areas, col } = await trafford();
    const cols = spatialLocalColumns({
      areas,
      idProperty: 'area_code',
      groups: [col(PAK)],
      groupNames: ['Pakistani'],
      total: col('total_usual_residents'),
      distances: [1000],
    });
    expect(Object.keys(cols)).toEqual([
      'localRelativeCentralization',
      'localDistortion',
      'environmentEntropy',
      'environmentSimpsonsInteraction',
      'environmentLQ:Pakistani',
      'environmentLQ:rest',
    ]);
    for (const v of Object.values(cols)) expect(v.length).toBe(139);
    for (const v of cols.localDistortion!) expect(v).toBeGreaterThanOrEqual(0);
    for (const v of cols.environmentEntropy!) expect(v >= 0 && v <= 1).toBe(true);
    // Pakistani residents concentrate: some 1 km environments hold over twice the borough share.
    const lq = cols['environmentLQ:Pakistani']!;
    expect(Math.max(...lq)).toBeGreaterThan(2);
  });

  it('bad flags are usage errors; bad counts are CohesionErrors naming the area', async () => {
    expect(() => parseSpatialFlags({ distance: '500', distances: '1,2' })).toThrow(UsageError);
    expect(() => parseSpatialFlags({ distances: '500,abc' })).toThrow(/--distances/);
    expect(() => parseSpatialFlags({ kernel: 'cosine' })).toThrow(/--kernel/);
    expect(() => parseSpatialFlags({ centre: 'town hall' })).toThrow(/--centre/);
    expect(SPATIAL_FLAGS.distances.type).toBe('string');
    const { areas, col } = await trafford();
    const total = col('total_usual_residents');
    const group = Float64Array.from(total);
    group[5] = total[5]! + 1;
    await expect(
      spatialSegregation({ areas, idProperty: 'area_code', groups: [group], total }),
    ).rejects.toThrow(CohesionError);
  });
});

describe('cohesion segregation --spatial (the built CLI)', () => {
  const areas = join(dir, 'lsoa21_boundaries_generalised.geojson');
  const table = join(dir, 'ethnicity_2021_lsoa_wide.csv');
  const base = [
    'segregation',
    '--areas',
    areas,
    '--id',
    'area_code',
    '--table',
    table,
    '--table-id',
    'area_code',
  ];
  it('adds the spatial keys to "indices" and a "profile" for --distances', () => {
    const r = cohesion([
      ...base,
      '--total',
      'total_usual_residents',
      '--group',
      PAK,
      '--spatial',
      '--distances',
      '500,1000',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    // Aspatial and spatial keys side by side; values as in the in-process tests above (PySAL figures).
    expect(out.indices.dissimilarity).toBeCloseTo(0.460719, 6);
    expect(out.indices.spatialDissimilarity).toBeCloseTo(0.43540537744851016, 12);
    for (const key of [
      'spatialProximity',
      'relativeConcentration',
      'absoluteCentralization',
      'relativeClustering',
      'delta',
    ]) {
      expect(typeof out.indices[key]).toBe('number');
    }
    expect(out.profile.map((s: { distance: number }) => s.distance)).toEqual([500, 1000]);
    expect(typeof out.profile[0].indices.dissimilarity).toBe('number');
  });
  it('refuses spatial flags without --spatial or --areas', () => {
    const noAreas = cohesion([
      'segregation',
      '--table',
      table,
      '--total',
      'total_usual_residents',
      '--group',
      PAK,
      '--spatial',
      '--json',
    ]);
    expect(noAreas.code).toBe(2);
    expect(noAreas.stderr).toMatch(/--spatial needs --areas/);
    const noSpatial = cohesion([
      ...base,
      '--total',
      'total_usual_residents',
      '--group',
      PAK,
      '--distance',
      '500',
      '--json',
    ]);
    expect(noSpatial.code).toBe(2);
  });
});
