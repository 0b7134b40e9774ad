import type { Route } from '../context';
import { HttpError, json, readJsonBody } from '../http-utils';

const TRACE_ID = /^[0-9a-f]{32}$/;

export const demoRoutes: Route[] = [
  {
    // Tests use this to see exactly which headers reached the backend (e.g. what Tandem injected).
    methods: ['GET', 'POST'],
    path: '/__demo/echo',
    handler: async (ctx) => {
      const body = ctx.req.method === 'POST' ? await readJsonBody(ctx.req).catch(() => null) : undefined;
      // Node already lower-cases header names; duplicated headers arrive comma-joined (cookies '; '-joined).
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(ctx.req.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      return json(200, { method: ctx.req.method, url: ctx.req.url, headers, ...(body !== undefined ? { body } : {}) });
    },
  },
  {
    methods: ['GET'],
    path: '/__demo/traces',
    handler: async (ctx) => {
      const traces = ctx.state.store.traceIds().map((traceId) => {
        const spans = ctx.state.store.spans(traceId);
        const root = spans.find((s) => s.kind === 'SERVER') ?? spans[0];
        return { traceId, root: root?.name ?? null, startMs: root?.startMs ?? null, spanCount: spans.length };
      });
      return json(200, { traces: traces.reverse() });
    },
  },
  {
    methods: ['GET'],
    path: '/__demo/traces/:traceId',
    handler: async (ctx) => {
      const traceId = ctx.params.traceId?.toLowerCase() ?? '';
      if (!TRACE_ID.test(traceId)) throw new HttpError(400, 'trace id must be 32 hex characters');
      // An unknown trace is an empty list, not a 404: tests poll here until the spans have arrived.
      return json(200, ctx.state.store.spans(traceId));
    },
  },
];
