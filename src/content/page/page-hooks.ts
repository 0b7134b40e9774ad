/**
 * MAIN-world content script, built as a standalone IIFE that runs synchronously at document_start,
 * before the page's own scripts. It sees what the isolated recorder cannot: console calls, uncaught
 * errors with their stacks, unhandled rejections and history.pushState; it wraps fetch and XHR; and it
 * runs rrweb (dom-recorder.ts), where DOM access is cheapest. It hands a MessagePort (page events) and
 * a detached node (DOM events) to the recorder once and talks only over them; nothing is captured or
 * sent until the recorder says it records.
 */
// Types only from the protocol (erased at build); the one value comes from a zod-free module, because this
// script runs in the main world of every page and must stay small.
import { PAGE_BRIDGE_CHANNEL, WRAPPER_STASH_KEY } from '../../shared/bridge-constants';
import type { WrapperConfig } from '../../shared/propagation';
import type { PageControl, PageEvent } from '../../shared/protocol';
import { installDomRecorder } from './dom-recorder';
import { append, apply } from './natives';
import { installNetworkWrapper } from './network-wrapper';
import { serializeArg } from './serialize';
import { ticker } from './ticker';

const LEVELS = ['log', 'info', 'warn', 'error', 'debug', 'assert', 'trace'] as const;
const MAX_EARLY = 100;
/** The page bridge's limit for a URL (protocol/page-bridge.ts), kept here: this script carries no schemas. */
const URL_MAX = 16_384;

function install(): void {
  const channel = new MessageChannel();
  const port = channel.port1;
  // Bound now: a page that later replaces MessagePort.prototype.postMessage (or Function.prototype.call)
  // would otherwise be handed the port, and could post to the recorder or read what we post.
  const postToRecorder = MessagePort.prototype.postMessage.bind(port);
  const dataOf = Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'data')?.get;
  const now = Date.now;
  // Until the recorder says whether this tab records (a round trip to the background), events are kept
  // here, so the page's earliest console output and errors are not lost; the answer flushes or drops them.
  let capture: boolean | 'undecided' = 'undecided';
  let early: PageEvent[] = [];
  let maxChars = 2000;
  // A recording tab's next document finds its wrapper config here, so even its first requests get headers.
  let network = readStash();

  const post = (event: PageEvent | PageEvent[]) => {
    try {
      postToRecorder(event);
    } catch {
      // A value that cannot be cloned must never break the page.
    }
  };
  const send = (event: PageEvent) => {
    if (capture === true) post(event);
    else if (capture === 'undecided' && early.length < MAX_EARLY) append(early, event);
  };
  // Request records are frequent: collected and posted together at the next tick (every 100 ms), so a
  // fetch() call pays for an array push, not for a timer and a structured clone of its own (see
  // bench/fetch/wrapper.ts). The wrapper may hand a function that makes the record: it runs here, in the
  // tick's task, not in the page's call.
  const tick = ticker({
    intervalMs: 100,
    idleTicks: 50,
    setInterval: setInterval.bind(window),
    clearInterval: clearInterval.bind(window),
  });
  let pending: (PageEvent | (() => PageEvent))[] = [];
  const sendSoon = (event: PageEvent | (() => PageEvent)) => {
    if (capture === false) return;
    if (pending.length === 0) tick.soon(flushPending);
    append(pending, event);
  };
  const flushPending = () => {
    const events: PageEvent[] = [];
    for (let i = 0; i < pending.length; i++) {
      const item = pending[i]!;
      try {
        append(events, typeof item === 'function' ? item() : item);
      } catch {
        // A record that cannot be made (a URL the page made unparseable meanwhile) is left out.
      }
    }
    pending = [];
    if (events.length === 0) return;
    if (capture === true) post(events);
    else if (capture === 'undecided')
      for (let i = 0; i < events.length && early.length < MAX_EARLY; i++) append(early, events[i]!);
  };

  port.onmessage = (e: MessageEvent<PageControl>) => {
    // Through the getter captured above: a page's MessageEvent.prototype.data would read the configuration.
    const data = (dataOf ? apply(dataOf, e, []) : e.data) as PageControl | null;
    if (data?.kind !== 'control') return;
    // Recording stops: what was collected until now still belongs to it.
    if (capture === true && data.capture !== true) flushPending();
    capture = data.capture === true;
    maxChars = Math.max(100, Math.min(100_000, Number(data.consoleArgMaxChars) || 2000));
    network = capture ? data.network : null;
    if (capture) for (let i = 0; i < early.length; i++) post(early[i]!);
    early = [];
  };

  for (const level of LEVELS) {
    const original = console[level] as (...args: unknown[]) => void;
    if (typeof original !== 'function') continue;
    console[level] = function tandemConsole(this: Console, ...args: unknown[]) {
      if (capture !== false) {
        // assert(condition, ...rest) logs only when the condition is falsy.
        const logged = level === 'assert' ? (args[0] ? null : args.slice(1)) : args;
        if (logged)
          send({
            kind: 'console',
            ts: now(),
            level,
            args: logged.slice(0, 50).map((a) => serializeArg(a, maxChars)),
          });
      }
      return original.apply(this, args);
    };
  }

  addEventListener('error', (e: ErrorEvent) => {
    // Resource load errors (img, script) arrive here without `error`; only script errors are breadcrumbs.
    if (!(e instanceof ErrorEvent)) return;
    const err = e.error as { stack?: unknown } | undefined;
    send({
      kind: 'error',
      ts: now(),
      message: String(e.message || 'Error'),
      ...(typeof err?.stack === 'string' ? { stack: err.stack } : {}),
      ...(e.filename ? { filename: e.filename } : {}),
      lineno: e.lineno,
      colno: e.colno,
    });
  });

  addEventListener('unhandledrejection', (e: PromiseRejectionEvent) => {
    const reason = e.reason as { message?: unknown; stack?: unknown } | undefined;
    const message = reason instanceof Error ? `${reason.name}: ${reason.message}` : serializeArg(e.reason, maxChars);
    send({
      kind: 'rejection',
      ts: now(),
      message,
      ...(typeof reason?.stack === 'string' ? { stack: reason.stack } : {}),
    });
  });

  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function tandemHistory(this: History, ...args: Parameters<History['pushState']>) {
      const from = location.href;
      const result = original.apply(this, args);
      // Cut to what the page bridge's schema takes (16 KiB): a longer URL would fail it and lose the crumb.
      if (location.href !== from)
        send({ kind: 'history', ts: now(), from: from.slice(0, URL_MAX), to: location.href.slice(0, URL_MAX) });
      return result;
    };
  }

  addEventListener('pagehide', () => tick.flush(), { capture: true });
  installNetworkWrapper({
    config: () => network,
    report: sendSoon,
    soon: tick.soon,
    block: (origin) => {
      if (network && !network.blockedOrigins.includes(origin))
        network = { ...network, blockedOrigins: [...network.blockedOrigins, origin] };
    },
  });

  // The recorder listens from document_start (it runs first) and takes the port from the first message.
  postMessage({ channel: PAGE_BRIDGE_CHANNEL }, '*', [channel.port2]);
}

function readStash(): WrapperConfig | null {
  try {
    const raw = sessionStorage.getItem(WRAPPER_STASH_KEY);
    const value: unknown = raw ? JSON.parse(raw) : null;
    // Shape-checked by hand: this script carries no schema library. Anything odd means no headers.
    const c = value as Partial<WrapperConfig> | null;
    return c &&
      typeof c.replayId === 'string' &&
      Array.isArray(c.sameOrigin) &&
      Array.isArray(c.targets) &&
      Array.isArray(c.blockedOrigins) &&
      typeof c.bodies === 'object'
      ? (c as WrapperConfig)
      : null;
  } catch {
    return null; // sandboxed or storage-less documents
  }
}

// Injected once per document: by the manifest, or by the background into a page loaded before Tandem was
// (browser-tabs.ts). No marker in the page decides it: a page could set any marker first and keep the hooks
// out; the background injects only where its recorder (isolated world, out of the page's reach) was absent.
try {
  install();
  installDomRecorder();
} catch {
  // Never break the page.
}
