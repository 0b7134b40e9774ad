import { describe, expect, it } from 'vitest';
import { initialTraces, reduceTraces } from '../../../../src/devtools/trace/state';
import type { TraceSourceStatus } from '../../../../src/shared/protocol';

const spotlight: TraceSourceStatus = {
  id: 'spotlight',
  kind: 'spotlight',
  baseUrl: 'http://localhost:8969',
  enabled: true,
  state: 'unreachable',
  reachable: false,
  spansReceived: 0,
  lastError: 'connection refused',
};

describe('the traces slice', () => {
  it('keeps its state when a poll of the sources answers what it holds, so nothing re-renders', () => {
    const once = reduceTraces(initialTraces, { type: 'trace-sources', sources: [spotlight] });
    expect(once.sources).toEqual([spotlight]);
    expect(reduceTraces(once, { type: 'trace-sources', sources: [{ ...spotlight }] })).toBe(once);
    const up = reduceTraces(once, { type: 'trace-sources', sources: [{ ...spotlight, state: 'ok', reachable: true }] });
    expect(up).not.toBe(once);
    expect(up.sources?.[0]?.reachable).toBe(true);
  });
});
