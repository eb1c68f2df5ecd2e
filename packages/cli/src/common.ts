import { extname } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type SaveFileOptions, saveFile, writeCsv, writeFlatGeobuf, writeGeoJSON } from '@cohesion/geo';
import type { FeatureCollection } from 'geojson';

/**
 * Bad flags or a missing required flag: exit code 2 and a one-line message. A flag whose value is
 * out of range carries `code` INVALID_ARGUMENT, printed like a CohesionError's code.
 */
export class UsageError extends Error {
  readonly code: 'INVALID_ARGUMENT' | undefined;
  constructor(message: string, code?: 'INVALID_ARGUMENT') {
    super(message);
    this.name = 'UsageError';
    this.code = code;
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Strict flag parsing: unknown flags are an error naming the flag. A negative number after a flag
 * that takes a value (`--permutations -5`) is that flag's value, so its range check can say what is
 * wrong (node's parser would call it an ambiguous argument).
 */
export function parseFlags<O extends Options>(argv: string[], options: O, allowPositionals = false) {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    const name = a.startsWith('--') ? a.slice(2) : undefined;
    if (
      name &&
      !name.includes('=') &&
      options[name]?.type === 'string' &&
      next !== undefined &&
      /^-\d|^-\.\d|^-Infinity$/.test(next)
    ) {
      args.push(`${a}=${next}`);
      i++;
    } else args.push(a);
  }
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
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

/** A numeric flag: a finite number or undefined when absent; "abc", "" and "1e999" are usage errors. */
export function numberFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const v = Number(value);
  if (value.trim() === '' || !Number.isFinite(v))
    throw new UsageError(`--${flag} must be a number, got "${value}"`, 'INVALID_ARGUMENT');
  return v;
}

/** A whole-number flag in [min, max], with the reason when it is not. */
export function intFlag(
  value: string | undefined,
  flag: string,
  def: number,
  min: number,
  max: number,
): number {
  const v = numberFlag(value, flag);
  if (v === undefined) return def;
  if (!Number.isInteger(v) || v < min || v > max)
    throw new UsageError(
      `--${flag} must be a whole number from ${min.toLocaleString('en-GB')} to ${max.toLocaleString('en-GB')}, got ${value}`,
      'INVALID_ARGUMENT',
    );
  return v;
}

/** `--alpha`: a significance level strictly between 0 and 1. */
export function alphaFlag(value: string | undefined, def = 0.05): number {
  const v = numberFlag(value, 'alpha');
  if (v === undefined) return def;
  if (!(v > 0 && v < 1))
    throw new UsageError(
      `--alpha must be a significance level strictly between 0 and 1 (e.g. 0.05), got ${value}`,
      'INVALID_ARGUMENT',
    );
  return v;
}

/** A distance or threshold flag: a finite number > 0. */
export function positiveFlag(value: string | undefined, flag: string): number | undefined {
  const v = numberFlag(value, flag);
  if (v !== undefined && !(v > 0))
    throw new UsageError(`--${flag} must be greater than 0, got ${value}`, 'INVALID_ARGUMENT');
  return v;
}

/** The flags of every command that writes a file: `--out FILE` and `--force` to replace it. */
export const OUTPUT_FLAGS = {
  out: { type: 'string' },
  force: { type: 'boolean' },
} as const;

/** The sentence each command's --help gives about its output file. */
export const OUT_HELP =
  '--out FILE is written atomically (a temporary file, then renamed); an existing FILE is replaced only with --force, and never when it is one of the inputs.';

/** Every file-like value among the parsed flags except `--out` itself: the inputs an output must not overwrite. */
export function inputsOf(values: Record<string, unknown>): string[] {
  return Object.entries(values)
    .filter(([k, v]) => k !== 'out' && typeof v === 'string' && v !== '')
    .map(([, v]) => v as string);
}

/** Where and how to write: `--force` and the command's input paths (see {@link OUTPUT_FLAGS}). */
export function saveOptions(values: Record<string, unknown>): SaveFileOptions {
  return { overwrite: values.force === true, inputs: inputsOf(values) };
}

/** Features or plain records, written by file extension. */
export type Output = FeatureCollection | readonly Record<string, unknown>[];

/**
 * Writes results to `path` by extension: `.geojson`/`.json` (GeoJSON), `.fgb` (FlatGeobuf) or
 * `.csv` (one row per feature's properties, or per record). Records cannot be written as
 * GeoJSON/FlatGeobuf (they have no geometry): that is a usage error. Written atomically by
 * `saveFile`; pass {@link saveOptions} of the command's flags for `--force` and the input check.
 */
export async function writeOutput(path: string, data: Output, options: SaveFileOptions = {}): Promise<void> {
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
