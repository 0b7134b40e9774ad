/**
 * Everything one document records for one session: rrweb's DOM events plus Tandem's custom events
 * (options, breadcrumbs, performance spans), behind the snapshot gate, with the mutation guard able to
 * pause rrweb through a storm and resume it from a fresh full snapshot.
 */
import type { RecordConfig } from '../shared/protocol';
import {
  breadcrumbEvent,
  consoleBreadcrumb,
  errorBreadcrumb,
  navigationBreadcrumb,
  optionsEvent,
  type CustomEvent,
} from '../shared/replay-events';
import type { PageBridge } from './bridge';
import { startDomBreadcrumbs } from './dom-breadcrumbs';
import { startMutationGuard } from './mutation-guard';
import { startPerformance } from './performance';
import { startRrweb } from './rrweb-recorder';
import { SnapshotGate } from './snapshot-gate';
import { uniqueSelector } from './css-path';
import { isNetworkPageEvent, type NetworkPageEvent, type PageEvent } from '../shared/protocol';

export interface CaptureContext {
  newSession: boolean;
  bridge: PageBridge;
  /** The wrapper's request records go to the background, which joins them with what webRequest saw. */
  network: (event: NetworkPageEvent) => void;
}

function fromPage(e: Exclude<PageEvent, NetworkPageEvent>, maxChars: number): CustomEvent {
  switch (e.kind) {
    case 'console':
      return consoleBreadcrumb(e.ts, e.level, e.args, maxChars);
    case 'error':
      return errorBreadcrumb(e.ts, 'error', e.message, { stack: e.stack, filename: e.filename, lineno: e.lineno, colno: e.colno });
    case 'rejection':
      return errorBreadcrumb(e.ts, 'unhandledrejection', e.message, { stack: e.stack });
    case 'history':
      return navigationBreadcrumb(e.ts, e.from, e.to);
  }
}

function withBlocked(config: RecordConfig, selectors: string[]): RecordConfig {
  const blockSelector = [config.privacy.blockSelector, ...selectors].filter(Boolean).join(', ');
  return { ...config, privacy: { ...config.privacy, blockSelector } };
}

export function startCapture(config: RecordConfig, emit: (event: unknown) => void, ctx: CaptureContext): () => void {
  const gate = new SnapshotGate(emit);
  const custom = (e: CustomEvent) => gate.custom(e);
  if (ctx.newSession) custom(optionsEvent(Date.now(), config.options));
  custom(navigationBreadcrumb(Date.now(), document.referrer, location.href));

  // Created before rrweb's observer so that it runs first in a storm.
  let stopRrweb: (() => void) | null = null;
  let blocked: string[] = [];
  const stopGuard = startMutationGuard({
    limit: config.mutationLimit,
    onStorm: (changes) => {
      stopRrweb?.();
      stopRrweb = null;
      custom(
        breadcrumbEvent(Date.now(), {
          type: 'default',
          category: 'replay.mutations',
          level: 'warning',
          message: `Recording paused: ${changes} DOM changes within a second (limit ${config.mutationLimit}). Resuming from a full snapshot when the page is calm.`,
          data: { count: changes, limit: config.mutationLimit },
        }),
      );
    },
    onCalm: (skipped, hot) => {
      // A full snapshot of the storm's subtree would freeze the page as long as the storm itself: the
      // elements that took the storm are recorded as placeholders from now on, and the breadcrumb says so.
      const selectors = hot.map(uniqueSelector);
      blocked = [...blocked, ...selectors];
      custom(
        breadcrumbEvent(Date.now(), {
          type: 'default',
          category: 'replay.mutations',
          level: 'info',
          message: `Recording resumed; ${skipped} DOM changes were skipped.${selectors.length ? ` Shown as placeholders from now on: ${selectors.join(', ')}` : ''}`,
          data: { skipped, blocked: selectors },
        }),
      );
      stopRrweb = startRrweb(withBlocked(config, blocked), (e) => gate.rrweb(e as { type: number }));
    },
  });
  stopRrweb = startRrweb(config, (e) => gate.rrweb(e as { type: number }));

  ctx.bridge.onEvent((e) => {
    if (isNetworkPageEvent(e)) ctx.network(e);
    else custom(fromPage(e, config.consoleArgMaxChars));
  });
  ctx.bridge.setCapture(true, config.consoleArgMaxChars, config.network);
  const stopDom = startDomBreadcrumbs(config.privacy, custom);
  const stopPerf = startPerformance(custom);

  return () => {
    // The page's last request records arrive right after this (they are posted in batches): they still
    // belong to this session for a moment, unless another recording takes the bridge first.
    const late = (e: PageEvent) => {
      if (isNetworkPageEvent(e)) ctx.network(e);
    };
    ctx.bridge.onEvent(late);
    setTimeout(() => ctx.bridge.offEvent(late), 2000);
    ctx.bridge.setCapture(false, config.consoleArgMaxChars, null);
    stopGuard();
    stopDom();
    stopPerf();
    stopRrweb?.();
  };
}
