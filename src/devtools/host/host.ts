/**
 * What the panel app needs from its surroundings. The app never touches chrome.*: the DevTools panel,
 * the standalone viewer, the popup and unit tests each provide a Host.
 */
import type { LookupMatch } from '../../shared/db/lookup';
import type { SessionEvents } from '../../shared/db/read';
import type { LookupQuery } from '../../shared/lookup-id';
import type { RequestRecord } from '../../shared/model';
import type { PanelClient } from '../../shared/rpc';

export interface Host {
  kind: 'devtools' | 'viewer' | 'popup' | 'test';
  /** The tab the UI controls: DevTools' inspected tab, the popup's active tab; null in the viewer. */
  tabId: number | null;
  call: PanelClient['call'];
  onNotice: PanelClient['onNotice'];
  readEvents(sessionId: string): Promise<SessionEvents>;
  /** The session's requests in start-time order. */
  readRequests(sessionId: string): Promise<RequestRecord[]>;
  /** Where a pasted id was recorded: sessions, requests and moments, newest session first. */
  lookup(query: LookupQuery): Promise<LookupMatch[]>;
  openViewer?: () => void;
}
