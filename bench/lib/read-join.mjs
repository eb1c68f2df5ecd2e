/**
 * Case factory for "read areas + read census CSV + join by code" in one format. Ours uses the
 * product's io layer (`readAreas`, `readCsv`, `joinByCode`) on the same files the peers read.
 */
import { joinByCode, readAreas, readCsv } from '@cohesion/geo';
import { assertClose } from './agreement.mjs';
import { requirePeer, runExternal } from './peers.mjs';

/** @param {{n: number, totalPersons: number}} ours @param {{n: number, totalPersons: number}} theirs */
function check(ours, theirs) {
  assertClose('joined areas', ours.n, theirs.n, { rel: 0, abs: 0 });
  assertClose('sum of Persons over joined areas', ours.totalPersons, theirs.totalPersons, { rel: 0, abs: 0 });
  return `same ${ours.n} areas joined, same total population ${ours.totalPersons}`;
}

/**
 * @param {'geojson' | 'fgb'} format
 * @returns {import('../run.mjs').BenchCase}
 */
export function readJoinCase(format) {
  const label = format === 'fgb' ? 'FlatGeobuf' : 'GeoJSON';
  /** @param {import('./context.mjs').BenchContext} ctx */
  const paths = (ctx) => ({
    path: format === 'fgb' ? ctx.input.fgb : ctx.input.geojson,
    table: ctx.input.table,
    tableId: ctx.input.tableId,
  });
  return {
    name: `read-join-${format}`,
    group: 'io',
    title: `Read areas (${label}) + read census CSV + join by code`,
    description:
      `Ours: \`readAreas(file)\` + \`readCsv(csv)\` + \`joinByCode(areas, table, {strict: true})\` from files on disk. ` +
      `Real inputs join the Census 2011 ethnicity table (MLID, 14 groups + Persons) to LSOA 2011 boundaries; ` +
      'generated tessellations join a generated `area_code,Persons,GroupA` table. ' +
      `Peers read the same ${label} and CSV: R \`sf::st_read\` + \`read.csv\` + \`merge\`, Python geopandas ` +
      '`read_file` + pandas `read_csv` + `merge`. Agreement: same number of joined areas and the same total population.',
    sizes: ['gm-lsoa11', 'voronoi-35k', 'voronoi-190k'],
    quickSizes: ['trafford-lsoa11'],
    setup: paths,
    async run(s) {
      const areas = await readAreas(s.path);
      const table = await readCsv(s.table);
      return joinByCode(areas, table, { areaId: 'area_code', tableId: s.tableId }).areas;
    },
    summarize(fc) {
      let total = 0;
      for (const f of fc.features) total += Number(f.properties?.Persons);
      return { n: fc.features.length, totalPersons: total };
    },
    peers: [
      {
        name: 'R sf st_read + merge',
        available: () => requirePeer('R', ['sf', 'jsonlite']),
        exec: (ctx) =>
          runExternal(
            'R',
            ctx.runId,
            `
b <- bench(function() {
  a <- st_read(cfg$path, quiet = TRUE)
  t <- read.csv(cfg$table, stringsAsFactors = FALSE)
  merge(a, t, by.x = "area_code", by.y = cfg$tableId)
})
emit(b, list(n = nrow(b$res), totalPersons = sum(as.numeric(b$res$Persons))))`,
            { params: { ...paths(ctx), libs: ['sf'] }, policy: ctx.policy, timeoutMs: ctx.timeoutMs },
          ),
        check,
      },
      {
        name: 'geopandas read_file + merge',
        available: () => requirePeer('python', ['geopandas', 'pandas']),
        exec: (ctx) =>
          runExternal(
            'python',
            ctx.runId,
            `
import geopandas as gpd, pandas as pd
def work():
    a = gpd.read_file(cfg['path'])
    t = pd.read_csv(cfg['table'], dtype={cfg['tableId']: str})
    return a.merge(t, left_on='area_code', right_on=cfg['tableId'])
times, res = bench(work)
emit(times, {'n': int(len(res)), 'totalPersons': float(res['Persons'].sum())})`,
            { params: paths(ctx), policy: ctx.policy, timeoutMs: ctx.timeoutMs },
          ),
        check,
      },
    ],
  };
}
