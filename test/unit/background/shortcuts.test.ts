import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Shortcuts, type ShortcutsDeps } from '../../../src/background/shortcuts';
import { COMMANDS, type PanelNotice, type TabState } from '../../../src/shared/protocol';

const TAB = 5;

const state = (recording: boolean): TabState => ({
  tabId: TAB,
  recording,
  sessionId: recording ? 'a'.repeat(32) : null,
  buffering: false,
  bufferMinutes: null,
});

let toggle: ReturnType<typeof vi.fn<ShortcutsDeps['recordings']['toggle']>>;
let saveBuffer: ReturnType<typeof vi.fn<ShortcutsDeps['recordings']['saveBuffer']>>;
let notify: ReturnType<typeof vi.fn<(notice: PanelNotice) => void>>;
let activeTab: ReturnType<typeof vi.fn<ShortcutsDeps['activeTab']>>;
let shortcuts: Shortcuts;

beforeEach(() => {
  toggle = vi.fn<ShortcutsDeps['recordings']['toggle']>(async () => state(true));
  saveBuffer = vi.fn<ShortcutsDeps['recordings']['saveBuffer']>(async () => ({ sessionId: 'b'.repeat(32) }));
  notify = vi.fn<(notice: PanelNotice) => void>();
  activeTab = vi.fn<ShortcutsDeps['activeTab']>(async () => TAB);
  shortcuts = new Shortcuts({ recordings: { toggle, saveBuffer }, notify, activeTab });
});

describe('Shortcuts (fake recordings and active tab)', () => {
  it("toggles the active tab's recording", async () => {
    await shortcuts.run(COMMANDS.toggleRecording);
    expect(toggle).toHaveBeenCalledExactlyOnceWith(TAB);
    expect(saveBuffer).not.toHaveBeenCalled();
  });

  it("saves the active tab's instant replay", async () => {
    await shortcuts.run(COMMANDS.saveInstantReplay);
    expect(saveBuffer).toHaveBeenCalledExactlyOnceWith(TAB);
    expect(notify).not.toHaveBeenCalled();
  });

  it('turns a refused save into a warning for the panels', async () => {
    saveBuffer.mockRejectedValue(new Error('Instant replay is off: turn it on in the settings first.'));
    await shortcuts.run(COMMANDS.saveInstantReplay);
    expect(notify).toHaveBeenCalledExactlyOnceWith({
      type: 'warning',
      message: 'Instant replay is off: turn it on in the settings first.',
    });
  });

  it('does nothing without an active tab, or for a command it does not know', async () => {
    activeTab.mockResolvedValueOnce(undefined);
    await shortcuts.run(COMMANDS.toggleRecording);
    await shortcuts.run('open-settings');
    expect(toggle).not.toHaveBeenCalled();
    expect(saveBuffer).not.toHaveBeenCalled();
    // The next toggle, with a tab, goes through.
    await shortcuts.run(COMMANDS.toggleRecording);
    expect(toggle).toHaveBeenCalledExactlyOnceWith(TAB);
  });
});
