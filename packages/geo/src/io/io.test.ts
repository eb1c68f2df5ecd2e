import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FeatureCollection } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CohesionError } from '../errors.js';
import { geometryBBox } from '../geography/geometry.js';
import { readAreas } from './areas.js';
import { numericColumn, numericValues, parseCsv, parseNumber, readCsv, writeCsv } from './csv.js';
import { readFlatGeobuf, writeFlatGeobuf } from './flatgeobuf.js';
import { parseGeoJSON, readGeoJSON, writeGeoJSON } from './geojson.js';
import { readText, saveFile } from './source.js';
import { readTopoJSON } from './topojson.js';

const DATA_DIR = new URL('../../../../data/', import.meta.url);
const dataPath = (p: string) => new URL(p, DATA_DIR).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'cohesion-io-'));
const badFile = (name: string, content: string | Uint8Array) => {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
};

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(CohesionError);
    return (e as CohesionError).code;
  }
  return undefined;
}

const sample: FeatureCollection = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      id: 'E01006074',
      properties: {
        area_code: 'E01006074',
        name: 'Trafford 001A',
        pop: 1523,
        share: 0.125,
        flag: true,
        note: null,
      },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [380000, 390000],
            [381000, 390000],
            [381000, 391000],
            [380000, 391000],
            [380000, 390000],
          ],
        ],
      },
    },
    {
      type: 'Feature',
      id: 7,
      properties: {
        area_code: 'E01006075',
        name: 'Quote "and", comma',
        pop: 0,
        share: 1e-9,
        flag: false,
        note: 'x',
      },
      geometry: {
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [382000, 390000],
              [383000, 390000],
              [383000, 391000],
              [382000, 390000],
            ],
          ],
        ],
      },
    },
  ],
};
(sample as { crs?: unknown }).crs = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } };

describe('GeoJSON', () => {
  it('reads the Trafford LSOAs from a path and keeps properties', async () => {
    const fc = await readGeoJSON(dataPath('trafford/lsoa21_boundaries_generalised.geojson'));
    expect(fc.features).toHaveLength(139);
    expect(fc.features[0]?.properties).toHaveProperty('area_code');
  });
  it('round-trips properties, ids and the crs member', () => {
    const back = parseGeoJSON(writeGeoJSON(sample));
    expect(back).toEqual(sample);
  });
  it('wraps a bare geometry and a bare feature', () => {
    expect(parseGeoJSON('{"type":"Point","coordinates":[1,2]}').features).toHaveLength(1);
    expect(parseGeoJSON('{"type":"Feature","properties":{},"geometry":null}').features).toHaveLength(1);
  });
  it('rejects bad files with typed errors', async () => {
    expect(
      await codeOf(readGeoJSON(badFile('bad.geojson', '{"type": "FeatureCollection", "features": ['))),
    ).toBe('TRUNCATED_FILE');
    expect(
      await codeOf(
        readGeoJSON(
          badFile(
            'badgeom.geojson',
            '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Circle"}}]}',
          ),
        ),
      ),
    ).toBe('INVALID_GEOMETRY');
    expect(
      await codeOf(readAreas(badFile('empty.geojson', '{"type":"FeatureCollection","features":[]}'))),
    ).toBe('EMPTY_INPUT');
    expect(await codeOf(readAreas(join(tmp, 'does-not-exist.geojson')))).toBe('READ_FAILED');
    expect(await codeOf(readAreas(badFile('notgeo.txt', 'hello world\nthis is text')))).toBe(
      'UNSUPPORTED_FORMAT',
    );
  });
});

describe('FlatGeobuf', () => {
  it('round-trips properties (with types and nulls), ids and the BNG crs', async () => {
    const bytes = writeFlatGeobuf(sample);
    const back = await readFlatGeobuf(bytes);
    expect(back).toEqual(sample);
  });
  it('round-trips all 139 Trafford LSOAs through a file, detected by magic bytes', async () => {
    const fc = await readGeoJSON(dataPath('trafford/lsoa21_boundaries_generalised.geojson'));
    const path = join(tmp, 'trafford.fgb');
    await saveFile(path, writeFlatGeobuf(fc));
    const back = await readAreas(path);
    expect(back.features).toHaveLength(139);
    expect(back.features.map((f) => f.properties)).toEqual(fc.features.map((f) => f.properties));
    expect(back.features[5]?.geometry).toEqual(fc.features[5]?.geometry);
  });
  it('filters by bounding box', async () => {
    const back = await readAreas(writeFlatGeobuf(sample), { bbox: [379_000, 389_000, 381_500, 391_500] });
    expect(back.features.map((f) => f.id)).toEqual(['E01006074']);
  });
  it('rejects a file that is not FlatGeobuf', async () => {
    expect(await codeOf(readFlatGeobuf(new TextEncoder().encode('not fgb')))).toBe('PARSE_ERROR');
  });
});

describe('TopoJSON', () => {
  // Two unit squares sharing an arc, as topojson-server would write them (no quantisation).
  const topo = {
    type: 'Topology',
    objects: {
      areas: {
        type: 'GeometryCollection',
        geometries: [
          { type: 'Polygon', arcs: [[0, 1]], id: 'A', properties: { code: 'A' } },
          { type: 'Polygon', arcs: [[-1, 2]], id: 'B', properties: { code: 'B' } },
        ],
      },
    },
    arcs: [
      [
        [1, 0],
        [1, 1],
      ],
      [
        [1, 1],
        [0, 1],
        [0, 0],
        [1, 0],
      ],
      [
        [1, 0],
        [2, 0],
        [2, 1],
        [1, 1],
      ],
    ],
  };
  it('converts objects to features, sharing arcs', async () => {
    const fc = await readTopoJSON(JSON.stringify(topo));
    expect(fc.features.map((f) => f.properties?.code)).toEqual(['A', 'B']);
    expect(fc.features[1]?.geometry).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [1, 1],
          [1, 0],
          [2, 0],
          [2, 1],
          [1, 1],
        ],
      ],
    });
    const viaAreas = await readAreas(badFile('two.topojson', JSON.stringify(topo)));
    expect(viaAreas.features).toHaveLength(2);
  });
  it('names the object when it is missing', async () => {
    expect(await codeOf(readTopoJSON(JSON.stringify(topo), { object: 'wards' }))).toBe('INVALID_ARGUMENT');
  });
});

describe('CSV', () => {
  it('reads the IMD file with its BOM and quoted thousands', async () => {
    const t = await readCsv(dataPath('england-imd2019/iod2019_population_lsoa11.csv.gz'));
    expect(t.columns[0]?.charCodeAt(0)).not.toBe(0xfeff);
    expect(t.rows.length).toBe(32_844);
    const col = t.columns.find((c) => /total population/i.test(c)) as string;
    const pop = numericColumn(t, col);
    expect(pop.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
  });
  it('reads UTF-16 (Excel "Unicode Text"), with or without a BOM, as the same table as UTF-8', async () => {
    const text = 'code\tname\ttotal\r\nE01000001\tBryn Gwyn\t1200\r\nE01000002\tAberdâr\t950\r\n';
    const utf8 = await readCsv(badFile('u8.tsv', text));
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    const bom = (b: Uint8Array, head: number[]) => Buffer.concat([Buffer.from(head), b]);
    for (const [name, bytes] of [
      ['le-bom.tsv', bom(le, [0xff, 0xfe])],
      ['be-bom.tsv', bom(be, [0xfe, 0xff])],
      ['le.tsv', le],
      ['be.tsv', be],
    ] as const) {
      const t = await readCsv(badFile(name, bytes));
      expect(t.columns, name).toEqual(['code', 'name', 'total']);
      expect(t.rows, name).toEqual(utf8.rows);
    }
    expect(utf8.rows[1]?.name).toBe('Aberdâr');
  });
  it('parses numbers strictly', () => {
    expect(parseNumber('29,199')).toBe(29199);
    expect(parseNumber(' 12.5 ')).toBe(12.5);
    expect(parseNumber('1e3')).toBe(1000);
    expect(parseNumber('12,34')).toBeNaN();
    expect(parseNumber('NA')).toBeNaN();
    expect(parseNumber('')).toBeNaN();
  });
  it('round-trips records with quotes, commas and newlines', () => {
    const rows = [
      { code: 'E01', name: 'A "quoted", name', n: '3' },
      { code: 'E02', name: 'line\nbreak', n: '4' },
    ];
    expect(parseCsv(writeCsv(rows)).rows).toEqual(rows);
  });
  it('names the bad row and column', async () => {
    const neg = await readCsv(badFile('neg.csv', 'code,total\nE01000001,10\nE01000002,-3\n'));
    try {
      numericColumn(neg, 'total');
      expect.unreachable();
    } catch (e) {
      expect((e as CohesionError).code).toBe('NEGATIVE_COUNT');
      expect((e as CohesionError).detail.row).toBe(1);
      expect((e as CohesionError).message).toContain('row 2');
    }
    const nn = await readCsv(badFile('nn.csv', 'code,total\nE01000001,ten\n'));
    expect(await codeOf(() => numericColumn(nn, 'total'))).toBe('NON_NUMERIC');
    expect(await codeOf(() => numericColumn(nn, 'persons'))).toBe('MISSING_COLUMN');
    expect(await codeOf(readCsv(badFile('empty.csv', '')))).toBe('EMPTY_INPUT');
    expect(await codeOf(readCsv(badFile('ragged.csv', 'a,b\n1,2,3\n')))).toBe('PARSE_ERROR');
    expect(await codeOf(readCsv(badFile('duphead.csv', 'a,a\n1,2\n')))).toBe('PARSE_ERROR');
  });
  it('numericValues: one rule for CSV text and GeoJSON numbers; missing only with allowBlank', () => {
    const err = (values: unknown[], o = {}) => {
      try {
        numericValues(values, { column: 'n', source: 't.csv', ...o });
      } catch (e) {
        const c = e as CohesionError;
        return [c.code, c.detail.row ?? c.detail.feature, c.message];
      }
      return undefined;
    };
    expect(Array.from(numericValues([' 29,199 ', 3, '-1.5e1'], { allowNegative: true }))).toEqual([
      29199, 3, -15,
    ]);
    for (const marker of ['yes', 'NA', '-', '..', 'true', 'n/a']) {
      expect(err(['1', marker])?.slice(0, 2), marker).toEqual(['NON_NUMERIC', 1]);
    }
    expect(err(['1', 'yes'])?.[2]).toBe('t.csv: column "n" row 2 holds "yes", not a number');
    expect(err([true])?.[0]).toBe('NON_NUMERIC');
    expect(err([Number.POSITIVE_INFINITY])?.[0]).toBe('NON_FINITE');
    expect(err(['-2'])?.[0]).toBe('NEGATIVE_COUNT');
    // Missing values: blank text, null, undefined, NaN — errors by default, NaN with allowBlank.
    for (const missing of ['', ' ', null, undefined, Number.NaN]) {
      expect(err([missing])?.[0]).toBe('NON_NUMERIC');
      expect(numericValues([missing], { allowBlank: true })[0]).toBeNaN();
    }
    // With ids and kind 'feature', messages name the area and the feature.
    expect(err([1, 'lots'], { ids: ['A', 'E01006074'], kind: 'feature' })?.slice(1)).toEqual([
      1,
      't.csv: column "n" feature 1 (area E01006074) holds "lots", not a number',
    ]);
  });
});

describe('gzip', () => {
  it('reads gzipped GeoJSON, CSV and FlatGeobuf exactly as the plain files, whatever the name', async () => {
    const plain = dataPath('trafford/ward22_boundaries_generalised.geojson');
    const gz = badFile('wards.geojson.gz', gzipSync(readFileSync(plain)));
    expect(await readAreas(gz)).toEqual(await readAreas(plain));
    const csv = 'code,n\nE01,3\nE02,4\n';
    const csvGz = badFile('table.bin', gzipSync(csv));
    const t = await readCsv(csvGz);
    expect(t.rows).toEqual(parseCsv(csv).rows);
    expect(t.columns).toEqual(['code', 'n']);
    const fgb = writeFlatGeobuf(await readAreas(plain));
    const fgbGz = badFile('wards.fgb.gz', gzipSync(fgb));
    expect((await readAreas(fgbGz)).features.length).toBe(21);
  });
  it('reads the repository copy of a national table (34,753 LSOAs)', async () => {
    const t = await readCsv(dataPath('england-wales/ethnicity_2011_lsoa.csv.gz'));
    expect(t.rows.length).toBe(34753);
  });
  it('a truncated gzip file is READ_FAILED naming the file, never a partial read', async () => {
    const whole = gzipSync(readFileSync(dataPath('trafford/ward22_boundaries_generalised.geojson')));
    const cut = badFile('cut.geojson.gz', whole.subarray(0, whole.length >> 1));
    expect(await codeOf(readAreas(cut))).toBe('READ_FAILED');
    await expect(readAreas(cut)).rejects.toThrow(/cut\.geojson\.gz is gzip-compressed/);
  });
});

describe('URL loading (local HTTP server)', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/trafford.geojson') {
        res.end(readFileSync(dataPath('trafford/ward22_boundaries_generalised.geojson')));
      } else if (req.url === '/table.csv') {
        res.end('code,n\nA,1\n');
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  it('reads GeoJSON and CSV over HTTP', async () => {
    const fc = await readAreas(`${base}/trafford.geojson`);
    expect(fc.features).toHaveLength(21);
    expect((await readCsv(new URL(`${base}/table.csv`))).rows).toEqual([{ code: 'A', n: '1' }]);
  });
  it('reports HTTP errors', async () => {
    expect(await codeOf(readText(`${base}/missing.geojson`))).toBe('READ_FAILED');
  });
});

describe('FlatGeobuf spatial index and streaming bbox reads', () => {
  let server: Server;
  let base = '';
  let rangeRequests = 0;
  let served = 0;
  let file: Uint8Array;
  let lsoas: FeatureCollection;
  const box: [number, number, number, number] = [-2.36, 53.44, -2.3, 53.47];
  beforeAll(async () => {
    lsoas = await readGeoJSON(dataPath('greater-manchester/boundaries/gm_lsoa21_generalised.geojson.gz'));
    file = writeFlatGeobuf(lsoas, { spatialIndex: true });
    server = createServer((req, res) => {
      const range = /bytes=(\d+)-(\d+)?/.exec(req.headers.range ?? '');
      if (range) {
        rangeRequests++;
        const start = Number(range[1]);
        const end = range[2] ? Math.min(Number(range[2]), file.length - 1) : file.length - 1;
        served += end - start + 1;
        res.writeHead(206, {
          'Content-Range': `bytes ${start}-${end}/${file.length}`,
          'Content-Length': end - start + 1,
        });
        res.end(file.subarray(start, end + 1));
      } else {
        served += file.length;
        res.end(file);
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const expected = () =>
    lsoas.features
      .filter((f) => {
        const b = geometryBBox(f.geometry)!;
        return b[0] <= box[2] && b[2] >= box[0] && b[1] <= box[3] && b[3] >= box[1];
      })
      .map((f) => f.properties?.area_code)
      .sort();

  it('finds exactly the features whose boxes meet the query, from bytes', async () => {
    const all = await readFlatGeobuf(file);
    expect(all.features).toHaveLength(1702);
    expect(all.features.map((f) => f.properties?.area_code).sort()).toEqual(
      lsoas.features.map((f) => f.properties?.area_code).sort(),
    );
    const hit = await readFlatGeobuf(file, { bbox: box });
    expect(hit.features.map((f) => f.properties?.area_code).sort()).toEqual(expected());
    expect(hit.features.length).toBeGreaterThan(10);
  });
  it('streams only the needed byte ranges over HTTP', async () => {
    const debug = console.debug;
    console.debug = () => {}; // flatgeobuf's tree search logs every step at debug level
    try {
      const hit = await readAreas(`${base}/gm.fgb`, { bbox: box });
      expect(hit.features.map((f) => f.properties?.area_code).sort()).toEqual(expected());
    } finally {
      console.debug = debug;
    }
    expect(rangeRequests).toBeGreaterThan(1);
    expect(served).toBeLessThan(file.length / 4);
  });
});

describe('saveFile: outputs that cannot be written', () => {
  it('a file in the way of a folder is WRITE_FAILED naming it, never READ_FAILED or EEXIST', async () => {
    const inWay = badFile('in-the-way', 'x');
    for (const target of [join(inWay, 'x.csv'), join(inWay, 'sub', 'x.csv')]) {
      const err = await saveFile(target, 'a').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CohesionError);
      expect((err as CohesionError).code).toBe('WRITE_FAILED');
      expect((err as CohesionError).message).toBe(
        `cannot create folder ${inWay}: a file with that name is in the way`,
      );
    }
  });
});
