import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CohesionError, createFolder, saveFile, writeCsv, writeGeoJSON } from '@cohesion/geo';
import type { CouncilReport } from './compute.js';
import { ASSET_FILES, REPORT_SCRIPT } from './html/assets.js';
import { CSS } from './html/css.js';
import { renderReportHtml } from './html.js';

/** The `<cohesion-map>` element built as one classic script (dist/assets), or null when not built. */
export async function loadInlineMapScript(): Promise<string | null> {
  const url = new URL('./assets/cohesion-map.inline.global.js', import.meta.url);
  return existsSync(url) ? readFile(url, 'utf8') : null;
}

/** What {@link writeReport} wrote, as paths relative to the output folder. */
export interface WrittenReport {
  dir: string;
  files: string[];
}

/**
 * Writes the report folder: `index.html` with its stylesheet and scripts beside it (`report.css`,
 * `report.js`, `cohesion-map.js`: the folder runs under a strict Content-Security-Policy and from
 * disk), `report.json` (every headline number), `areas.geojson` and `areas.csv` (per-LSOA results),
 * `councils.csv` (the national benchmark table). `singleFile` inlines the stylesheet and scripts
 * into `index.html` instead (one file to send; a strict CSP blocks it). Each file is written
 * atomically (temporary file + rename) and replaces the same file of an earlier report in `dir`;
 * other files there are left alone. `dir` being a file is `OUTPUT_EXISTS`.
 */
export async function writeReport(
  report: CouncilReport,
  dir: string,
  options: { mapScript?: string | null; singleFile?: boolean } = {},
): Promise<WrittenReport> {
  const existing = await stat(dir).catch(() => undefined);
  if (existing && !existing.isDirectory())
    throw new CohesionError(
      'OUTPUT_EXISTS',
      `${dir} is a file; the report needs a folder (give a new or existing folder)`,
      {
        source: dir,
      },
    );
  await createFolder(dir);
  const files: Record<string, string | Uint8Array> = {};
  const { areas, sites, ...rest } = report;
  files['report.json'] =
    `${JSON.stringify(rest, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
  if (areas) {
    files['areas.geojson'] = writeGeoJSON(areas);
    files['areas.csv'] = writeCsv(areas.features.map((f) => ({ ...(f.properties ?? {}) })));
  }
  if (report.national) {
    files['councils.csv'] = writeCsv(
      report.national.table.map((t) => ({
        council: t.council,
        region: t.region,
        population: t.population,
        ...t.values,
      })),
    );
  }
  const mapScript = options.mapScript === undefined ? await loadInlineMapScript() : options.mapScript;
  const results = Object.keys(files);
  const assets = options.singleFile ? 'inline' : 'files';
  if (assets === 'files') {
    files[ASSET_FILES.css] = CSS;
    files[ASSET_FILES.script] = REPORT_SCRIPT;
    if (mapScript) files[ASSET_FILES.map] = mapScript;
  }
  files['index.html'] = renderReportHtml(report, {
    ...(mapScript ? { mapScript } : {}),
    // The access map's static SVG overlays the green-space sites (coordinates rounded: ≈ 0.4 MB).
    ...(sites ? { sites } : {}),
    files: results,
    assets,
  });
  const names = ['index.html', ...Object.keys(files).filter((f) => f !== 'index.html')];
  for (const [name, data] of Object.entries(files)) await saveFile(join(dir, name), data);
  return { dir, files: names };
}
