/**
 * Event chunks are stored as gzip bytes of their JSON text (ratios: BENCHMARKS.md, compression).
 * CompressionStream (native in pages, workers and Node) writes them; fflate reads them. If compression
 * fails, the chunk is stored uncompressed instead: a failing compressor must never cost a recorded event.
 */
import { gunzipSync } from 'fflate';
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

/** Throws on bytes that do not decode; callers decide what a corrupt chunk costs (never more than itself). */
export async function decodeChunk(chunk: { codec: ChunkCodec; bytes: Uint8Array }): Promise<string> {
  const bytes = chunk.codec === 'gzip' ? await gunzip(chunk.bytes) : chunk.bytes;
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
