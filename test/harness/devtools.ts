/**
 * Drives the real DevTools window over raw CDP (Playwright does not list DevTools' frames):
 * select the Tandem panel in the DevTools frontend, then evaluate inside the panel's own frame.
 * Needs Chromium launched with --auto-open-devtools-for-tabs and --remote-debugging-port.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import WebSocket from 'ws';
import { until } from './until';

interface TargetInfo {
  type: string;
  url: string;
  webSocketDebuggerUrl: string;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  await new Promise((r) => server.close(r));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

export class CdpTarget {
  private nextId = 0;
  private constructor(private readonly ws: WebSocket) {}

  static async connect(url: string): Promise<CdpTarget> {
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return new CdpTarget(ws);
  }

  send(method: string, params: object = {}): Promise<Record<string, unknown>> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      const onMessage = (data: WebSocket.RawData) => {
        const msg = JSON.parse(String(data)) as {
          id?: number;
          result?: Record<string, unknown>;
          error?: { message: string };
        };
        if (msg.id !== id) return;
        this.ws.off('message', onMessage);
        if (msg.error) reject(new Error(`${method}: ${msg.error.message}`));
        else resolve(msg.result ?? {});
      };
      this.ws.on('message', onMessage);
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Evaluates an expression (awaiting promises) and returns its JSON value; page exceptions are thrown. */
  evaluate<T>(expression: string): Promise<T> {
    return cdpEvaluate<T>((method, params) => this.send(method, params), expression);
  }

  close(): void {
    this.ws.close();
  }
}

/** A CDP command sender: over a WebSocket (CdpTarget) or Chromium's pipe (bench/unobserved.ts). */
export type CdpSend = (method: string, params: object) => Promise<Record<string, unknown>>;

/** Runtime.evaluate over any sender (awaiting promises, by value); page exceptions are thrown. */
export async function cdpEvaluate<T>(send: CdpSend, expression: string): Promise<T> {
  const result = (await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })) as {
    result?: { value?: T };
    exceptionDetails?: { text: string; exception?: { description?: string } };
  };
  if (result.exceptionDetails)
    throw new Error(result.exceptionDetails.exception?.description ?? result.exceptionDetails.text);
  return result.result?.value as T;
}

async function targets(port: number): Promise<TargetInfo[]> {
  return (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as TargetInfo[];
}

/**
 * Shows the Tandem panel in every open DevTools window and returns the panel frame whose inspected tab
 * shows `pageUrl`.
 */
export async function openTandemPanel(port: number, extensionId: string, pageUrl: string): Promise<CdpTarget> {
  const panelId = `chrome-extension://${extensionId}Tandem`;
  const frontends = await until('a DevTools window with the Tandem panel', async () => {
    const found = (await targets(port)).filter((t) => t.url.startsWith('devtools://'));
    return found.length ? found : undefined;
  });
  for (const frontend of frontends) {
    const cdp = await CdpTarget.connect(frontend.webSocketDebuggerUrl);
    await until('the Tandem panel to register', () =>
      cdp
        .evaluate<boolean>(
          `(async () => { const UI = await import('./ui/legacy/legacy.js'); const v = UI.InspectorView.InspectorView.instance();
           if (!v.hasPanel(${JSON.stringify(panelId)})) return undefined; await v.showPanel(${JSON.stringify(panelId)}); return true; })()`,
        )
        .then((ok) => ok || undefined),
    );
    cdp.close();
  }
  return until('the Tandem panel frame of the page', async () => {
    for (const t of (await targets(port)).filter((t) =>
      t.url.startsWith(`chrome-extension://${extensionId}/panel.html`),
    )) {
      const frame = await CdpTarget.connect(t.webSocketDebuggerUrl);
      const inspected = await frame
        .evaluate<string>(`new Promise((r) => chrome.devtools.inspectedWindow.eval('location.href', (v) => r(v)))`)
        .catch(() => '');
      if (inspected === pageUrl) return frame;
      frame.close();
    }
    return undefined;
  });
}

/**
 * A PNG of the DevTools window that inspects `pageUrl` (the frontend page, with the Tandem panel shown in it),
 * written to `path`: what a developer sees, not the panel page alone.
 */
export async function screenshotDevtools(port: number, pageUrl: string, path: string): Promise<void> {
  for (const frontend of (await targets(port)).filter((t) => t.url.startsWith('devtools://'))) {
    const cdp = await CdpTarget.connect(frontend.webSocketDebuggerUrl);
    try {
      const inspected = await cdp
        .evaluate<string>(
          `(async () => { const SDK = await import('./core/sdk/sdk.js');
           return SDK.TargetManager.TargetManager.instance().primaryPageTarget()?.inspectedURL() ?? ''; })()`,
        )
        .catch(() => '');
      if (inspected !== pageUrl) continue;
      const { data } = (await cdp.send('Page.captureScreenshot', { format: 'png' })) as { data: string };
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, Buffer.from(data, 'base64'));
      return;
    } finally {
      cdp.close();
    }
  }
  throw new Error(`no DevTools window inspects ${pageUrl}`);
}
