// serve.mjs answers HTTP Range requests (byte serving), which `pmtiles://` maps need: a single range
// gives 206 with Content-Range, a suffix range the file's tail, a range past the end 416.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const serveScript = fileURLToPath(new URL('./serve.mjs', import.meta.url));
const css = readFileSync(new URL('./council.css', import.meta.url));
let child: ChildProcess;
let cssUrl: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  child = spawn(process.execPath, [serveScript, String(await freePort())], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const page = await new Promise<string>((resolve, reject) => {
    child.once('exit', (c) => reject(new Error(`serve.mjs exited (${c})`)));
    child.stdout!.on('data', (b: Buffer) => {
      const m = /(http:\/\/\S+)/.exec(b.toString());
      if (m) resolve(m[1]!);
    });
  });
  cssUrl = new URL('council.css', page).href;
});
afterAll(() => {
  child?.kill();
});

describe('examples/embed/serve.mjs', () => {
  it('sends the whole file with Accept-Ranges when no range is asked for', async () => {
    const r = await fetch(cssUrl);
    expect(r.status).toBe(200);
    expect(r.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await r.arrayBuffer()).equals(css)).toBe(true);
  });

  it('answers a byte range with 206 and exactly those bytes', async () => {
    const r = await fetch(cssUrl, { headers: { range: 'bytes=5-24' } });
    expect(r.status).toBe(206);
    expect(r.headers.get('content-range')).toBe(`bytes 5-24/${css.length}`);
    expect(r.headers.get('content-length')).toBe('20');
    expect(Buffer.from(await r.arrayBuffer()).equals(css.subarray(5, 25))).toBe(true);
  });

  it('answers an open-ended and a suffix range, and 416 past the end', async () => {
    const open = await fetch(cssUrl, { headers: { range: `bytes=${css.length - 3}-` } });
    expect(open.status).toBe(206);
    expect(Buffer.from(await open.arrayBuffer()).equals(css.subarray(css.length - 3))).toBe(true);
    const suffix = await fetch(cssUrl, { headers: { range: 'bytes=-10' } });
    expect(suffix.headers.get('content-range')).toBe(
      `bytes ${css.length - 10}-${css.length - 1}/${css.length}`,
    );
    expect(Buffer.from(await suffix.arrayBuffer()).equals(css.subarray(css.length - 10))).toBe(true);
    const past = await fetch(cssUrl, { headers: { range: `bytes=${css.length + 5}-` } });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${css.length}`);
  });
});
