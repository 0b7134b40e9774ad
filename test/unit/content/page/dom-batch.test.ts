import { describe, expect, it } from 'vitest';
import { domBatch } from '../../../../src/content/page/dom-batch';
import type { DomEvent } from '../../../../src/shared/protocol';

/** A batch on a hand-driven timer; what it sends is kept. */
function harness(maxChars = 100) {
  const sent: DomEvent[][] = [];
  let due: (() => void) | null = null;
  let timers = 0;
  const batch = domBatch({
    maxMs: 50,
    maxChars,
    send: (events) => void sent.push(events),
    setTimer: (fn) => {
      timers++;
      due = fn;
      return timers;
    },
    clearTimer: () => {
      due = null;
    },
  });
  const fire = () => {
    const fn = due;
    due = null;
    fn?.();
  };
  return { batch, sent, fire, timers: () => timers };
}

const event = (n: number, size = 10): DomEvent => ({ type: 3, json: `{"n":${n}${' '.repeat(Math.max(0, size - 8))}}` });

describe('DOM recorder batches', () => {
  it('hands the events of one window over together, in order, when the timer fires', () => {
    const { batch, sent, fire, timers } = harness();
    for (let i = 0; i < 5; i++) batch.add(event(i));
    expect(sent).toEqual([]);
    expect(timers()).toBe(1);
    fire();
    expect(sent).toEqual([[0, 1, 2, 3, 4].map((i) => event(i))]);
  });

  it('hands them over at once when they reach the size cap', () => {
    const { batch, sent } = harness(100);
    batch.add(event(1, 60));
    expect(sent).toHaveLength(0);
    batch.add(event(2, 60));
    expect(sent).toEqual([[event(1, 60), event(2, 60)]]);
  });

  it('hands over what it holds on flush, and nothing when it holds nothing', () => {
    const { batch, sent, fire } = harness();
    batch.flush();
    expect(sent).toEqual([]);
    batch.add(event(1));
    batch.flush();
    fire();
    expect(sent).toEqual([[event(1)]]);
  });

  it('while hidden hands over each event at once, and batches again when visible', () => {
    const { batch, sent } = harness();
    batch.add(event(1));
    batch.hidden(true);
    expect(sent).toEqual([[event(1)]]);
    batch.add(event(2));
    expect(sent).toEqual([[event(1)], [event(2)]]);
    batch.hidden(false);
    batch.add(event(3));
    expect(sent).toHaveLength(2);
  });
});

describe('DOM recorder batches in a hostile page', () => {
  it("a setter a page defines on Array.prototype's indexes is never handed the batch", () => {
    // Only arrays made before the setter exist here: pushing to one inside the setter would call it again.
    const handed = new Set<unknown>();
    Object.defineProperty(Array.prototype, '0', {
      configurable: true,
      set(this: unknown[], value: unknown) {
        handed.add(this);
        Object.defineProperty(this, '0', { value, writable: true, enumerable: true, configurable: true });
      },
    });
    try {
      const { batch, sent, fire } = harness();
      batch.add(event(1));
      fire();
      expect(sent[0]).toEqual([event(1)]);
      expect(handed.has(sent[0])).toBe(false);
    } finally {
      delete (Array.prototype as unknown as Record<string, unknown>)['0'];
    }
  });
});
