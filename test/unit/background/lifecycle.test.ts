import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Diagnostics } from '../../../src/background/diagnostics';
import { LIMITS_ALARM, Lifecycle, type LifecycleDeps } from '../../../src/background/lifecycle';

let create: ReturnType<typeof vi.fn<LifecycleDeps['alarms']['create']>>;
let reconcile: ReturnType<typeof vi.fn<LifecycleDeps['recordings']['reconcile']>>;
let enforceLimits: ReturnType<typeof vi.fn<LifecycleDeps['recordings']['enforceLimits']>>;
let settled: ReturnType<typeof vi.fn<LifecycleDeps['network']['settled']>>;
let diagnostics: Diagnostics;
let lifecycle: Lifecycle;

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  create = vi.fn<LifecycleDeps['alarms']['create']>(async () => {});
  reconcile = vi.fn<LifecycleDeps['recordings']['reconcile']>(async () => {});
  enforceLimits = vi.fn<LifecycleDeps['recordings']['enforceLimits']>(async () => {});
  settled = vi.fn<LifecycleDeps['network']['settled']>();
  diagnostics = new Diagnostics();
  lifecycle = new Lifecycle({
    alarms: { create },
    recordings: { reconcile, enforceLimits },
    network: { settled },
    diagnostics,
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('Lifecycle (fake alarms, recordings and network capture)', () => {
  it('on start, sets the limits alarm, reconciles the recordings, then lets network capture follow them', async () => {
    reconcile.mockImplementation(async () => {
      expect(settled).not.toHaveBeenCalled();
    });

    await lifecycle.start();

    expect(create).toHaveBeenCalledExactlyOnceWith(LIMITS_ALARM, { periodInMinutes: 1 });
    expect(reconcile).toHaveBeenCalledOnce();
    expect(settled).toHaveBeenCalledOnce();
    expect(diagnostics.snapshot().errors).toEqual({});
  });

  it('counts a failed start and still lets network capture stop listening to every tab', async () => {
    reconcile.mockRejectedValue(new Error('storage.session unavailable'));

    await lifecycle.start();

    expect(diagnostics.snapshot().errors.startup).toBe(1);
    expect(settled).toHaveBeenCalledOnce();
  });

  it('checks the limits on its alarm only, and counts a failure', async () => {
    lifecycle.alarm('someone-else');
    expect(enforceLimits).not.toHaveBeenCalled();

    enforceLimits.mockRejectedValueOnce(new Error('IndexedDB closed'));
    lifecycle.alarm(LIMITS_ALARM);

    expect(enforceLimits).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(diagnostics.snapshot().errors.limits).toBe(1));
  });

  it('compacts on its alarm after the limits (a recording they stop is then finished), even when they failed', async () => {
    const order: string[] = [];
    enforceLimits.mockImplementation(async () => {
      order.push('limits');
      throw new Error('IndexedDB closed');
    });
    const sweep = vi.fn(async () => {
      order.push('compaction');
    });
    const withCompaction = new Lifecycle({
      alarms: { create },
      recordings: { reconcile, enforceLimits },
      network: { settled },
      diagnostics,
      compaction: { sweep },
    });

    await withCompaction.alarm('someone-else');
    expect(sweep).not.toHaveBeenCalled();
    await withCompaction.alarm(LIMITS_ALARM);

    expect(order).toEqual(['limits', 'compaction']);
    sweep.mockRejectedValueOnce(new Error('quota'));
    await withCompaction.alarm(LIMITS_ALARM);
    expect(diagnostics.snapshot().errors.compaction).toBe(1);
  });
});
