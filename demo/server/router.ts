import type { IncomingMessage, ServerResponse } from 'node:http';
import { SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import type { RequestContext, Route, ShopState } from './context';
import { HttpError, json, parseCookies, writeReply, type Reply } from './http-utils';
import { Timings } from './timing';

interface CompiledRoute extends Route {
  pattern: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { ...route, pattern: new RegExp(`^${source}$`), names };
}

/** `trace;desc=<traceparent of the server span>`: how Tandem links a response to its backend trace. */
export function traceEntry(span: Span | undefined): string[] {
  const sc = span?.spanContext();
  if (!sc || !trace.isSpanContextValid(sc)) return [];
  return [`trace;desc=00-${sc.traceId}-${sc.spanId}-${sc.traceFlags.toString(16).padStart(2, '0')}`];
}

function errorReply(error: unknown, span: Span | undefined): Reply {
  if (error instanceof HttpError) {
    return json(error.status, { error: error.message, ...(error.details ? { details: error.details } : {}) });
  }
  const err = error instanceof Error ? error : new Error(String(error));
  // Unexpected: make it visible on the server span too, not only as a 500 status code.
  span?.recordException(err);
  span?.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
  return json(500, { error: 'internal server error' });
}

export function createDispatcher(routes: Route[], fallback: Route['handler'], state: ShopState, tracer: Tracer) {
  const compiled = routes.map(compile);
  return async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The HTTP instrumentation emits 'request' inside the server span's context.
    const serverSpan = trace.getActiveSpan();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const ctx: RequestContext = {
      req,
      url,
      params: {},
      cookies: parseCookies(req.headers.cookie),
      state,
      serverSpan,
      tracer,
      timings: new Timings(),
    };
    const started = performance.now();
    let reply: Reply;
    try {
      const pathMatches = compiled.filter((r) => r.pattern.test(url.pathname));
      const route = pathMatches.find((r) => r.methods.includes(method));
      if (route) {
        const values = route.pattern.exec(url.pathname)?.slice(1) ?? [];
        for (const [i, name] of route.names.entries()) ctx.params[name] = decodeURIComponent(values[i] ?? '');
        serverSpan?.setAttribute('http.route', route.path);
        serverSpan?.updateName(`${method} ${route.path}`);
        reply = await route.handler(ctx);
      } else if (pathMatches.length > 0) {
        const allow = [...new Set(pathMatches.flatMap((r) => r.methods))].join(', ');
        reply = json(405, { error: 'method not allowed' }, { allow });
      } else {
        reply = await fallback(ctx);
      }
    } catch (error) {
      reply = errorReply(error, serverSpan);
    }
    ctx.timings.add('app', performance.now() - started);
    if (res.headersSent) return;
    writeReply(res, reply, [...traceEntry(serverSpan), ...ctx.timings.entries()]);
  };
}
