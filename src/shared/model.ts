/** The stored data model. Stored shapes change only with a schema migration (docs/storage.md). */

/** `buffer`: a tab's instant-replay rolling buffer; hidden from the library until it is saved. */
export type SessionStatus = 'recording' | 'buffer' | 'complete' | 'interrupted';
export type SessionTrigger = 'manual' | 'auto' | 'instant-replay';
export type EndReason = 'stopped' | 'tab-closed' | 'idle' | 'max-length' | 'saved' | 'interrupted';

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
}

export type ChunkCodec = 'gzip' | 'none';

/** One acknowledged batch of one document's events, stored as bytes of a JSON array. */
export interface ChunkRecord {
  sessionId: string;
  pageId: string;
  seq: number;
  firstTs: number;
  lastTs: number;
  count: number;
  codec: ChunkCodec;
  bytes: Uint8Array;
  rawBytes: number;
  /** Timestamp of the chunk's first full snapshot (rrweb type 2), null if it has none. Added in v1.1;
   * absent on older chunks, which are treated as having none. */
  snapshotTs?: number | null;
}

/** The panel's view of a session: everything but the heavy parts. */
export type SessionSummary = SessionRecord;
