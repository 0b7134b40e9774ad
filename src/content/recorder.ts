/**
 * ISOLATED-world content script entry, built as a standalone IIFE so it runs synchronously at
 * document_start (see docs/architecture.md). It wires the recorder to the real port, rrweb and the page.
 */
import browser from 'webextension-polyfill';
import { isWakeMessage, PORT_NAMES, type RecorderUp } from '../shared/protocol';
import { portTransport } from '../shared/transport';
import { listenForPageBridge } from './bridge';
import { startCapture } from './capture';
import { listenForDomBridge } from './dom-bridge';
import { RecorderClient } from './recorder-client';

declare global {
  // A second injection (scripting.executeScript on a page that already runs us) must not record twice.
  var __tandemRecorderLoaded: boolean | undefined;
}

function main(): void {
  // First, synchronously: the MAIN-world hooks post their port right after this script runs.
  const bridge = listenForPageBridge((error) => console.debug('[tandem] invalid page event:', error));
  const dom = listenForDomBridge((error) => console.debug('[tandem] invalid DOM bridge message:', error));
  const log = (m: string) => console.debug('[tandem]', m);
  const client = new RecorderClient({
    connect: () => portTransport<RecorderUp>(browser.runtime.connect({ name: PORT_NAMES.recorder })),
    startRecording: (config, emit, start) =>
      startCapture(config, emit, {
        newSession: start.newSession,
        bridge,
        dom,
        network: (e) => client.sendNetwork(start.sessionId, e),
      }),
    idle: () => bridge.setCapture(false, 0, null),
    updateNetwork: (config) => bridge.setCapture(true, config.consoleArgMaxChars, config.network),
    page: () => ({ url: location.href, title: document.title }),
    log,
  });
  client.connect();

  browser.runtime.onMessage.addListener((message: unknown) => {
    if (isWakeMessage(message)) client.connect();
    return undefined;
  });

  // The last moments before a navigation or tab close: send them now, the port delivers before teardown.
  // The DOM recorder's last batch first: its dispatch is synchronous, so it is in the outbox right after.
  addEventListener(
    'pagehide',
    () => {
      dom.flush();
      client.unloading();
    },
    { capture: true },
  );
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState !== 'hidden') return;
    dom.flush();
    client.flush();
  });
}

if (!globalThis.__tandemRecorderLoaded) {
  globalThis.__tandemRecorderLoaded = true;
  main();
}
