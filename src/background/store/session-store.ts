/**
 * The only owner of the IndexedDB database in the worker: every read and write of sessions, their event
 * chunks, their requests and their backend traces goes through here. The parts live beside it, one per concern.
 */
import type { Compressor } from '../../shared/chunk-codec';
import type { TandemDb } from '../../shared/db/schema';
import type { ChunkRecord, EndReason, RequestRecord, SessionRecord, TraceRecord } from '../../shared/model';
import type { Batch } from '../../shared/protocol';
import type { BatchMeta } from '../../shared/rrweb-events';
import type { PlanOptions } from '../compaction/plan';
import { type AppendResult, type ChunkCut, Chunks } from './chunks';
import { urlRedaction } from './redact-urls';
import { type CompactionResult, Compactor, type MergedEncoder } from './compaction';
import { Database } from './database';
import { REQUEST_WRITE_DELAY_MS, Requests } from './requests';
import { type NewSession, Sessions } from './sessions';
import { type TraceFromSource, Traces } from './traces';

export type { AppendResult, ChunkCut } from './chunks';
export type { CompactionResult, MergedEncoder } from './compaction';
export { isQuotaError, QuotaError } from './database';
export { REQUEST_WRITE_DELAY_MS } from './requests';
export type { NewSession } from './sessions';
export type { TraceFromSource } from './traces';

export interface SessionStoreOptions {
  /** Replaces CompressionStream (tests make it fail). */
  compress?: Compressor;
  /** A batch was stored uncompressed because compression failed. */
  onFallback?: (reason: string) => void;
  /** 0 writes each request as soon as no write is running (group commit only). */
  requestWriteDelayMs?: number;
  /** Out of quota while writing requests: frees space (Retention evicts) and says whether it could. */
  makeRoom?: () => Promise<boolean>;
  /** `network.redactQueryParams`: the session's URLs are stored redacted with them (and JWTs, bearer tokens). */
  redactQueryParams?: () => Promise<readonly string[]>;
  /** Replaces the compacted chunks' encoder (tests make it fail). */
  encodeMerged?: MergedEncoder;
}

export class SessionStore {
  private readonly sessions: Sessions;
  private readonly chunks: Chunks;
  private readonly requests: Requests;
  private readonly traces: Traces;
  private readonly compactor: Compactor;

  constructor(db: () => Promise<TandemDb>, options: SessionStoreOptions = {}) {
    const database = new Database(db);
    const redact = urlRedaction(options.redactQueryParams);
    this.sessions = new Sessions(database, redact);
    this.chunks = new Chunks(database, redact, options.compress, options.onFallback);
    this.requests = new Requests(
      database,
      options.compress,
      options.requestWriteDelayMs ?? REQUEST_WRITE_DELAY_MS,
      options.makeRoom,
    );
    this.traces = new Traces(database);
    this.compactor = new Compactor(database, options.encodeMerged);
  }

  create(input: NewSession): Promise<SessionRecord> {
    return this.sessions.create(input);
  }
  get(id: string): Promise<SessionRecord | undefined> {
    return this.sessions.get(id);
  }
  /** Every session, buffers included, newest first. */
  list(): Promise<SessionRecord[]> {
    return this.sessions.list();
  }
  /** Every session, buffers included, in key order. */
  all(): Promise<SessionRecord[]> {
    return this.sessions.all();
  }
  /** Applies `change` in one transaction; returns the new record, or undefined if absent or unchanged. */
  update(id: string, change: (s: SessionRecord) => SessionRecord | null): Promise<SessionRecord | undefined> {
    return this.sessions.update(id, change);
  }
  /** Ends a live session (recording or buffer); `interrupted` ends it at its last stored event. */
  finish(id: string, status: 'complete' | 'interrupted', reason: EndReason, at: number): Promise<void> {
    return this.sessions.finish(id, status, reason, at);
  }
  setPinned(id: string, pinned: boolean): Promise<boolean> {
    return this.sessions.setPinned(id, pinned);
  }
  /** Sets a session's name (empty: none) and tags; undefined if there is no such session. */
  label(id: string, name: string, tags: string[]): Promise<SessionRecord | undefined> {
    return this.sessions.label(id, name, tags);
  }
  /** Deletes a session with its chunks, requests and traces; false if there was none. */
  deleteSession(id: string): Promise<boolean> {
    return this.sessions.delete(id);
  }
  /** Live sessions not in `live` become interrupted, buffers among them are dropped; returns the interrupted. */
  interruptAllExcept(live: ReadonlySet<string>): Promise<string[]> {
    return this.sessions.interruptAllExcept(live);
  }

  /** Stores a batch and adds it to its session's counters, in one transaction. */
  append(batch: Batch, meta: BatchMeta): Promise<AppendResult> {
    return this.chunks.append(batch, meta);
  }
  /** A session's chunks in time order. */
  chunksOf(sessionId: string): Promise<ChunkRecord[]> {
    return this.chunks.of(sessionId);
  }
  /** Drops and rewrites a session's chunks as Retention decided, with its requests before the cut. */
  cutChunks(sessionId: string, cut: ChunkCut): Promise<void> {
    return this.chunks.cut(sessionId, cut);
  }

  /** Merges runs of a session's chunks into larger ones, each run in one transaction (never a buffer's). */
  compact(sessionId: string, options: PlanOptions): Promise<CompactionResult> {
    return this.compactor.compact(sessionId, options);
  }

  /** Stores a request in the request index and its performanceSpan in the session's events, together. */
  appendRequest(record: RequestRecord, span: { timestamp: number }): Promise<boolean> {
    return this.requests.append(record, span);
  }
  /** A session's request records. */
  requestsOf(sessionId: string): Promise<RequestRecord[]> {
    return this.requests.of(sessionId);
  }

  /** The sessions whose requests carry each trace id; ids no session holds are absent. */
  sessionsByTraceId(traceIds: readonly string[]): Promise<Map<string, string[]>> {
    return this.traces.sessionsByTraceId(traceIds);
  }

  /** Merges a source's answer into the session's stored trace; undefined when the session is gone. */
  putTrace(sessionId: string, answer: TraceFromSource): Promise<TraceRecord | undefined> {
    return this.traces.put(sessionId, answer);
  }
  /** One stored trace of a session. */
  traceOf(sessionId: string, traceId: string): Promise<TraceRecord | undefined> {
    return this.traces.get(sessionId, traceId);
  }
  /** A session's stored traces. */
  tracesOf(sessionId: string): Promise<TraceRecord[]> {
    return this.traces.of(sessionId);
  }
}
