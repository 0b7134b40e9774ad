/**
 * Event chunks are stored as gzip bytes of their JSON text (ratios: BENCHMARKS.md, compression).
 * CompressionStream (native in pages, workers and Node) writes them; fflate reads them. If compression
 * fails, the chunk is stored uncompressed instead: a failing compressor must never cost a recorded event.
 */
import { gunzipSync, gzipSync } from 'fflate';
import { packEvents, unpackEvents } from './event-columns';
import type { ChunkCodec } from './model';

export type Compressor = (bytes: Uint8Array) => Promise<Uint8Array>;

const viaStream =
  (format: CompressionFormat) =>
  async (bytes: Uint8Array): Promise<Uint8Array> => {
    const transform = new CompressionStream(format);
    // Written straight into the transform: `new Blob([bytes]).stream()` registers every chunk with the
    // browser's blob registry, a round trip to the browser process per chunk (docs/storage.md, "Writing a batch").
    const writer = transform.writable.getWriter();
    // Their failures (bytes that do not decode) reach the reader below; these promises must not go unhandled.
    writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => {});
    writer.close().catch(() => {});
    return new Uint8Array(await new Response(transform.readable).arrayBuffer());
  };

export const gzip: Compressor = viaStream('gzip');
/**
 * Reading is synchronous, with fflate: a DecompressionStream per chunk costs a stream, a Response and several
 * task hops, and a 30-minute session's 2,000-odd chunks took over a second to open that way (bench/panel).
 * The bytes are the same gzip either way; fflate throws on bytes that do not decode, as the stream did.
 */
export const gunzip: Compressor = async (bytes) => gunzipSync(bytes);

export interface EncodedChunk {
  codec: ChunkCodec;
  bytes: Uint8Array;
  rawBytes: number;
  /** Set when compression failed and the chunk fell back to raw bytes. */
  fallbackReason?: string;
}

export async function encodeChunk(json: string, compress: Compressor = gzip): Promise<EncodedChunk> {
  const raw = new TextEncoder().encode(json);
  try {
    return { codec: 'gzip', bytes: await compress(raw), rawBytes: raw.byteLength };
  } catch (e) {
    return {
      codec: 'none',
      bytes: raw,
      rawBytes: raw.byteLength,
      fallbackReason: e instanceof Error ? e.message : String(e),
    };
  }
}

/**
 * A compacted chunk (many batches, written once, off the hot path): the column form when it round-trips, else
 * the JSON, gzipped by fflate at its highest level, which CompressionStream does not offer (docs/storage.md).
 */
export function encodeMergedChunk(events: readonly unknown[]): EncodedChunk {
  const json = new TextEncoder().encode(JSON.stringify(events));
  const packed = packEvents(events);
  const codec: ChunkCodec = packed === null ? 'gzip' : 'gzip-columns';
  const text = packed === null ? json : new TextEncoder().encode(packed);
  return { codec, bytes: gzipSync(text, { level: 9 }), rawBytes: json.byteLength };
}

type Encoded = { codec: ChunkCodec; bytes: Uint8Array };
const utf8 = (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(bytes);

/** Throws on bytes that do not decode; callers decide what a corrupt chunk costs (never more than itself). */
export async function decodeChunk(chunk: Encoded): Promise<string> {
  if (chunk.codec === 'gzip-columns') return JSON.stringify(await decodeChunkValue(chunk));
  return utf8(chunk.codec === 'gzip' ? await gunzip(chunk.bytes) : chunk.bytes);
}

/** The chunk's JSON, parsed (the column form is rebuilt as values, without a detour through its text). */
export async function decodeChunkValue(chunk: Encoded): Promise<unknown> {
  if (chunk.codec === 'gzip-columns') return unpackEvents(utf8(await gunzip(chunk.bytes)));
  return JSON.parse(await decodeChunk(chunk));
}
