import { afterEach, describe, expect, it, vi } from 'vitest';
import { warnOnce } from '../../../src/shared/warn-once';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('warnOnce', () => {
  it('puts the first problem on the console, with what was ignored, and stays quiet after it', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const report = warnOnce('ignored a malformed message from the background');

    report('seq expected number');
    report('type invalid');

    expect(warn).toHaveBeenCalledExactlyOnceWith(
      '[tandem] ignored a malformed message from the background: seq expected number (further ones are not logged)',
    );
  });

  it('keeps one reporter apart from another', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    warnOnce('panel')('a');
    warnOnce('recorder')('b');
    expect(warn.mock.calls.map(([line]) => String(line))).toEqual([
      '[tandem] panel: a (further ones are not logged)',
      '[tandem] recorder: b (further ones are not logged)',
    ]);
  });
});
