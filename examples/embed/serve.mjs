#!/usr/bin/env node
// Serves the example council page. The page links the built element (packages/map/dist/) and the
// open data in the repository's data/, so the server's root is the repository. It answers HTTP Range
// requests (byte serving, RFC 9110 §14), which `pmtiles://` maps need; `python3 -m http.server` does not.
//
//   npx --yes pnpm@10.34.9 run build && node examples/embed/serve.mjs [port]
//   → open the printed URL
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const root = repo;
const port = Number(process.argv[2] ?? 8080);
const types = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.geojson': 'application/geo+json',
  '.csv': 'text/csv; charset=utf-8',
  '.map': 'application/json',
  '.pmtiles': 'application/vnd.pmtiles',
  '.fgb': 'application/octet-stream',
};

/**
 * The byte range asked for by a `Range: bytes=…` header, clamped to the file; null when the header
 * is absent or not a single byte range (then the whole file is sent), 'unsatisfiable' when it starts
 * past the end.
 */
function byteRange(header, size) {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start;
  let end;
  if (m[1] === '') {
    // Suffix range: the last N bytes.
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
  const file = join(root, path);
  if (relative(root, file).split(sep)[0] === '..') return res.writeHead(403).end();
  let size;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
  const headers = {
    'content-type': types[extname(file)] ?? 'application/octet-stream',
    'accept-ranges': 'bytes',
  };
  const range = byteRange(req.headers.range, size);
  if (range === 'unsatisfiable') {
    return res.writeHead(416, { ...headers, 'content-range': `bytes */${size}` }).end();
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  res.writeHead(range ? 206 : 200, {
    ...headers,
    'content-length': String(size === 0 ? 0 : end - start + 1),
    ...(range ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
  });
  if (req.method === 'HEAD' || size === 0) return res.end();
  createReadStream(file, { start, end }).pipe(res);
}).listen(port, '127.0.0.1', () => {
  const page = relative(root, join(repo, 'examples/embed/index.html')).split(sep).join('/');
  console.log(`Example council page: http://127.0.0.1:${port}/${page}`);
});
