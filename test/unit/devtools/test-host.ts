/**
 * An in-memory Host for the panel's tests: call() answers from a handler table typed by the protocol's
 * PanelHandlers (a method without a handler rejects, as an unknown method would), every call is recorded,
 * and notices are pushed by the test. Events and requests come from tables keyed by session id.
 */
import type { Host } from '../../../src/devtools/host/host';
import type { LookupMatch } from '../../../src/shared/db/lookup';
import type { SessionEvents } from '../../../src/shared/db/read';
import { listEvents, type SessionOutline } from '../../../src/shared/db/segments';
import type { LookupQuery } from '../../../src/shared/lookup-id';
import type { RequestRecord, TraceRecord } from '../../../src/shared/model';
import type { PanelMethod, PanelNotice, PanelParams } from '../../../src/shared/protocol';
import type { PanelHandlers } from '../../../src/shared/rpc';

export interface TestHost extends Host {
  /** Every call made, in order. */
  calls: { method: PanelMethod; params: unknown }[];
  /** Delivers a notice to every subscriber, as the background would. */
  notify(notice: PanelNotice): void;
  /** How many notice subscribers are attached. */
  subscribers(): number;
  opened: { viewer: number };
}

export interface TestHostOptions {
  kind?: Host['kind'];
  tabId?: number | null;
  events?: Record<string, SessionEvents | Error>;
  requests?: Record<string, RequestRecord[] | Error>;
  traces?: Record<string, TraceRecord[] | Error>;
  /** What the first, partial read of a session returns (readEventsTail); the whole session by default. */
  tail?: Record<string, SessionEvents | Error>;
  /** What the one-pass read of a session returns (readEventsOutline); by default `events` as one segment. */
  outline?: Record<string, SessionOutline | Error>;
  /** A segment's events (readSegment), by the segment's `firstTs`; by default the outline's decoded ones. */
  segments?: Record<string, Record<number, SessionEvents>>;
  /** What a live poll reads after the first read (readEventsAfter); nothing new by default. */
  newEvents?: (sessionId: string, afterTs: number, seen: ReadonlySet<string>) => SessionEvents;
  /** What lookup() answers; nothing is found by default. */
  lookup?: (query: LookupQuery) => LookupMatch[] | Error;
}

export function testHost(handlers: Partial<PanelHandlers>, options: TestHostOptions = {}): TestHost {
  const subscribers = new Set<(n: PanelNotice) => void>();
  const calls: TestHost['calls'] = [];
  const opened = { viewer: 0 };
  const fromTable = async <T>(table: Record<string, T | Error> | undefined, sessionId: string, empty: T) => {
    const value = table?.[sessionId] ?? empty;
    if (value instanceof Error) throw value;
    return value;
  };
  return {
    kind: options.kind ?? 'test',
    tabId: options.tabId === undefined ? 7 : options.tabId,
    calls,
    opened,
    async call<M extends PanelMethod>(method: M, params: PanelParams[M]) {
      calls.push({ method, params });
      const handler = handlers[method] as PanelHandlers[M] | undefined;
      if (!handler) throw new Error(`unknown method ${method}`);
      return handler(params);
    },
    onNotice(handler) {
      subscribers.add(handler);
      return () => subscribers.delete(handler);
    },
    notify(notice) {
      for (const h of subscribers) h(notice);
    },
    subscribers: () => subscribers.size,
    readEvents: (sessionId) => fromTable(options.events, sessionId, { events: [], problems: [] }),
    readEventsTail: (sessionId) =>
      options.tail
        ? fromTable(options.tail, sessionId, { events: [], problems: [] })
        : fromTable(options.events, sessionId, { events: [], problems: [] }),
    readEventsOutline: async (sessionId) => {
      const given = options.outline?.[sessionId];
      if (given instanceof Error) throw given;
      return given ?? oneSegment(await fromTable(options.events, sessionId, { events: [], problems: [] }));
    },
    readSegment: async (sessionId, segment) => {
      const read = options.segments?.[sessionId]?.[segment.firstTs];
      if (!read) throw new Error(`no segment at ${segment.firstTs} in the test host`);
      return read;
    },
    readRequests: (sessionId) => fromTable(options.requests, sessionId, []),
    readTraces: async (sessionId, traceId) => {
      const all = await fromTable(options.traces, sessionId, []);
      return traceId === undefined ? all : all.filter((t) => t.traceId === traceId);
    },
    readEventsAfter: async (sessionId, afterTs, seen) =>
      options.newEvents?.(sessionId, afterTs, seen) ?? { events: [], problems: [], chunks: [] },
    lookup: async (query) => {
      const found = options.lookup?.(query) ?? [];
      if (found instanceof Error) throw found;
      return found;
    },
    openViewer: () => {
      opened.viewer++;
    },
  };
}

/** A whole read as an outline of one segment, decoded. */
function oneSegment(read: SessionEvents): SessionOutline {
  const first = read.events[0]?.timestamp ?? 0;
  const end = read.events.at(-1)?.timestamp ?? first;
  return {
    ...read,
    events: listEvents(read.events),
    segments: [{ firstTs: first, from: first, until: null, rawBytes: 1 }],
    end,
    decoded: new Map([[0, read.events]]),
  };
}
