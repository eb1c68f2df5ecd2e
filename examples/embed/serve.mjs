#!/usr/bin/env node
// Serves the example council page. The page links the built element (packages/map/dist/) and the
// open data in the repository's data/, so the server's root is the repository.
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
};

createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
  const file = join(root, path);
  if (relative(root, file).split(sep)[0] === '..') return res.writeHead(403).end();
  try {
    if (!statSync(file).isFile()) throw new Error('not a file');
  } catch {
    return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
  res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
}).listen(port, '127.0.0.1', () => {
  const page = relative(root, join(repo, 'examples/embed/index.html')).split(sep).join('/');
  console.log(`Example council page: http://127.0.0.1:${port}/${page}`);
});
