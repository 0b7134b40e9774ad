/** The stored data model. Stored shapes change only with a schema migration (docs/storage.md). */

export type SessionStatus = 'recording' | 'complete' | 'interrupted';
export type SessionTrigger = 'manual' | 'auto';

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
}

/** The panel's view of a session: everything but the heavy parts. */
export type SessionSummary = SessionRecord;
