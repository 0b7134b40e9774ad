/** Random ids Tandem makes for its own records: sessions and documents. Trace ids are in trace/ids.ts. */

/** Random lowercase hex of `bytes` bytes, from the platform CSPRNG (available in pages, workers and Node). */
export function randomHex(bytes: number): string {
  const buf = new Uint8Array(bytes);
  crypto.getRandomValues(buf);
  let out = '';
  for (const b of buf) out += b.toString(16).padStart(2, '0');
  return out;
}

/** A replay/session id: 32 lowercase hex characters, the shape Sentry uses for replay_id. */
export const newSessionId = (): string => randomHex(16);

/** Identifies one document's recorder instance; its batches are numbered from 0. */
export const newPageId = (): string => randomHex(8);
