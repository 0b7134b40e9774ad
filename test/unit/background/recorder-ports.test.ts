import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Diagnostics } from '../../../src/background/diagnostics';
import { readBatchMeta, RecorderPorts, type RecorderHandlers } from '../../../src/background/recorder-ports';
import {
  PORT_NAMES,
  PROTOCOL_VERSION,
  type Batch,
  type Hello,
  type NetworkUp,
  type RecorderDown,
  recorderDownSchema,
} from '../../../src/shared/protocol';
import { navigationBreadcrumb } from '../../../src/shared/replay-events';
import { makeBatch, PAGE_1, SESSION_A } from '../fixtures/db';
import {
  clickEvent,
  eventsJson,
  fullSnapshotEvent,
  inputEvent,
  metaEvent,
  mutationEvent,
  pageEvents,
  SHOP_URL,
} from '../fixtures/rrweb-events';
import { FakeRuntimePort, fakeTab } from '../fixtures/runtime-port';

const T0 = 1_700_000_000_000;

describe('readBatchMeta', () => {
  it('counts the events and takes the earliest and latest timestamp, whatever their order', () => {
    const events = [mutationEvent(T0 + 50), metaEvent(T0), fullSnapshotEvent(T0 + 1), mutationEvent(T0 + 20)];
    expect(readBatchMeta(eventsJson(events))).toMatchObject({ count: 4, firstTs: T0, lastTs: T0 + 50 });
  });

  it('accepts a single event', () => {
    expect(readBatchMeta(eventsJson([mutationEvent(T0)]))).toEqual({
      count: 1,
      firstTs: T0,
      lastTs: T0,
      lastActivityTs: null,
      snapshotTs: null,
    });
  });

  it('takes the newest user action (click, input, navigation), not DOM changes, as the last activity', () => {
    const events = [metaEvent(T0), clickEvent(T0 + 100), inputEvent(T0 + 300), mutationEvent(T0 + 900)];
    expect(readBatchMeta(eventsJson(events))).toMatchObject({ lastActivityTs: T0 + 300 });
    expect(readBatchMeta(eventsJson([mutationEvent(T0), mutationEvent(T0 + 5)]))).toMatchObject({
      lastActivityTs: null,
    });
  });

  it('marks where a replay can start: the Meta event right before the first full snapshot, or the snapshot', () => {
    const page = [mutationEvent(T0), metaEvent(T0 + 10), fullSnapshotEvent(T0 + 11), mutationEvent(T0 + 20)];
    expect(readBatchMeta(eventsJson(page))).toMatchObject({ snapshotTs: T0 + 10 });
    const checkout = [mutationEvent(T0), fullSnapshotEvent(T0 + 50), fullSnapshotEvent(T0 + 99)];
    expect(readBatchMeta(eventsJson(checkout))).toMatchObject({ snapshotTs: T0 + 50 });
    expect(readBatchMeta(eventsJson([metaEvent(T0), mutationEvent(T0 + 1)]))).toMatchObject({ snapshotTs: null });
  });

  it('refuses text that is not JSON', () => {
    expect(readBatchMeta('[{"type":4,"timestamp":1')).toBe('events are not valid JSON');
  });

  it('refuses an event without a timestamp, naming where', () => {
    const result = readBatchMeta(JSON.stringify([metaEvent(T0), { type: 3, data: { source: 0 } }]));
    expect(typeof result).toBe('string');
    expect(result).toMatch(/^events: 1\.timestamp /);
  });

  it.each([
    ['an empty array', '[]'],
    ['an object instead of an array', JSON.stringify(metaEvent(T0))],
    ['an event type rrweb does not have', JSON.stringify([{ type: 42, timestamp: T0 }])],
    ['a timestamp that is not a number', JSON.stringify([{ type: 4, timestamp: '2024-01-01' }])],
    ['a negative timestamp', JSON.stringify([{ type: 4, timestamp: -5 }])],
    ['null', 'null'],
  ])('refuses %s', (_label, json) => {
    const result = readBatchMeta(json);
    expect(typeof result).toBe('string');
    expect(result).toMatch(/^events/);
  });
});

describe('RecorderPorts (fake Runtime.Port)', () => {
  let diagnostics: Diagnostics;
  let handlers: {
    hello: ReturnType<typeof vi.fn<RecorderHandlers['hello']>>;
    batch: ReturnType<typeof vi.fn<RecorderHandlers['batch']>>;
    network: ReturnType<typeof vi.fn<RecorderHandlers['network']>>;
  };
  let ports: RecorderPorts;

  beforeEach(() => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    diagnostics = new Diagnostics();
    handlers = {
      hello: vi.fn<RecorderHandlers['hello']>(async (_tabId, hello) =>
        hello.sessionId ? { type: 'stop', sessionId: hello.sessionId } : null,
      ),
      batch: vi.fn<RecorderHandlers['batch']>(async (_tabId, b) => ({
        type: 'ack',
        sessionId: b.sessionId,
        pageId: b.pageId,
        seq: b.seq,
      })),
      network: vi.fn<RecorderHandlers['network']>(async () => {}),
    };
    ports = new RecorderPorts(diagnostics);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  const contentPort = (tabId: number, frameId = 0) =>
    new FakeRuntimePort(PORT_NAMES.recorder, { tab: fakeTab(tabId), frameId, url: SHOP_URL });

  const hello = (sessionId: string | null = null): Hello => ({
    type: 'hello',
    v: PROTOCOL_VERSION,
    pageId: PAGE_1,
    url: SHOP_URL,
    title: 'Shop',
    sessionId,
    lastSeq: -1,
  });

  it("hands a valid hello to the controller with the port's tab and sends its answer back", async () => {
    const port = contentPort(12);
    ports.accept(port, handlers);

    port.deliver(hello(SESSION_A));

    expect(await port.waitForPosted(1)).toEqual([{ type: 'stop', sessionId: SESSION_A }]);
    expect(handlers.hello).toHaveBeenCalledExactlyOnceWith(12, hello(SESSION_A));
  });

  it('sends nothing when the controller has nothing to say', async () => {
    let answered: () => void = () => {};
    const done = new Promise<void>((resolve) => (answered = resolve));
    handlers.hello.mockImplementation(async () => {
      answered();
      return null;
    });
    const port = contentPort(12);
    ports.accept(port, handlers);
    port.deliver(hello());
    await done;
    expect(port.posted).toEqual([]);
  });

  it('hands a valid batch to the controller with its meta and acknowledges it', async () => {
    const port = contentPort(12);
    ports.accept(port, handlers);
    const events = pageEvents(T0, 2);
    const batch = makeBatch(SESSION_A, PAGE_1, 0, events);

    port.deliver(batch);

    const expected: RecorderDown = { type: 'ack', sessionId: SESSION_A, pageId: PAGE_1, seq: 0 };
    expect(await port.waitForPosted(1)).toEqual([expected]);
    expect(handlers.batch).toHaveBeenCalledExactlyOnceWith(12, batch, {
      count: 4,
      firstTs: T0,
      lastTs: T0 + 20,
      lastActivityTs: T0,
      snapshotTs: T0,
    });
  });

  it("redacts the URLs of a batch the page did not redact (Meta href, navigations) with the settings' parameters", async () => {
    ports = new RecorderPorts(diagnostics, async () => ['order']);
    const port = contentPort(12);
    ports.accept(port, handlers);
    const secret = 'http://127.0.0.1:8080/checkout?order=8812#access_token=ya29.a0AfB_byC1xQ8mZ';
    const events: unknown[] = [
      metaEvent(T0, secret),
      fullSnapshotEvent(T0 + 1),
      navigationBreadcrumb(T0 + 2, SHOP_URL, secret),
    ];
    port.deliver({ ...makeBatch(SESSION_A, PAGE_1, 0, []), events: JSON.stringify(events) });

    await port.waitForPosted(1);
    const stored = handlers.batch.mock.calls[0]![1].events;
    expect(stored).not.toContain('8812');
    expect(stored).not.toContain('ya29');
    const redacted = 'http://127.0.0.1:8080/checkout?order=%5Bredacted%5D#access_token=%5Bredacted%5D';
    const [meta, , crumb] = JSON.parse(stored);
    expect(meta.data.href).toBe(redacted);
    expect(crumb.data.payload.data).toEqual({ from: SHOP_URL, to: redacted });
  });

  it('answers busy for a batch the controller could not store for lack of room, so the recorder keeps it', async () => {
    handlers.batch.mockResolvedValue(null);
    const port = contentPort(12);
    ports.accept(port, handlers);
    port.deliver(makeBatch(SESSION_A, PAGE_1, 5, pageEvents(T0, 1)));
    expect(await port.waitForPosted(1)).toEqual([{ type: 'busy', sessionId: SESSION_A, pageId: PAGE_1, seq: 5 }]);
  });

  it('answers busy for a batch whose write failed, so the recorder offers it again rather than giving it up', async () => {
    handlers.batch.mockRejectedValue(new Error('The transaction was aborted'));
    const port = contentPort(12);
    ports.accept(port, handlers);
    port.deliver(makeBatch(SESSION_A, PAGE_1, 6, pageEvents(T0, 1)));
    expect(await port.waitForPosted(1)).toEqual([{ type: 'busy', sessionId: SESSION_A, pageId: PAGE_1, seq: 6 }]);
    expect(diagnostics.snapshot().errors['recorder-error']).toBe(1);
  });

  it('rejects a batch whose events are malformed, without storing it, and counts it', async () => {
    const port = contentPort(12);
    ports.accept(port, handlers);
    const batch: Batch = { ...makeBatch(SESSION_A, PAGE_1, 3, [metaEvent(T0)]), events: '[{"type":4}]' };

    port.deliver(batch);

    const [reply] = await port.waitForPosted(1);
    expect(reply).toMatchObject({ type: 'reject', sessionId: SESSION_A, pageId: PAGE_1, seq: 3 });
    expect(handlers.batch).not.toHaveBeenCalled();
    expect(diagnostics.snapshot().errors['malformed-batch']).toBe(1);
  });

  it.each([
    ['a title over the limit', { title: 'T'.repeat(5000) }, /^title: /],
    ['a URL over the limit', { url: `${SHOP_URL}#${'u'.repeat(20_000)}` }, /^url: /],
    ['events that are not text', { events: [metaEvent(T0)] }, /^events: /],
  ])('refuses a batch with %s out loud, so the recorder stops resending it', async (_label, change, error) => {
    const port = contentPort(12);
    ports.accept(port, handlers);
    port.deliver({ ...makeBatch(SESSION_A, PAGE_1, 4, [metaEvent(T0)]), ...change });

    const [reply] = await port.waitForPosted(1);
    expect(reply).toEqual({
      type: 'reject',
      sessionId: SESSION_A,
      pageId: PAGE_1,
      seq: 4,
      error: expect.stringMatching(error),
      reason: 'malformed',
    });
    expect(recorderDownSchema.safeParse(reply).success).toBe(true);
    expect(handlers.batch).not.toHaveBeenCalled();
    expect(diagnostics.snapshot().errors['malformed-message']).toBe(1);
  });

  it('marks a reject for malformed events as malformed, so the recorder notes it in the session', async () => {
    const port = contentPort(12);
    ports.accept(port, handlers);
    port.deliver({ ...makeBatch(SESSION_A, PAGE_1, 3, [metaEvent(T0)]), events: '[{"type":4}]' });
    expect(await port.waitForPosted(1)).toMatchObject([{ type: 'reject', seq: 3, reason: 'malformed' }]);
  });

  it("hands the page wrapper's request events to the network handler with the port's tab, and answers nothing", async () => {
    const port = contentPort(12);
    ports.accept(port, handlers);
    const message: NetworkUp = {
      type: 'network',
      sessionId: SESSION_A,
      pageId: PAGE_1,
      events: [
        {
          kind: 'request-start',
          id: '1',
          ts: T0,
          api: 'fetch',
          method: 'POST',
          url: `${SHOP_URL}api/cart`,
          traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
          spanId: '00f067aa0ba902b7',
          injected: ['traceparent'],
          adopted: false,
        },
        { kind: 'request-end', id: '1', ts: T0 + 35, status: 201 },
      ],
    };

    port.deliver(message);

    await vi.waitFor(() => expect(handlers.network).toHaveBeenCalledExactlyOnceWith(12, message));
    expect(handlers.batch).not.toHaveBeenCalled();
    expect(port.posted).toEqual([]);
  });

  it.each([
    [
      'more than 500 events',
      { events: Array.from({ length: 501 }, () => ({ kind: 'request-end', id: '1', ts: T0, status: 200 })) },
    ],
    ['events that are not a list', { events: { kind: 'request-end' } }],
    ['an invalid session id', { sessionId: 'x'.repeat(32) }],
  ])('drops and counts a network message with %s', (_label, change) => {
    const port = contentPort(12);
    ports.accept(port, handlers);
    port.deliver({ type: 'network', sessionId: SESSION_A, pageId: PAGE_1, events: [], ...change });
    expect(diagnostics.snapshot().errors['malformed-message']).toBe(1);
    expect(handlers.network).not.toHaveBeenCalled();
  });

  it('drops and counts a message that does not match the protocol', () => {
    const port = contentPort(12);
    ports.accept(port, handlers);

    port.deliver({ type: 'hello', v: 999, pageId: PAGE_1 });
    port.deliver({ type: 'batch', sessionId: 'not-hex', pageId: PAGE_1, seq: 0, url: '', title: '', events: '[]' });
    port.deliver('hello');

    expect(diagnostics.snapshot().errors['malformed-message']).toBe(3);
    expect(handlers.hello).not.toHaveBeenCalled();
    expect(handlers.batch).not.toHaveBeenCalled();
    expect(port.posted).toEqual([]);
  });

  it('counts an error of the controller instead of throwing it into the event loop', async () => {
    handlers.hello.mockRejectedValue(new Error('storage.session is full'));
    const port = contentPort(12);
    ports.accept(port, handlers);

    port.deliver(hello());

    await vi.waitFor(() => expect(diagnostics.snapshot().errors['recorder-error']).toBe(1));
    expect(diagnostics.snapshot().recent.at(-1)?.message).toBe('storage.session is full');
  });

  it.each([
    [
      'no tab (another extension page)',
      new FakeRuntimePort(PORT_NAMES.recorder, { url: 'chrome-extension://x/page.html' }),
    ],
    ['a child frame', new FakeRuntimePort(PORT_NAMES.recorder, { tab: fakeTab(12), frameId: 3, url: SHOP_URL })],
  ])('disconnects a port from %s', (_label, port) => {
    ports.accept(port, handlers);
    expect(port.disconnected).toBe(true);
    expect(diagnostics.snapshot().errors['bad-port']).toBe(1);
    expect(ports.isConnected(12)).toBe(false);
  });

  it('sends to every connected document of a tab and to no other tab, until they disconnect', () => {
    const old = contentPort(12);
    const fresh = contentPort(12);
    const otherTab = contentPort(13);
    ports.accept(old, handlers);
    ports.accept(fresh, handlers);
    ports.accept(otherTab, handlers);
    const stop: RecorderDown = { type: 'stop', sessionId: SESSION_A };

    expect(ports.sendToTab(12, stop)).toBe(2);
    expect(old.posted).toEqual([stop]);
    expect(fresh.posted).toEqual([stop]);
    expect(otherTab.posted).toEqual([]);

    old.remoteDisconnect();
    expect(ports.sendToTab(12, stop)).toBe(1);
    expect(ports.isConnected(12)).toBe(true);
    fresh.remoteDisconnect();
    expect(ports.sendToTab(12, stop)).toBe(0);
    expect(ports.isConnected(12)).toBe(false);
    expect(ports.isConnected(13)).toBe(true);
  });

  it('counts only the documents that really received the message', () => {
    const port = contentPort(12);
    ports.accept(port, handlers);
    // The document died but Chrome has not delivered onDisconnect yet.
    port.disconnected = true;
    expect(ports.sendToTab(12, { type: 'stop', sessionId: SESSION_A })).toBe(0);
  });
});
