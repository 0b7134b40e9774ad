import { describe, expect, it, vi } from 'vitest';
import { createController } from '../../../../src/devtools/app/controller';
import { parseDeepLink } from '../../../../src/devtools/app/deep-link';
import { createStore } from '../../../../src/devtools/store/store';
import type { LookupMatch } from '../../../../src/shared/db/lookup';
import type { LookupQuery } from '../../../../src/shared/lookup-id';
import { pageEvents } from '../../fixtures/rrweb-events';
import { A, B, summary, T0, tabState } from '../fixtures';
import { testHost } from '../test-host';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
// Session A's events start at T0; its request '13417' started 2.5 s in.
const MATCH: LookupMatch = { sessionId: A, requestId: '13417', at: T0 + 2500, matchedBy: 'trace-id' };

function setup(search: string, found: (q: LookupQuery) => LookupMatch[] = () => [MATCH]) {
  const asked: LookupQuery[] = [];
  const host = testHost(
    {
      listSessions: async () => [summary(B), summary(A)],
      getTabState: async ({ tabId }) => tabState({ tabId }),
      getDiagnostics: async () => Promise.reject(new Error('not in this test')),
    },
    {
      tabId: null,
      events: { [A]: { events: pageEvents(T0, 300), problems: [] } },
      lookup: (q) => {
        asked.push(q);
        return found(q);
      },
    },
  );
  const store = createStore();
  const controller = createController(host, store, { library: true, link: parseDeepLink(search) });
  return { controller, asked, state: () => store.getState() };
}

describe('the controller, following a deep link', () => {
  it('opens the session of ?trace=, the player at the request and the request picked', async () => {
    const { controller, asked, state } = setup(`?trace=${TRACE}`);
    controller.connect();
    await vi.waitFor(() => expect(state().replay.loaded?.sessionId).toBe(A));
    expect(asked).toEqual([{ text: TRACE, traceId: TRACE, spanId: null, sessionId: null, requestId: null }]);
    expect(state().library.selectedId).toBe(A);
    // The library was read first, so the selection stays when the list arrives.
    expect(state().library.sessions.map((s) => s.id)).toEqual([B, A]);
    expect(state().replay.seek).toEqual({ time: 2500 });
    expect(state().replay.cursor.time).toBe(2500);
    expect(state().requests.selectedId).toBe('13417');
  });

  it('puts the player at t: an offset, or an ISO time, over the match', async () => {
    const { controller, state } = setup(`?replay=${A}&t=12.5s`, () => [{ sessionId: A, at: T0, matchedBy: 'session' }]);
    controller.connect();
    await vi.waitFor(() => expect(state().replay.loaded?.sessionId).toBe(A));
    expect(state().replay.seek).toEqual({ time: 12_500 });
    expect(state().requests.selectedId).toBeNull();

    const iso = new Date(T0 + 700).toISOString();
    const other = setup(`?trace=${TRACE}&t=${iso}`);
    other.controller.connect();
    await vi.waitFor(() => expect(other.state().replay.loaded?.sessionId).toBe(A));
    expect(other.state().replay.seek).toEqual({ time: 700 });
  });

  it('says so when no session holds the id, and when the link cannot be read', async () => {
    const { controller, state } = setup(`?trace=${TRACE}`, () => []);
    controller.connect();
    await vi.waitFor(() => expect(state().notices.error).toBe(`No recorded session holds trace ${TRACE}.`));
    expect(state().library.selectedId).toBeNull();

    const bad = setup('?span=xyz');
    bad.controller.connect();
    await vi.waitFor(() => expect(bad.state().notices.error).toBe('The link\'s span id is not valid: "xyz".'));
    expect(bad.asked).toEqual([]);
  });
});

describe('the controller, finding a pasted id', () => {
  it('opens the newest match and records what was found', async () => {
    const { controller, state } = setup('', () => [MATCH, { ...MATCH, sessionId: B, requestId: '2' }]);
    await controller.find(`  00-${TRACE}-00f067aa0ba902b7-01 `);
    expect(state().library.lookup).toMatchObject({ status: 'done', matches: [MATCH, { sessionId: B }] });
    expect(state().library.selectedId).toBe(A);
    await vi.waitFor(() => expect(state().replay.cursor.time).toBe(2500));
  });

  it('does not look up text that is no id, and reports a failed read', async () => {
    const { controller, asked, state } = setup('');
    await controller.find('hello world');
    expect(state().library.lookup).toEqual({ text: 'hello world', status: 'invalid', matches: [] });
    expect(asked).toEqual([]);

    const failing = setup('', () => {
      throw new Error('IndexedDB closed');
    });
    await failing.controller.find(TRACE);
    expect(failing.state().notices.error).toBe('Could not look the id up: IndexedDB closed');
    expect(failing.state().library.lookup?.status).toBe('done');
  });
});
