/**
 * The recorder's end of the page bridge: takes the MessagePort the MAIN-world hooks post at document_start
 * and validates every event that arrives on it. Page scripts share the MAIN world, so the port's messages
 * are as untrusted as anything else the page says.
 */
import type { WrapperConfig } from '../shared/propagation';
import {
  PAGE_BRIDGE_CHANNEL,
  pageEventSchema,
  WRAPPER_STASH_KEY,
  type PageControl,
  type PageEvent,
} from '../shared/protocol';
import { wrapperConfigForPage } from '../shared/wrapper-scope';

export interface PageBridge {
  setCapture(capture: boolean, consoleArgMaxChars: number, network: WrapperConfig | null): void;
  onEvent(handler: (event: PageEvent) => void): void;
  /** Removes `handler` if it is still the current one. */
  offEvent(handler: (event: PageEvent) => void): void;
}

export function listenForPageBridge(onInvalid: (error: string) => void): PageBridge {
  let port: MessagePort | null = null;
  // Nothing is decided until the recorder knows whether the tab records; the hooks keep early events meanwhile.
  let control: PageControl | null = null;
  let handler: (event: PageEvent) => void = () => {};

  const take = (e: MessageEvent) => {
    const data: unknown = e.data;
    if (
      e.source !== window ||
      typeof data !== 'object' ||
      data === null ||
      (data as { channel?: unknown }).channel !== PAGE_BRIDGE_CHANNEL
    )
      return;
    // Ours: keep page listeners from seeing (and using) the port. Only the first one is taken.
    e.stopImmediatePropagation();
    removeEventListener('message', take, true);
    const received = e.ports[0];
    if (!received) return;
    port = received;
    port.onmessage = (m) => {
      // One event, or a tick's worth of request records at once.
      const items: unknown[] = Array.isArray(m.data) ? m.data.slice(0, 500) : [m.data];
      for (const item of items) {
        const parsed = pageEventSchema.safeParse(item);
        if (parsed.success) handler(parsed.data);
        else onInvalid(parsed.error.issues[0]?.message ?? 'invalid page event');
      }
    };
    if (control) port.postMessage(control);
  };
  addEventListener('message', take, true);

  return {
    setCapture(capture, consoleArgMaxChars, config) {
      // Page scripts can read what the hooks hold and the stash: only what this page's requests need.
      const network = capture && config ? wrapperConfigForPage(config, location.href) : null;
      control = {
        kind: 'control',
        capture,
        consoleArgMaxChars: capture ? consoleArgMaxChars : (control?.consoleArgMaxChars ?? 2000),
        network,
      };
      port?.postMessage(control);
      stash(network);
    },
    onEvent(h) {
      handler = h;
    },
    offEvent(h) {
      if (handler === h) handler = () => {};
    },
  };
}

/**
 * Leaves the wrapper's config for the tab's next document of this origin (sessionStorage is per origin; see
 * WRAPPER_STASH_KEY): the one scoped to this page, which is what a document of the same origin needs.
 */
function stash(network: WrapperConfig | null): void {
  try {
    if (network) sessionStorage.setItem(WRAPPER_STASH_KEY, JSON.stringify(network));
    else sessionStorage.removeItem(WRAPPER_STASH_KEY);
  } catch {
    // Storage can be unavailable (sandboxed documents, disabled storage): the first requests then go
    // without headers until the recorder has asked the background.
  }
}
