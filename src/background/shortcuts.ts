/** The keyboard shortcuts (the manifest's `commands`): they act on the active tab. */
import { COMMANDS, type PanelNotice } from '../shared/protocol';
import type { TabRecordings } from './tab-recordings';

export interface ShortcutsDeps {
  recordings: Pick<TabRecordings, 'toggle' | 'saveBuffer'>;
  notify: (notice: PanelNotice) => void;
  activeTab: () => Promise<number | undefined>;
}

export class Shortcuts {
  constructor(private readonly deps: ShortcutsDeps) {}

  async run(command: string): Promise<void> {
    const tabId = await this.deps.activeTab();
    if (tabId === undefined) return;
    if (command === COMMANDS.toggleRecording) await this.deps.recordings.toggle(tabId);
    else if (command === COMMANDS.saveInstantReplay) {
      // A shortcut has no caller to show a refusal to (instant replay off, no buffer): a notice says it.
      await this.deps.recordings
        .saveBuffer(tabId)
        .catch((e: unknown) =>
          this.deps.notify({ type: 'warning', message: e instanceof Error ? e.message : String(e) }),
        );
    }
  }
}
