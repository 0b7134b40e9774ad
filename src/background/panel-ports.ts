/**
 * The background end of panel, viewer and popup connections: typed calls in, notices out.
 * `sessions-changed` is coalesced so a busy recording does not flood every open panel.
 */
import type { Runtime } from 'webextension-polyfill';
import type { PanelDown, PanelNotice } from '../shared/protocol';
import { servePanel, type PanelHandlers } from '../shared/rpc';
import { portTransport, type Transport } from '../shared/transport';
import type { Diagnostics } from './diagnostics';

const COALESCE_MS = 250;

export class PanelPorts {
  private readonly clients = new Set<Transport<unknown, PanelDown>>();
  private sessionsTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly diagnostics: Diagnostics) {}

  /** Keeps a UI port for notices until it closes, and serves its calls with `handlers`. */
  accept(port: Runtime.Port, handlers: PanelHandlers): void {
    // Only our own extension pages may call: content scripts have a tab, other extensions another id.
    if (port.sender?.tab?.id !== undefined && !port.sender.url?.startsWith(location.origin)) {
      this.diagnostics.report('bad-port', `panel port from ${port.sender.url ?? 'unknown'}`);
      port.disconnect();
      return;
    }
    const transport = portTransport<PanelDown>(port);
    this.clients.add(transport);
    transport.onClose(() => this.clients.delete(transport));
    servePanel(transport, handlers, (error) => this.diagnostics.report('malformed-panel-call', error));
  }

  /** Sends a notice to every open UI; `sessions-changed` at most once per COALESCE_MS. */
  notify(notice: PanelNotice): void {
    if (notice.type === 'sessions-changed') {
      this.sessionsTimer ??= setTimeout(() => {
        this.sessionsTimer = null;
        this.broadcast(notice);
      }, COALESCE_MS);
      return;
    }
    this.broadcast(notice);
  }

  private broadcast(notice: PanelNotice): void {
    for (const client of this.clients) {
      try {
        client.send({ kind: 'notice', notice });
      } catch {
        this.clients.delete(client);
      }
    }
  }
}
