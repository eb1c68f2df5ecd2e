import { CohesionError } from '../errors.js';
import { type SpatialWeights, weightsFromLists } from './csr.js';

function tokens(line: string): string[] {
  return line.trim().split(/\s+/).filter(Boolean);
}

function idIndex(ids: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  ids.forEach((id, i) => {
    m.set(id, i);
  });
  return m;
}

/**
 * Parses a GAL neighbour file (GeoDa / libpysal / spdep `read.gal`): a header `n` or
 * `0 n shapefile idvar`, then per area a line `id k` followed by a line of k neighbour ids.
 * Rows follow the file order unless `ids` gives the row order explicitly. Binary weights.
 * @throws CohesionError PARSE_ERROR naming the line; UNMATCHED_CODE for unknown neighbour ids.
 */
export function parseGal(
  text: string,
  options: { ids?: readonly string[]; source?: string } = {},
): SpatialWeights {
  const lines = text.split(/\r?\n/);
  let ln = 0;
  const next = (): string[] | undefined => {
    while (ln < lines.length) {
      const t = tokens(lines[ln++] as string);
      if (t.length) return t;
    }
    return undefined;
  };
  const header = next();
  if (!header) throw new CohesionError('EMPTY_INPUT', 'GAL file is empty', { source: options.source });
  const n = Number(header.length >= 2 ? header[1] : header[0]);
  if (!Number.isInteger(n) || n < 1)
    throw new CohesionError('PARSE_ERROR', `GAL header "${header.join(' ')}" does not give an area count`, {
      row: 0,
      source: options.source,
    });
  const fileIds: string[] = [];
  const nbIds: string[][] = [];
  for (let r = 0; r < n; r++) {
    const head = next();
    const line = ln;
    if (!head || head.length < 2)
      throw new CohesionError(
        'PARSE_ERROR',
        `GAL line ${line}: expected "id count" for area ${r + 1} of ${n}`,
        {
          row: line - 1,
          source: options.source,
        },
      );
    const k = Number(head[1]);
    if (!Number.isInteger(k) || k < 0)
      throw new CohesionError(
        'PARSE_ERROR',
        `GAL line ${line}: neighbour count "${head[1]}" is not an integer`,
        {
          row: line - 1,
          source: options.source,
          value: head[1],
        },
      );
    fileIds.push(head[0] as string);
    let nb: string[] = [];
    if (k > 0) {
      nb = next() ?? [];
      if (nb.length !== k)
        throw new CohesionError(
          'PARSE_ERROR',
          `GAL line ${ln}: area ${head[0]} declares ${k} neighbours but lists ${nb.length}`,
          {
            row: ln - 1,
            id: head[0],
            source: options.source,
          },
        );
    }
    nbIds.push(nb);
  }
  const ids = options.ids ?? fileIds;
  const index = idIndex(ids);
  const lists: number[][] = Array.from({ length: ids.length }, () => []);
  fileIds.forEach((id, r) => {
    const i = index.get(id);
    if (i === undefined)
      throw new CohesionError('UNMATCHED_CODE', `GAL area ${id} is not among the given ids`, {
        id,
        source: options.source,
      });
    lists[i] = (nbIds[r] as string[]).map((nb) => {
      const j = index.get(nb);
      if (j === undefined)
        throw new CohesionError('UNMATCHED_CODE', `GAL neighbour ${nb} of area ${id} is not an area id`, {
          id,
          value: nb,
          source: options.source,
        });
      return j;
    });
  });
  return weightsFromLists(ids, lists);
}

/**
 * GAL and GWT are whitespace-separated: an id holding a space, tab or line break would be read
 * back as several tokens (an unreadable file). `INVALID_CODE` naming the first such id.
 */
function checkWritableIds(w: SpatialWeights, format: 'GAL' | 'GWT', idVariable?: string): void {
  const i = w.ids.findIndex((id) => /\s/.test(id) || id === '');
  if (i < 0) return;
  const id = w.ids[i] as string;
  throw new CohesionError(
    'INVALID_CODE',
    `area ${i + 1} has the id "${id}"${idVariable ? ` (${idVariable})` : ''}, which ${id === '' ? 'is empty' : 'contains whitespace'}; ${format} files are whitespace-separated, so it could not be read back. Use a code column without spaces (e.g. --id area_code) or write .json`,
    { row: i, id, ...(idVariable ? { column: idVariable } : {}) },
  );
}

/** A header field (shapefile name, id variable) as one token: whitespace becomes `_`. */
const headerToken = (s: string) => s.replace(/\s+/g, '_') || '_';

/**
 * Writes GAL text (`0 n shapefile idvar` header when those are given, else `n`). Weights are
 * dropped. `INVALID_CODE` when an id contains whitespace (the format is whitespace-separated).
 */
export function writeGal(
  w: SpatialWeights,
  options: { shapefile?: string; idVariable?: string } = {},
): string {
  checkWritableIds(w, 'GAL', options.idVariable);
  const out: string[] = [
    options.shapefile || options.idVariable
      ? `0 ${w.n} ${headerToken(options.shapefile ?? 'unknown')} ${headerToken(options.idVariable ?? 'id')}`
      : String(w.n),
  ];
  for (let i = 0; i < w.n; i++) {
    const a = w.offsets[i] as number;
    const b = w.offsets[i + 1] as number;
    out.push(`${w.ids[i]} ${b - a}`);
    const nb: string[] = [];
    for (let p = a; p < b; p++) nb.push(w.ids[w.neighbors[p] as number] as string);
    out.push(nb.join(' '));
  }
  return `${out.join('\n')}\n`;
}

/**
 * Parses a GWT file (GeoDa weights with values): header `0 n shapefile idvar` (or `n`), then one
 * `id neighbour weight` line per link. Areas with no line are islands. Row order: `ids` if given,
 * else first appearance.
 */
export function parseGwt(
  text: string,
  options: { ids?: readonly string[]; source?: string } = {},
): SpatialWeights {
  const lines = text.split(/\r?\n/);
  let start = 0;
  while (start < lines.length && tokens(lines[start] as string).length === 0) start++;
  const header = tokens(lines[start] ?? '');
  if (header.length === 0)
    throw new CohesionError('EMPTY_INPUT', 'GWT file is empty', { source: options.source });
  const links: [string, string, number][] = [];
  const order: string[] = [];
  const seen = new Set<string>();
  const note = (id: string) => {
    if (!seen.has(id)) {
      seen.add(id);
      order.push(id);
    }
  };
  for (let l = start + 1; l < lines.length; l++) {
    const t = tokens(lines[l] as string);
    if (t.length === 0) continue;
    const v = Number(t[2]);
    if (t.length < 3 || !Number.isFinite(v))
      throw new CohesionError(
        'PARSE_ERROR',
        `GWT line ${l + 1}: expected "id neighbour weight", got "${(lines[l] as string).trim()}"`,
        {
          row: l,
          source: options.source,
        },
      );
    links.push([t[0] as string, t[1] as string, v]);
    note(t[0] as string);
    note(t[1] as string);
  }
  const ids = options.ids ?? order;
  const index = idIndex(ids);
  const lists: number[][] = Array.from({ length: ids.length }, () => []);
  const vals: number[][] = Array.from({ length: ids.length }, () => []);
  for (const [a, b, v] of links) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined)
      throw new CohesionError('UNMATCHED_CODE', `GWT link ${a}→${b} names an unknown area`, {
        id: i === undefined ? a : b,
        source: options.source,
      });
    (lists[i] as number[]).push(j);
    (vals[i] as number[]).push(v);
  }
  return weightsFromLists(ids, lists, vals);
}

/**
 * Writes GWT text with the current weights (`0 n shapefile idvar` header). `INVALID_CODE` when an
 * id contains whitespace (the format is whitespace-separated).
 */
export function writeGwt(
  w: SpatialWeights,
  options: { shapefile?: string; idVariable?: string } = {},
): string {
  checkWritableIds(w, 'GWT', options.idVariable);
  const out: string[] = [
    `0 ${w.n} ${headerToken(options.shapefile ?? 'unknown')} ${headerToken(options.idVariable ?? 'id')}`,
  ];
  for (let i = 0; i < w.n; i++)
    for (let p = w.offsets[i] as number; p < (w.offsets[i + 1] as number); p++)
      out.push(`${w.ids[i]} ${w.ids[w.neighbors[p] as number]} ${w.weights[p]}`);
  return `${out.join('\n')}\n`;
}
