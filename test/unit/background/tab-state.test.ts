import { describe, expect, it } from 'vitest';
import { TabStates } from '../../../src/background/tab-state';
import { MemoryStorageArea } from '../fixtures/fakes';

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const T0 = 1_700_000_000_000;

describe('TabStates (in-memory storage area standing in for storage.session)', () => {
  it('remembers, reads and forgets the session of a tab', async () => {
    const tabs = new TabStates(new MemoryStorageArea());
    expect(await tabs.get(5)).toBeUndefined();

    await tabs.set(5, { sessionId: A, startedAt: T0, mode: 'record' });
    expect(await tabs.get(5)).toEqual({ sessionId: A, startedAt: T0, mode: 'record' });
    expect(await tabs.all()).toEqual({ '5': { sessionId: A, startedAt: T0, mode: 'record' } });

    await tabs.set(5, undefined);
    expect(await tabs.get(5)).toBeUndefined();
    expect(await tabs.all()).toEqual({});
  });

  it('keeps its state in the storage area, so a new worker instance finds it', async () => {
    const area = new MemoryStorageArea();
    await new TabStates(area).set(5, { sessionId: A, startedAt: T0, mode: 'record' });
    expect(await new TabStates(area).get(5)).toEqual({ sessionId: A, startedAt: T0, mode: 'record' });
  });

  it('loses no tab when two tabs are written at the same time', async () => {
    const tabs = new TabStates(new MemoryStorageArea());
    await Promise.all([
      tabs.set(1, { sessionId: A, startedAt: T0, mode: 'record' }),
      tabs.set(2, { sessionId: B, startedAt: T0 + 1, mode: 'buffer' }),
      tabs.set(3, undefined),
    ]);
    expect(await tabs.all()).toEqual({
      '1': { sessionId: A, startedAt: T0, mode: 'record' },
      '2': { sessionId: B, startedAt: T0 + 1, mode: 'buffer' },
    });
  });

  it('keeps writing after a write failed', async () => {
    const area = new MemoryStorageArea();
    const realSet = area.set.bind(area);
    let fail = true;
    area.set = async (items) => {
      if (fail) {
        fail = false;
        throw new Error('QUOTA_BYTES quota exceeded');
      }
      return realSet(items);
    };
    const tabs = new TabStates(area);

    const first = tabs.set(1, { sessionId: A, startedAt: T0, mode: 'record' });
    const second = tabs.set(2, { sessionId: B, startedAt: T0, mode: 'record' });

    await expect(first).rejects.toThrow('QUOTA_BYTES');
    await expect(second).resolves.toBeUndefined();
    expect(await tabs.all()).toEqual({ '2': { sessionId: B, startedAt: T0, mode: 'record' } });
  });

  it('reads an entry stored before modes existed as a recording', async () => {
    const area = new MemoryStorageArea();
    area.data.set('recordingTabs', { '5': { sessionId: A, startedAt: T0 } });
    expect(await new TabStates(area).get(5)).toEqual({ sessionId: A, startedAt: T0, mode: 'record' });
  });

  it('reads a missing or damaged stored value as no tabs', async () => {
    const area = new MemoryStorageArea();
    const tabs = new TabStates(area);
    expect(await tabs.all()).toEqual({});
    area.data.set('recordingTabs', 'garbage');
    expect(await tabs.all()).toEqual({});
    area.data.set('recordingTabs', null);
    expect(await tabs.get(1)).toBeUndefined();
  });
});
