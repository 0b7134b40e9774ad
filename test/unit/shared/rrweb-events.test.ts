import { EventType, IncrementalSource, type eventWithTime } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import { batchMeta, isActivity, replayStartIndex } from '../../../src/shared/rrweb-events';
import {
  clickEvent,
  fullSnapshotEvent,
  inputEvent,
  metaEvent,
  mutationEvent,
  pageEvents,
} from '../fixtures/rrweb-events';

const T0 = 1_700_000_000_000;

describe('replayStartIndex', () => {
  it.each<[string, eventWithTime[], number]>([
    ['no events', [], -1],
    ['no full snapshot', [metaEvent(T0), mutationEvent(T0 + 1)], -1],
    ['Meta then snapshot', [metaEvent(T0), fullSnapshotEvent(T0 + 1)], 0],
    ['events, Meta, snapshot', [mutationEvent(T0), metaEvent(T0 + 1), fullSnapshotEvent(T0 + 2)], 1],
    ['a snapshot without Meta', [mutationEvent(T0), fullSnapshotEvent(T0 + 1)], 1],
    ['Meta not right before the snapshot', [metaEvent(T0), mutationEvent(T0 + 1), fullSnapshotEvent(T0 + 2)], 2],
  ])('%s', (_label, events, expected) => {
    expect(replayStartIndex(events)).toBe(expected);
  });
});

describe('isActivity', () => {
  it.each<[string, eventWithTime, boolean]>([
    ['a navigation (Meta)', metaEvent(T0), true],
    ['a click', clickEvent(T0), true],
    ['an input', inputEvent(T0), true],
    ['a DOM mutation', mutationEvent(T0), false],
    ['a full snapshot', fullSnapshotEvent(T0), false],
    [
      'a scroll',
      {
        type: EventType.IncrementalSnapshot,
        data: { source: IncrementalSource.Scroll, id: 1, x: 0, y: 80 },
        timestamp: T0,
      },
      true,
    ],
    [
      'a viewport resize',
      {
        type: EventType.IncrementalSnapshot,
        data: { source: IncrementalSource.ViewportResize, width: 800, height: 600 },
        timestamp: T0,
      },
      false,
    ],
    ['a custom event', { type: EventType.Custom, data: { tag: 'breadcrumb', payload: {} }, timestamp: T0 }, false],
  ])('%s: %s', (_label, event, expected) => {
    expect(isActivity(event)).toBe(expected);
  });

  it('is false for an incremental snapshot whose source is not a number', () => {
    expect(isActivity({ type: EventType.IncrementalSnapshot, data: { source: '2' } })).toBe(false);
    expect(isActivity({ type: EventType.IncrementalSnapshot })).toBe(false);
  });
});

describe('batchMeta', () => {
  it("summarises a document's first batch: its span, its replay start and the newest user action", () => {
    const events = [...pageEvents(T0, 2), clickEvent(T0 + 40), mutationEvent(T0 + 50)];
    expect(batchMeta(events)).toEqual({
      count: 6,
      firstTs: T0,
      lastTs: T0 + 50,
      lastActivityTs: T0 + 40,
      snapshotTs: T0,
    });
  });

  it('has no snapshot and no activity for a batch of mutations, whatever their order', () => {
    expect(batchMeta([mutationEvent(T0 + 30), mutationEvent(T0 + 10)])).toEqual({
      count: 2,
      firstTs: T0 + 10,
      lastTs: T0 + 30,
      lastActivityTs: null,
      snapshotTs: null,
    });
  });

  it("starts a checkout's replay at its Meta event", () => {
    const events = [clickEvent(T0), metaEvent(T0 + 100), fullSnapshotEvent(T0 + 101)];
    expect(batchMeta(events)).toMatchObject({ snapshotTs: T0 + 100, lastActivityTs: T0 + 100 });
  });
});
