import { describe, expect, it } from 'vitest';
import { decodeChunk, decodeChunkValue, encodeChunk, encodeMergedChunk, gzip } from '../../../src/shared/chunk-codec';
import { eventsJson, pageEvents } from '../fixtures/rrweb-events';

// A page's first second: Meta, FullSnapshot and 40 mutations, as the content script sends it.
const json = eventsJson(pageEvents(1_700_000_000_000, 40));
const rawLength = new TextEncoder().encode(json).byteLength;

describe('encodeChunk / decodeChunk', () => {
  it('round-trips rrweb JSON through gzip, smaller than the raw text', async () => {
    const encoded = await encodeChunk(json);

    expect(encoded.codec).toBe('gzip');
    expect(encoded.fallbackReason).toBeUndefined();
    expect(encoded.rawBytes).toBe(rawLength);
    expect(encoded.bytes.byteLength).toBeLessThan(rawLength / 4);
    // gzip magic bytes: the stored bytes are really gzip, not the raw text.
    expect([encoded.bytes[0], encoded.bytes[1]]).toEqual([0x1f, 0x8b]);
    expect(await decodeChunk(encoded)).toBe(json);
  });

  it('round-trips text outside ASCII exactly, counting raw size in UTF-8 bytes', async () => {
    const text = JSON.stringify([{ type: 3, timestamp: 1, data: { text: 'Grüße, 東京 🛒' } }]);
    const encoded = await encodeChunk(text);
    expect(encoded.rawBytes).toBe(new TextEncoder().encode(text).byteLength);
    expect(encoded.rawBytes).toBeGreaterThan(text.length);
    expect(await decodeChunk(encoded)).toBe(text);
  });

  it('stores the raw bytes when the compressor throws, and says why', async () => {
    const broken = async (): Promise<Uint8Array> => {
      throw new Error('CompressionStream unavailable');
    };
    const encoded = await encodeChunk(json, broken);

    expect(encoded.codec).toBe('none');
    expect(encoded.fallbackReason).toBe('CompressionStream unavailable');
    expect(encoded.bytes.byteLength).toBe(rawLength);
    expect(encoded.rawBytes).toBe(rawLength);
    expect(await decodeChunk(encoded)).toBe(json);
  });

  it('uses the compressor it is given', async () => {
    let calls = 0;
    const counting = async (bytes: Uint8Array) => {
      calls++;
      return gzip(bytes);
    };
    const encoded = await encodeChunk(json, counting);
    expect(calls).toBe(1);
    expect(await decodeChunk(encoded)).toBe(json);
  });

  it('rejects gzip bytes that are not gzip', async () => {
    const garbage = new TextEncoder().encode('this was never compressed');
    await expect(decodeChunk({ codec: 'gzip', bytes: garbage })).rejects.toThrow();
  });

  it('rejects a truncated gzip chunk', async () => {
    const encoded = await encodeChunk(json);
    const truncated = encoded.bytes.slice(0, Math.floor(encoded.bytes.byteLength / 2));
    await expect(decodeChunk({ codec: 'gzip', bytes: truncated })).rejects.toThrow();
  });

  it('rejects uncompressed bytes that are not valid UTF-8', async () => {
    await expect(decodeChunk({ codec: 'none', bytes: new Uint8Array([0x5b, 0xff, 0xfe, 0x5d]) })).rejects.toThrow();
  });
});

describe('encodeMergedChunk (compacted chunks)', () => {
  const events = pageEvents(1_700_000_000_000, 200);

  it('stores the column form, gzipped, and reads back the same JSON and values', async () => {
    const merged = encodeMergedChunk(events);
    expect(merged.codec).toBe('gzip-columns');
    expect([merged.bytes[0], merged.bytes[1]]).toEqual([0x1f, 0x8b]);
    expect(merged.rawBytes).toBe(new TextEncoder().encode(JSON.stringify(events)).byteLength);
    expect(await decodeChunk(merged)).toBe(JSON.stringify(events));
    expect(await decodeChunkValue(merged)).toEqual(events);
    expect(merged.bytes.byteLength).toBeLessThan((await encodeChunk(JSON.stringify(events))).bytes.byteLength);
  });

  it('stores gzipped JSON when the column form would not round-trip', async () => {
    const odd = [
      { type: 5, timestamp: 1, data: { id: 5 } },
      { type: 5, timestamp: 2, data: { id: 2 ** 53 - 1 } },
    ];
    const merged = encodeMergedChunk(odd);
    expect(merged.codec).toBe('gzip');
    expect(await decodeChunk(merged)).toBe(JSON.stringify(odd));
  });
});
