import { EventType } from '@rrweb/types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { recordConfig } from '../../../src/background/record-config';
import { Retention } from '../../../src/background/retention';
import type { TabRecordingChanged } from '../../../src/background/tab-events';
import { TabRecordings, type TabRecordingsDeps } from '../../../src/background/tab-recordings';
import { TabStates } from '../../../src/background/tab-state';
import { listSessions, readSessionEvents } from '../../../src/shared/db/read';
import { PROTOCOL_VERSION, type Hello, type RecorderDown } from '../../../src/shared/protocol';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/shared/settings';
import { makeBatch, metaOf, PAGE_1, PAGE_2, testDeps, type TestDeps } from '../fixtures/db';
import { MemoryStorageArea } from '../fixtures/fakes';
import {
  CART_URL,
  clickEvent,
  fullSnapshotEvent,
  metaEvent,
  mutationEvent,
  pageEvents,
  SHOP_URL,
} from '../fixtures/rrweb-events';

const T0 = 1_700_000_000_000;
const MINUTE = 60_000;
const TAB = 5;
const OTHER_TAB = 6;

type RecordMessage = Extract<RecorderDown, { type: 'record' }>;

interface Harness extends TestDeps {
  recording: TabRecordings;
  tabs: TabStates;
  send: ReturnType<typeof vi.fn<TabRecordingsDeps['send']>>;
  wake: ReturnType<typeof vi.fn<TabRecordingsDeps['wake']>>;
  tabInfo: ReturnType<typeof vi.fn<TabRecordingsDeps['tabInfo']>>;
  openTabs: ReturnType<typeof vi.fn<TabRecordingsDeps['openTabs']>>;
  /** What network capture hears: every `events.recordingChanged`. */
  changes: ReturnType<typeof vi.fn<(change: TabRecordingChanged) => Promise<void>>>;
}

/**
 * A real SessionStore on fake-indexeddb, TabStates over an in-memory storage area (fake storage.session),
 * real events with a listener standing in for network capture, and fakes for what needs Chrome: the
 * recorder ports (send), waking a tab, reading a tab's URL and listing the open tabs.
 */
function harness(): Harness {
  const t = testDeps(T0);
  const tabs = new TabStates(new MemoryStorageArea());
  const send = vi.fn<TabRecordingsDeps['send']>(() => 1);
  const wake = vi.fn<TabRecordingsDeps['wake']>(async () => {});
  const tabInfo = vi.fn<TabRecordingsDeps['tabInfo']>(async () => ({ url: SHOP_URL, title: 'Shop' }));
  const openTabs = vi.fn<TabRecordingsDeps['openTabs']>(async () => [TAB, OTHER_TAB]);
  const changes = vi.fn<(change: TabRecordingChanged) => Promise<void>>(async () => {});
  t.events.recordingChanged.on(changes);
  const recording = new TabRecordings({
    ...t.deps,
    tabs,
    retention: new Retention(t.store),
    send,
    wake,
    tabInfo,
    openTabs,
    manifestVersion: '1.4.0',
  });
  return { ...t, recording, tabs, send, wake, tabInfo, openTabs, changes };
}

const hello = (overrides: Partial<Hello> = {}): Hello => ({
  type: 'hello',
  v: PROTOCOL_VERSION,
  pageId: PAGE_1,
  url: SHOP_URL,
  title: 'Shop',
  sessionId: null,
  lastSeq: -1,
  ...overrides,
});

const recordMessages = (send: Harness['send']): [number, RecordMessage][] =>
  send.mock.calls.filter((call): call is [number, RecordMessage] => call[1].type === 'record');

const withInstantReplay = (minutes = 2): Settings => ({
  ...DEFAULT_SETTINGS,
  instantReplay: { ...DEFAULT_SETTINGS.instantReplay, enabled: true, minutes },
});

const sessionIdOf = (reply: RecorderDown | null): string => {
  if (reply?.type !== 'record') throw new Error(`expected a record order, got ${JSON.stringify(reply)}`);
  return reply.sessionId;
};

let h: Harness;
beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  h = harness();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('TabRecordings.start (fake recorder ports, tabs API and storage.session)', () => {
  it('creates a session, remembers it for the tab and tells the tab to record', async () => {
    const state = await h.recording.start(TAB, 'manual');

    expect(state).toMatchObject({ tabId: TAB, recording: true, buffering: false, bufferMinutes: null });
    const sessionId = state.sessionId!;
    expect(sessionId).toMatch(/^[0-9a-f]{32}$/);
    expect(await h.store.get(sessionId)).toMatchObject({
      id: sessionId,
      tabId: TAB,
      trigger: 'manual',
      status: 'recording',
      startedAt: T0,
      firstUrl: SHOP_URL,
      title: 'Shop',
    });
    expect(await h.tabs.get(TAB)).toEqual({ sessionId, startedAt: T0, mode: 'record' });
    expect(h.send).toHaveBeenCalledExactlyOnceWith(TAB, {
      type: 'record',
      sessionId,
      mode: 'record',
      newSession: true,
      config: recordConfig(DEFAULT_SETTINGS, { sessionId, mode: 'record' }, '1.4.0'),
    });
    expect(h.wake).not.toHaveBeenCalled();
    expect(h.notify).toHaveBeenCalledWith({ type: 'tab-state', state });
    expect(h.notify).toHaveBeenCalledWith({ type: 'sessions-changed' });
  });

  it('sends the recorder the configured options', async () => {
    h.settings.current = {
      ...DEFAULT_SETTINGS,
      privacy: { ...DEFAULT_SETTINGS.privacy, maskAllText: true },
      recording: {
        ...DEFAULT_SETTINGS.recording,
        checkoutEveryMinutes: 0.5,
        batchMaxMs: 200,
        batchMaxBytes: 32 * 1024,
      },
    };
    await h.recording.start(TAB, 'manual');
    const message = recordMessages(h.send)[0]?.[1];
    expect(message!.config).toMatchObject({
      privacy: h.settings.current.privacy,
      checkoutEveryMs: 30_000,
      batchMaxMs: 200,
      batchMaxBytes: 32 * 1024,
    });
    expect(message!.config.options).toMatchObject({ maskAllText: true, maskAllInputs: true });
  });

  it('wakes the tab when no recorder is connected to receive the order', async () => {
    h.send.mockReturnValue(0);
    const state = await h.recording.start(TAB, 'manual');
    expect(h.wake).toHaveBeenCalledExactlyOnceWith(TAB);
    // The session is live: the recorder's hello will be answered with it.
    expect(await h.recording.hello(TAB, hello())).toMatchObject({ type: 'record', sessionId: state.sessionId });
  });

  it('counts a failed wake and still starts the session', async () => {
    h.send.mockReturnValue(0);
    h.wake.mockRejectedValue(new Error('Cannot access contents of url "chrome://newtab/"'));
    const state = await h.recording.start(TAB, 'manual');
    expect(state.recording).toBe(true);
    expect(h.diagnostics.snapshot().errors['wake-failed']).toBe(1);
  });

  it('opens ONE session when started twice at the same time', async () => {
    const [a, b] = await Promise.all([h.recording.start(TAB, 'manual'), h.recording.start(TAB, 'manual')]);

    expect(a.sessionId).not.toBeNull();
    expect(b.sessionId).toBe(a.sessionId);
    expect((await listSessions(await h.db())).map((s) => s.id)).toEqual([a.sessionId]);
    expect(recordMessages(h.send)).toHaveLength(1);
  });

  it('opens ONE session when a click on Start races an autoRecord hello', async () => {
    h.settings.current = { ...DEFAULT_SETTINGS, autoRecord: ['http://127.0.0.1:*'] };
    const [state, reply] = await Promise.all([h.recording.start(TAB, 'manual'), h.recording.hello(TAB, hello())]);
    expect(reply).toMatchObject({ type: 'record', sessionId: state.sessionId });
    expect(await listSessions(await h.db())).toHaveLength(1);
  });

  it('keeps the running session when started again', async () => {
    const first = await h.recording.start(TAB, 'manual');
    const again = await h.recording.start(TAB, 'manual');
    expect(again).toEqual(first);
    expect(await listSessions(await h.db())).toHaveLength(1);
  });

  it('starts a session without URL when the tab cannot be read', async () => {
    h.tabInfo.mockResolvedValue(null);
    const state = await h.recording.start(TAB, 'manual');
    expect(await h.store.get(state.sessionId!)).toMatchObject({ firstUrl: '', urls: [] });
  });

  it('records two tabs into two separate sessions', async () => {
    const [a, b] = await Promise.all([h.recording.start(TAB, 'manual'), h.recording.start(OTHER_TAB, 'manual')]);
    expect(a.sessionId).not.toBe(b.sessionId);
    expect(await h.tabs.get(TAB)).toMatchObject({ sessionId: a.sessionId });
    expect(await h.tabs.get(OTHER_TAB)).toMatchObject({ sessionId: b.sessionId });
  });

  it("replaces the tab's instant-replay buffer with the recording", async () => {
    h.settings.current = withInstantReplay();
    const buffer = sessionIdOf(await h.recording.hello(TAB, hello()));

    const state = await h.recording.start(TAB, 'manual');

    expect(state).toMatchObject({ recording: true, buffering: false });
    expect(state.sessionId).not.toBe(buffer);
    expect(await h.store.get(buffer)).toBeUndefined();
    expect(await h.tabs.get(TAB)).toMatchObject({ sessionId: state.sessionId, mode: 'record' });
  });
});

describe('TabRecordings.hello (fake recorder ports, tabs API and storage.session)', () => {
  it("continues the tab's session in the next document after a navigation", async () => {
    const { sessionId } = await h.recording.start(TAB, 'manual');
    const events = pageEvents(T0 + 10, 1);
    await h.store.append(makeBatch(sessionId!, PAGE_1, 0, events), metaOf(events));

    // The new document has a new page id and no session of its own yet.
    const reply = await h.recording.hello(TAB, hello({ pageId: PAGE_2, url: CART_URL, title: 'Cart' }));

    // newSession false: the session's first document already wrote its start (the options event).
    expect(reply).toEqual({
      type: 'record',
      sessionId,
      mode: 'record',
      newSession: false,
      config: recordConfig(DEFAULT_SETTINGS, { sessionId: sessionId!, mode: 'record' }, '1.4.0'),
    });
    expect(await listSessions(await h.db())).toHaveLength(1);
  });

  it('confirms the session to a document that reconnects after a worker restart', async () => {
    const { sessionId } = await h.recording.start(TAB, 'manual');
    const reply = await h.recording.hello(TAB, hello({ sessionId, lastSeq: 4 }));
    expect(reply).toMatchObject({ type: 'record', sessionId });
  });

  it("starts an 'auto' session for a page that matches autoRecord", async () => {
    h.settings.current = { ...DEFAULT_SETTINGS, autoRecord: ['https://other.test/*', 'http://127.0.0.1:*'] };

    const reply = await h.recording.hello(TAB, hello({ url: 'http://127.0.0.1:8080/shop?x=1', title: 'Shop' }));

    const sessionId = sessionIdOf(reply);
    expect(reply).toMatchObject({ mode: 'record', newSession: true });
    expect(await h.store.get(sessionId)).toMatchObject({
      trigger: 'auto',
      status: 'recording',
      tabId: TAB,
      firstUrl: 'http://127.0.0.1:8080/shop?x=1',
    });
    expect(await h.tabs.get(TAB)).toMatchObject({ sessionId, mode: 'record' });
    // The page came with its own URL and title: no need to ask the tabs API.
    expect(h.tabInfo).not.toHaveBeenCalled();
  });

  it('lets autoRecord take over a tab that only kept an instant-replay buffer', async () => {
    h.settings.current = withInstantReplay();
    const buffer = sessionIdOf(await h.recording.hello(TAB, hello({ url: 'https://blog.test/' })));
    h.settings.current = { ...withInstantReplay(), autoRecord: ['http://127.0.0.1:*'] };

    const reply = await h.recording.hello(TAB, hello({ pageId: PAGE_2 }));

    expect(reply).toMatchObject({ type: 'record', mode: 'record' });
    expect(sessionIdOf(reply)).not.toBe(buffer);
  });

  it('answers idle for a page that autoRecord does not match', async () => {
    h.settings.current = { ...DEFAULT_SETTINGS, autoRecord: ['http://127.0.0.1:*'] };
    expect(await h.recording.hello(TAB, hello({ url: 'http://127.0.0.10:80/' }))).toEqual({ type: 'idle' });
    expect(await listSessions(await h.db())).toEqual([]);
    expect(await h.tabs.get(TAB)).toBeUndefined();
  });

  it('answers idle for a page when nothing records it', async () => {
    expect(await h.recording.hello(TAB, hello())).toEqual({ type: 'idle' });
    expect(await listSessions(await h.db())).toEqual([]);
  });

  it('tells a document still recording a stopped session to stop', async () => {
    const { sessionId } = await h.recording.start(TAB, 'manual');
    await h.recording.stop(TAB);
    expect(await h.recording.hello(TAB, hello({ sessionId: sessionId!, lastSeq: 2 }))).toEqual({
      type: 'stop',
      sessionId,
    });
  });

  it('starts an instant-replay buffer for a web page when instant replay is on', async () => {
    h.settings.current = withInstantReplay(3);

    const reply = await h.recording.hello(TAB, hello());

    const sessionId = sessionIdOf(reply);
    expect(reply).toMatchObject({ mode: 'buffer', newSession: true });
    expect(await h.store.get(sessionId)).toMatchObject({ status: 'buffer', trigger: 'auto' });
    expect(await h.recording.state(TAB)).toEqual({
      tabId: TAB,
      recording: false,
      sessionId: null,
      buffering: true,
      bufferMinutes: 3,
    });
  });

  it.each(['chrome://newtab/', 'file:///home/me/report.html', 'about:blank'])('keeps no buffer for %s', async (url) => {
    h.settings.current = withInstantReplay();
    expect(await h.recording.hello(TAB, hello({ url }))).toEqual({ type: 'idle' });
    expect(await listSessions(await h.db())).toEqual([]);
  });
});

describe('TabRecordings.stop (fake recorder ports, tabs API and storage.session)', () => {
  it('finishes the session as complete, forgets the tab and tells the recorder', async () => {
    const { sessionId } = await h.recording.start(TAB, 'manual');
    h.clock.now = T0 + MINUTE;

    const state = await h.recording.stop(TAB);

    expect(state).toEqual({ tabId: TAB, recording: false, sessionId: null, buffering: false, bufferMinutes: null });
    expect(await h.store.get(sessionId!)).toMatchObject({
      status: 'complete',
      endReason: 'stopped',
      endedAt: T0 + MINUTE,
    });
    expect(await h.tabs.get(TAB)).toBeUndefined();
    expect(h.send).toHaveBeenLastCalledWith(TAB, { type: 'stop', sessionId });
    expect(h.notify).toHaveBeenLastCalledWith({ type: 'sessions-changed' });
    expect(h.notify).toHaveBeenCalledWith({ type: 'tab-state', state });
  });

  it('does not message a tab that was closed', async () => {
    const { sessionId } = await h.recording.start(TAB, 'manual');
    h.send.mockClear();
    await h.recording.stop(TAB, 'tab-closed');
    expect(h.send).not.toHaveBeenCalled();
    expect(await h.store.get(sessionId!)).toMatchObject({ status: 'complete', endReason: 'tab-closed' });
  });

  it('answers the idle state and does nothing else for a tab that is not recording', async () => {
    const other = await h.recording.start(OTHER_TAB, 'manual');
    h.send.mockClear();
    h.notify.mockClear();
    h.changes.mockClear();

    expect(await h.recording.stop(TAB)).toEqual({
      tabId: TAB,
      recording: false,
      sessionId: null,
      buffering: false,
      bufferMinutes: null,
    });

    expect(h.send).not.toHaveBeenCalled();
    expect(h.notify).not.toHaveBeenCalled();
    expect(h.changes).not.toHaveBeenCalled();
    expect(await h.store.get(other.sessionId!)).toMatchObject({ status: 'recording', tabId: OTHER_TAB });
    expect(await h.tabs.get(OTHER_TAB)).toMatchObject({ sessionId: other.sessionId, mode: 'record' });
  });

  it('only stops its own tab', async () => {
    await h.recording.start(TAB, 'manual');
    const other = await h.recording.start(OTHER_TAB, 'manual');
    await h.recording.stop(TAB);
    expect(await h.recording.state(OTHER_TAB)).toEqual(other);
    expect(await h.store.get(other.sessionId!)).toMatchObject({ status: 'recording' });
  });

  it('goes back to an instant-replay buffer after a recording when instant replay is on', async () => {
    h.settings.current = withInstantReplay();
    const { sessionId } = await h.recording.start(TAB, 'manual');

    const state = await h.recording.stop(TAB);

    expect(state).toMatchObject({ recording: false, buffering: true });
    const rec = await h.tabs.get(TAB);
    expect(rec).toMatchObject({ mode: 'buffer' });
    expect(rec!.sessionId).not.toBe(sessionId);
    expect(await h.store.get(sessionId!)).toMatchObject({ status: 'complete' });
  });

  it('starts no buffer for a tab that was closed', async () => {
    h.settings.current = withInstantReplay();
    await h.recording.start(TAB, 'manual');
    await h.recording.stop(TAB, 'tab-closed');
    expect(await h.tabs.get(TAB)).toBeUndefined();
  });

  it('drops the buffer of a closed tab', async () => {
    h.settings.current = withInstantReplay();
    const buffer = sessionIdOf(await h.recording.hello(TAB, hello()));
    await h.recording.stop(TAB, 'tab-closed');
    expect(await h.store.get(buffer)).toBeUndefined();
    expect(await h.tabs.get(TAB)).toBeUndefined();
  });

  // Regression: a Stop for a tab that only buffered once deleted its buffer.
  it('keeps the instant-replay buffer when Stop arrives for a tab that is not recording', async () => {
    h.settings.current = withInstantReplay();
    const buffer = sessionIdOf(await h.recording.hello(TAB, hello()));

    const state = await h.recording.stop(TAB, 'stopped');

    expect(state).toMatchObject({ recording: false, buffering: true });
    expect(await h.store.get(buffer)).toMatchObject({ status: 'buffer' });
    expect(await h.tabs.get(TAB)).toMatchObject({ sessionId: buffer, mode: 'buffer' });
    expect(h.send).not.toHaveBeenCalledWith(TAB, { type: 'stop', sessionId: buffer });
    expect(h.changes).not.toHaveBeenCalledWith({ tabId: TAB, rec: undefined });
  });

  it('tells network capture that the tab stopped', async () => {
    await h.recording.start(TAB, 'manual');
    h.changes.mockClear();
    await h.recording.stop(TAB);
    expect(h.changes).toHaveBeenCalledExactlyOnceWith({ tabId: TAB, rec: undefined });
  });
});

describe('TabRecordings announces each change on events.recordingChanged (fake recorder ports, tabs API and storage.session)', () => {
  it('tells network capture about a new recording with the page URL before the tab is told to record', async () => {
    h.changes.mockImplementation(async () => {
      expect(h.send).not.toHaveBeenCalled();
    });
    const { sessionId } = await h.recording.start(TAB, 'manual');
    expect(h.changes).toHaveBeenCalledExactlyOnceWith({
      tabId: TAB,
      rec: { sessionId, startedAt: T0, mode: 'record' },
      pageUrl: SHOP_URL,
    });
    expect(h.send).toHaveBeenCalledOnce();
  });

  it("tells network capture about each document's URL when it says hello", async () => {
    const { sessionId } = await h.recording.start(TAB, 'manual');
    h.changes.mockClear();
    await h.recording.hello(TAB, hello({ pageId: PAGE_2, url: CART_URL, title: 'Cart' }));
    expect(h.changes).toHaveBeenCalledExactlyOnceWith({
      tabId: TAB,
      rec: expect.objectContaining({ sessionId }),
      pageUrl: CART_URL,
    });
  });

  it('announces nothing for a hello of a tab that does not record, and announces the next one that does', async () => {
    expect(await h.recording.hello(TAB, hello())).toEqual({ type: 'idle' });
    expect(h.changes).not.toHaveBeenCalled();

    const { sessionId } = await h.recording.start(OTHER_TAB, 'manual');
    h.changes.mockClear();
    await h.recording.hello(OTHER_TAB, hello({ url: CART_URL }));
    expect(h.changes).toHaveBeenCalledExactlyOnceWith({
      tabId: OTHER_TAB,
      rec: expect.objectContaining({ sessionId }),
      pageUrl: CART_URL,
    });
  });

  it('on worker start, hands network capture the live tabs again, with their current URL', async () => {
    const { sessionId } = await h.recording.start(TAB, 'manual');
    h.changes.mockClear();
    h.tabInfo.mockResolvedValue({ url: CART_URL, title: 'Cart' });
    h.openTabs.mockResolvedValue([TAB]);
    await h.recording.reconcile();
    expect(h.changes).toHaveBeenCalledExactlyOnceWith({
      tabId: TAB,
      rec: expect.objectContaining({ sessionId }),
      pageUrl: CART_URL,
    });
  });
});

describe('TabRecordings on events.originBlocked (fake recorder ports, tabs API and storage.session)', () => {
  const PARTNER = 'https://api.partner.test';

  it("remembers the origin for the tab's session and sends the recorder a config without headers there", async () => {
    const { sessionId } = await h.recording.start(TAB, 'manual');
    h.send.mockClear();

    await h.events.originBlocked.emit({ tabId: TAB, origin: PARTNER });

    expect(await h.tabs.get(TAB)).toEqual({ sessionId, startedAt: T0, mode: 'record', blockedOrigins: [PARTNER] });
    const sent = recordMessages(h.send);
    expect(sent).toHaveLength(1);
    const [tabId, message] = sent[0]!;
    expect(tabId).toBe(TAB);
    expect(message).toMatchObject({ type: 'record', sessionId, mode: 'record' });
    expect(message.config.network.blockedOrigins).toEqual([PARTNER]);
    // A later document of the same session gets the blocked origin too.
    const reply = await h.recording.hello(TAB, hello({ pageId: PAGE_2 }));
    expect(reply?.type === 'record' && reply.config.network.blockedOrigins).toEqual([PARTNER]);
  });

  it('adds each origin once', async () => {
    await h.recording.start(TAB, 'manual');
    await h.events.originBlocked.emit({ tabId: TAB, origin: PARTNER });
    h.send.mockClear();
    await h.events.originBlocked.emit({ tabId: TAB, origin: PARTNER });
    await h.events.originBlocked.emit({ tabId: TAB, origin: 'https://cdn.partner.test' });
    expect(await h.tabs.get(TAB)).toMatchObject({ blockedOrigins: [PARTNER, 'https://cdn.partner.test'] });
    expect(recordMessages(h.send)).toHaveLength(1);
  });

  it('keeps at most 20 blocked origins per recording, however many refusals arrive', async () => {
    await h.recording.start(TAB, 'manual');
    for (let i = 0; i < 25; i++)
      await h.events.originBlocked.emit({ tabId: TAB, origin: `https://api${i}.partner.test` });
    expect((await h.tabs.get(TAB))?.blockedOrigins).toHaveLength(20);
  });

  it('does nothing for a tab that does not record, and leaves the tabs that do alone', async () => {
    const { sessionId } = await h.recording.start(OTHER_TAB, 'manual');
    h.send.mockClear();

    await h.events.originBlocked.emit({ tabId: TAB, origin: PARTNER });

    expect(await h.tabs.get(TAB)).toBeUndefined();
    expect(await h.tabs.get(OTHER_TAB)).toEqual({ sessionId, startedAt: T0, mode: 'record' });
    expect(h.send).not.toHaveBeenCalled();
  });

  it("does not carry a session's blocked origins into the next session of the tab", async () => {
    await h.recording.start(TAB, 'manual');
    await h.events.originBlocked.emit({ tabId: TAB, origin: PARTNER });
    await h.recording.stop(TAB);
    const next = await h.recording.start(TAB, 'manual');
    expect(recordMessages(h.send).at(-1)![1]).toMatchObject({
      sessionId: next.sessionId,
      config: { network: { blockedOrigins: [] } },
    });
  });
});

describe('TabRecordings.toggle (fake recorder ports, tabs API and storage.session)', () => {
  it('starts a stopped tab and stops a recording one', async () => {
    const started = await h.recording.toggle(TAB);
    expect(started.recording).toBe(true);
    const stopped = await h.recording.toggle(TAB);
    expect(stopped.recording).toBe(false);
    expect(await h.store.get(started.sessionId!)).toMatchObject({ status: 'complete', trigger: 'manual' });
  });

  it('starts a recording in a tab that only buffers', async () => {
    h.settings.current = withInstantReplay();
    await h.recording.hello(TAB, hello());
    expect(await h.recording.toggle(TAB)).toMatchObject({ recording: true, buffering: false });
  });
});

describe('TabRecordings.saveBuffer (fake recorder ports, tabs API and storage.session)', () => {
  /** A buffer of one document: snapshot at 0 s, a checkout (Meta + full snapshot) at 100 s, events between. */
  async function bufferWithHistory(): Promise<string> {
    h.settings.current = withInstantReplay(2);
    const id = sessionIdOf(await h.recording.hello(TAB, hello()));
    const chunks = [
      pageEvents(T0, 1), // seq 0: Meta + FullSnapshot at 0 s
      [mutationEvent(T0 + 60_000)], // seq 1
      [clickEvent(T0 + 95_000), metaEvent(T0 + 100_000), fullSnapshotEvent(T0 + 100_001)], // seq 2: the checkout
      [mutationEvent(T0 + 150_000)], // seq 3
    ];
    for (const [seq, events] of chunks.entries())
      await h.store.append(makeBatch(id, PAGE_1, seq, events), metaOf(events));
    return id;
  }

  it('keeps the last minutes of the buffer as a complete session, starting at a full snapshot', async () => {
    const buffer = await bufferWithHistory();
    h.clock.now = T0 + 250_000; // the window (2 min) starts at 130 s: the last snapshot before it is at 100 s
    h.notify.mockClear();

    const { sessionId } = await h.recording.saveBuffer(TAB);

    expect(sessionId).toBe(buffer);
    expect(await h.store.get(buffer)).toMatchObject({
      status: 'complete',
      trigger: 'instant-replay',
      endReason: 'saved',
      endedAt: T0 + 250_000,
    });
    const { events, problems } = await readSessionEvents(await h.db(), buffer);
    expect(problems).toEqual([]);
    expect(events.map((e) => e.timestamp)).toEqual([T0 + 100_000, T0 + 100_001, T0 + 150_000]);
    expect(events[0]!.type).toBe(EventType.Meta);
    expect(h.notify).toHaveBeenCalledWith({ type: 'sessions-changed' });
  });

  it('switches the tab to a fresh buffer', async () => {
    const buffer = await bufferWithHistory();
    h.clock.now = T0 + 250_000;
    await h.recording.saveBuffer(TAB);
    const rec = await h.tabs.get(TAB);
    expect(rec).toMatchObject({ mode: 'buffer' });
    expect(rec!.sessionId).not.toBe(buffer);
    expect(await h.store.get(rec!.sessionId)).toMatchObject({ status: 'buffer' });
    expect(recordMessages(h.send).at(-1)![1]).toMatchObject({ sessionId: rec!.sessionId, mode: 'buffer' });
  });

  it('refuses when instant replay is off', async () => {
    await expect(h.recording.saveBuffer(TAB)).rejects.toThrow(/Instant replay is off/);
  });

  it('refuses for a tab that is being recorded', async () => {
    h.settings.current = withInstantReplay();
    await h.recording.start(TAB, 'manual');
    await expect(h.recording.saveBuffer(TAB)).rejects.toThrow(/being recorded/);
  });

  it('refuses for a tab without a buffer', async () => {
    h.settings.current = withInstantReplay();
    await expect(h.recording.saveBuffer(TAB)).rejects.toThrow(/no instant-replay buffer/);
  });
});

describe('TabRecordings.reconfigure (fake recorder ports, tabs API and storage.session)', () => {
  it('sends the new options to every recording tab, in its own session', async () => {
    const a = await h.recording.start(TAB, 'manual');
    const b = await h.recording.start(OTHER_TAB, 'manual');
    h.send.mockClear();
    const next: Settings = { ...DEFAULT_SETTINGS, privacy: { ...DEFAULT_SETTINGS.privacy, maskAllText: true } };

    await h.recording.reconfigure(next);

    expect(h.send).toHaveBeenCalledTimes(2);
    expect(h.send).toHaveBeenCalledWith(TAB, {
      type: 'record',
      sessionId: a.sessionId,
      mode: 'record',
      newSession: true,
      config: recordConfig(next, { sessionId: a.sessionId!, mode: 'record' }, '1.4.0'),
    });
    expect(h.send).toHaveBeenCalledWith(OTHER_TAB, {
      type: 'record',
      sessionId: b.sessionId,
      mode: 'record',
      newSession: true,
      config: recordConfig(next, { sessionId: b.sessionId!, mode: 'record' }, '1.4.0'),
    });
  });

  it('starts buffers in open web tabs when instant replay is turned on, and nowhere else', async () => {
    const recorded = await h.recording.start(TAB, 'manual');
    h.tabInfo.mockImplementation(async (tabId) =>
      tabId === 8 ? { url: 'chrome://settings/', title: 'Settings' } : { url: SHOP_URL, title: 'Shop' },
    );
    h.settings.current = withInstantReplay();

    h.openTabs.mockResolvedValue([TAB, OTHER_TAB, 8]);
    await h.recording.reconfigure(h.settings.current);

    expect(await h.tabs.get(OTHER_TAB)).toMatchObject({ mode: 'buffer' });
    expect(await h.tabs.get(8)).toBeUndefined();
    expect(await h.tabs.get(TAB)).toEqual({ sessionId: recorded.sessionId, startedAt: T0, mode: 'record' });
  });

  it('drops the buffers when instant replay is turned off', async () => {
    h.settings.current = withInstantReplay();
    const buffer = sessionIdOf(await h.recording.hello(TAB, hello()));
    h.settings.current = DEFAULT_SETTINGS;

    await h.recording.reconfigure(DEFAULT_SETTINGS);

    expect(await h.tabs.get(TAB)).toBeUndefined();
    expect(await h.store.get(buffer)).toBeUndefined();
  });
});

describe('TabRecordings.enforceLimits (fake recorder ports, tabs API and storage.session)', () => {
  it('stops a recording that ran past the maximum length', async () => {
    const { sessionId } = await h.recording.start(TAB, 'manual');
    h.clock.now = T0 + DEFAULT_SETTINGS.recording.maxSessionMinutes * MINUTE + 1;
    await h.store.update(sessionId!, (s) => ({ ...s, lastActivityAt: h.clock.now - 1000 }));

    await h.recording.enforceLimits();

    expect(await h.store.get(sessionId!)).toMatchObject({ status: 'complete', endReason: 'max-length' });
    expect(await h.tabs.get(TAB)).toBeUndefined();
  });

  it('stops a recording without user activity for idleMinutes, and keeps an active one', async () => {
    const idle = await h.recording.start(TAB, 'manual');
    const active = await h.recording.start(OTHER_TAB, 'manual');
    const click = [clickEvent(T0 + 29 * MINUTE)];
    await h.store.append(makeBatch(active.sessionId!, PAGE_2, 1, click), metaOf(click));
    h.clock.now = T0 + DEFAULT_SETTINGS.recording.idleMinutes * MINUTE + 1;

    await h.recording.enforceLimits();

    expect(await h.store.get(idle.sessionId!)).toMatchObject({ status: 'complete', endReason: 'idle' });
    expect(await h.store.get(active.sessionId!)).toMatchObject({ status: 'recording' });
  });

  it('leaves instant-replay buffers alone', async () => {
    h.settings.current = withInstantReplay();
    const buffer = sessionIdOf(await h.recording.hello(TAB, hello()));
    h.clock.now = T0 + 24 * 60 * MINUTE;
    await h.recording.enforceLimits();
    expect(await h.store.get(buffer)).toMatchObject({ status: 'buffer' });
  });
});

describe('TabRecordings.reconcile (fake recorder ports, tabs API and storage.session)', () => {
  it('interrupts sessions whose tab is gone and keeps the live ones', async () => {
    const live = await h.recording.start(TAB, 'manual');
    const gone = await h.recording.start(OTHER_TAB, 'manual');
    const events = pageEvents(T0 + 500, 1);
    await h.store.append(makeBatch(gone.sessionId!, PAGE_1, 0, events), metaOf(events));
    h.notify.mockClear();

    h.openTabs.mockResolvedValue([TAB, 99]);
    await h.recording.reconcile();

    expect(await h.store.get(gone.sessionId!)).toMatchObject({
      status: 'interrupted',
      endReason: 'interrupted',
      endedAt: T0 + 510,
    });
    expect(await h.tabs.get(OTHER_TAB)).toBeUndefined();
    expect(await h.store.get(live.sessionId!)).toMatchObject({ status: 'recording', endedAt: null });
    expect(await h.recording.state(TAB)).toEqual(live);
    expect(h.notify).toHaveBeenCalledWith({ type: 'sessions-changed' });
  });

  it('interrupts a session left recording by a browser that exited (its tab state is gone)', async () => {
    const { sessionId } = await h.recording.start(TAB, 'manual');
    await h.tabs.set(TAB, undefined); // storage.session is cleared when the browser exits

    h.openTabs.mockResolvedValue([TAB]);
    await h.recording.reconcile();

    expect(await h.store.get(sessionId!)).toMatchObject({ status: 'interrupted' });
  });

  it('drops the buffer of a tab that is gone', async () => {
    h.settings.current = withInstantReplay();
    const buffer = sessionIdOf(await h.recording.hello(OTHER_TAB, hello()));
    h.openTabs.mockResolvedValue([TAB]);
    await h.recording.reconcile();
    expect(await h.store.get(buffer)).toBeUndefined();
  });

  it('notifies nobody when nothing changed, and keeps the live recording', async () => {
    const live = await h.recording.start(TAB, 'manual');
    h.notify.mockClear();
    h.openTabs.mockResolvedValue([TAB]);
    await h.recording.reconcile();
    expect(h.notify).not.toHaveBeenCalled();
    expect(await h.recording.state(TAB)).toEqual(live);
    expect(await h.store.get(live.sessionId!)).toMatchObject({ status: 'recording', endedAt: null });
  });
});

describe('TabRecordings on events.sizeCapReached (fake recorder ports, tabs API and storage.session)', () => {
  it('stops a recording over its size cap with endReason max-size and tells the user why', async () => {
    const { sessionId } = await h.recording.start(TAB, 'manual');

    await h.events.sizeCapReached.emit({ tabId: TAB, sessionId: sessionId!, mode: 'record' });

    expect(await h.store.get(sessionId!)).toMatchObject({ status: 'complete', endReason: 'max-size' });
    expect(await h.tabs.get(TAB)).toBeUndefined();
    expect(h.send).toHaveBeenCalledWith(TAB, { type: 'stop', sessionId });
    expect(h.notify).toHaveBeenCalledWith({
      type: 'warning',
      message: expect.stringContaining('size cap of 1024 MB'),
    });
  });

  it('starts a buffer whose newest part alone is over its cap afresh, and drops the old one', async () => {
    h.settings.current = withInstantReplay(2);
    const old = sessionIdOf(await h.recording.hello(TAB, hello()));

    await h.events.sizeCapReached.emit({ tabId: TAB, sessionId: old, mode: 'buffer' });

    const rec = await h.tabs.get(TAB);
    expect(rec).toMatchObject({ mode: 'buffer' });
    expect(rec!.sessionId).not.toBe(old);
    expect(await h.store.get(old)).toBeUndefined();
    expect(recordMessages(h.send).at(-1)![1]).toMatchObject({ sessionId: rec!.sessionId, mode: 'buffer' });
  });

  it("ignores a cap reported for a session the tab no longer records (a late batch's report)", async () => {
    const { sessionId } = await h.recording.start(TAB, 'manual');
    await h.events.sizeCapReached.emit({ tabId: TAB, sessionId: 'f'.repeat(32), mode: 'record' });
    expect(await h.store.get(sessionId!)).toMatchObject({ status: 'recording' });
  });
});

describe('TabRecordings when a write fails (a store made to throw)', () => {
  it('a session that cannot be created leaves the tab not recording (no tab state pointing at nothing)', async () => {
    vi.spyOn(h.store, 'create').mockRejectedValueOnce(new Error('QuotaExceededError'));

    await expect(h.recording.start(TAB, 'manual')).rejects.toThrow('QuotaExceededError');

    expect(await h.tabs.get(TAB)).toBeUndefined();
    expect((await h.recording.state(TAB)).recording).toBe(false);
    // The next start works.
    expect((await h.recording.start(TAB, 'manual')).recording).toBe(true);
  });

  it('a saved buffer stays saved when the fresh buffer cannot be created, and survives the next worker start', async () => {
    h.settings.current = withInstantReplay(2);
    const buffer = sessionIdOf(await h.recording.hello(TAB, hello()));
    const events = pageEvents(T0, 1);
    await h.store.append(makeBatch(buffer, PAGE_1, 0, events), metaOf(events));
    vi.spyOn(h.store, 'create').mockRejectedValueOnce(new Error('QuotaExceededError'));

    await expect(h.recording.saveBuffer(TAB)).rejects.toThrow('QuotaExceededError');
    expect(await h.store.get(buffer)).toMatchObject({ status: 'complete', endReason: 'saved' });

    await h.recording.reconcile();
    expect(await h.store.get(buffer)).toMatchObject({ status: 'complete', endReason: 'saved' });
    expect((await readSessionEvents(await h.db(), buffer)).events).toEqual(events);
  });
});
