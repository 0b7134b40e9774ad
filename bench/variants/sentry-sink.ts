/**
 * A stand-in for Sentry's ingest: accepts POSTed envelopes on 127.0.0.1, answers 200 (with CORS, as the
 * page posts cross-origin), and opens replay recordings (`{"segment_id":N}\n` + zlib data) so the bench can
 * prove the replay was recording during the window and how much rrweb JSON it captured.
 */
import { createServer } from 'node:http';
import { inflateSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';

export interface ReplaySegment {
  receivedAt: number;
  segmentId: number;
  compressedBytes: number;
  /** Each recorded event's timestamp (ms) and the length of its JSON. */
  events: { ts: number; bytes: number }[];
}

export interface SentrySink {
  dsn: string;
  envelopes: number;
  segments: ReplaySegment[];
  reset(): void;
  close(): Promise<void>;
}

interface Item {
  header: { type?: string; length?: number };
  payload: Buffer;
}

/** Splits an envelope into its items; an item's payload runs `length` bytes, or to the end of its line. */
export function envelopeItems(body: Buffer): Item[] {
  const items: Item[] = [];
  let pos = body.indexOf(0x0a) + 1; // skip the envelope header
  while (pos > 0 && pos < body.length) {
    const headerEnd = body.indexOf(0x0a, pos);
    if (headerEnd < 0) break;
    const header = JSON.parse(body.subarray(pos, headerEnd).toString('utf8')) as Item['header'];
    const start = headerEnd + 1;
    const lineEnd = body.indexOf(0x0a, start);
    const end = header.length !== undefined ? start + header.length : lineEnd < 0 ? body.length : lineEnd;
    items.push({ header, payload: body.subarray(start, end) });
    pos = end + 1;
  }
  return items;
}

function openRecording(payload: Buffer, receivedAt: number): ReplaySegment {
  const split = payload.indexOf(0x0a);
  const { segment_id } = JSON.parse(payload.subarray(0, split).toString('utf8')) as { segment_id: number };
  const data = payload.subarray(split + 1);
  let json: string;
  try {
    json = inflateSync(data).toString('utf8');
  } catch {
    json = data.toString('utf8'); // sent uncompressed (no worker)
  }
  const events = (JSON.parse(json) as { timestamp: number }[]).map((e) => ({
    ts: e.timestamp,
    bytes: JSON.stringify(e).length,
  }));
  return { receivedAt, segmentId: segment_id, compressedBytes: data.length, events };
}

export async function startSentrySink(): Promise<SentrySink> {
  const state = { envelopes: 0, segments: [] as ReplaySegment[] };
  const server = createServer((req, res) => {
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-allow-headers': '*',
      'access-control-allow-methods': 'POST',
    };
    if (req.method !== 'POST') return void res.writeHead(204, cors).end();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.envelopes++;
      for (const item of envelopeItems(Buffer.concat(chunks))) {
        if (item.header.type === 'replay_recording') state.segments.push(openRecording(item.payload, Date.now()));
      }
      res.writeHead(200, { ...cors, 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    dsn: `http://benchkey@127.0.0.1:${port}/1`,
    get envelopes() {
      return state.envelopes;
    },
    get segments() {
      return state.segments;
    },
    reset() {
      state.envelopes = 0;
      state.segments = [];
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
