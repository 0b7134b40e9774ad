import { describe, expect, it } from 'vitest';
import { bridgeGaps, type ReadChunk } from '../../../../src/shared/db/gaps';
import type { StoredEvent } from '../../../../src/shared/db/read';
import { breadcrumbEvent } from '../../../../src/shared/replay-events';
import { clickEvent, mutationEvent, pageEvents } from '../../fixtures/rrweb-events';

const T0 = 1_700_000_000_000;
const A = 'aaaaaaaaaaaaaaaa';
const B = 'bbbbbbbbbbbbbbbb';

const ok = (pageId: string, seq: number, events: StoredEvent[]): ReadChunk => ({
  pageId,
  seq,
  firstTs: events[0]!.timestamp,
  lastTs: events.at(-1)!.timestamp,
  events,
});
const lost = (pageId: string, seq: number, firstTs: number, lastTs: number): ReadChunk => ({
  pageId,
  seq,
  firstTs,
  lastTs,
  error: 'incorrect header check',
});
const as = (events: object[]) => events as StoredEvent[];

describe('bridgeGaps', () => {
  it('passes a session without holes through, in time order', () => {
    const first = as(pageEvents(T0, 2));
    const second = as([mutationEvent(T0 + 500)]);
    expect(bridgeGaps([ok(A, 1, second), ok(A, 0, first)])).toEqual({ events: [...first, ...second], gaps: [] });
  });

  it("drops the document's incremental events after a hole until its next full snapshot, and resumes there", () => {
    const before = as(pageEvents(T0, 1));
    // Seq 2 holds a mutation, a custom event and a click, then the document's next checkout (Meta + snapshot).
    const afterHole = as([mutationEvent(T0 + 3000), clickEvent(T0 + 3100)]);
    const crumb = breadcrumbEvent(T0 + 3150, {
      type: 'default',
      category: 'console',
      message: 'still useful',
    }) as unknown as StoredEvent;
    const checkout = as(pageEvents(T0 + 4000, 1));
    const read = bridgeGaps([
      ok(A, 0, before),
      lost(A, 1, T0 + 1000, T0 + 2000),
      ok(A, 2, [...afterHole, crumb]),
      ok(A, 3, checkout),
    ]);
    expect(read.gaps).toEqual([{ from: T0 + 1000, to: T0 + 2000, resumesAt: T0 + 4000, chunks: 1 }]);
    // The breadcrumb is kept (it draws nothing), the mutation and the click are not; the checkout's Meta starts
    // the replay again.
    expect(read.events).toEqual([...before, crumb, ...checkout]);
  });

  it('makes one gap of consecutive unreadable chunks and keeps what follows a snapshot in the same chunk', () => {
    const checkout = as(pageEvents(T0 + 5000, 2));
    const read = bridgeGaps([
      lost(A, 0, T0, T0 + 900),
      lost(A, 1, T0 + 1000, T0 + 1900),
      ok(A, 2, [...as([mutationEvent(T0 + 4900)]), ...checkout]),
    ]);
    expect(read.gaps).toEqual([{ from: T0, to: T0 + 1900, resumesAt: T0 + 5000, chunks: 2 }]);
    expect(read.events).toEqual(checkout);
  });

  it("leaves other documents alone: a hole in one page does not cost the next page's events", () => {
    const pageA = as(pageEvents(T0, 1));
    const pageB = as([...pageEvents(T0 + 3000, 1), mutationEvent(T0 + 3500)]);
    const read = bridgeGaps([ok(A, 0, pageA), lost(A, 1, T0 + 1000, T0 + 2000), ok(B, 0, pageB)]);
    expect(read.events).toEqual([...pageA, ...pageB]);
    // The document never drew again: the replay shows its last frame until the next page.
    expect(read.gaps).toEqual([{ from: T0 + 1000, to: T0 + 2000, resumesAt: null, chunks: 1 }]);
  });
});
