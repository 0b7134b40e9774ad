/**
 * The recorder's end of the DOM bridge (shared/protocol/dom-bridge.ts): takes the detached node the MAIN-world
 * DOM recorder hands over at document_start, starts and stops rrweb there, and validates what comes back.
 * Only the two scripts hold the node, but it lives in a world page scripts share, so its messages are
 * checked like any other page input.
 */
import {
  DOM_BRIDGE_EVENT,
  DOM_DOWN_EVENT,
  DOM_UP_EVENT,
  domUpSchema,
  type DomDown,
  type DomEvent,
  type DomRecordConfig,
} from '../shared/protocol';

export interface DomBridge {
  /**
   * Starts rrweb in the page; every message until `stop` goes to `handler`. When the DOM recorder has not
   * handed its node over yet (the background injects it after the recorder into pages loaded before
   * Tandem), it starts as soon as it does.
   */
  start(config: DomRecordConfig, handler: (event: DomEvent) => void): void;
  /** Takes the events the DOM recorder holds now, synchronously (the page is going away or hidden). */
  flush(): void;
  stop(): void;
}

export function listenForDomBridge(onInvalid: (error: string) => void): DomBridge {
  let node: EventTarget | null = null;
  let handler: ((event: DomEvent) => void) | null = null;
  let started: DomDown | null = null;
  const send = (message: DomDown) => node?.dispatchEvent(new CustomEvent(DOM_DOWN_EVENT, { detail: message }));

  const take = (e: Event) => {
    const related = (e as MouseEvent).relatedTarget;
    if (!(related instanceof Node) || related.isConnected) return;
    // Ours: only the first one is taken, and page listeners never see it.
    e.stopImmediatePropagation();
    removeEventListener(DOM_BRIDGE_EVENT, take, true);
    node = related;
    node.addEventListener(DOM_UP_EVENT, (m) => {
      if (!handler) return;
      const parsed = domUpSchema.safeParse((m as CustomEvent<unknown>).detail);
      if (parsed.success) for (const event of parsed.data.events) handler(event);
      else onInvalid(parsed.error.issues[0]?.message ?? 'invalid DOM bridge message');
    });
    if (started) send(started);
  };
  addEventListener(DOM_BRIDGE_EVENT, take, true);

  return {
    start(config, h) {
      handler = h;
      started = {
        kind: 'start',
        config: {
          privacy: config.privacy,
          checkoutEveryMs: config.checkoutEveryMs,
          mutationLimit: config.mutationLimit,
        },
      };
      send(started);
    },
    flush() {
      if (handler) send({ kind: 'flush' });
    },
    stop() {
      // The DOM recorder hands over what it still holds before it stops, during this dispatch.
      send({ kind: 'stop' });
      handler = null;
      started = null;
    },
  };
}
