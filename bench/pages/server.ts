/** Serves the pages of this folder (its .html files) on 127.0.0.1 (a free port), uncached, for every variant alike. */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';

const ROOT = import.meta.dirname;

export interface PageServer {
  url: (path: string) => string;
  close: () => Promise<void>;
}

export async function startPageServer(): Promise<PageServer> {
  const server = createServer(async (req, res) => {
    const path = normalize(new URL(req.url ?? '/', 'http://x').pathname).replace(/^(\.\.[/\\])+/, '');
    // Only the pages: the folder also holds the code that serves and drives them.
    if (!path.endsWith('.html')) {
      res.writeHead(404).end('not found');
      return;
    }
    try {
      const body = await readFile(join(ROOT, path));
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}/${path.replace(/^\//, '')}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
