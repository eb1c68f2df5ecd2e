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

/** UTF-8 decode without a BOM. */
export function decodeText(bytes: Uint8Array): string {
  return stripBom(new TextDecoder('utf-8').decode(bytes));
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** Writes text or bytes to a file path (Node/Deno), creating parent folders. */
export async function saveFile(path: string, data: string | Uint8Array): Promise<void> {
  const fs = await nodeFs();
  const slash = path.lastIndexOf('/');
  if (slash > 0) await fs.mkdir(path.slice(0, slash), { recursive: true });
  await fs.writeFile(path, data);
}
