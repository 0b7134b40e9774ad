import { describe, expect, it } from 'vitest';
import { Channel, TabEvents } from '../../../src/background/tab-events';

describe('Channel', () => {
  it('runs the listeners in the order they were added, each finished before the next, and emit waits for all', async () => {
    const channel = new Channel<number>();
    const log: string[] = [];
    channel.on(async (n) => {
      log.push(`a${n} start`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push(`a${n} end`);
    });
    channel.on((n) => {
      log.push(`b${n}`);
    });

    await channel.emit(1);

    expect(log).toEqual(['a1 start', 'a1 end', 'b1']);
  });

  it('stops calling a listener once it is removed, and keeps calling the others', async () => {
    const channel = new Channel<string>();
    const heard: string[] = [];
    const off = channel.on((s) => {
      heard.push(`first ${s}`);
    });
    channel.on((s) => {
      heard.push(`second ${s}`);
    });

    await channel.emit('x');
    off();
    await channel.emit('y');

    expect(heard).toEqual(['first x', 'second x', 'second y']);
  });

  it("passes a listener's failure to the emitter, and later listeners do not run", async () => {
    const channel = new Channel<number>();
    const heard: number[] = [];
    channel.on(async () => {
      throw new Error('DNR refused the rule');
    });
    channel.on((n) => {
      heard.push(n);
    });

    await expect(channel.emit(1)).rejects.toThrow('DNR refused the rule');
    expect(heard).toEqual([]);
  });

  it('emits to nobody without failing', async () => {
    await expect(new Channel<number>().emit(1)).resolves.toBeUndefined();
  });
});

describe('TabEvents', () => {
  it('delivers a recording change and a blocked origin each to its own listeners only', async () => {
    const events = new TabEvents();
    const changes: unknown[] = [];
    const blocked: unknown[] = [];
    events.recordingChanged.on((c) => {
      changes.push(c);
    });
    events.originBlocked.on((b) => {
      blocked.push(b);
    });
    const rec = { sessionId: 'a'.repeat(32), startedAt: 1, mode: 'record' as const };

    await events.recordingChanged.emit({ tabId: 5, rec, pageUrl: 'https://shop.test/' });
    await events.originBlocked.emit({ tabId: 5, origin: 'https://api.partner.test' });

    expect(changes).toEqual([{ tabId: 5, rec, pageUrl: 'https://shop.test/' }]);
    expect(blocked).toEqual([{ tabId: 5, origin: 'https://api.partner.test' }]);
  });
});
