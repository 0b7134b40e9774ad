/**
 * Propagation dry run: which recorded requests would have been preflighted if Tandem had added trace
 * headers for the given targets. Lets a user try a target on an existing session before turning it on,
 * and see which servers must allow the headers (Access-Control-Allow-Headers) first. Pure.
 */
import type { RequestRecord } from './model';
import { propagatorsFor, type PropagationTarget } from './propagation';
import type { Propagator } from './settings';
import { targetsForPage } from './wrapper-scope';

const HEADERS_OF: Record<Propagator, string[]> = {
  tracecontext: ['traceparent'],
  baggage: ['baggage'],
  sentry: ['sentry-trace'],
  b3: ['b3'],
  b3multi: ['x-b3-traceid', 'x-b3-spanid', 'x-b3-sampled'],
  'replay-id': ['x-session-replay-id'],
};

export interface DryRunEntry {
  url: string;
  method: string;
  origin: string;
  /** The headers Tandem would add: none of them is CORS-safelisted, so each forces a preflight. */
  headers: string[];
}

export interface DryRunResult {
  preflighted: DryRunEntry[];
  /** Per origin: what its server must list in Access-Control-Allow-Headers. */
  origins: { origin: string; requests: number; allowHeaders: string[] }[];
}

export function propagationDryRun(
  requests: readonly RequestRecord[],
  pageOrigins: readonly string[],
  targets: readonly PropagationTarget[],
): DryRunResult {
  const preflighted: DryRunEntry[] = [];
  // What the session's pages would have been given: a target on another site reaches only the pages it names.
  const given = pageOrigins.flatMap((o) => targetsForPage(targets, `${o}/`));
  for (const r of requests) {
    if (r.api !== 'fetch' && r.api !== 'xhr' && r.type !== 'xmlhttprequest') continue;
    let origin: string;
    try {
      origin = new URL(r.url).origin;
    } catch {
      continue;
    }
    if (pageOrigins.includes(origin)) continue; // same origin: no preflight, whatever the headers
    const propagators = propagatorsFor(r.url, origin, '', {
      sameOrigin: [],
      targets: given,
      blockedOrigins: [],
    });
    if (propagators.length === 0) continue;
    preflighted.push({ url: r.url, method: r.method, origin, headers: propagators.flatMap((p) => HEADERS_OF[p]) });
  }
  const byOrigin = new Map<string, { requests: number; headers: Set<string> }>();
  for (const e of preflighted) {
    const o = byOrigin.get(e.origin) ?? { requests: 0, headers: new Set<string>() };
    o.requests++;
    for (const h of e.headers) o.headers.add(h);
    byOrigin.set(e.origin, o);
  }
  return {
    preflighted,
    origins: [...byOrigin].map(([origin, o]) => ({ origin, requests: o.requests, allowHeaders: [...o.headers] })),
  };
}
