/**
 * The message handlers and every channel's schemas on any message (issue #17, item 11): the page bridge, the
 * DOM bridge and the recorder port carry what a hostile page can forge; the panel port what any extension
 * page sends. Each is refused with a reason, answered, or ignored, never thrown out of a listener.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readBatchMeta } from '../../../src/background/recorder-ports';
import {
  callSchema,
  domUpSchema,
  type PanelDown,
  panelDownSchema,
  panelParamSchemas,
  panelResultSchemas,
  pageEventSchema,
  recorderDownSchema,
  recorderUpSchema,
} from '../../../src/shared/protocol';
import { createPanelClient, servePanel } from '../../../src/shared/rpc';
import type { Transport } from '../../../src/shared/transport';
import { fakePanelHandlers } from '../fixtures/panel-handlers';
import { eventsJson, pageEvents } from '../fixtures/rrweb-events';
import { anyJsonText, anyValue, mutatedJson, quickly, runs } from './arbitraries';

const SESSION = '0af7651916cd43dd8448eb211c80319c';
const PAGE = 'b7ad6b7169203331';

/** One valid message of each shape, for mutations to start from: near-misses reach deeper than noise. */
const VALID_UP = [
  { type: 'hello', v: 1, pageId: PAGE, url: 'https://shop.test/', title: 'Shop', sessionId: null, lastSeq: -1 },
  { type: 'batch', sessionId: SESSION, pageId: PAGE, seq: 0, url: 'https://shop.test/', title: 'Shop', events: '[]' },
  {
    type: 'network',
    sessionId: SESSION,
    pageId: PAGE,
    events: [{ kind: 'request-end', id: 'f1', ts: 1, status: 200 }],
  },
  { type: 'ping' },
];
const VALID_PAGE_EVENTS = [
  { kind: 'console', ts: 1, level: 'log', args: ['hi'] },
  { kind: 'error', ts: 1, message: 'boom', stack: 'at x', filename: 'a.js', lineno: 1, colno: 2 },
  { kind: 'history', ts: 1, from: '/a', to: '/b' },
  {
    kind: 'request-start',
    id: 'f1',
    ts: 1,
    api: 'fetch',
    method: 'GET',
    url: '/api',
    traceId: SESSION,
    spanId: PAGE,
    injected: ['traceparent'],
    adopted: false,
  },
  { kind: 'propagation-failed', ts: 1, origin: 'https://a.test', url: '/x', method: 'GET', headers: [], retried: true },
];
const VALID_DOM_UP = { kind: 'events', events: [{ type: 2, json: '{"type":2}' }] };

const message = (valid: readonly unknown[]) =>
  fc.oneof(
    anyValue,
    fc.constantFrom(...valid).chain((m) => mutatedJson(m)),
  );

type Schema = { safeParse(value: unknown): { success: boolean; error?: { issues: { message: string }[] } } };

function expectRefusedWithReason(schema: Schema, value: unknown): void {
  const parsed = quickly(() => schema.safeParse(value));
  if (!parsed.success) {
    expect(parsed.error?.issues.length).toBeGreaterThan(0);
    for (const issue of parsed.error?.issues ?? []) expect(issue.message.length).toBeGreaterThan(0);
  }
}

describe('channel schemas on any message', () => {
  it.each([
    ['recorder port, up', recorderUpSchema, VALID_UP],
    ['page bridge', pageEventSchema, VALID_PAGE_EVENTS],
    ['DOM bridge', domUpSchema, [VALID_DOM_UP]],
    ['recorder port, down', recorderDownSchema, [{ type: 'ack', sessionId: SESSION, pageId: PAGE, seq: 3 }]],
    ['panel port, down', panelDownSchema, [{ kind: 'notice', notice: { type: 'sessions-changed' } }]],
  ] as const)('%s: accepted, or refused with reasons', (_, schema, valid) => {
    for (const v of valid) expect(schema.safeParse(v).success).toBe(true);
    fc.assert(
      fc.property(message(valid), (value) => expectRefusedWithReason(schema, value)),
      runs(150),
    );
  });

  it('every panel call and answer schema: accepted, or refused with reasons', () => {
    const schemas = [...Object.values(panelParamSchemas), ...Object.values(panelResultSchemas)] as Schema[];
    fc.assert(
      fc.property(fc.constantFrom(...schemas), anyValue, (schema, value) => expectRefusedWithReason(schema, value)),
      runs(200),
    );
  });
});

/** A transport whose messages the test hands in, and whose sends it collects. */
function fakeTransport<In, Out>() {
  let listener: ((m: In) => void) | undefined;
  const sent: Out[] = [];
  let onSend = () => {};
  const transport: Transport<In, Out> = {
    send: (m) => {
      sent.push(structuredClone(m));
      onSend();
    },
    listen: (h) => {
      listener = h;
      return () => {};
    },
    onClose: () => () => {},
    close: () => {},
  };
  const nextSend = () => new Promise<void>((resolve) => (onSend = resolve));
  return { transport, sent, nextSend, deliver: (m: In) => listener?.(m) };
}

describe('the panel port', () => {
  const METHODS = Object.keys(panelParamSchemas);
  const call = fc.record({
    kind: fc.constant('call'),
    id: fc.integer(),
    method: fc.oneof(fc.constantFrom(...METHODS, '__proto__', 'constructor', 'toString'), fc.string()),
    params: fc.oneof(anyValue, fc.constant({ tabId: 1 }), fc.constant({ sessionId: SESSION })),
  });

  it('answers every well-formed call (with an error when its method or params are bad), reports the rest', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(call, anyValue), async (raw) => {
        const { transport, sent, nextSend, deliver } = fakeTransport<unknown, PanelDown>();
        const invalid: string[] = [];
        servePanel(transport, fakePanelHandlers(), (problem) => invalid.push(problem));
        const answered = nextSend();
        quickly(() => deliver(raw));
        if (!callSchema.safeParse(raw).success) {
          expect(invalid).toHaveLength(1);
          expect(invalid[0]!.length).toBeGreaterThan(0);
          return;
        }
        await answered;
        const reply = panelDownSchema.parse(sent[0]);
        expect(reply.kind === 'result' && reply.id).toBe((raw as { id: number }).id);
        if (reply.kind === 'result' && !reply.ok) {
          expect(reply.error.length).toBeGreaterThan(0);
          expect(invalid.length).toBeLessThanOrEqual(1);
        }
      }),
      runs(150),
    );
  });

  it('settles a pending call on any answer to it, and ignores or reports anything else', async () => {
    const answer = fc.record({ kind: fc.constant('result'), ok: fc.boolean(), value: anyValue, error: anyValue });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(anyValue, answer), { maxLength: 3 }), answer, async (noise, reply) => {
        const { transport, sent, deliver } = fakeTransport<unknown, unknown>();
        const client = createPanelClient(transport, 60_000, () => {});
        const pending = client.call('getTabState', { tabId: 1 }).then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        );
        const { id } = sent[0] as { id: number };
        for (const m of noise) quickly(() => deliver(m));
        quickly(() => deliver({ ...reply, id }));
        const outcome = await pending;
        if ('error' in outcome) {
          expect(outcome.error).toBeInstanceOf(Error);
          expect((outcome.error as Error).message.length).toBeGreaterThan(0);
        } else {
          expect(panelResultSchemas.getTabState.safeParse(outcome.value).success).toBe(true);
        }
      }),
      runs(150),
    );
  });
});

describe("a batch's events (readBatchMeta)", () => {
  const real = JSON.parse(eventsJson(pageEvents(1_700_000_000_000, 3))) as unknown;
  const text = fc.oneof(
    anyJsonText,
    mutatedJson(real).map((v) => JSON.stringify(v) ?? ''),
    fc
      .array(fc.record({ type: fc.integer({ min: -1, max: 8 }), timestamp: fc.double(), data: anyValue }), {
        maxLength: 4,
      })
      .map((events) => JSON.stringify(events)),
  );

  it('is a summary with finite, ordered times, or a reason', () => {
    fc.assert(
      fc.property(text, (json) => {
        const meta = quickly(() => readBatchMeta(json));
        if (typeof meta === 'string') {
          expect(meta.length).toBeGreaterThan(0);
          return;
        }
        expect(meta.count).toBeGreaterThan(0);
        expect(Number.isFinite(meta.firstTs) && Number.isFinite(meta.lastTs)).toBe(true);
        expect(meta.firstTs).toBeLessThanOrEqual(meta.lastTs);
        for (const ts of [meta.lastActivityTs, meta.snapshotTs]) {
          if (ts !== null) expect(ts >= meta.firstTs && ts <= meta.lastTs).toBe(true);
        }
      }),
      runs(200),
    );
  });
});
