import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Diagnostics, DIAGNOSTICS_KEY } from '../../../src/background/diagnostics';
import { MemoryStorageArea } from '../fixtures/fakes';

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('Diagnostics', () => {
  it('counts errors by kind and keeps them in order', () => {
    const d = new Diagnostics();
    d.report('malformed-message', 'from tab 3: Invalid input');
    d.report('malformed-message', 'from tab 4: Invalid input');
    d.report('wake-failed', 'tab 9: no receiver');

    const snap = d.snapshot();
    expect(snap.errors).toEqual({ 'malformed-message': 2, 'wake-failed': 1 });
    expect(snap.recent.map((r) => [r.kind, r.message])).toEqual([
      ['malformed-message', 'from tab 3: Invalid input'],
      ['malformed-message', 'from tab 4: Invalid input'],
      ['wake-failed', 'tab 9: no receiver'],
    ]);
  });

  it('keeps only the 50 newest entries but counts them all', () => {
    const d = new Diagnostics();
    for (let i = 0; i < 60; i++) d.report('corrupt-chunk', `chunk ${i}`);
    const snap = d.snapshot();
    expect(snap.errors['corrupt-chunk']).toBe(60);
    expect(snap.recent).toHaveLength(50);
    expect(snap.recent[0]!.message).toBe('chunk 10');
    expect(snap.recent.at(-1)!.message).toBe('chunk 59');
  });

  it('shortens long messages (they may carry page data)', () => {
    const d = new Diagnostics();
    d.report('recorder-error', 'x'.repeat(10_000));
    expect(d.snapshot().recent[0]!.message).toHaveLength(500);
  });

  it('hands out a copy that later reports do not change', () => {
    const d = new Diagnostics();
    d.report('a', 'one');
    const snap = d.snapshot();
    snap.errors.a = 99;
    snap.recent.length = 0;
    d.report('a', 'two');
    expect(snap.recent).toEqual([]);
    expect(d.snapshot().errors.a).toBe(2);
    expect(d.snapshot().recent).toHaveLength(2);
  });

  it('keeps warnings for the user apart from errors, and counts them as errors too', () => {
    const d = new Diagnostics();
    d.report('malformed-message', 'from tab 3');
    d.warn('evicted', 'Deleted 1 oldest session(s) because the 10 MB storage budget was reached');

    const snap = d.snapshot();
    expect(snap.warnings.map((w) => w.message)).toEqual([
      'Deleted 1 oldest session(s) because the 10 MB storage budget was reached',
    ]);
    expect(snap.errors).toEqual({ 'malformed-message': 1, evicted: 1 });
  });

  it('keeps only the 50 newest warnings', () => {
    const d = new Diagnostics();
    for (let i = 0; i < 55; i++) d.warn('storage-full', `full ${i}`);
    const { warnings } = d.snapshot();
    expect(warnings).toHaveLength(50);
    expect(warnings[0]!.message).toBe('full 5');
  });

  it('keeps the newest 2000 ingest samples', () => {
    const d = new Diagnostics();
    for (let i = 0; i < 2005; i++)
      d.recordIngest({ firstTs: i + 1, lastTs: i + 2, committedAt: i + 3, count: 1, rawBytes: 10 });
    const { ingest } = d.snapshot();
    expect(ingest).toHaveLength(2000);
    expect(ingest[0]!.firstTs).toBe(6);
    expect(ingest.at(-1)!.firstTs).toBe(2005);
  });

  it('keeps the current settings problems and counts each one', () => {
    const d = new Diagnostics();
    d.setSettingsProblems(['settings.privacy: bad', 'settings.recording: bad']);
    expect(d.snapshot().settingsProblems).toEqual(['settings.privacy: bad', 'settings.recording: bad']);
    expect(d.snapshot().errors['invalid-settings']).toBe(2);
    d.setSettingsProblems([]);
    expect(d.snapshot().settingsProblems).toEqual([]);
  });

  it('keeps the same boot time for the life of the worker', () => {
    const d = new Diagnostics();
    const first = d.snapshot().bootedAt;
    d.report('x', 'y');
    expect(d.snapshot().bootedAt).toBe(first);
    expect(first).toBeGreaterThan(0);
  });
});

describe('Diagnostics kept across worker restarts (in-memory storage area standing in for storage.local)', () => {
  it("a new worker's diagnostics start from the counters and warnings the last one stored", async () => {
    const area = new MemoryStorageArea();
    const first = new Diagnostics();
    await first.persistTo(area);
    first.report('corrupt-chunk', 'chunk p/3: incorrect header check');
    first.warn('evicted', 'Deleted 1 oldest session(s)');
    await first.flush();

    // The worker stopped; the next one boots and counts one more.
    const second = new Diagnostics();
    second.report('corrupt-chunk', 'chunk p/9: unexpected end');
    await second.persistTo(area);

    const snap = second.snapshot();
    expect(snap.errors).toEqual({ 'corrupt-chunk': 2, evicted: 1 });
    expect(snap.warnings.map((w) => w.message)).toEqual(['Deleted 1 oldest session(s)']);
    await second.flush();
    expect(area.data.get(DIAGNOSTICS_KEY)).toMatchObject({ errors: { 'corrupt-chunk': 2, evicted: 1 } });
  });

  it('reports a stored value that is not its own and starts from zero, without throwing', async () => {
    const area = new MemoryStorageArea();
    await area.set({ [DIAGNOSTICS_KEY]: { errors: { x: 'many' }, warnings: 3 } });
    const d = new Diagnostics();
    await d.persistTo(area);
    expect(d.snapshot().errors).toEqual({ 'diagnostics-unreadable': 1 });
  });
});
