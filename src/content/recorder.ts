/**
 * ISOLATED-world content script entry, built as a standalone IIFE so it runs synchronously at
 * document_start (see docs/architecture.md). It wires the link to the background to the real port, and
 * each document's capture to the page and DOM bridges.
 */
import browser from 'webextension-polyfill';
import { isWakeMessage, PORT_NAMES, type RecorderUp } from '../shared/protocol';
import { portTransport } from '../shared/transport';
import { warnOnce } from '../shared/warn-once';
import { listenForPageBridge } from './page-bridge-client';
import { startDocumentCapture } from './document-capture';
import { listenForDomBridge } from './dom-bridge-client';
import { BackgroundLink } from './background-link';

declare global {
  // A second injection (scripting.executeScript on a page that already runs us) must not record twice.
  var __tandemRecorderLoaded: boolean | undefined;
}

function main(): void {
  // First, synchronously: the MAIN-world hooks post their port right after this script runs.
  const bridge = listenForPageBridge((error) => console.debug('[tandem] invalid page event:', error));
  const dom = listenForDomBridge((error) => console.debug('[tandem] invalid DOM bridge message:', error));
  const log = (m: string) => console.debug('[tandem]', m);
  const link = new BackgroundLink({
    connect: () => portTransport<RecorderUp>(browser.runtime.connect({ name: PORT_NAMES.recorder })),
    startRecording: (config, emit, start) =>
      startDocumentCapture(config, emit, {
        newSession: start.newSession,
        bridge,
        dom,
        network: (e) => link.sendNetwork(start.sessionId, e),
      }),
    idle: () => bridge.setCapture(false, 0, null),
    updateNetwork: (config) => bridge.setCapture(true, config.consoleArgMaxChars, config.network),
    page: () => ({ url: location.href, title: document.title }),
    log,
    onInvalid: warnOnce('ignored a malformed message from the background'),
  });
  link.connect();

  browser.runtime.onMessage.addListener((message: unknown) => {
    if (isWakeMessage(message)) link.connect();
    return undefined;
  });

  // The last moments before a navigation or tab close: send them now, the port delivers before teardown.
  // The DOM recorder's last batch first: its dispatch is synchronous, so it is in the outbox right after.
  addEventListener(
    'pagehide',
    () => {
      dom.flush();
      link.unloading();
    },
    { capture: true },
  );
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState !== 'hidden') return;
    dom.flush();
    link.flush();
  });
}

if (!globalThis.__tandemRecorderLoaded) {
  globalThis.__tandemRecorderLoaded = true;
  main();
}
