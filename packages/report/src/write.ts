import { existsSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CohesionError, saveFile, writeCsv, writeGeoJSON } from '@cohesion/geo';
import type { CouncilReport } from './compute.js';
import { ASSET_FILES, REPORT_SCRIPT } from './html/assets.js';
import { CSS } from './html/css.js';
import { renderReportHtml } from './html.js';

/** The `<cohesion-map>` element built as one classic script (dist/assets), or null when not built. */
export async function loadInlineMapScript(): Promise<string | null> {
  const url = new URL('./assets/cohesion-map.inline.global.js', import.meta.url);
  return existsSync(url) ? readFile(url, 'utf8') : null;
}

/**
 * Every file {@link writeReport} may write into its folder (which of them depends on the report
 * and on `singleFile`): what an input must never be.
 */
export const REPORT_FILES: readonly string[] = [
  'index.html',
  ASSET_FILES.css,
  ASSET_FILES.script,
  ASSET_FILES.map,
  'report.json',
  'areas.geojson',
  'areas.csv',
  'councils.csv',
];

/** A path made absolute, through symbolic links where it exists. */
async function canonical(path: string): Promise<string> {
  const abs = resolve(path);
  return realpath(abs).catch(() => abs);
}

/**
 * Before any work: `OUTPUT_IS_INPUT` when a file the report writes into `dir` ({@link REPORT_FILES})
 * is one of `inputs` (compared as absolute paths, through symbolic links), naming the file — the
 * report would replace the user's own data with its results.
 */
export async function checkReportOutput(dir: string, inputs: readonly string[]): Promise<void> {
  const given = inputs.filter((p) => p !== '');
  if (!given.length) return;
  const byPath = new Map<string, string>();
  for (const input of given) byPath.set(await canonical(input), input);
  for (const name of REPORT_FILES) {
    const target = join(dir, name);
    const input = byPath.get(await canonical(target));
    if (input !== undefined)
      throw new CohesionError(
        'OUTPUT_IS_INPUT',
        `the report writes ${name} into ${dir}, which would replace the input ${input}; write the report to another folder`,
        { source: target, value: input },
      );
  }
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
 * other files there are left alone. `dir` being a file is `OUTPUT_EXISTS`. Pass the report's input
 * paths as `inputs` and none of them is ever replaced: `OUTPUT_IS_INPUT` before anything is
 * written (see {@link checkReportOutput}).
 */
export async function writeReport(
  report: CouncilReport,
  dir: string,
  options: { mapScript?: string | null; singleFile?: boolean; inputs?: readonly string[] } = {},
): Promise<WrittenReport> {
  if (options.inputs) await checkReportOutput(dir, options.inputs);
  const existing = await stat(dir).catch(() => undefined);
  if (existing && !existing.isDirectory())
    throw new CohesionError(
      'OUTPUT_EXISTS',
      `${dir} is a file; the report needs a folder (give a new or existing folder)`,
      {
        source: dir,
      },
    );
  // saveFile creates the folder (WRITE_FAILED in plain words when a file is in the way).
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
