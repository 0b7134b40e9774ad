import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PanelDown, PanelNotice, PanelUp, TabState } from '../../../src/shared/protocol';
import { createPanelClient, servePanel, type PanelClient, type PanelHandlers } from '../../../src/shared/rpc';
import { memoryTransportPair } from '../../../src/shared/transport';
import { Inbox } from '../fixtures/fakes';
import { fakePanelHandlers as fakeHandlers } from '../fixtures/panel-handlers';

const SESSION = 'a'.repeat(32);

function connect(handlers: PanelHandlers = fakeHandlers(), timeoutMs?: number) {
  const [panelEnd, backgroundEnd] = memoryTransportPair<PanelUp, PanelDown>();
  const onInvalid = vi.fn<(error: string) => void>();
  servePanel(backgroundEnd, handlers, onInvalid);
  const clientInvalid = vi.fn<(problem: string) => void>();
  const client = createPanelClient(panelEnd, timeoutMs, clientInvalid);
  return { client, onInvalid, clientInvalid, panelEnd, backgroundEnd };
}

/** A client whose background end the test drives by hand, message by message. */
function rawBackground() {
  const [panelEnd, backgroundEnd] = memoryTransportPair<PanelUp, unknown>();
  const onInvalid = vi.fn<(problem: string) => void>();
  const client = createPanelClient(panelEnd, 30_000, onInvalid);
  const calls = new Inbox<PanelUp>(backgroundEnd);
  return { client, onInvalid, calls, send: (message: unknown) => backgroundEnd.send(message) };
}

/** What a panel of another build (or a bug) could send: the client's static types are bypassed on purpose. */
function callUnchecked(client: PanelClient, method: string, params: unknown): Promise<unknown> {
  const untyped = client.call as unknown as (method: string, params: unknown) => Promise<unknown>;
  return untyped(method, params);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createPanelClient + servePanel', () => {
  it('round-trips a typed call, handing the handler its validated params', async () => {
    const getTabState = vi.fn<PanelHandlers['getTabState']>(async ({ tabId }) => ({
      tabId,
      recording: true,
      sessionId: SESSION,
      buffering: false,
      bufferMinutes: null,
    }));
    const { client, onInvalid } = connect(fakeHandlers({ getTabState }));

    const state = await client.call('getTabState', { tabId: 7 });

    expect(state).toEqual({ tabId: 7, recording: true, sessionId: SESSION, buffering: false, bufferMinutes: null });
    expect(getTabState).toHaveBeenCalledExactlyOnceWith({ tabId: 7 });
    expect(onInvalid).not.toHaveBeenCalled();
  });

  it('matches answers to calls by id when they come back out of order', async () => {
    let releaseSlow: () => void = () => {};
    const slow = new Promise<void>((resolve) => (releaseSlow = resolve));
    const { client } = connect(
      fakeHandlers({
        getTabState: async ({ tabId }) => {
          if (tabId === 1) await slow;
          return { tabId, recording: false, sessionId: null, buffering: false, bufferMinutes: null };
        },
      }),
    );

    const first = client.call('getTabState', { tabId: 1 });
    const second = await client.call('getTabState', { tabId: 2 });
    releaseSlow();

    expect(second.tabId).toBe(2);
    expect((await first).tabId).toBe(1);
  });

  it('rejects invalid params with a message naming the field, and reports them through onInvalid', async () => {
    const getTabState = vi.fn<PanelHandlers['getTabState']>();
    const { client, onInvalid } = connect(fakeHandlers({ getTabState }));

    const error = await callUnchecked(client, 'getTabState', { tabId: 'x' }).then(
      () => null,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toMatch(/getTabState: tabId /);
    expect(onInvalid).toHaveBeenCalledExactlyOnceWith(expect.stringMatching(/^getTabState: tabId /));
    expect(getTabState).not.toHaveBeenCalled();
  });

  it('validates nested params too (a session id that is not 32 hex)', async () => {
    const deleteSession = vi.fn<PanelHandlers['deleteSession']>();
    const { client, onInvalid } = connect(fakeHandlers({ deleteSession }));
    await expect(client.call('deleteSession', { sessionId: '../../etc' })).rejects.toThrow(/deleteSession: sessionId /);
    expect(onInvalid).toHaveBeenCalledOnce();
    expect(deleteSession).not.toHaveBeenCalled();
  });

  it('rejects a call of an unknown method, and reports it', async () => {
    const { client, onInvalid } = connect();
    await expect(callUnchecked(client, 'dropDatabase', {})).rejects.toThrow('unknown method dropDatabase');
    expect(onInvalid).toHaveBeenCalledExactlyOnceWith('unknown panel method: dropDatabase');
  });

  it('does not treat inherited object keys as methods', async () => {
    const { client, onInvalid } = connect();
    await expect(callUnchecked(client, 'toString', {})).rejects.toThrow('unknown method toString');
    expect(onInvalid).toHaveBeenCalledOnce();
  });

  it("rejects a call whose handler throws with the handler's message, and keeps serving", async () => {
    let calls = 0;
    const { client } = connect(
      fakeHandlers({
        listSessions: async () => {
          calls++;
          if (calls === 1) throw new Error('IndexedDB is gone');
          return [];
        },
      }),
    );

    await expect(client.call('listSessions', {})).rejects.toThrow('IndexedDB is gone');
    await expect(client.call('listSessions', {})).resolves.toEqual([]);
    expect(calls).toBe(2);
  });

  it('rejects a call whose handler throws an Error without a message with a message naming the method', async () => {
    const { client } = connect(
      fakeHandlers({
        listSessions: async () => {
          throw new Error();
        },
      }),
    );
    await expect(client.call('listSessions', {})).rejects.toThrow('listSessions failed without a message');
  });

  it('hands propagationDryRun its targets, and refuses a propagator Tandem does not know before the handler runs', async () => {
    const propagationDryRun = vi.fn<PanelHandlers['propagationDryRun']>(async () => ({
      preflighted: [
        {
          url: 'https://api.partner.test/v1/cart',
          method: 'GET',
          origin: 'https://api.partner.test',
          headers: ['traceparent'],
        },
      ],
      origins: [{ origin: 'https://api.partner.test', requests: 1, allowHeaders: ['traceparent'] }],
    }));
    const { client } = connect(fakeHandlers({ propagationDryRun }));
    const targets = [{ urls: ['https://api.partner.test/*'], propagators: ['tracecontext' as const] }];

    const result = await client.call('propagationDryRun', { sessionId: SESSION, targets });

    expect(result.origins).toEqual([
      { origin: 'https://api.partner.test', requests: 1, allowHeaders: ['traceparent'] },
    ]);
    expect(propagationDryRun).toHaveBeenCalledExactlyOnceWith({ sessionId: SESSION, targets });
    await expect(
      callUnchecked(client, 'propagationDryRun', {
        sessionId: SESSION,
        targets: [{ urls: ['https://api.partner.test/*'], propagators: ['w3c'] }],
      }),
    ).rejects.toThrow(/propagators/);
    expect(propagationDryRun).toHaveBeenCalledOnce();
  });

  it('keeps serving after an invalid call', async () => {
    const { client } = connect();
    await expect(callUnchecked(client, 'getTabState', { tabId: -1 })).rejects.toThrow(/tabId/);
    await expect(client.call('getTabState', { tabId: 3 })).resolves.toEqual({
      tabId: 3,
      recording: false,
      sessionId: null,
      buffering: false,
      bufferMinutes: null,
    });
  });

  it('reports a message that is not a call and answers nothing', async () => {
    const [panelEnd, backgroundEnd] = memoryTransportPair<unknown, PanelDown>();
    const onInvalid = vi.fn<(error: string) => void>();
    const listSessions = vi.fn<PanelHandlers['listSessions']>(async () => []);
    servePanel(backgroundEnd, fakeHandlers({ listSessions }), onInvalid);
    const answers = new Inbox<PanelDown>(panelEnd);

    panelEnd.send({ kind: 'call', id: 'one', method: 'listSessions', params: {} });
    panelEnd.send({ kind: 'call', id: 2, method: 'listSessions', params: {} });

    expect(await answers.next()).toEqual({ kind: 'result', id: 2, ok: true, value: [] });
    expect(answers.all).toHaveLength(1);
    expect(onInvalid).toHaveBeenCalledExactlyOnceWith(expect.stringMatching(/^malformed panel message/));
    expect(listSessions).toHaveBeenCalledOnce();
  });

  it('passes notices to every onNotice handler until it is removed', async () => {
    const { client, backgroundEnd } = connect();
    const first = vi.fn();
    const removeFirst = client.onNotice(first);
    const inbox: string[] = [];
    let gotTwo: () => void = () => {};
    const two = new Promise<void>((resolve) => (gotTwo = resolve));
    client.onNotice((n) => {
      inbox.push(n.type);
      if (inbox.length === 2) gotTwo();
    });

    backgroundEnd.send({
      kind: 'notice',
      notice: {
        type: 'tab-state',
        state: { tabId: 4, recording: true, sessionId: SESSION, buffering: false, bufferMinutes: null },
      },
    });
    await client.call('listSessions', {});
    removeFirst();
    backgroundEnd.send({ kind: 'notice', notice: { type: 'sessions-changed' } });
    await two;

    expect(first).toHaveBeenCalledExactlyOnceWith({
      type: 'tab-state',
      state: { tabId: 4, recording: true, sessionId: SESSION, buffering: false, bufferMinutes: null },
    });
    expect(inbox).toEqual(['tab-state', 'sessions-changed']);
  });

  it('rejects pending calls when the transport closes', async () => {
    const never = new Promise<never>(() => {});
    const { client, backgroundEnd } = connect(fakeHandlers({ listSessions: () => never }));

    const pending = client.call('listSessions', {});
    backgroundEnd.close();

    await expect(pending).rejects.toThrow('connection to the Tandem background closed');
  });

  it('rejects a call made after the transport closed without waiting for the timeout', async () => {
    const { client } = connect();
    client.close();
    await expect(client.call('listSessions', {})).rejects.toThrow('transport closed');
  });

  it('rejects a call that gets no answer within the timeout', async () => {
    vi.useFakeTimers();
    const [panelEnd] = memoryTransportPair<PanelUp, PanelDown>(); // nobody serves the other end
    const client = createPanelClient(panelEnd, 1000);
    let outcome: string | null = null;
    client.call('getTabState', { tabId: 1 }).then(
      () => (outcome = 'resolved'),
      (e: unknown) => (outcome = e instanceof Error ? e.message : String(e)),
    );

    await vi.advanceTimersByTimeAsync(999);
    expect(outcome).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(outcome).toBe('getTabState timed out after 1000 ms');
  });

  it('ignores an answer that arrives after its call timed out', async () => {
    vi.useFakeTimers();
    const [panelEnd, backgroundEnd] = memoryTransportPair<PanelUp, PanelDown>();
    const calls = new Inbox<PanelUp>(backgroundEnd);
    const client = createPanelClient(panelEnd, 1000);
    const timedOut = client.call('listSessions', {});
    const rejection = expect(timedOut).rejects.toThrow(/timed out/);
    const call = await calls.next();
    await vi.advanceTimersByTimeAsync(1000);
    await rejection;

    backgroundEnd.send({ kind: 'result', id: call.id, ok: true, value: ['late'] });
    // The client still works and the late answer did not leak into the next call.
    const next = client.call('listSessions', {});
    const nextCall = await calls.next();
    expect(nextCall.id).not.toBe(call.id);
    backgroundEnd.send({ kind: 'result', id: nextCall.id, ok: true, value: [] });
    await expect(next).resolves.toEqual([]);
  });
});

describe('createPanelClient: what comes down is validated', () => {
  it("rejects a call whose answer does not fit the method's result, naming the method and the field, and keeps working", async () => {
    let answer: unknown = { tabId: 7, recording: 'yes', sessionId: null, buffering: false, bufferMinutes: null };
    const { client, clientInvalid } = connect(fakeHandlers({ getTabState: async () => answer as TabState }));

    await expect(client.call('getTabState', { tabId: 7 })).rejects.toThrow(
      /^getTabState: invalid answer: recording .*expected boolean/,
    );

    answer = { tabId: 7, recording: true, sessionId: SESSION, buffering: false, bufferMinutes: null };
    await expect(client.call('getTabState', { tabId: 7 })).resolves.toEqual(answer);
    expect(clientInvalid).not.toHaveBeenCalled();
  });

  it.each([
    ['listSessions', 'a session without its id', [{ title: 'Shop' }], /^listSessions: invalid answer: 0\.id /, {}],
    ['getDiagnostics', 'half a diagnostics snapshot', { bootedAt: 1 }, /^getDiagnostics: invalid answer: errors /, {}],
    [
      'getSettings',
      'settings that are text',
      { settings: 'all', problems: [] },
      /^getSettings: invalid answer: settings /,
      {},
    ],
    [
      'propagationDryRun',
      'a dry run without origins',
      { preflighted: [] },
      /^propagationDryRun: invalid answer: origins /,
      { sessionId: SESSION },
    ],
    [
      'saveInstantReplay',
      'a session id that is not 32 hex',
      { sessionId: 'x' },
      /^saveInstantReplay: invalid answer: sessionId /,
      { tabId: 1 },
    ],
  ])('rejects %s answered with %s', async (method, _label, value, error, params) => {
    const { client } = connect(fakeHandlers({ [method]: async () => value }));
    await expect(callUnchecked(client, method, params)).rejects.toThrow(error);
  });

  it('accepts an answer with a field a newer background added, and hands over only the fields it knows', async () => {
    const state = { tabId: 2, recording: false, sessionId: null, buffering: false, bufferMinutes: null };
    const { client } = connect(fakeHandlers({ getTabState: async () => ({ ...state, muted: true }) }));
    expect(await client.call('getTabState', { tabId: 2 })).toStrictEqual(state);
  });

  it('rejects a call at once, naming its method, when its answer is malformed (ok is not a boolean)', async () => {
    const { client, calls, send, onInvalid } = rawBackground();
    const pending = client.call('listSessions', {});
    const call = await calls.next();

    send({ kind: 'result', id: call.id, ok: 'yes', value: [] });

    await expect(pending).rejects.toThrow(/^listSessions: malformed answer: ok /);
    expect(onInvalid).not.toHaveBeenCalled();
  });

  it('drops a malformed notice, reports it, and still delivers the next one', async () => {
    const { client, send, onInvalid } = rawBackground();
    const notices = vi.fn<(notice: PanelNotice) => void>();
    client.onNotice(notices);
    let gotValid: () => void = () => {};
    const valid = new Promise<void>((resolve) => (gotValid = resolve));
    notices.mockImplementation(() => gotValid());

    send({ kind: 'notice', notice: { type: 'tab-state', state: { tabId: 'four' } } });
    send({ kind: 'notice', notice: { type: 'sessions-changed' } });
    await valid;

    expect(notices).toHaveBeenCalledExactlyOnceWith({ type: 'sessions-changed' });
    expect(onInvalid).toHaveBeenCalledExactlyOnceWith(expect.stringMatching(/^notice\.state\.tabId /));
  });

  it.each([
    ['a notice of an unknown type', { kind: 'notice', notice: { type: 'reboot' } }, /^notice\.type /],
    ['a message of an unknown kind', { kind: 'shout', text: 'hi' }, /^kind /],
    ['no object at all', 'sessions-changed', /^message /],
    ['null', null, /^message /],
    ['an answer to no call', { kind: 'result', id: 99, ok: 'yes' }, /^ok /],
  ])('drops %s and reports it, and calls keep working', async (_label, message, problem) => {
    const { client, calls, send, onInvalid } = rawBackground();
    send(message);
    const pending = client.call('listSessions', {});
    const call = await calls.next();
    send({ kind: 'result', id: call.id, ok: true, value: [] });

    await expect(pending).resolves.toEqual([]);
    expect(onInvalid).toHaveBeenCalledExactlyOnceWith(expect.stringMatching(problem));
  });

  it('warns on the console once by default, however many bad messages arrive', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const [panelEnd, backgroundEnd] = memoryTransportPair<PanelUp, unknown>();
      const client = createPanelClient(panelEnd);
      const notices = vi.fn<(notice: PanelNotice) => void>();
      client.onNotice(notices);
      backgroundEnd.send({ kind: 'notice', notice: { type: 'reboot' } });
      backgroundEnd.send({ kind: 'notice', notice: { type: 'warning' } });
      backgroundEnd.send({ kind: 'notice', notice: { type: 'warning', message: 'Storage is full' } });
      await vi.waitFor(() => expect(notices).toHaveBeenCalledOnce());

      expect(notices).toHaveBeenCalledWith({ type: 'warning', message: 'Storage is full' });
      expect(warn).toHaveBeenCalledExactlyOnceWith(expect.stringMatching(/^\[tandem\] .*notice\.type /));
    } finally {
      warn.mockRestore();
    }
  });
});
