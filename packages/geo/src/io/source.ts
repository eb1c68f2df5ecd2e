import { CohesionError } from '../errors.js';

/**
 * Where data comes from: a file path (Node/Deno), an `http(s):`/`file:` URL (string or `URL`),
 * inline text, or bytes. Strings are told apart by shape: a URL scheme means URL; text that starts
 * like JSON (`{`/`[`) or contains a line break is inline content; anything else is a path.
 */
export type DataSource = string | URL | Uint8Array | ArrayBuffer;

const URL_RE = /^(https?|file):\/\//i;

/** True when a string source is inline content rather than a path or URL. */
export function isInlineText(s: string): boolean {
  const t = s.trimStart();
  return t.startsWith('{') || t.startsWith('[') || /[\r\n]/.test(s);
}

/** A short name for messages: the path/URL, or `<inline text>` / `<bytes>`. */
export function describeSource(source: DataSource): string {
  if (typeof source === 'string') return isInlineText(source) ? '<inline text>' : source;
  if (source instanceof URL) return source.href;
  return '<bytes>';
}

// Indirect specifier so browser bundlers do not try to resolve node:fs; Node and Deno both have it.
const FS_MODULE = 'node:fs/promises';
async function nodeFs(): Promise<typeof import('node:fs/promises')> {
  return (await import(/* @vite-ignore */ FS_MODULE)) as typeof import('node:fs/promises');
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (err) {
    throw new CohesionError('READ_FAILED', `could not fetch ${url}: ${(err as Error).message}`, {
      source: url,
    });
  }
  if (!res.ok)
    throw new CohesionError('READ_FAILED', `fetching ${url} gave HTTP ${res.status}`, { source: url });
  return new Uint8Array(await res.arrayBuffer());
}

async function readPath(path: string): Promise<Uint8Array> {
  try {
    const fs = await nodeFs();
    return new Uint8Array(await fs.readFile(path));
  } catch (err) {
    const code = (err as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new CohesionError('READ_FAILED', `cannot read ${path}: ${why}`, { source: path });
  }
}

/** True when bytes start with the gzip magic number (RFC 1952: 1f 8b). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Inflates gzip bytes with the platform's `DecompressionStream` (Node ≥ 18, Deno, browsers), so
 * `areas.geojson.gz` or a `.csv.gz` download reads like the plain file. A truncated or corrupt
 * stream is `READ_FAILED` naming the source, never a partial result.
 */
export async function gunzip(bytes: Uint8Array, name = '<bytes>'): Promise<Uint8Array> {
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
      .stream()
      .pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (err) {
    throw new CohesionError(
      'READ_FAILED',
      `${name} is gzip-compressed but could not be decompressed (truncated or corrupt?): ${(err as Error).message}`,
      { source: name },
    );
  }
}

/**
 * Reads any source into bytes, decompressing gzip content (detected from its first bytes, whatever
 * the name). Paths need a runtime with `node:fs` (Node, Deno).
 */
export async function readBytes(source: DataSource): Promise<Uint8Array> {
  const bytes = await readRawBytes(source);
  return isGzip(bytes) ? gunzip(bytes, describeSource(source)) : bytes;
}

async function readRawBytes(source: DataSource): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (source instanceof URL) {
    if (source.protocol === 'file:') return readPath(decodeURIComponent(source.pathname));
    return fetchBytes(source.href);
  }
  if (typeof source !== 'string') {
    throw new CohesionError('INVALID_ARGUMENT', `unsupported data source of type ${typeof source}`);
  }
  if (isInlineText(source)) return new TextEncoder().encode(source);
  if (/^file:\/\//i.test(source)) return readPath(decodeURIComponent(new URL(source).pathname));
  if (URL_RE.test(source)) return fetchBytes(source);
  return readPath(source);
}

/** Reads any source as UTF-8 text, dropping a leading byte-order mark (Excel/ONS CSVs have one). */
export async function readText(source: DataSource): Promise<string> {
  if (typeof source === 'string' && isInlineText(source)) return stripBom(source);
  return decodeText(await readBytes(source));
}

/**
 * Decodes text without its BOM: UTF-8, or UTF-16 (Excel's "Unicode Text" export, and some
 * PowerShell and Windows tools) when a UTF-16 BOM or the zero bytes of ASCII in UTF-16 say so.
 * Read as UTF-8, UTF-16 text would look like a file of NUL characters.
 */
export function decodeText(bytes: Uint8Array): string {
  return stripBom(new TextDecoder(textEncoding(bytes)).decode(bytes));
}

/** 'utf-16le' / 'utf-16be' from a BOM or, without one, from zeros in every other byte; else 'utf-8'. */
export function textEncoding(bytes: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  // Without a BOM: ASCII text in UTF-16 has a zero in every other byte (none in UTF-8 text).
  const n = Math.min(bytes.length, 2048) & ~1;
  if (n < 4) return 'utf-8';
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const half = n / 2;
  if (oddZeros > 0.6 * half && evenZeros === 0) return 'utf-16le';
  if (evenZeros > 0.6 * half && oddZeros === 0) return 'utf-16be';
  return 'utf-8';
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** Options of {@link saveFile}. */
export interface SaveFileOptions {
  /** Replace an existing file (default true for the library; the CLI passes its `--force`). */
  overwrite?: boolean;
  /** Paths the output must not be (a command's own inputs): `OUTPUT_IS_INPUT` if it is one. */
  inputs?: readonly string[];
}

/** Temporary files being written right now, so a signal handler can remove them (see {@link removePendingFiles}). */
const pending = new Set<string>();

/**
 * The checks {@link saveFile} makes before writing, for a command to make before its work:
 * `OUTPUT_IS_INPUT` when `path` is one of `inputs`, `OUTPUT_EXISTS` when it exists and `overwrite`
 * is false (or it is a folder).
 */
export async function checkOutputPath(path: string, options: SaveFileOptions = {}): Promise<void> {
  const fs = await nodeFs();
  const target = await resolvedPath(path);
  for (const input of options.inputs ?? []) {
    if (input && (await resolvedPath(input)) === target)
      throw new CohesionError(
        'OUTPUT_IS_INPUT',
        `${path} is also an input of this command; write the output to another file`,
        { source: path },
      );
  }
  const stat = await fs.stat(path).catch(() => undefined);
  if (stat?.isDirectory())
    throw new CohesionError('OUTPUT_EXISTS', `${path} is a folder, not a file`, { source: path });
  if (stat && options.overwrite === false)
    throw new CohesionError('OUTPUT_EXISTS', `${path} already exists; pass --force to replace it`, {
      source: path,
    });
}

/**
 * Writes text or bytes to a file path (Node/Deno), creating parent folders, **atomically**: the
 * data goes to a temporary file in the same folder, which is then renamed over the target. A
 * process killed while writing leaves the previous file intact (and at worst a `.*.tmp` file, which
 * {@link removePendingFiles} deletes from a signal handler). Throws `OUTPUT_EXISTS` when the file
 * exists and `overwrite` is false, `OUTPUT_IS_INPUT` when it is one of `inputs`, `WRITE_FAILED`
 * naming the path in plain words when it cannot be written (a file in the way of a folder, …).
 */
export async function saveFile(
  path: string,
  data: string | Uint8Array,
  options: SaveFileOptions = {},
): Promise<void> {
  await checkOutputPath(path, options);
  const fs = await nodeFs();
  const slash = path.lastIndexOf('/');
  const dir = slash > 0 ? path.slice(0, slash) : slash === 0 ? '/' : '.';
  const base = slash >= 0 ? path.slice(slash + 1) : path;
  const tmp = `${dir}/.${base}.${Math.random().toString(36).slice(2, 10)}.tmp`;
  if (slash > 0) await createFolder(dir);
  try {
    pending.add(tmp);
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, path);
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw new CohesionError('WRITE_FAILED', `cannot write ${path}: ${why(err)}`, { source: path });
  } finally {
    pending.delete(tmp);
  }
}

/** A write error in plain words: "permission denied", "the disk is full", else Node's message. */
function why(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOSPC') return 'the disk is full';
  if (code === 'EROFS') return 'the disk is read-only';
  return (err as Error).message;
}

/**
 * Creates a folder and its parents for an output (Node/Deno). `WRITE_FAILED` in plain words when
 * it cannot: "cannot create folder a/b: a file with that name is in the way" names the path
 * component that is a file; otherwise the reason (permission denied, …).
 */
async function createFolder(dir: string): Promise<void> {
  const fs = await nodeFs();
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      // The first component of the path that exists and is not a folder.
      const parts = dir.split('/');
      for (let k = 1; k <= parts.length; k++) {
        const prefix = parts.slice(0, k).join('/');
        if (!prefix) continue;
        const stat = await fs.stat(prefix).catch(() => undefined);
        if (stat && !stat.isDirectory())
          throw new CohesionError(
            'WRITE_FAILED',
            `cannot create folder ${prefix}: a file with that name is in the way`,
            { source: dir, path: prefix },
          );
      }
    }
    throw new CohesionError('WRITE_FAILED', `cannot create folder ${dir}: ${why(err)}`, { source: dir });
  }
}

/**
 * Deletes the temporary files of writes still in progress. Synchronous, for a SIGINT/SIGTERM
 * handler: after it the targets hold their previous content and nothing else is left behind.
 */
export function removePendingFiles(unlinkSync: (path: string) => void): void {
  for (const p of pending) {
    try {
      unlinkSync(p);
    } catch {
      // Not created yet, or already renamed.
    }
  }
  pending.clear();
}

async function resolvedPath(path: string): Promise<string> {
  const fs = await nodeFs();
  const abs = path.startsWith('/') ? path : `${globalThis.process?.cwd?.() ?? '.'}/${path}`;
  return fs.realpath(abs).catch(() => abs.replace(/\/\.\//g, '/'));
}
