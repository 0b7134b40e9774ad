import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { packEvents, unpackEvents } from '../../../src/shared/event-columns';
import { clickEvent, mutationEvent, pageEvents } from '../fixtures/rrweb-events';

const T0 = 1_700_000_000_000;

/** A busy minute's shape: a snapshot, then mutations of changing text and pointer moves every few ms. */
function busyEvents(n: number) {
  const events: unknown[] = pageEvents(T0, 1);
  for (let i = 0; i < n; i++) {
    events.push(mutationEvent(T0 + 10 + i * 9, `${1000 + ((i * 37) % 500)},${600 + ((i * 11) % 200)}`, 100 + i));
    if (i % 5 === 0) events.push(clickEvent(T0 + 12 + i * 9));
    events.push({
      type: 3,
      timestamp: T0 + 14 + i * 9,
      data: { source: 1, positions: [{ x: 600 + i, y: 400 - i, id: 42, timeOffset: -3 }] },
    });
  }
  return events;
}

describe('packEvents / unpackEvents (the column form of compacted chunks)', () => {
  it('gives back the same events, in the same order, with the same JSON', () => {
    const events = busyEvents(300);
    const packed = packEvents(events);
    expect(packed).not.toBeNull();
    expect(unpackEvents(packed!)).toEqual(events);
    expect(JSON.stringify(unpackEvents(packed!))).toBe(JSON.stringify(events));
  });

  it('compresses a busy recording far better than its JSON with the same gzip', () => {
    const events = busyEvents(2000);
    const gz = (text: string) => gzipSync(new TextEncoder().encode(text), { level: 9 }).byteLength;
    expect(gz(packEvents(events)!)).toBeLessThan(gz(JSON.stringify(events)) / 1.5);
  });

  it('keeps every kind of value exactly: floats, negatives, huge and tiny numbers, text outside ASCII', () => {
    const events = [
      { type: 5, timestamp: T0, data: { tag: 'x', payload: { start: 1700000000.123, v: -0.5, n: -7, big: 1e300 } } },
      { type: 5, timestamp: T0 + 1, data: { tag: 'x', payload: { start: 1700000000.5, v: 3, n: -9, big: 5e-324 } } },
      {
        type: 3,
        timestamp: T0 + 2,
        data: { text: 'Grüße, 東京 🛒 "quoted" \\ \u0001\u0002', list: [1, 'a', null, true] },
      },
    ];
    const packed = packEvents(events);
    expect(packed).not.toBeNull();
    expect(JSON.stringify(unpackEvents(packed!))).toBe(JSON.stringify(events));
  });

  it('keeps a "__proto__" key a plain key (page-controlled attribute names)', () => {
    const events = JSON.parse('[{"type":3,"timestamp":1,"data":{"attributes":{"__proto__":"x","n":2}}}]') as unknown[];
    const back = unpackEvents(packEvents(events)!) as { data: { attributes: object } }[];
    expect(Object.keys(back[0]!.data.attributes)).toEqual(['__proto__', 'n']);
    expect(JSON.stringify(back)).toBe(JSON.stringify(events));
  });

  it('gives up (null) when an integer is too large for an exact difference, so the caller stores JSON', () => {
    const events = [
      { type: 5, timestamp: 1, data: { id: 5 } },
      { type: 5, timestamp: 2, data: { id: 2 ** 53 - 1 } },
    ];
    expect(packEvents(events)).toBeNull();
  });

  it('leaves its input unchanged', () => {
    const events = busyEvents(5);
    const before = JSON.stringify(events);
    packEvents(events);
    expect(JSON.stringify(events)).toBe(before);
  });

  it('throws on text that is not the column form, or misses values', () => {
    expect(() => unpackEvents('[{"type":3}]')).toThrow();
    const packed = packEvents([{ type: 3, timestamp: 5 }])!;
    const [shape] = packed.split('\u0002');
    expect(() => unpackEvents(`${shape}\u0002[[3]]\u0002[]`)).toThrow(/missing/);
  });
});
