/**
 * ISOLATED-world content script entry, built as a standalone IIFE so it runs synchronously at
 * document_start (see docs/architecture.md). It wires the recorder to the real port, rrweb and the page.
 */
import browser from 'webextension-polyfill';
import { isWakeMessage, PORT_NAMES, type RecorderUp } from '../shared/protocol';
import { portTransport } from '../shared/transport';
import { RecorderClient } from './recorder-client';
import { startRrweb } from './rrweb-recorder';

declare global {
  // A second injection (scripting.executeScript on a page that already runs us) must not record twice.
  var __tandemRecorderLoaded: boolean | undefined;
}

function main(): void {
  const client = new RecorderClient({
    connect: () => portTransport<RecorderUp>(browser.runtime.connect({ name: PORT_NAMES.recorder })),
    startRecording: startRrweb,
    page: () => ({ url: location.href, title: document.title }),
    log: (m) => console.debug('[tandem]', m),
  });
  client.connect();

  browser.runtime.onMessage.addListener((message: unknown) => {
    if (isWakeMessage(message)) client.connect();
    return undefined;
  });

  // The last moments before a navigation or tab close: send them now, the port delivers before teardown.
  addEventListener('pagehide', () => client.flush(), { capture: true });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') client.flush();
  });
}

if (!globalThis.__tandemRecorderLoaded) {
  globalThis.__tandemRecorderLoaded = true;
  main();
}
