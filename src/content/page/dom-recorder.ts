/**
 * The DOM half of a recording, in the page's main world: rrweb, the mutation-storm guard, and the custom
 * events that name rrweb nodes (click and input breadcrumbs, performance spans with web vitals' elements),
 * since rrweb's node ids live here. The isolated recorder starts and stops it and receives every event over
 * the DOM bridge (shared/protocol/dom-bridge.ts) already serialized, in batches: each event is turned into JSON
 * once, here, and travels as a string from then on.
 */
import type { eventWithTime } from '@rrweb/types';
import {
  DOM_BATCH_CHARS,
  DOM_BATCH_MS,
  DOM_BRIDGE_EVENT,
  DOM_DOWN_EVENT,
  DOM_UP_EVENT,
} from '../../shared/bridge-constants';
import type { DomDown, DomRecordConfig, DomUp } from '../../shared/protocol';
import { breadcrumbEvent, type CustomEvent as ReplayEvent } from '../../shared/replay-events';
import { uniqueSelector } from './css-path';
import { domBatch } from './dom-batch';
import { startDomBreadcrumbs } from './dom-breadcrumbs';
import { startMutationGuard } from './mutation-guard';
import { startPerformance } from './performance';
import { startRrweb } from './rrweb';
import { safeJson } from './serialize';

const stormBreadcrumb = (changes: number, limit: number) =>
  breadcrumbEvent(Date.now(), {
    type: 'default',
    category: 'replay.mutations',
    level: 'warning',
    message:
      `Recording paused: ${changes} DOM changes within a second (limit ${limit}). ` +
      'Resuming from a full snapshot when the page is calm.',
    data: { count: changes, limit },
  });

const calmBreadcrumb = (skipped: number, blocked: string[]) =>
  breadcrumbEvent(Date.now(), {
    type: 'default',
    category: 'replay.mutations',
    level: 'info',
    message:
      `Recording resumed; ${skipped} DOM changes were skipped.` +
      (blocked.length ? ` Shown as placeholders from now on: ${blocked.join(', ')}` : ''),
    data: { skipped, blocked },
  });

export function installDomRecorder(): void {
  // Captured now, before the page's scripts run: a page that replaces them later cannot read or alter
  // what is recorded through them. Bound here, not called with `.call` later: a page's
  // Function.prototype.call would be handed the node, and CustomEvent.prototype.detail's getter the messages.
  const CustomEventCtor = CustomEvent;
  const node = document.createElement('span');
  const dispatch = EventTarget.prototype.dispatchEvent.bind(node);
  const detailOf = Object.getOwnPropertyDescriptor(CustomEvent.prototype, 'detail')?.get;
  const apply = Reflect.apply;
  const up = (message: DomUp) => dispatch(new CustomEventCtor(DOM_UP_EVENT, { detail: message }));
  // Handed over in batches: one dispatch and one copy across worlds per batch, not per event.
  const batch = domBatch({
    maxMs: DOM_BATCH_MS,
    maxChars: DOM_BATCH_CHARS,
    send: (events) => up({ kind: 'events', events }),
    setTimer: setTimeout.bind(window),
    clearTimer: clearTimeout.bind(window),
  });
  // These listeners come before web-vitals' own (added when recording starts), which report on the way out.
  addEventListener('pagehide', () => batch.hidden(true), { capture: true });
  addEventListener('pageshow', () => batch.hidden(false), { capture: true });
  document.addEventListener('visibilitychange', () => batch.hidden(document.visibilityState === 'hidden'), {
    capture: true,
  });
  const emit = (event: eventWithTime | ReplayEvent) => batch.add({ type: event.type, json: safeJson(event) });

  let stop: (() => void) | null = null;

  const start = (config: DomRecordConfig) => {
    stop?.();
    let stopRrweb: (() => void) | null = null;
    let blocked: string[] = [];
    // Created before rrweb's observer, so in a storm its callback runs first and can stop rrweb before
    // rrweb serializes the storm.
    const stopGuard = startMutationGuard({
      limit: config.mutationLimit,
      onStorm: (changes) => {
        stopRrweb?.();
        stopRrweb = null;
        emit(stormBreadcrumb(changes, config.mutationLimit));
      },
      onCalm: (skipped, hot) => {
        // A full snapshot of the storm's subtree would freeze the page as long as the storm itself: the
        // elements that took the storm are recorded as placeholders from now on.
        const selectors = hot.map(uniqueSelector);
        blocked = [...blocked, ...selectors];
        emit(calmBreadcrumb(skipped, selectors));
        stopRrweb = startRrweb(config, blocked, emit);
      },
    });
    stopRrweb = startRrweb(config, blocked, emit);
    const stopBreadcrumbs = startDomBreadcrumbs(config.privacy, emit);
    const stopPerformance = startPerformance(emit);
    stop = () => {
      stopGuard();
      stopRrweb?.();
      stopBreadcrumbs();
      stopPerformance();
      batch.flush();
      stop = null;
    };
  };

  node.addEventListener(DOM_DOWN_EVENT, (e) => {
    const message = (detailOf ? apply(detailOf, e, []) : (e as CustomEvent).detail) as DomDown | null;
    try {
      if (message?.kind === 'start') start(message.config);
      else if (message?.kind === 'stop') stop?.();
      else if (message?.kind === 'flush') batch.flush();
    } catch {
      // Never break the page; the recording then lacks its DOM, which the viewer shows.
    }
  });
  // The recorder (isolated world, injected first) listens on window and takes the node from relatedTarget.
  dispatchEvent(new MouseEvent(DOM_BRIDGE_EVENT, { relatedTarget: node }));
}
