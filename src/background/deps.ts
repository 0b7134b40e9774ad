import type { PanelNotice } from '../shared/protocol';
import type { Settings } from '../shared/settings';
import type { Diagnostics } from './diagnostics';
import type { SessionStore } from './store/session-store';
import type { TabEvents } from './tab-events';

/** What every feature module of the worker is given; each module's own needs extend it. */
export interface BackgroundDeps {
  store: SessionStore;
  /** The current settings (applied live: read them when needed, do not keep them). */
  settings: () => Promise<Settings>;
  diagnostics: Diagnostics;
  /** A notice for every open panel, viewer and popup. */
  notify: (notice: PanelNotice) => void;
  events: TabEvents;
  now: () => number;
}
