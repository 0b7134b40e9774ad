/**
 * The trace waterfall's layout: turns a browser request and its backend trace into the rows the panel
 * draws. Pure: no DOM, no Chrome, inputs never mutated.
 *
 * - Row 0 is the browser request (id `request`, depth 0). Under it, depth-first with children sorted by
 *   start, the request's subtree: the span `requestRootSpan` names, or, when that id is only a parent (the
 *   browser's client span is rarely exported), its children. Every other span follows at depth 1 as a root
 *   of its own (other roots, orphans whose parent is not in the trace, then spans whose parent chain loops),
 *   so nothing is hidden. A collapsed row keeps its row but loses its descendants; collapsing `request`
 *   hides every span. Search matches are revealed: their collapsed ancestors are drawn open.
 * - Times are on the browser's clock: `alignTrace` shifts (and clamps) the server's subtree.
 * - The critical path follows Jaeger's algorithm (see `criticalPath`).
 * - Linear in the spans (maps, one sort per sibling list); walks are iterative and guarded by visited sets,
 *   so deep traces do not overflow the stack and broken parent links (cycles, repeated ids) do not loop.
 */
import type { RequestRecord } from '../../shared/model';
import { type AlignedSpan, alignTrace } from '../../shared/traces/align';
import type { AttributeValue, Attributes, Span, Trace } from '../../shared/traces/model';
import { requestRootSpan } from '../../shared/traces/request-metrics';

export const REQUEST_ROW_ID = 'request';

export interface WaterfallRow {
  /** `request` for the browser root, else the span id. */
  id: string;
  /** 0 is the browser request. */
  depth: number;
  name: string;
  service: string;
  /** Epoch ms on the browser's clock (aligned). */
  start: number;
  end: number;
  /** The span's status is error; for the root: the request failed (network error or HTTP status >= 400). */
  error: boolean;
  /** Some part of the row is on the critical path (see `criticalPath`). */
  critical: boolean;
  hasChildren: boolean;
  /** Collapsed by the caller and has children (its descendants are not in the rows). */
  collapsed: boolean;
  /** Alignment clamped the span into the request's window. */
  clamped: boolean;
  spanId: string | null;
  /** The row's parent in the layout (`request` for the request's subtree roots), null for row 0. */
  parentId: string | null;
}

export interface Waterfall {
  rows: WaterfallRow[];
  skewMs: number;
  /** The extent of the request and every span, drawn or not: the scale does not jump when rows collapse. */
  start: number;
  end: number;
  spanCount: number;
  /** Spans whose status is error. */
  errorCount: number;
  /** Ids of the request and spans matching `opts.search` (empty without a search). */
  matches: Set<string>;
}

export interface WaterfallOptions {
  collapsed?: ReadonlySet<string>;
  search?: string;
}

/** What the critical path needs of a span. */
export type TimedSpan = Pick<Span, 'spanId' | 'parentSpanId' | 'start' | 'end'>;

/** What search looks at. */
export interface SearchableSpan {
  id: string;
  name: string;
  service: string;
  attributes?: Attributes;
}

/** Children by parent id, each list sorted by `order`; the first span of a repeated id wins. */
function childrenOf<T extends TimedSpan>(spans: readonly T[], order: (a: T, b: T) => number) {
  const byId = new Map<string, T>();
  const children = new Map<string, T[]>();
  for (const s of spans) {
    if (byId.has(s.spanId)) continue;
    byId.set(s.spanId, s);
    if (s.parentSpanId === undefined) continue;
    const list = children.get(s.parentSpanId);
    if (list) list.push(s);
    else children.set(s.parentSpanId, [s]);
  }
  for (const list of children.values()) list.sort(order);
  return { byId, children };
}

/**
 * The spans on the critical path under `rootId`, Jaeger's algorithm (critical-path of jaeger-ui): from the
 * root, take the child that finished last; recurse into it; when back from a child that started at t, take
 * the parent's latest-finishing child that ended strictly before t, and so on until none is left. The
 * parent's time not covered by those children is the parent's own share. Children are first clipped to
 * their parent's (clipped) window, and dropped when entirely outside it. A span is critical when any part
 * of it is on the path. So with root 0-100, A 0-30, B 20-90 (C 40-85 under it), D 10-15: root, B, C, D
 * are critical; A is not, as it ended after B, the next critical child, had started.
 */
export function criticalPath(spans: readonly TimedSpan[], rootId: string): Set<string> {
  const { byId, children } = childrenOf(spans, (a, b) => b.end - a.end);
  const critical = new Set<string>();
  const root = byId.get(rootId);
  if (!root) return critical;
  // The clipped window, tree parent and latest-ending children (in order, with a cursor) of each span.
  const window = new Map<string, { start: number; end: number; parent: string | null; kids: TimedSpan[] }>();
  window.set(rootId, { start: root.start, end: Math.max(root.start, root.end), parent: null, kids: [] });
  const queue = [rootId];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    const w = window.get(id)!;
    for (const child of children.get(id) ?? []) {
      if (window.has(child.spanId) || child.start > w.end || child.end < w.start) continue;
      const start = Math.max(child.start, w.start);
      window.set(child.spanId, { start, end: Math.max(start, Math.min(child.end, w.end)), parent: id, kids: [] });
      w.kids.push(child);
      queue.push(child.spanId);
    }
  }
  // Clipping may reorder siblings by end: sort by clipped end, latest first.
  const endOf = (s: TimedSpan) => window.get(s.spanId)!.end;
  for (const w of window.values()) w.kids.sort((a, b) => endOf(b) - endOf(a));
  const cursor = new Map<string, number>();
  let current = rootId;
  let limit = Number.POSITIVE_INFINITY; // descending: any child; returning: ended before the child's start
  for (;;) {
    critical.add(current);
    const w = window.get(current)!;
    let at = cursor.get(current) ?? 0;
    while (at < w.kids.length && endOf(w.kids[at]!) >= limit) at++;
    const next = w.kids[at];
    cursor.set(current, at + 1);
    if (next) {
      current = next.spanId;
      limit = Number.POSITIVE_INFINITY;
    } else if (w.parent !== null) {
      limit = w.start;
      current = w.parent;
    } else {
      break;
    }
  }
  return critical;
}

const textOf = (value: AttributeValue): string =>
  typeof value === 'string'
    ? value
    : value !== null && typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);

/** Ids whose name, service or an attribute value contains `text`, case-insensitive; none for blank text. */
export function searchSpans(rows: readonly SearchableSpan[], text: string): Set<string> {
  const needle = text.trim().toLowerCase();
  const found = new Set<string>();
  if (needle === '') return found;
  const has = (value: string) => value.toLowerCase().includes(needle);
  for (const row of rows) {
    const attributes = Object.values(row.attributes ?? {});
    if (has(row.name) || has(row.service) || attributes.some((v) => has(textOf(v)))) found.add(row.id);
  }
  return found;
}

function requestName(request: Pick<RequestRecord, 'method' | 'url'>): string {
  try {
    return `${request.method} ${new URL(request.url).pathname}`;
  } catch {
    return `${request.method} ${request.url}`;
  }
}

/** The spans the request's subtree starts from: the named span, else the children of the named parent. */
function subtreeRoots(
  request: RequestRecord,
  trace: Trace,
  byId: Map<string, AlignedSpan>,
  children: Map<string, AlignedSpan[]>,
) {
  const id = requestRootSpan(trace, request);
  if (id === undefined) return [];
  const span = byId.get(id);
  return span ? [span] : (children.get(id) ?? []);
}

/** Builds the rows of a request's waterfall. Without a trace, only the request's row. */
export function buildWaterfall(
  request: RequestRecord,
  trace: Trace | undefined,
  opts: WaterfallOptions = {},
): Waterfall {
  const collapsed = opts.collapsed ?? new Set<string>();
  const alignment = trace ? alignTrace(request, trace.spans) : { skewMs: 0, spans: [] as AlignedSpan[] };
  const { byId, children } = childrenOf(alignment.spans, (a, b) => a.start - b.start);
  const spans = [...byId.values()];
  const roots = trace ? subtreeRoots(request, trace, byId, children) : [];
  const failed = request.error !== null || request.status >= 400;
  const name = requestName(request);

  // The layout tree: the request's subtree under `request`, then every span not reached yet as a root.
  const layoutParent = new Map<string, string>();
  const kids = new Map<string, AlignedSpan[]>([[REQUEST_ROW_ID, []]]);
  const claim = (top: AlignedSpan) => {
    if (layoutParent.has(top.spanId)) return;
    layoutParent.set(top.spanId, REQUEST_ROW_ID);
    kids.get(REQUEST_ROW_ID)!.push(top);
    const queue = [top];
    for (let i = 0; i < queue.length; i++) {
      const list: AlignedSpan[] = [];
      for (const child of children.get(queue[i]!.spanId) ?? []) {
        if (layoutParent.has(child.spanId)) continue;
        layoutParent.set(child.spanId, queue[i]!.spanId);
        list.push(child);
        queue.push(child);
      }
      kids.set(queue[i]!.spanId, list);
    }
  };
  const sortedRoots = [...roots].sort((a, b) => a.start - b.start);
  for (const top of sortedRoots) claim(top);
  const isRoot = (s: AlignedSpan) => s.parentSpanId === undefined || !byId.has(s.parentSpanId);
  const others = spans.filter(isRoot).sort((a, b) => a.start - b.start);
  for (const top of others) claim(top);
  for (const s of spans) claim(s); // left: spans on a parent cycle

  const critical = criticalPath(
    [
      { spanId: REQUEST_ROW_ID, start: request.startTs, end: request.endTs },
      ...sortedRoots.map((s) => ({ ...s, parentSpanId: REQUEST_ROW_ID })),
      ...spans.filter((s) => layoutParent.get(s.spanId) !== REQUEST_ROW_ID),
    ],
    REQUEST_ROW_ID,
  );

  const matches = searchSpans(
    [{ id: REQUEST_ROW_ID, name, service: 'browser' }, ...spans.map((s) => ({ ...s, id: s.spanId }))],
    opts.search ?? '',
  );
  const revealed = new Set<string>();
  for (const id of matches) {
    for (let p = layoutParent.get(id); p !== undefined && !revealed.has(p); p = layoutParent.get(p)) revealed.add(p);
  }
  const isCollapsed = (id: string) => collapsed.has(id) && !revealed.has(id) && (kids.get(id)?.length ?? 0) > 0;

  const rows: WaterfallRow[] = [
    {
      id: REQUEST_ROW_ID,
      depth: 0,
      name,
      service: 'browser',
      start: request.startTs,
      end: request.endTs,
      error: failed,
      critical: true,
      hasChildren: spans.length > 0,
      collapsed: isCollapsed(REQUEST_ROW_ID),
      clamped: false,
      spanId: request.spanId,
      parentId: null,
    },
  ];
  if (!rows[0]!.collapsed) {
    const stack: { span: AlignedSpan; depth: number }[] = [];
    const top = kids.get(REQUEST_ROW_ID)!;
    for (let i = top.length - 1; i >= 0; i--) stack.push({ span: top[i]!, depth: 1 });
    for (let item = stack.pop(); item; item = stack.pop()) {
      const { span, depth } = item;
      const list = kids.get(span.spanId) ?? [];
      const shut = isCollapsed(span.spanId);
      rows.push({
        id: span.spanId,
        depth,
        name: span.name,
        service: span.service,
        start: span.start,
        end: span.end,
        error: span.status.code === 'error',
        critical: critical.has(span.spanId),
        hasChildren: list.length > 0,
        collapsed: shut,
        clamped: span.clamped,
        spanId: span.spanId,
        parentId: layoutParent.get(span.spanId) ?? null,
      });
      if (shut) continue;
      for (let i = list.length - 1; i >= 0; i--) stack.push({ span: list[i]!, depth: depth + 1 });
    }
  }

  let start = request.startTs;
  let end = request.endTs;
  for (const s of spans) {
    if (s.start < start) start = s.start;
    if (s.end > end) end = s.end;
  }
  const errorCount = spans.reduce((n, s) => n + (s.status.code === 'error' ? 1 : 0), 0);
  return { rows, skewMs: alignment.skewMs, start, end, spanCount: spans.length, errorCount, matches };
}
