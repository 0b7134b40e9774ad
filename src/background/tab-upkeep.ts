/**
 * TabRecordings' periodic and start-up upkeep, apart from its per-tab commands: recordings past their time
 * limits are stopped, and sessions a dead tab or browser left live are interrupted.
 */
import type { EndReason } from '../shared/model';
import type { TabRecordingsDeps } from './tab-recordings';

/** Stops recordings that went idle or ran past their maximum length (checked by a periodic alarm). */
export async function stopOverLimits(
  deps: TabRecordingsDeps,
  stop: (tabId: number, reason: EndReason) => Promise<unknown>,
): Promise<void> {
  const settings = await deps.settings();
  const now = deps.now();
  for (const [tabId, rec] of Object.entries(await deps.tabs.all())) {
    if (rec.mode !== 'record') continue;
    const session = await deps.store.get(rec.sessionId);
    if (!session) continue;
    if (now - session.startedAt > settings.recording.maxSessionMinutes * 60_000)
      await stop(Number(tabId), 'max-length');
    else if (now - session.lastActivityAt > settings.recording.idleMinutes * 60_000) await stop(Number(tabId), 'idle');
  }
}

/** On worker start: sessions left live by a dead tab or browser become interrupted (buffers are dropped). */
export async function reconcileTabs(deps: TabRecordingsDeps): Promise<void> {
  const liveTabIds = new Set(await deps.openTabs());
  const live = new Set<string>();
  for (const [tabId, rec] of Object.entries(await deps.tabs.all())) {
    if (liveTabIds.has(Number(tabId))) {
      live.add(rec.sessionId);
      const pageUrl = (await deps.tabInfo(Number(tabId)))?.url;
      await deps.events.recordingChanged.emit({ tabId: Number(tabId), rec, pageUrl });
    } else await deps.tabs.set(Number(tabId), undefined);
  }
  const interrupted = await deps.store.interruptAllExcept(live);
  if (interrupted.length) deps.notify({ type: 'sessions-changed' });
}
