/**
 * One document's capture for one session, in one stream behind the snapshot gate: what the page's DOM
 * recorder sends over the DOM bridge as JSON (rrweb's events, click and input breadcrumbs, performance
 * spans, storm breadcrumbs: all need rrweb's node ids, which live in the main world), the page hooks'
 * console, error and history breadcrumbs, and the session's options. The URLs among them (rrweb's Meta
 * `href`, navigations, performance spans, errors) are redacted here, before they leave the page.
 */
import {
  fitUrl,
  isNetworkPageEvent,
  type NetworkPageEvent,
  type PageEvent,
  type RecordConfig,
} from '../shared/protocol';
import {
  consoleBreadcrumb,
  CUSTOM_EVENT_TYPE,
  errorBreadcrumb,
  navigationBreadcrumb,
  optionsEvent,
  type CustomEvent,
} from '../shared/replay-events';
import { redactEventJson, redactEventUrls } from '../shared/redact-events';
import type { PageBridge } from './page-bridge-client';
import type { DomBridge } from './dom-bridge-client';
import { SnapshotGate } from './snapshot-gate';

export interface DocumentCaptureContext {
  newSession: boolean;
  bridge: PageBridge;
  dom: DomBridge;
  /** The wrapper's request records go to the background, which joins them with what webRequest saw. */
  network: (event: NetworkPageEvent) => void;
}

function fromPage(e: Exclude<PageEvent, NetworkPageEvent>, maxChars: number): CustomEvent {
  switch (e.kind) {
    case 'console':
      return consoleBreadcrumb(e.ts, e.level, e.args, maxChars);
    case 'error':
      return errorBreadcrumb(e.ts, 'error', e.message, {
        stack: e.stack,
        filename: e.filename,
        lineno: e.lineno,
        colno: e.colno,
      });
    case 'rejection':
      return errorBreadcrumb(e.ts, 'unhandledrejection', e.message, { stack: e.stack });
    case 'history':
      return navigationBreadcrumb(e.ts, e.from, e.to);
  }
}

export function startDocumentCapture(
  config: RecordConfig,
  emit: (json: string) => void,
  ctx: DocumentCaptureContext,
): () => void {
  const gate = new SnapshotGate<string>(emit);
  const params = config.redactQueryParams;
  const custom = (e: CustomEvent) => {
    redactEventUrls(e, params);
    gate.custom(JSON.stringify(e));
  };
  if (ctx.newSession) custom(optionsEvent(Date.now(), config.options));
  custom(navigationBreadcrumb(Date.now(), fitUrl(document.referrer), fitUrl(location.href)));

  ctx.dom.start(config, ({ type, json }) => {
    const safe = redactEventJson(type, json, params);
    if (type === CUSTOM_EVENT_TYPE) gate.custom(safe);
    else gate.rrweb(type, safe);
  });

  ctx.bridge.onEvent((e) => {
    if (isNetworkPageEvent(e)) ctx.network(e);
    else custom(fromPage(e, config.consoleArgMaxChars));
  });
  ctx.bridge.setCapture(true, config.consoleArgMaxChars, config.network);

  return () => {
    // The page's last request records arrive right after this (they are posted in batches): they still
    // belong to this session for a moment, unless another recording takes the bridge first.
    const late = (e: PageEvent) => {
      if (isNetworkPageEvent(e)) ctx.network(e);
    };
    ctx.bridge.onEvent(late);
    setTimeout(() => ctx.bridge.offEvent(late), 2000);
    ctx.bridge.setCapture(false, config.consoleArgMaxChars, null);
    ctx.dom.stop();
  };
}
