import browser from 'webextension-polyfill';
import { lookupIds } from '../../shared/db/lookup';
import { readSessionEvents, readSessionEventsAfter, readSessionEventsTail } from '../../shared/db/read';
import { readSegment, readSessionOutline } from '../../shared/db/segments';
import { readSessionRequests } from '../../shared/db/read-requests';
import { readSessionTrace, readSessionTraces } from '../../shared/db/read-traces';
import { openTandemDb, type TandemDb } from '../../shared/db/schema';
import { PORT_NAMES, type PanelNotice, type PanelUp } from '../../shared/protocol';
import { createPanelClient, type PanelClient } from '../../shared/rpc';
import { portTransport } from '../../shared/transport';
import type { Host } from './host';

/**
 * A Host for extension pages. Calls go over a port to the background; when the worker restarts the port
 * closes and the next call opens a new one. Events and requests are read straight from IndexedDB (same
 * origin), which avoids pushing megabytes through messaging; writes stay the background's.
 */
export function createExtensionHost(kind: Host['kind'], tabId: number | null): Host {
  let client: PanelClient | null = null;
  const noticeHandlers = new Set<(n: PanelNotice) => void>();
  let opened: Promise<TandemDb> | null = null;
  const db = () => (opened ??= openTandemDb());

  const connected = (): PanelClient => {
    if (client) return client;
    const transport = portTransport<PanelUp>(browser.runtime.connect({ name: PORT_NAMES.panel }));
    const fresh = createPanelClient(transport);
    fresh.onNotice((n) => {
      for (const h of noticeHandlers) h(n);
    });
    transport.onClose(() => {
      if (client === fresh) client = null;
      // Whatever changed while we were disconnected, the UI should re-read.
      for (const h of noticeHandlers) h({ type: 'sessions-changed' });
    });
    client = fresh;
    return fresh;
  };

  return {
    kind,
    tabId,
    call: (method, params) => connected().call(method, params),
    onNotice(handler) {
      connected();
      noticeHandlers.add(handler);
      return () => noticeHandlers.delete(handler);
    },
    readEvents: async (sessionId) => readSessionEvents(await db(), sessionId),
    readEventsTail: async (sessionId) => readSessionEventsTail(await db(), sessionId),
    readEventsOutline: async (sessionId, keep) => readSessionOutline(await db(), sessionId, keep),
    readSegment: async (sessionId, segment) => readSegment(await db(), sessionId, segment),
    readRequests: async (sessionId) => readSessionRequests(await db(), sessionId),
    readTraces: async (sessionId, traceId) => {
      if (traceId === undefined) return readSessionTraces(await db(), sessionId);
      const one = await readSessionTrace(await db(), sessionId, traceId);
      return one ? [one] : [];
    },
    readEventsAfter: async (sessionId, afterTs, seen) => readSessionEventsAfter(await db(), sessionId, afterTs, seen),
    lookup: async (query) => lookupIds(await db(), query),
    openViewer: () => void browser.tabs.create({ url: browser.runtime.getURL('viewer.html') }),
  };
}
