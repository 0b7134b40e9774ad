import { describe, expect, it } from 'vitest';
import { buildRequestRecord } from '../../../../src/background/network/request-record';
import { openRequests, reduceRequests } from '../../../../src/devtools/requests/state';
import { observation, wrapperRecord } from '../../fixtures/network';
import { A, B } from '../fixtures';

const record = buildRequestRecord(observation({ sessionId: A }), wrapperRecord({ sessionId: A }), {
  headers: [],
  queryParams: [],
});

describe('the requests slice', () => {
  it("keeps the loaded session's requests", () => {
    const s = reduceRequests(openRequests(A), { type: 'requests-loaded', sessionId: A, requests: [record] });
    expect(s).toEqual({ sessionId: A, loading: false, records: [record], selectedId: null });
  });

  it('drops requests that arrive for another session', () => {
    const waiting = openRequests(B);
    expect(reduceRequests(waiting, { type: 'requests-loaded', sessionId: A, requests: [record] })).toBe(waiting);
  });

  it('an error ends the loading', () => {
    expect(reduceRequests(openRequests(A), { type: 'error', message: 'IndexedDB closed' }).loading).toBe(false);
  });

  it('loads nothing when no session is selected', () => {
    expect(openRequests(null)).toEqual({ sessionId: null, loading: false, records: [], selectedId: null });
  });
});

describe('picking a request', () => {
  it('remembers the picked request of the loaded session', () => {
    const s = reduceRequests(openRequests(A), { type: 'select-request', requestId: '13417' });
    expect(s.selectedId).toBe('13417');
    expect(reduceRequests(s, { type: 'select-request', requestId: '13417' })).toBe(s);
  });
});
