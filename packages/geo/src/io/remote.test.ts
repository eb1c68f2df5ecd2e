import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CohesionError } from '../errors.js';
import { pointsFromTable } from '../geography/points.js';
import { fetchArcGisFeatures, fetchPoliceCrimes } from './remote.js';

// A local stand-in for data.police.uk and an ArcGIS feature layer, answering as the real services
// do (response shapes from their API documentation), so the paging and mapping code is exercised.
let server: Server;
let base = '';
const requests: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://x');
    res.setHeader('Content-Type', 'application/json');
    if (url.pathname === '/api/crimes-street/burglary') {
      if (url.searchParams.get('date') === '2099-01') {
        res.statusCode = 503;
        res.end();
        return;
      }
      res.end(
        JSON.stringify([
          {
            category: 'burglary',
            persistent_id: 'abc',
            month: url.searchParams.get('date'),
            location: {
              latitude: '53.446',
              longitude: '-2.309',
              street: { id: 1, name: 'On or near Talbot Road' },
            },
          },
          {
            category: 'burglary',
            id: 7,
            month: url.searchParams.get('date'),
            location: { latitude: '53.45', longitude: '-2.31' },
          },
        ]),
      );
      return;
    }
    if (url.pathname === '/arcgis/FeatureServer/0/query') {
      const offset = Number(url.searchParams.get('resultOffset'));
      const size = Number(url.searchParams.get('resultRecordCount'));
      const total = 5;
      const n = Math.max(0, Math.min(size, total - offset));
      res.end(
        JSON.stringify({
          type: 'FeatureCollection',
          exceededTransferLimit: offset + n < total,
          features: Array.from({ length: n }, (_, i) => ({
            type: 'Feature',
            id: offset + i,
            properties: { code: `E0100000${offset + i}` },
            geometry: { type: 'Point', coordinates: [-2.3, 53.4] },
          })),
        }),
      );
      return;
    }
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const ring: [number, number][] = [
  [-2.4, 53.4],
  [-2.2, 53.4],
  [-2.2, 53.5],
  [-2.4, 53.5],
];

describe('data.police.uk loader', () => {
  it('maps the API to the bulk-CSV columns and sends lat,lng pairs', async () => {
    const t = await fetchPoliceCrimes({
      polygon: ring,
      month: '2024-01',
      category: 'burglary',
      baseUrl: `${base}/api`,
    });
    expect(t.rows).toEqual([
      {
        'Crime ID': 'abc',
        Month: '2024-01',
        'Crime type': 'burglary',
        Longitude: '-2.309',
        Latitude: '53.446',
        Location: 'On or near Talbot Road',
      },
      {
        'Crime ID': '7',
        Month: '2024-01',
        'Crime type': 'burglary',
        Longitude: '-2.31',
        Latitude: '53.45',
        Location: '',
      },
    ]);
    expect(requests.at(-1)).toContain('poly=53.40000,-2.40000:53.40000,-2.20000');
    expect(pointsFromTable(t, 'Longitude', 'Latitude').xs.length).toBe(2);
  });
  it('explains the 503 the API gives for too many crimes', async () => {
    await expect(
      fetchPoliceCrimes({ polygon: ring, month: '2099-01', category: 'burglary', baseUrl: `${base}/api` }),
    ).rejects.toThrow(/HTTP 503 .*10,000 crimes/);
    await expect(
      fetchPoliceCrimes({ polygon: ring, month: 'Jan 2024', baseUrl: `${base}/api` }),
    ).rejects.toBeInstanceOf(CohesionError);
  });
});

describe('ArcGIS (ONS Open Geography Portal) loader', () => {
  it('follows paging until every record is in', async () => {
    const before = requests.length;
    const fc = await fetchArcGisFeatures({
      layerUrl: `${base}/arcgis/FeatureServer/0`,
      where: "LAD22CD = 'E08000009'",
      pageSize: 2,
    });
    expect(fc.features.map((f) => f.properties?.code)).toEqual([
      'E01000000',
      'E01000001',
      'E01000002',
      'E01000003',
      'E01000004',
    ]);
    expect(requests.length - before).toBe(3);
    expect(decodeURIComponent(requests.at(-1) ?? '')).toContain("where=LAD22CD+=+'E08000009'");
  });
});
