import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Handler } from './context';
import { json, type Reply } from './http-utils';
import { traced } from './timing';

export const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};

function notFound(): Reply {
  return json(404, { error: 'not found' });
}

/** Serves demo/public. `/` is index.html; `/cart` also finds cart.html so URLs can stay clean. */
export const serveStatic: Handler = async (ctx) => {
  const method = ctx.req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') return notFound();
  let pathname: string;
  try {
    pathname = decodeURIComponent(ctx.url.pathname);
  } catch {
    return notFound();
  }
  if (pathname.startsWith('/api/') || pathname.startsWith('/__demo/')) return notFound();
  if (pathname.endsWith('/')) pathname += 'index.html';
  const file = path.join(PUBLIC_DIR, path.normalize(pathname));
  if (!file.startsWith(PUBLIC_DIR)) return notFound();
  const candidates = path.extname(file) ? [file] : [file, `${file}.html`];
  for (const candidate of candidates) {
    const type = TYPES[path.extname(candidate)];
    if (!type) continue;
    const body = await traced(ctx, 'static.read', 'static', { 'file.path': path.relative(PUBLIC_DIR, candidate) }, () =>
      readFile(candidate).catch(() => undefined),
    );
    if (body) {
      // No route template for files; the path itself is the most useful name when reading a trace.
      ctx.serverSpan?.updateName(`${method} /${path.relative(PUBLIC_DIR, candidate)}`);
      return { status: 200, body, contentType: type };
    }
  }
  return notFound();
};
