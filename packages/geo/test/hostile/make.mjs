// Regenerates the hostile-input corpus (small bad files, one per class of bad input). The files are
// committed; run `node packages/geo/test/hostile/make.mjs` after `pnpm run build` to rebuild them.
import { writeFileSync } from 'node:fs';
// A hand-made topology (no topojson-server needed): one arc per square.
import { writeFlatGeobuf } from '../../dist/index.js';

const here = (f) => new URL(f, import.meta.url);
const BNG = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } };
const WGS = { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } };
/** A 4 × 4 grid of 100 m squares (BNG near Manchester) or 0.001° squares (lon/lat). */
function grid(step, x0, y0, props = (i) => ({ code: `A${i}`, v: (i * 7) % 5, n: i % 3, total: 10 })) {
  const features = [];
  for (let i = 0; i < 16; i++) {
    const x = x0 + (i % 4) * step;
    const y = y0 + Math.floor(i / 4) * step;
    features.push({
      type: 'Feature',
      properties: props(i),
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [x, y],
            [x + step, y],
            [x + step, y + step],
            [x, y + step],
            [x, y],
          ],
        ],
      },
    });
  }
  return features;
}
const fc = (features, crs) => ({ type: 'FeatureCollection', ...(crs ? { crs } : {}), features });
const json = (f, o) => writeFileSync(here(f), `${JSON.stringify(o)}\n`);
const text = (f, t) => writeFileSync(here(f), t);

const good = fc(grid(100, 380000, 394000), BNG);
json('good.geojson', good);
text(
  'good.csv',
  `code,n,total\n${good.features.map((f) => `${f.properties.code},${f.properties.n},10`).join('\n')}\n`,
);
// The same table in another row order (issue 15: a table sorted differently from the areas gave the
// first area another area's count): matched by code it gives exactly good.csv's results.
text(
  'shuffled.csv',
  `code,n,total\n${[...good.features]
    .reverse()
    .map((f) => `${f.properties.code},${f.properties.n},10`)
    .join('\n')}\n`,
);
const fgb = writeFlatGeobuf(good);
// Cut exactly after feature 8 (header still says 16): reads as a valid smaller file without the layout walk.
const view = new DataView(fgb.buffer, fgb.byteOffset);
let at = 12 + view.getUint32(8, true);
for (let k = 0; k < 8; k++) at += 4 + view.getUint32(at, true);
writeFileSync(here('truncated-at-feature.fgb'), fgb.slice(0, at));
writeFileSync(here('truncated-mid-feature.fgb'), fgb.slice(0, Math.floor(fgb.length / 2)));
writeFileSync(here('truncated-header.fgb'), fgb.slice(0, 40));
const gj = JSON.stringify(good);
text('truncated.geojson', gj.slice(0, Math.floor(gj.length * 0.6)));
const topo = JSON.stringify({
  type: 'Topology',
  objects: {
    areas: {
      type: 'GeometryCollection',
      geometries: good.features.map((f, i) => ({ type: 'Polygon', arcs: [[i]], properties: f.properties })),
    },
  },
  arcs: good.features.map((f) => f.geometry.coordinates[0]),
});
text('good.topojson', topo);
text('truncated.topojson', topo.slice(0, Math.floor(topo.length * 0.7)));
text('truncated.csv', 'code,n,total\nA0,1,10\nA1,2,10\nA2,1');
text('truncated-quote.csv', 'code,name,n,total\nA0,"Ward one",1,10\nA1,"Ward t');
text('broken.geojson', '{"type":"FeatureCollection",,"features":[]}\n');
// Coordinates: WGS84 degrees labelled EPSG:27700, lat/lon swapped, BNG labelled WGS84, Web Mercator without a CRS.
json('wgs84-labelled-27700.geojson', fc(grid(0.001, -2.3, 53.45), BNG));
json('swapped-latlon.geojson', fc(grid(0.001, 53.45, -2.3)));
json('bng-labelled-wgs84.geojson', fc(grid(100, 380000, 394000), WGS));
json('mercator-no-crs.geojson', fc(grid(100, -255000, 7070000)));
json('outside-gb.geojson', fc(grid(0.001, 2.35, 48.85), WGS));
// Codes.
json(
  'duplicate-id.geojson',
  fc(
    grid(100, 380000, 394000, (i) => ({ code: i === 5 ? 'A4' : `A${i}`, v: i % 5 })),
    BNG,
  ),
);
json(
  'blank-id.geojson',
  fc(
    grid(100, 380000, 394000, (i) => ({ code: i === 3 ? '  ' : `A${i}`, v: i % 5 })),
    BNG,
  ),
);
json(
  'null-id.geojson',
  fc(
    grid(100, 380000, 394000, (i) => ({ code: i === 3 ? null : `A${i}`, v: i % 5 })),
    BNG,
  ),
);
text('duplicate-code.csv', 'code,council,n,total\nA0,X,1,10\nA1,X,2,10\nA2,Y,3,10\nA0,X,1,10\nA3,Y,0,10\n');
text('blank-code.csv', 'code,n,total\nA0,1,10\n ,2,10\nA2,3,10\n');
// Values: null, boolean, string, non-numeric cells, negative counts, groups above totals.
json(
  'null-value.geojson',
  fc(
    grid(100, 380000, 394000, (i) => ({ code: `A${i}`, v: i === 2 ? null : i % 5 })),
    BNG,
  ),
);
json(
  'boolean-value.geojson',
  fc(
    grid(100, 380000, 394000, (i) => ({ code: `A${i}`, v: i === 2 ? true : i % 5 })),
    BNG,
  ),
);
json(
  'string-value.geojson',
  fc(
    grid(100, 380000, 394000, (i) => ({ code: `A${i}`, v: i === 2 ? 'five' : i % 5 })),
    BNG,
  ),
);
text('non-numeric.csv', 'code,n,total\nA0,1,10\nA1,yes,10\nA2,3,10\n');
text('na-cell.csv', 'code,n,total\nA0,1,10\nA1,NA,10\nA2,3,10\n');
text('blank-cell.csv', 'code,n,total\nA0,1,10\nA1,,10\nA2,3,10\n');
text('negative.csv', 'code,n,total\nA0,1,10\nA1,-2,10\nA2,3,10\n');
text('group-exceeds-total.csv', 'code,n,total\nA0,1,10\nA1,12,10\nA2,3,10\n');
text('total-row.csv', 'code,n,total\nE01000001,1,10\nE01000002,2,12\nE01000003,3,8\nTotal,6,30\n');
text('ragged.csv', 'code,n,total\nA0,1,10,7\nA1,2,10\n');
text('duplicate-header.csv', 'code,n,n\nA0,1,10\n');
text('empty.csv', '');
json('empty.geojson', fc([], BNG));
json(
  'invalid-geometry.geojson',
  fc([{ type: 'Feature', properties: { code: 'A' }, geometry: { type: 'Blob', coordinates: [] } }], BNG),
);
// Spreadsheet formulas in names (not an error: neutralised in every CSV written).
text(
  'formula-names.csv',
  `code,name,n,total\n${good.features.map((f, i) => `${f.properties.code},"${['=HYPERLINK(""http://x"",""y"")', "-2+3+cmd|' /C calc'!A0", '@SUM(1)', '+1+1'][i % 4]}",${i % 3},10`).join('\n')}\n`,
);
