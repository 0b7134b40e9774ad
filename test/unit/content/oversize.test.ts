import { describe, expect, it } from 'vitest';
import {
  eventType,
  oversizeBreadcrumb,
  rejectedBreadcrumb,
  shrinkEvent,
  unackedDroppedBreadcrumb,
  utf8Bytes,
} from '../../../src/content/oversize';
import { readCrumbs } from '../../../src/devtools/session/crumbs';
import {
  bigTextSnapshot,
  fullSnapshotEvent,
  manyNodesMutation,
  metaEvent,
  mutationEvent,
} from '../fixtures/rrweb-events';

const T0 = 1_700_000_000_000;
const LIMIT = 64 * 1024;

describe('eventType', () => {
  it('reads the type from the leading field, or by parsing, or gives null', () => {
    expect(eventType(JSON.stringify(mutationEvent(T0)))).toBe(3);
    expect(eventType(JSON.stringify({ timestamp: T0, type: 2 }))).toBe(2);
    expect(eventType('{"type":')).toBeNull();
    expect(eventType('[]')).toBeNull();
  });
});

describe('shrinkEvent', () => {
  it('cuts the long strings of an event over the limit, keeping everything else, so it fits', () => {
    const event = bigTextSnapshot(T0, 'Tea '.repeat(50_000));
    const json = JSON.stringify(event);
    expect(utf8Bytes(json)).toBeGreaterThan(LIMIT);

    const shrunk = shrinkEvent(json, LIMIT);

    expect(shrunk.json).not.toBeNull();
    expect(utf8Bytes(shrunk.json!)).toBeLessThanOrEqual(LIMIT);
    expect(shrunk).toMatchObject({ type: 2, cut: 1 });
    const kept = JSON.parse(shrunk.json!);
    expect(kept.timestamp).toBe(T0);
    // The structure is intact: only the text is shorter, and says so with an ellipsis.
    const text = JSON.stringify(kept);
    expect(text.replace(/"textContent":"(Tea )+Tea?[^"]*…"/, '"textContent":"Tea"')).toBe(
      JSON.stringify(fullSnapshotEvent(T0)),
    );
  });

  it('counts multi-byte text in UTF-8 bytes', () => {
    const json = JSON.stringify(mutationEvent(T0, '抹茶'.repeat(15_000))); // 30 000 characters, 90 000 bytes
    const shrunk = shrinkEvent(json, LIMIT);
    expect(shrunk.json).not.toBeNull();
    expect(utf8Bytes(shrunk.json!)).toBeLessThanOrEqual(LIMIT);
  });

  it('gives up an event that is big without any long string', () => {
    const json = JSON.stringify(manyNodesMutation(T0, 2000));
    expect(utf8Bytes(json)).toBeGreaterThan(LIMIT);
    expect(shrinkEvent(json, LIMIT)).toEqual({ json: null, type: 3, cut: 0 });
  });

  it('gives up text that is not JSON, and one far over the limit without parsing it', () => {
    expect(shrinkEvent(`{"type":2,"data":"${'x'.repeat(LIMIT)}`, LIMIT)).toEqual({ json: null, type: 2, cut: 0 });
    const huge = JSON.stringify(bigTextSnapshot(T0, 'x'.repeat(LIMIT * 5)));
    expect(shrinkEvent(huge, LIMIT)).toEqual({ json: null, type: 2, cut: 0 });
  });
});

describe('breadcrumbs about what a recording lost', () => {
  it("are listed with the page's errors in the panel, saying what was lost", () => {
    const cut = { json: '{}', type: 2, cut: 3 };
    const dropped = { json: null, type: 2, cut: 0 };
    const events = [
      metaEvent(T0),
      oversizeBreadcrumb(T0 + 1, cut, 20 * 1024 * 1024, 16 * 1024 * 1024),
      oversizeBreadcrumb(T0 + 2, dropped, 20 * 1024 * 1024, 16 * 1024 * 1024),
      unackedDroppedBreadcrumb(T0 + 3, 4, 3 * 1024 * 1024),
      rejectedBreadcrumb(T0 + 4, 7, 'title: Too big'),
    ];

    const crumbs = readCrumbs(JSON.parse(JSON.stringify(events)));

    expect(crumbs.map((c) => c.kind)).toEqual(['error', 'error', 'error', 'error']);
    expect(crumbs.map((c) => c.category)).toEqual(Array(4).fill('tandem.recording'));
    expect(crumbs[0]!.message).toMatch(/full snapshot of 20\.0 MB .* 3 long text\(s\) in it were shortened/);
    expect(crumbs[1]!.message).toMatch(/full snapshot of 20\.0 MB .*dropped.*until the next full snapshot/);
    expect(crumbs[2]!.message).toMatch(/^4 batch\(es\) of events \(3\.0 MB\) were dropped/);
    expect(crumbs[3]!.message).toBe('Batch 7 could not be stored and its events are missing: title: Too big');
  });
});
