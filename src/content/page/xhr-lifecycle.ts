/**
 * An XHR's life after send(), as Tandem's listeners see it. xhr-wrapper.ts adds them in the constructor,
 * before the page can add any (listeners run in the order they were added, `on*` handler attributes
 * included). When an attempt with our headers fails with a network error, they stop the failed attempt's
 * events (readystatechange to DONE, error, loadend, and upload's error/loadend) before any page listener,
 * then re-open the same object with the page's own arguments and headers and send it again; the retry's
 * readystatechange(OPENED) and loadstart are stopped too. The page sees one ordinary sequence of events
 * ending with the retry's response. Every request's end is reported, with its body when it may be kept.
 *
 * Event order measured in Chromium 156 for a preflight refusal (async): readystatechange(4), upload error
 * and loadend (when upload listeners were added or the request was not simple), error, loadend. An abort
 * or timeout fires readystatechange(4), abort|timeout, loadend; a failed synchronous send only throws.
 */
import type { WrapperConfig } from '../../shared/propagation';
import type { RequestHooks } from './request-hooks';

/** One open()..loadend of an XHR object; a new open() starts a new one. */
export interface XhrRequest {
  method: string;
  url: string;
  origin: string;
  /** open()'s arguments as the page passed them, for the retry. */
  openArgs: unknown[];
  async: boolean;
  /** The page's own headers (lowercase names; repeated ones combined, as XHR sends them). */
  headers: Map<string, string>;
  /**
   * idle: not sent, or not recorded; sent: on the wire; held: readyState 4 with status 0 stopped, waiting
   * for the next event to tell a network error (retry) from an abort or a timeout; released: it was one of
   * those, and the page got its readystatechange after all; failed: a refused attempt being hidden;
   * retrying: sent again without our headers; ended: reported.
   */
  phase: 'idle' | 'sent' | 'held' | 'released' | 'failed' | 'retrying' | 'ended';
  id: string;
  config: WrapperConfig | null;
  injected: string[];
  sentAt: number;
  aborted: boolean;
  outcome: 'error' | 'abort' | 'timeout' | null;
}

/** The native methods, captured before page scripts run: their patches must not see Tandem's calls. */
export interface XhrNatives {
  open: (this: XMLHttpRequest, ...args: unknown[]) => void;
  send: XMLHttpRequest['send'];
  setHeader: XMLHttpRequest['setRequestHeader'];
  dispatch: EventTarget['dispatchEvent'];
  stopNow: Event['stopImmediatePropagation'];
  Event: typeof Event;
}

export interface XhrLifecycle {
  /** One listener object for every XHR (and upload) of the page: construction adds listeners, no closures. */
  listener: EventListenerObject;
  /** Reports the request's end (also for a failed synchronous send, which fires no events). */
  end(xhr: XMLHttpRequest, r: XhrRequest, error?: string): void;
}

const TIMEOUT_SLACK_MS = 10;
const OUTCOME_TEXT = { error: 'network error', abort: 'aborted', timeout: 'timed out' } as const;

export function xhrLifecycle(
  natives: XhrNatives,
  hooks: RequestHooks,
  requests: WeakMap<XMLHttpRequest, XhrRequest>,
  uploads: WeakMap<EventTarget, XMLHttpRequest>,
): XhrLifecycle {
  const { dispatch, stopNow, Event: NativeEvent } = natives;
  const { now, pageOrigin } = hooks;
  /** The XHR whose retry is being opened and sent: its readystatechange(1) and loadstart are ours. */
  let muted: XMLHttpRequest | null = null;

  const stop = (e: Event) => stopNow.call(e);
  const retryable = (xhr: XMLHttpRequest, r: XhrRequest) =>
    r.injected.length > 0 &&
    r.origin !== pageOrigin &&
    (r.method === 'GET' || r.method === 'HEAD') &&
    r.async &&
    !r.aborted &&
    // A timeout fires readystatechange(4) first too: one that ran out of time is the page's. (Timers and
    // Date.now() disagree by a millisecond or two; a miss is caught when the timeout event comes.)
    !(xhr.timeout > 0 && now() - r.sentAt >= xhr.timeout - TIMEOUT_SLACK_MS);

  /** What was stopped turned out not to be a refusal: the page gets its readystatechange after all. */
  const release = (xhr: XMLHttpRequest, r: XhrRequest) => {
    r.phase = 'released';
    dispatch.call(xhr, new NativeEvent('readystatechange'));
  };

  const retry = (xhr: XMLHttpRequest, r: XhrRequest) => {
    r.phase = 'retrying';
    r.outcome = null;
    hooks.refused(r.url, r.method, r.injected, true);
    muted = xhr;
    try {
      // The native methods: the page's own XHR instrumentation must not see a second request.
      // responseType, withCredentials and timeout are not reset by open().
      natives.open.apply(xhr, r.openArgs);
      for (const [name, value] of r.headers) natives.setHeader.call(xhr, name, value);
      natives.send.call(xhr);
    } catch (e) {
      // Cannot happen with the arguments that worked once; if it does, the page must still hear the end.
      muted = null;
      end(xhr, r, String(e));
      dispatch.call(xhr, new NativeEvent('error'));
      dispatch.call(xhr, new NativeEvent('loadend'));
    } finally {
      muted = null;
    }
  };

  const end = (xhr: XMLHttpRequest, r: XhrRequest, error?: string) => {
    const retried = r.phase === 'retrying';
    r.phase = 'ended';
    const status = xhr.status;
    if (status === 0 && r.outcome === 'error' && !retried && r.injected.length > 0 && r.origin !== pageOrigin)
      hooks.refused(r.url, r.method, r.injected, false);
    const type = status > 0 ? (xhr.getResponseHeader('content-type') ?? '') : '';
    const body =
      status > 0 &&
      r.config &&
      (xhr.responseType === '' || xhr.responseType === 'text') &&
      hooks.keepsBody(r.config, r.url, type)
        ? hooks.cut(r.config, xhr.responseText)
        : undefined;
    const failure = error ?? (status === 0 && r.outcome ? OUTCOME_TEXT[r.outcome] : undefined);
    hooks.report({
      kind: 'request-end',
      id: r.id,
      ts: now(),
      status,
      ...(retried ? { retried } : {}),
      ...(failure ? { error: failure } : {}),
      ...(body !== undefined ? { responseBody: body, responseType: type } : {}),
    });
  };

  const listener = {
    handleEvent(e: Event) {
      const target = e.target as EventTarget;
      const xhr = uploads.get(target) ?? (target as XMLHttpRequest);
      const r = requests.get(xhr);
      if (!r || r.phase === 'idle' || r.phase === 'ended') return;
      const type = e.type;
      if (muted === xhr) {
        if (type === 'readystatechange' || type === 'loadstart') stop(e);
        return;
      }
      const upload = target !== xhr;
      switch (type) {
        case 'readystatechange':
          if (r.phase === 'sent' && xhr.readyState === 4 && xhr.status === 0 && retryable(xhr, r)) {
            r.phase = 'held';
            stop(e);
          }
          return;
        case 'error':
        case 'abort':
        case 'timeout':
          // The first of these after a held readystatechange (on upload or on the XHR) tells what happened.
          if (r.phase === 'held') {
            if (type === 'error') r.phase = 'failed';
            else release(xhr, r);
          }
          if (r.phase === 'failed') return stop(e);
          if (!upload) r.outcome = type;
          return;
        case 'loadend':
          if (r.phase === 'failed') {
            stop(e);
            if (!upload) retry(xhr, r);
            return;
          }
          if (upload) return;
          if (r.phase === 'held') release(xhr, r);
          end(xhr, r);
      }
    },
  };

  return { listener, end };
}
