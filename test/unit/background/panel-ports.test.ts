import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Diagnostics } from '../../../src/background/diagnostics';
import { PanelPorts } from '../../../src/background/panel-ports';
import { PORT_NAMES, type PanelDown, type TabState } from '../../../src/shared/protocol';
import { fakePanelHandlers } from '../fixtures/panel-handlers';
import { FakeRuntimePort, fakeTab } from '../fixtures/runtime-port';

const ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

const handlers = fakePanelHandlers();

let diagnostics: Diagnostics;
let panels: PanelPorts;

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  // The worker's own origin: extension pages connect from it.
  vi.stubGlobal('location', { origin: ORIGIN });
  diagnostics = new Diagnostics();
  panels = new PanelPorts(diagnostics);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** The DevTools panel and the popup connect without a tab. */
const panelPort = () => new FakeRuntimePort(PORT_NAMES.panel, { url: `${ORIGIN}/src/devtools/panel.html` });

const notices = (port: FakeRuntimePort) =>
  port.posted.filter(
    (m): m is Extract<PanelDown, { kind: 'notice' }> =>
      typeof m === 'object' && m !== null && 'kind' in m && m.kind === 'notice',
  );

describe('PanelPorts (fake Runtime.Port)', () => {
  it('serves typed calls from the DevTools panel', async () => {
    const port = panelPort();
    panels.accept(port, handlers);

    port.deliver({ kind: 'call', id: 1, method: 'getTabState', params: { tabId: 4 } });

    const expected: TabState = { tabId: 4, recording: false, sessionId: null, buffering: false, bufferMinutes: null };
    expect(await port.waitForPosted(1)).toEqual([{ kind: 'result', id: 1, ok: true, value: expected }]);
  });

  it('serves the viewer opened in a tab of its own (an extension page with a tab)', async () => {
    const port = new FakeRuntimePort(PORT_NAMES.panel, {
      tab: fakeTab(9, `${ORIGIN}/src/devtools/viewer.html`),
      url: `${ORIGIN}/src/devtools/viewer.html`,
    });
    panels.accept(port, handlers);
    port.deliver({ kind: 'call', id: 1, method: 'listSessions', params: {} });
    expect(await port.waitForPosted(1)).toEqual([{ kind: 'result', id: 1, ok: true, value: [] }]);
    expect(port.disconnected).toBe(false);
  });

  it('refuses a panel port from a web page (a content script has a tab and a web URL)', () => {
    const port = new FakeRuntimePort(PORT_NAMES.panel, { tab: fakeTab(9), url: 'https://evil.test/' });
    panels.accept(port, handlers);
    expect(port.disconnected).toBe(true);
    expect(diagnostics.snapshot().errors['bad-port']).toBe(1);
    panels.notify({ type: 'warning', message: 'x' });
    expect(port.posted).toEqual([]);
  });

  it('counts a malformed call', async () => {
    const port = panelPort();
    panels.accept(port, handlers);
    port.deliver({ kind: 'call', id: 1, method: 'getTabState', params: { tabId: 'x' } });
    const [reply] = await port.waitForPosted(1);
    expect(reply).toMatchObject({ kind: 'result', id: 1, ok: false });
    expect(diagnostics.snapshot().errors['malformed-panel-call']).toBe(1);
  });

  it('pushes tab-state notices to every open panel at once', () => {
    const a = panelPort();
    const b = panelPort();
    panels.accept(a, handlers);
    panels.accept(b, handlers);
    const notice = {
      type: 'tab-state',
      state: { tabId: 1, recording: true, sessionId: 'a'.repeat(32), buffering: false, bufferMinutes: null },
    } as const;

    panels.notify(notice);

    expect(notices(a)).toEqual([{ kind: 'notice', notice }]);
    expect(notices(b)).toEqual([{ kind: 'notice', notice }]);
  });

  it('coalesces a burst of sessions-changed into one notice after 250 ms', () => {
    vi.useFakeTimers();
    const port = panelPort();
    panels.accept(port, handlers);

    panels.notify({ type: 'sessions-changed' });
    vi.advanceTimersByTime(100);
    panels.notify({ type: 'sessions-changed' });
    panels.notify({ type: 'sessions-changed' });
    vi.advanceTimersByTime(149);
    expect(notices(port)).toEqual([]);

    vi.advanceTimersByTime(1);
    expect(notices(port)).toEqual([{ kind: 'notice', notice: { type: 'sessions-changed' } }]);

    // A later change is announced again.
    panels.notify({ type: 'sessions-changed' });
    vi.advanceTimersByTime(250);
    expect(notices(port)).toHaveLength(2);
  });

  it('stops sending to a panel that closed', () => {
    const gone = panelPort();
    const open = panelPort();
    panels.accept(gone, handlers);
    panels.accept(open, handlers);
    gone.remoteDisconnect();

    panels.notify({ type: 'warning', message: 'storage almost full' });

    expect(gone.posted).toEqual([]);
    expect(notices(open)).toHaveLength(1);
  });
});
