import type { IncomingMessage } from 'node:http';
import type { Span } from '@opentelemetry/api';
import type { ShopDb } from './db';
import type { Reply } from './http-utils';
import type { MemorySpanStore } from './span-store';
import type { Traced } from './timing';

/** State of one running demo server (each startDemoServer() call gets its own). */
export interface ShopState {
  db: ShopDb;
  store: MemorySpanStore;
  /** Counts calls to /api/recommendations so every 5th one fails without `?fail=`. */
  recommendationCalls: number;
  /** The Sentry-instrumented payments service the checkout calls; absent: the shop authorizes by itself. */
  paymentsUrl?: string;
}

export interface RequestContext extends Traced {
  req: IncomingMessage;
  url: URL;
  params: Record<string, string>;
  cookies: Record<string, string>;
  state: ShopState;
  /** The server span started by the HTTP instrumentation; undefined when the request is not traced. */
  serverSpan: Span | undefined;
}

export type Handler = (ctx: RequestContext) => Promise<Reply>;

export interface Route {
  methods: readonly string[];
  /** Path pattern with `:name` segments, e.g. `/api/products/:id`. */
  path: string;
  handler: Handler;
}
