/**
 * What the fetch and XHR wrappers share: ids, which headers a request gets, what to do when a server
 * refused them, and which response bodies may be kept. Built once per page; runs inside the page's
 * fetch() and XHR calls, so it stays cheap (ids made in advance, id-pool.ts; no parsing of its own).
 */
import {
  propagationHeaders,
  propagatorsFor,
  type HeaderGet,
  type PropagationResult,
  type WrapperConfig,
} from '../../shared/propagation';
import type { NetworkPageEvent } from '../../shared/protocol';
import { cutBody, keepsBody } from '../../shared/body-capture';
import { headerPool } from './header-pool';
import { idPool } from './id-pool';

/** A record, or a function that makes it when it is sent (a later task, outside the page's call). */
export type Report = (event: NetworkPageEvent | (() => NetworkPageEvent)) => void;

export interface WrapperContext {
  config: () => WrapperConfig | null;
  report: Report;
  /** The origin refused our headers; the recorder tells the background. */
  block: (origin: string) => void;
  /** Runs a function in a later task of the page hooks' own, without creating a timer in the caller's. */
  soon: (fn: () => void) => void;
}

export interface RequestHooks {
  config: () => WrapperConfig | null;
  report: Report;
  pageOrigin: string;
  now: () => number;
  /** A page-unique request id: `f1`, `x2`, `b3`. */
  nextId: (api: 'f' | 'x' | 'b') => string;
  /** The headers to add to one request, or null when it is no propagation target; `get` null: the page set none. */
  plan: (config: WrapperConfig, url: string, origin: string, get: HeaderGet | null) => PropagationResult | null;
  /** A cross-origin server's preflight refused our headers: no more headers for its origin, and say so. */
  refused: (url: string, method: string, headers: string[], retried: boolean) => void;
  /** Whether a response body is kept: only for opted-in URLs, and text types. */
  keepsBody: (config: WrapperConfig, url: string, contentType: string) => boolean;
  /** A kept body, cut at the configured size. */
  cut: (config: WrapperConfig, text: string) => string;
  /** A click or key press: in interaction mode, it starts a new trace. */
  interaction: () => void;
}

export function requestHooks(ctx: WrapperContext, pageOrigin: string): RequestHooks {
  // Captured now: page scripts may replace these later, and we must not call their versions.
  const getRandomValues = crypto.getRandomValues.bind(crypto);
  const now = Date.now;
  let counter = 0;
  let interaction: { traceId: string; at: number } | null = null;

  const ids = idPool({ random: (bytes) => void getRandomValues(bytes), later: ctx.soon });
  const ready = headerPool({ ids: ids.takeMany, later: ctx.soon });
  const freshIds = (config: WrapperConfig) => {
    const fresh = ids.take();
    if (config.traceMode === 'interaction') {
      // Requests within 10 s of the last click or key press belong to that interaction's trace.
      if (interaction && now() - interaction.at < 10_000) return { traceId: interaction.traceId, spanId: fresh.spanId };
      interaction = null;
    }
    return fresh;
  };

  return {
    config: ctx.config,
    report: ctx.report,
    pageOrigin,
    now,
    nextId: (api) => `${api}${++counter}`,
    plan: (config, url, origin, get) => {
      const propagators = propagatorsFor(url, origin, pageOrigin, config);
      if (propagators.length === 0) return null;
      // The common case (own origin, no headers of the page's, a trace per request) takes a set made ahead.
      const made =
        get === null && origin === pageOrigin && config.traceMode === 'request'
          ? ready.take(propagators, config.replayId)
          : null;
      return made ?? propagationHeaders(get, propagators, freshIds(config), config.replayId);
    },
    refused: (url, method, headers, retried) => {
      const origin = new URL(url).origin;
      ctx.block(origin);
      ctx.report({ kind: 'propagation-failed', ts: now(), origin, url, method, headers, retried });
    },
    keepsBody: (config, url, contentType) => keepsBody(config.bodies, url, contentType),
    cut: (config, text) => cutBody(config.bodies, text),
    interaction: () => {
      // Only a recording in interaction mode needs it: other pages take no ids for a key press.
      if (ctx.config()?.traceMode === 'interaction') interaction = { traceId: ids.traceId(), at: now() };
    },
  };
}
