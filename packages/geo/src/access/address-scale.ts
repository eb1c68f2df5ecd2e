import { CohesionError } from '../errors.js';
import { type CsvDelimiter, detectDelimiter, isBlankRow, parseCsvRows, scanCsv } from '../io/csvtext.js';
import { PointGrid } from './point-grid.js';
import { type AccessStandard, ANGST } from './standards.js';

/**
 * Green-space access at address scale: every address in Great Britain (~30 million points) against
 * the access points of the green-space sites (~150,000 entrances), streamed in chunks so memory
 * stays bounded by the chunk size and the access points, never by the number of addresses.
 *
 * Distances are straight-line, in British National Grid metres, from the address to the nearest
 * **access point** (site entrance) — the convention of Natural England's ANGSt analyses and of the
 * OS Greenspace access points — not to the site edge as {@link evaluateAccessStandard} does for
 * area centroids. A rule "site of ≥ A ha within D m" is met when an access point of such a site is
 * within D m (≤ D).
 */

/** Access points with the area of the site each belongs to. */
export interface AccessPointsWithArea {
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  /** Area in hectares of the site the point gives access to. */
  areaHa: ArrayLike<number>;
}

/** Per-address results of one chunk (arrays reused by the next chunk: copy what you keep). */
export interface AccessChunk {
  /** Index of the chunk's first address in the whole stream. */
  offset: number;
  xs: Float64Array;
  ys: Float64Array;
  /** Distance to the nearest access point of any site (m). */
  distance: Float64Array;
  /** Index (into the access points) of that point. */
  point: Int32Array;
  /** Bit r set when rule r of the standard is met. */
  meets: Uint8Array;
}

/** Whole-stream summary. */
export interface AddressAccessSummary {
  addresses: number;
  chunks: number;
  /** Per rule: addresses meeting it and their share. */
  rules: { key: string; label: string; meets: number; share: number }[];
  /** Addresses meeting every rule. */
  meetsAll: number;
  meanDistance: number;
  maxDistance: number;
}

/**
 * Matches chunks of addresses against access points: one grid of every point (the nearest) and
 * one per rule of the standard (points of sites of at least its size), each searched only as far
 * as the rule's distance. O(1) expected per address and rule; no allocation per address.
 */
export class AccessMatcher {
  private readonly all: PointGrid;
  private readonly byRule: PointGrid[];
  private readonly minHa: Float64Array;
  private readonly maxD: Float64Array;
  private readonly areaHa: Float64Array;
  readonly standard: AccessStandard;

  constructor(points: AccessPointsWithArea, standard: AccessStandard = ANGST) {
    const m = points.xs.length;
    if (m === 0) throw new CohesionError('EMPTY_INPUT', 'no access points');
    if (points.ys.length !== m || points.areaHa.length !== m)
      throw new CohesionError(
        'LENGTH_MISMATCH',
        `access points: ${m} x, ${points.ys.length} y, ${points.areaHa.length} areas`,
      );
    if (standard.rules.length > 8)
      throw new CohesionError(
        'INVALID_ARGUMENT',
        `at most 8 rules per standard here, got ${standard.rules.length}`,
      );
    this.areaHa = Float64Array.from(points.areaHa);
    for (let k = 0; k < m; k++)
      if (!((this.areaHa[k] as number) >= 0))
        throw new CohesionError(
          'INVALID_ARGUMENT',
          `access point ${k} has site area ${points.areaHa[k]} ha`,
          {
            row: k,
            value: points.areaHa[k],
          },
        );
    this.standard = standard;
    this.all = new PointGrid(points.xs, points.ys);
    this.byRule = standard.rules.map(
      (rule) =>
        new PointGrid(
          points.xs,
          points.ys,
          Uint8Array.from(this.areaHa, (a) => (a >= rule.minAreaHa ? 1 : 0)),
        ),
    );
    this.minHa = Float64Array.from(standard.rules, (r) => r.minAreaHa);
    this.maxD = Float64Array.from(standard.rules, (r) => r.maxDistanceM);
  }

  /** Fills `distance`, `point` and `meets` for addresses `xs`, `ys` (same lengths). */
  match(
    xs: Float64Array,
    ys: Float64Array,
    distance: Float64Array,
    point: Int32Array,
    meets: Uint8Array,
  ): void {
    const { all, byRule, minHa, maxD, areaHa } = this;
    const hit = { index: -1 };
    const nr = byRule.length;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i] as number;
      const y = ys[i] as number;
      const d = all.nearest(x, y, Number.POSITIVE_INFINITY, hit);
      const k = all.ids[hit.index] as number;
      distance[i] = d;
      point[i] = k;
      const a = areaHa[k] as number;
      let bits = 0;
      for (let r = 0; r < nr; r++) {
        const limit = maxD[r] as number;
        // The nearest point already settles the rule when its site is big enough.
        if (d <= limit && a >= (minHa[r] as number)) bits |= 1 << r;
        else if (d <= limit && (byRule[r] as PointGrid).nearest(x, y, limit) <= limit) bits |= 1 << r;
      }
      meets[i] = bits;
    }
  }
}

/** A chunk of address coordinates. */
export interface PointChunk {
  xs: Float64Array;
  ys: Float64Array;
}

/** Options for {@link streamAddressAccess}. */
export interface StreamAddressAccessOptions {
  /** Default ANGSt. */
  standard?: AccessStandard;
  /** Called with every chunk's results (e.g. to write them out); may be async. */
  onChunk?: (chunk: AccessChunk) => void | Promise<void>;
}

/**
 * Nearest access point and the standard's flags (ANGSt by default) for a stream of address chunks
 * (from {@link readPointChunks}, or any iterable of `{xs, ys}`), with memory bounded by one chunk.
 * Parallel runs: chunks are independent, so they can be handed to workers (each with its own
 * {@link AccessMatcher}) and the summaries added; the result does not depend on the split.
 */
export async function streamAddressAccess(
  chunks: AsyncIterable<PointChunk> | Iterable<PointChunk>,
  points: AccessPointsWithArea,
  options: StreamAddressAccessOptions = {},
): Promise<AddressAccessSummary> {
  const matcher = new AccessMatcher(points, options.standard);
  const rules = matcher.standard.rules;
  const counts = new Float64Array(rules.length);
  let meetsAll = 0;
  let n = 0;
  let nChunks = 0;
  let sumD = 0;
  let maxD = 0;
  let distance = new Float64Array(0);
  let point = new Int32Array(0);
  let meets = new Uint8Array(0);
  const full = (1 << rules.length) - 1;
  for await (const chunk of chunks) {
    const len = chunk.xs.length;
    if (distance.length < len) {
      distance = new Float64Array(len);
      point = new Int32Array(len);
      meets = new Uint8Array(len);
    }
    const d = distance.subarray(0, len);
    const p = point.subarray(0, len);
    const f = meets.subarray(0, len);
    matcher.match(chunk.xs, chunk.ys, d, p, f);
    for (let i = 0; i < len; i++) {
      const di = d[i] as number;
      sumD += di;
      if (di > maxD) maxD = di;
      const bits = f[i] as number;
      if (bits === full) meetsAll++;
      for (let r = 0; r < rules.length; r++) if (bits & (1 << r)) counts[r] = (counts[r] as number) + 1;
    }
    if (options.onChunk)
      await options.onChunk({ offset: n, xs: chunk.xs, ys: chunk.ys, distance: d, point: p, meets: f });
    n += len;
    nChunks++;
  }
  return {
    addresses: n,
    chunks: nChunks,
    rules: rules.map((r, k) => ({
      key: r.key,
      label: r.label,
      meets: counts[k] as number,
      share: n ? (counts[k] as number) / n : Number.NaN,
    })),
    meetsAll,
    meanDistance: n ? sumD / n : Number.NaN,
    maxDistance: maxD,
  };
}

/** Options for {@link readPointChunks}. */
export interface ReadPointChunksOptions {
  /** x column (BNG easting); default `x`. */
  x?: string;
  /** y column (BNG northing); default `y`. */
  y?: string;
  /** Addresses per chunk; default 1,000,000 (16 MB of coordinates). */
  chunkSize?: number;
}

const FS_MODULE = 'node:fs/promises';

/** Bytes of a file (Node, Deno), in blocks, without holding the file. */
async function* fileBlocks(path: string): AsyncGenerator<Uint8Array> {
  const fs = (await import(/* @vite-ignore */ FS_MODULE)) as typeof import('node:fs/promises');
  let fh: Awaited<ReturnType<typeof fs.open>>;
  try {
    fh = await fs.open(path, 'r');
  } catch (err) {
    throw new CohesionError('READ_FAILED', `could not open ${path}: ${(err as Error).message}`, {
      source: path,
    });
  }
  try {
    const buf = new Uint8Array(1 << 20);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

/** Inflates a gzip byte stream (DecompressionStream: Node ≥ 18, Deno, browsers). */
async function* gunzip(blocks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const ds = new DecompressionStream('gzip');
  const writer = ds.writable.getWriter();
  const pump = (async () => {
    for await (const b of blocks) await writer.write(b.slice());
    await writer.close();
  })();
  const reader = ds.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    yield value;
  }
  await pump;
}

/**
 * Streams a CSV of point coordinates (a path in Node/Deno, or any async iterable of bytes; gzip is
 * inflated when the bytes start with its magic number) as chunks of typed arrays — the input of
 * {@link streamAddressAccess}. Memory: one chunk plus one read block. Records are read by geo's one
 * CSV reader ({@link parseCsv}'s rules: RFC 4180 quoting, delimiter detected from the header, blank
 * rows skipped), so other columns may hold quoted text with commas; x and y must be numbers.
 * @throws CohesionError MISSING_COLUMN, PARSE_ERROR (naming the line), EMPTY_INPUT, TRUNCATED_FILE
 */
export async function* readPointChunks(
  source: string | AsyncIterable<Uint8Array>,
  options: ReadPointChunksOptions = {},
): AsyncGenerator<PointChunk> {
  const chunkSize = options.chunkSize ?? 1_000_000;
  if (!Number.isInteger(chunkSize) || chunkSize < 1)
    throw new CohesionError('INVALID_ARGUMENT', `chunkSize must be a positive integer, got ${chunkSize}`);
  const name = typeof source === 'string' ? source : '<stream>';
  let blocks: AsyncIterable<Uint8Array> = typeof source === 'string' ? fileBlocks(source) : source;
  // Peek at the first block for the gzip magic number.
  const it = blocks[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) throw new CohesionError('EMPTY_INPUT', `${name} is empty`, { source: name });
  const rest: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: () => {
      let sentFirst = false;
      return {
        next: async () => {
          if (!sentFirst) {
            sentFirst = true;
            return { done: false, value: first.value };
          }
          return it.next();
        },
      };
    },
  };
  blocks = first.value[0] === 0x1f && first.value[1] === 0x8b ? gunzip(rest) : rest;

  const decoder = new TextDecoder();
  let xs = new Float64Array(chunkSize);
  let ys = new Float64Array(chunkSize);
  let n = 0;
  let carry = '';
  let line = 0; // records read so far (the header is line 1), for messages
  let xCol = -1;
  let yCol = -1;
  let delimiter: CsvDelimiter | undefined;
  const full: PointChunk[] = [];
  const field = (cells: string[], k: number): number => {
    const s = cells[k] ?? '';
    const v = s.trim() === '' ? Number.NaN : Number(s);
    if (!Number.isFinite(v))
      throw new CohesionError('PARSE_ERROR', `${name} line ${line}: "${cells[k]}" is not a number`, {
        source: name,
        row: line,
        value: cells[k],
      });
    return v;
  };
  const onRow = (cells: string[]): void => {
    line++;
    if (isBlankRow(cells)) return;
    if (xCol < 0) {
      const names = cells.map((c) => c.replace(/^\uFEFF/, '').trim());
      xCol = names.indexOf(options.x ?? 'x');
      yCol = names.indexOf(options.y ?? 'y');
      if (xCol < 0 || yCol < 0)
        throw new CohesionError(
          'MISSING_COLUMN',
          `${name} has no column "${xCol < 0 ? (options.x ?? 'x') : (options.y ?? 'y')}" (columns: ${names.join(', ')})`,
          { source: name },
        );
      return;
    }
    xs[n] = field(cells, xCol);
    ys[n] = field(cells, yCol);
    n++;
    if (n === chunkSize) {
      full.push({ xs, ys });
      xs = new Float64Array(chunkSize);
      ys = new Float64Array(chunkSize);
      n = 0;
    }
  };
  // Complete records go to geo's one CSV reader (csvtext.ts: d3-dsv, quotes honoured, so a quoted
  // address with commas cannot shift the columns); the rest waits for the next block.
  const take = function* (text: string, final: boolean): Generator<PointChunk> {
    delimiter ??= /[\r\n]/.test(text) || final ? detectDelimiter(text) : undefined;
    if (delimiter === undefined) {
      carry = text;
      return;
    }
    const scan = scanCsv(text, delimiter);
    if (final && scan.open)
      throw new CohesionError(
        'TRUNCATED_FILE',
        `${name} is an incomplete CSV file (an unclosed quote in its last row); it was probably cut while downloading or copying`,
        { source: name },
      );
    const end = final ? text.length : scan.recordEnd;
    parseCsvRows(text.slice(0, end), delimiter, onRow);
    carry = text.slice(end);
    yield* full.splice(0);
  };
  for await (const block of blocks) {
    yield* take(carry + decoder.decode(block, { stream: true }), false);
  }
  yield* take(carry + decoder.decode(), true);
  if (xCol < 0) throw new CohesionError('EMPTY_INPUT', `${name} has no header line`, { source: name });
  if (n > 0) yield { xs: xs.subarray(0, n), ys: ys.subarray(0, n) };
}
