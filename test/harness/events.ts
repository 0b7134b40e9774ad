/** Helpers to pick Tandem's custom events (Sentry's replay format) out of stored rrweb events. */
import type { DecodedChunk } from './store';

export interface Custom {
  type: number;
  timestamp: number;
  data: {
    tag: string;
    payload: {
      category?: string;
      message?: string;
      level?: string;
      op?: string;
      description?: string;
      data?: Record<string, unknown>;
    };
  };
}

const allEvents = (chunks: DecodedChunk[]) =>
  [...chunks].sort((a, b) => (a.pageId === b.pageId ? a.seq - b.seq : 0)).flatMap((c) => c.events);

export const customs = (chunks: DecodedChunk[]): Custom[] =>
  allEvents(chunks).filter((e) => e.type === 5) as unknown as Custom[];

export const breadcrumbs = (chunks: DecodedChunk[], category: string) =>
  customs(chunks)
    .filter((e) => e.data.tag === 'breadcrumb' && e.data.payload.category === category)
    .map((e) => e.data.payload);

export const spans = (chunks: DecodedChunk[], op: string | RegExp) =>
  customs(chunks)
    .filter(
      (e) =>
        e.data.tag === 'performanceSpan' &&
        (typeof op === 'string' ? e.data.payload.op === op : op.test(e.data.payload.op ?? '')),
    )
    .map((e) => e.data.payload);
