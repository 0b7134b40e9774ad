/**
 * Custom recording events in Sentry's replay-recording format: rrweb `type: 5` with `data: {tag, payload}`.
 * Tags: `options` (first segment), `breadcrumb` (Sentry's breadcrumb interface, timestamps in seconds) and
 * `performanceSpan` (op/description/startTimestamp/endTimestamp in seconds, data). See
 * Sentry's developer docs, "Replay Recordings" (develop.sentry.dev). Pure builders, tested on their own.
 */

export const CUSTOM_EVENT_TYPE = 5;

export interface CustomEvent<P = unknown> {
  type: typeof CUSTOM_EVENT_TYPE;
  timestamp: number;
  data: { tag: 'options' | 'breadcrumb' | 'performanceSpan'; payload: P };
}

export type BreadcrumbLevel = 'fatal' | 'error' | 'warning' | 'info' | 'debug' | 'log';

export interface Breadcrumb {
  timestamp: number;
  type: 'default' | 'error' | 'navigation' | 'ui';
  category: string;
  level?: BreadcrumbLevel;
  message?: string;
  data?: Record<string, unknown>;
}

export interface PerformanceSpan {
  op: string;
  description: string;
  startTimestamp: number;
  endTimestamp: number;
  data?: Record<string, unknown>;
}

const seconds = (ms: number) => ms / 1000;

export function optionsEvent(tsMs: number, options: Record<string, string | number | boolean>): CustomEvent {
  return { type: CUSTOM_EVENT_TYPE, timestamp: tsMs, data: { tag: 'options', payload: options } };
}

export function breadcrumbEvent(tsMs: number, crumb: Omit<Breadcrumb, 'timestamp'>): CustomEvent<Breadcrumb> {
  return {
    type: CUSTOM_EVENT_TYPE,
    timestamp: tsMs,
    data: { tag: 'breadcrumb', payload: { timestamp: seconds(tsMs), ...crumb } },
  };
}

export function performanceSpanEvent(span: {
  op: string;
  description: string;
  startMs: number;
  endMs: number;
  data?: Record<string, unknown>;
}): CustomEvent<PerformanceSpan> {
  const payload: PerformanceSpan = {
    op: span.op,
    description: span.description,
    startTimestamp: seconds(span.startMs),
    endTimestamp: seconds(span.endMs),
    ...(span.data ? { data: span.data } : {}),
  };
  return { type: CUSTOM_EVENT_TYPE, timestamp: span.startMs, data: { tag: 'performanceSpan', payload } };
}

/** Console levels map to Sentry's breadcrumb levels the way Sentry's console integration maps them. */
export function consoleLevel(level: string): BreadcrumbLevel {
  if (level === 'warn') return 'warning';
  if (level === 'error' || level === 'assert') return 'error';
  if (level === 'debug' || level === 'trace') return 'debug';
  if (level === 'info') return 'info';
  return 'log';
}

export function consoleBreadcrumb(
  tsMs: number,
  level: string,
  args: string[],
  maxChars: number,
): CustomEvent<Breadcrumb> {
  const message = args.join(' ');
  return breadcrumbEvent(tsMs, {
    type: 'default',
    category: 'console',
    level: consoleLevel(level),
    message: message.length > maxChars ? `${message.slice(0, maxChars)}…` : message,
    data: { arguments: args, logger: 'console' },
  });
}

export function navigationBreadcrumb(tsMs: number, from: string, to: string): CustomEvent<Breadcrumb> {
  return breadcrumbEvent(tsMs, { type: 'navigation', category: 'navigation', data: { from, to } });
}

export function errorBreadcrumb(
  tsMs: number,
  kind: 'error' | 'unhandledrejection',
  message: string,
  data: Record<string, unknown>,
): CustomEvent<Breadcrumb> {
  return breadcrumbEvent(tsMs, {
    type: 'error',
    category: kind === 'error' ? 'exception' : 'unhandledrejection',
    level: 'error',
    message,
    data,
  });
}

/** Sentry rates web vitals with the thresholds web.dev publishes. */
export function webVitalSpan(
  name: 'largest-contentful-paint' | 'cumulative-layout-shift' | 'interaction-to-next-paint',
  tsMs: number,
  value: number,
  rating: string,
  nodeIds: number[],
): CustomEvent<PerformanceSpan> {
  return performanceSpanEvent({
    op: 'web-vital',
    description: name,
    startMs: tsMs,
    endMs: tsMs,
    data: { value, size: value, rating, nodeIds },
  });
}
