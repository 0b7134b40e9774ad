/**
 * The DOM bridge: rrweb runs in the MAIN world (content/page/dom-recorder.ts), where DOM access costs what it
 * costs the page itself; the isolated world pays extra for every node it touches, its own wrappers
 * (BENCHMARKS.md, experiment `rrweb-isolated`; docs/architecture.md). Events cross in batches as CustomEvents
 * dispatched on a detached node that only the two scripts hold (handed over at document_start through
 * DOM_BRIDGE_EVENT's relatedTarget): dispatch is synchronous, so the recorder's `flush` during pagehide puts
 * the page's last events in the outbox before the page goes.
 */
import { z } from 'zod';
import { guarded } from '../zod-guard';
import type { RecordConfig } from './recorder-port';

/** What the MAIN-world DOM recorder needs to start rrweb and its storm guard. */
export type DomRecordConfig = Pick<RecordConfig, 'privacy' | 'checkoutEveryMs' | 'mutationLimit'>;

/** Recorder -> DOM recorder. `flush`: hand over the events it holds now (the page is going away or hidden). */
export type DomDown = { kind: 'start'; config: DomRecordConfig } | { kind: 'stop' } | { kind: 'flush' };

/** One event (rrweb's, or a custom event made in the page: clicks, inputs, performance spans, storm
 * breadcrumbs), already JSON: serialized once, in the page. */
export const domEventSchema = z.object({
  // rrweb's own data is opaque to us; the background checks each event's type and timestamp.
  type: z.number().int().min(0).max(7),
  json: z.string().startsWith('{'),
});
export type DomEvent = z.infer<typeof domEventSchema>;

/** DOM recorder -> recorder: the events since the last batch, in order (see DOM_BATCH_MS). */
export const domUpSchema = guarded(
  z.object({
    kind: z.literal('events'),
    events: z.array(domEventSchema).min(1).max(100_000),
  }),
);
export type DomUp = z.infer<typeof domUpSchema>;
