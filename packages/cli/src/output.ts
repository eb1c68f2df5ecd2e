import { extname } from 'node:path';
import { type SaveFileOptions, saveFile, writeCsv, writeFlatGeobuf, writeGeoJSON } from '@cohesion/geo';
import type { FeatureCollection } from 'geojson';
import { UsageError } from './flags.js';
import { clearProgress } from './progress.js';

/** Writes compact JSON to stdout followed by a newline. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, jsonReplacer)}\n`);
}

/** Indented JSON with a final newline: what commands without a text summary print without `--json`. */
export function prettyJson(value: unknown): string {
  return `${JSON.stringify(value, jsonReplacer, 2)}\n`;
}

/** Typed arrays serialise as arrays; non-finite numbers as null (JSON has no NaN). */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as ArrayLike<number>);
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

/** The sentence each command's --help gives about its output file. */
export const OUT_HELP =
  '--out FILE is written atomically (a temporary file, then renamed); an existing FILE is replaced only with --force, and never when it is one of the inputs.';

/** Every file-like value among the parsed flags except `--out` itself: the inputs an output must not overwrite. */
export function inputsOf(values: Record<string, unknown>): string[] {
  return Object.entries(values)
    .filter(([k, v]) => k !== 'out' && typeof v === 'string' && v !== '')
    .map(([, v]) => v as string);
}

/** Where and how to write: `--force` and the command's input paths (see `OUTPUT_FLAGS`). */
export function saveOptions(values: Record<string, unknown>): SaveFileOptions {
  return { overwrite: values.force === true, inputs: inputsOf(values) };
}

/** Features or plain records, written by file extension. */
export type Output = FeatureCollection | readonly Record<string, unknown>[];

/**
 * Writes results to `path` by extension: `.geojson`/`.json` (GeoJSON), `.fgb` (FlatGeobuf) or
 * `.csv` (one row per feature's properties, or per record). Records cannot be written as
 * GeoJSON/FlatGeobuf (they have no geometry): that is a usage error. Text or bytes already in the
 * file's format are written as they are. Written atomically by `saveFile`; pass
 * {@link saveOptions} of the command's flags for `--force` and the input check.
 */
export async function writeOutput(
  path: string,
  data: Output | string | Uint8Array,
  options: SaveFileOptions = {},
): Promise<void> {
  if (typeof data === 'string' || data instanceof Uint8Array) {
    await saveFile(path, data, options);
    return;
  }
  const ext = extname(path).toLowerCase();
  const isFc = !Array.isArray(data) && (data as FeatureCollection).type === 'FeatureCollection';
  if (ext === '.csv') {
    const rows = isFc
      ? (data as FeatureCollection).features.map((f) => ({ ...(f.properties ?? {}) }))
      : (data as Record<string, unknown>[]);
    await saveFile(path, writeCsv(rows), options);
    return;
  }
  if (!isFc) throw new UsageError(`--out ${path}: these results have no geometry; write them to a .csv file`);
  if (ext === '.geojson' || ext === '.json')
    await saveFile(path, writeGeoJSON(data as FeatureCollection), options);
  else if (ext === '.fgb') await saveFile(path, writeFlatGeobuf(data as FeatureCollection), options);
  else throw new UsageError(`--out ${path}: unknown extension "${ext}" (use .geojson, .fgb or .csv)`);
}

/** The output flags as parsed: `--out`, `--force`, `--json` (and the inputs, for the overwrite check). */
export type OutputValues = {
  out?: string | undefined;
  force?: boolean | undefined;
  json?: boolean | undefined;
};

/** What a command produced: the file for `--out`, the JSON for `--json`, the text otherwise. */
export interface Results {
  /** Written to `--out FILE` when given (see {@link writeOutput}); a function is called only then. */
  file?: Output | string | Uint8Array | (() => Output | string | Uint8Array);
  /** Printed as one line of JSON with `--json`; a function is called only then. */
  json?: unknown;
  /** Printed without `--json` (a plain summary); a function is called only then. */
  text?: string | (() => string);
}

/**
 * The one output step of every command: writes `--out` (atomically, honouring `--force`), then
 * prints `--json` or the plain text. Returns the exit code 0.
 */
export async function emit(values: OutputValues & Record<string, unknown>, results: Results): Promise<0> {
  // The work is done: erase the progress line before anything is printed on the same terminal.
  clearProgress();
  if (values.out && results.file !== undefined) {
    const data = typeof results.file === 'function' ? results.file() : results.file;
    await writeOutput(values.out, data, saveOptions(values));
  }
  if (values.json) {
    const json = typeof results.json === 'function' ? (results.json as () => unknown)() : results.json;
    if (json !== undefined) printJson(json);
  } else if (results.text !== undefined) {
    process.stdout.write(typeof results.text === 'function' ? results.text() : results.text);
  }
  return 0;
}

/** Commands whose only outputs are `--json` and `--out`: one of them must be asked for. */
export function requireOutput(values: OutputValues): void {
  if (!values.json && !values.out) throw new UsageError('missing required flag --json or --out FILE');
}
