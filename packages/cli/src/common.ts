import { extname } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { saveFile, writeCsv, writeFlatGeobuf, writeGeoJSON } from '@cohesion/geo';
import type { FeatureCollection } from 'geojson';

/** Bad flags or a missing required flag: exit code 2 and a one-line message. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Strict flag parsing: unknown flags are an error naming the flag. */
export function parseFlags<O extends Options>(argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message.split('\n')[0]! : String(err));
  }
}

/** Throws a UsageError naming `flag` if `value` is missing. */
export function required<T>(value: T | undefined, flag: string): T {
  if (value === undefined || value === '') throw new UsageError(`missing required flag --${flag}`);
  return value;
}

/** Writes compact JSON to stdout followed by a newline. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, jsonReplacer)}\n`);
}

/** Typed arrays serialise as arrays; non-finite numbers as null (JSON has no NaN). */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as ArrayLike<number>);
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

/** Features or plain records, written by file extension. */
export type Output = FeatureCollection | readonly Record<string, unknown>[];

/**
 * Writes results to `path` by extension: `.geojson`/`.json` (GeoJSON), `.fgb` (FlatGeobuf) or
 * `.csv` (one row per feature's properties, or per record). Records cannot be written as
 * GeoJSON/FlatGeobuf (they have no geometry): that is a usage error.
 */
export async function writeOutput(path: string, data: Output): Promise<void> {
  const ext = extname(path).toLowerCase();
  const isFc = !Array.isArray(data) && (data as FeatureCollection).type === 'FeatureCollection';
  if (ext === '.csv') {
    const rows = isFc
      ? (data as FeatureCollection).features.map((f) => ({ ...(f.properties ?? {}) }))
      : (data as Record<string, unknown>[]);
    await saveFile(path, writeCsv(rows));
    return;
  }
  if (!isFc) throw new UsageError(`--out ${path}: these results have no geometry; write them to a .csv file`);
  if (ext === '.geojson' || ext === '.json') await saveFile(path, writeGeoJSON(data as FeatureCollection));
  else if (ext === '.fgb') await saveFile(path, writeFlatGeobuf(data as FeatureCollection));
  else throw new UsageError(`--out ${path}: unknown extension "${ext}" (use .geojson, .fgb or .csv)`);
}
