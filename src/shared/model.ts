/** The stored data model. Stored shapes change only with a schema migration (docs/storage.md). */
import type { Trace } from './traces/model';

/** `buffer`: a tab's instant-replay rolling buffer; hidden from the library until it is saved. */
export type SessionStatus = 'recording' | 'buffer' | 'complete' | 'interrupted';
export type SessionTrigger = 'manual' | 'auto' | 'instant-replay';
export type EndReason = 'stopped' | 'tab-closed' | 'idle' | 'max-length' | 'max-size' | 'saved' | 'interrupted';

export interface SessionRecord {
  /** 32 lowercase hex: the replay id sent to backends. */
  id: string;
  tabId: number;
  trigger: SessionTrigger;
  status: SessionStatus;
  startedAt: number;
  endedAt: number | null;
  /** Timestamp of the newest stored event; the session's end when it was interrupted. */
  lastEventAt: number;
  /**
   * Timestamp of the oldest stored event: the player's time 0, which can be before `startedAt` (a recording
   * that begins with what the tab's instant-replay buffer held). Absent on sessions stored before it was added.
   */
  firstEventAt?: number;
  /** Timestamp of the newest user action (input, click, scroll, navigation): the idle limit's clock. */
  lastActivityAt: number;
  endReason: EndReason | null;
  firstUrl: string;
  title: string;
  /** Every distinct URL a recorded document had, in order of first visit. */
  urls: string[];
  /** Documents recorded in this session (a reload or navigation adds one). */
  pageCount: number;
  eventCount: number;
  chunkCount: number;
  /** Bytes as stored (compressed) and as recorded (JSON). */
  storedBytes: number;
  rawBytes: number;
  pinned: boolean;
  /** The user's name for the session (the library shows it instead of the page title); absent until named. */
  name?: string;
  /** The user's tags, for finding sessions in the library (`tag:` in its search); absent until tagged. */
  tags?: string[];
  /** Where compaction stands (docs/storage.md, "Compaction"); absent until its first pass. */
  compaction?: CompactionMark;
}

export interface CompactionMark {
  /** Chunks whose first event is older than this are compacted or stay as they are: a pass reads from here. */
  through: number;
  /** The session's chunkCount after the last pass: a finished session still at it has nothing left to merge. */
  chunkCount: number;
}

/** `gzip-columns`: a compacted chunk's events in the column form (shared/event-columns.ts), gzipped. */
export type ChunkCodec = 'gzip' | 'none' | 'gzip-columns';

/**
 * One acknowledged batch of one document's events, stored as bytes of a JSON array; or, once compacted, the
 * batches `seq` to `lastSeq` of that document in one record (docs/storage.md, "Compaction").
 */
export interface ChunkRecord {
  sessionId: string;
  pageId: string;
  /** The (first) batch's sequence number. */
  seq: number;
  /** Compacted chunks only: the last batch held; batches `seq`..`lastSeq` are all here, none missing. */
  lastSeq?: number;
  /** Compacted chunks only: each held batch's event count, in order, so a reader can skip the ones it has. */
  batchCounts?: number[];
  firstTs: number;
  lastTs: number;
  count: number;
  codec: ChunkCodec;
  bytes: Uint8Array;
  rawBytes: number;
  /** Timestamp of the chunk's replay start (`replayStartIndex`, shared/rrweb-events.ts), null if it has none.
   * Added while the schema was at version 1, without a migration: absent on chunks stored before, which
   * count as having none. */
  snapshotTs?: number | null;
}

/** The panel's view of a session: everything but the heavy parts. */
export type SessionSummary = SessionRecord;

/** One request the page made (or its document), as observed by webRequest and the page's wrapper. */
export interface RequestRecord {
  sessionId: string;
  /** webRequest's requestId, or the wrapper's id for requests webRequest did not see (beacons). */
  id: string;
  tabId: number;
  url: string;
  method: string;
  /** webRequest resource type: main_frame, xmlhttprequest, script, image, ping... */
  type: string;
  api: 'fetch' | 'xhr' | 'beacon' | 'document' | null;
  /** The performanceSpan op: resource.fetch, resource.xhr, navigation.navigate, resource.<type>. */
  op: string;
  startTs: number;
  endTs: number;
  status: number;
  error: string | null;
  fromCache: boolean;
  requestHeaders: Record<string, string>;
  responseHeaders: Record<string, string>;
  /** The trace this request belongs to: the id Tandem injected or adopted, else the one the response named. */
  traceId: string | null;
  spanId: string | null;
  /** Where traceId came from: injected, page (adopted), dnr (document traceparent) or response:<header>. */
  traceSource: string | null;
  /** The trace id the response named, when it did (it can differ from the one sent). */
  responseTraceId: string | null;
  responseSpanId: string | null;
  correlationId: string | null;
  /** Server-Timing durations other than the trace entries. */
  serverTiming: { name: string; dur: number; desc?: string }[];
  injectedHeaders: string[];
  adopted: boolean;
  retriedWithoutHeaders: boolean;
  redirects: { url: string; status: number }[];
  responseBody?: string;
  responseType?: string;
}

/** One source's contribution to a stored trace. */
export interface TraceAnswer {
  /** The source's id in the settings (`traces.sources[].id`). */
  sourceId: string;
  /** The source's API, e.g. `jaeger-v3`. */
  kind: string;
  /** When its latest answer with spans was stored. */
  fetchedAt: number;
  /** Spans in that answer. */
  spanCount: number;
}

/** A backend trace of a session's request, normalised and merged over every source that had it. */
export interface TraceRecord {
  sessionId: string;
  /** 32 lowercase hex. */
  traceId: string;
  trace: Trace;
  sources: TraceAnswer[];
  updatedAt: number;
  /** The trace's size (its JSON length), counted in the session's `storedBytes`. Added without a migration:
   * absent on records stored before, whose size is computed when they next change. */
  bytes?: number;
}
