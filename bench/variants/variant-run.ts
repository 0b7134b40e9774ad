/**
 * The four ways a benchmark page is loaded: no recording, bare @rrweb/record, Tandem (the built extension
 * with autoRecord), and Sentry's replay integration. Every variant gets a fresh browser with the same
 * flags and the same long-task observer; only the Tandem variant loads the extension, so its own cost
 * (content scripts, service worker) is counted there alone.
 */
import type { BrowserContext, Page } from 'playwright-core';
import type { IngestSample } from '../../src/shared/protocol';
import type { SessionRecord } from '../../src/shared/model';
import type { ChunkSize, DecodedChunk } from '../../test/harness/store';

export const VARIANTS = ['none', 'rrweb', 'tandem', 'sentry'] as const;
/** Experiments: not competitors, but variants that explain a difference (see rrweb-isolated.ts). */
export const EXPERIMENTS = ['rrweb-isolated'] as const;
export type VariantName = (typeof VARIANTS)[number] | (typeof EXPERIMENTS)[number];

/** What a recorder captured of the window [start, end) (epoch ms). */
export interface Captured {
  /** Characters of rrweb JSON for the window's events (0 when nothing records). */
  jsonBytes: number;
  /** Evidence that the recorder was recording during the window, in words. */
  proof: string;
  recording: boolean;
  /** Tandem only: every stored batch, and the sizes of this session's chunks. */
  ingest?: IngestSample[];
  chunks?: ChunkSize[];
  /** Tandem only: every batch as stored, read before compaction. */
  batches?: DecodedChunk[];
  session?: Pick<SessionRecord, 'rawBytes' | 'storedBytes' | 'eventCount' | 'chunkCount'>;
  /** Tandem only: the session record once the background compacted it (docs/storage.md, "Compaction"). */
  compacted?: Pick<SessionRecord, 'rawBytes' | 'storedBytes' | 'eventCount' | 'chunkCount'>;
}

export interface VariantRun {
  context: BrowserContext;
  profileDir: string;
  open(url: string): Promise<Page>;
  windowStart(page: Page): Promise<void>;
  collect(page: Page, start: number, end: number): Promise<Captured>;
  close(): Promise<void>;
}

/** A new tab showing `url`, loaded; `before` runs once the tab exists, before its document loads. */
export async function gotoNew(
  context: BrowserContext,
  url: string,
  before?: (page: Page) => Promise<void>,
): Promise<Page> {
  const page = await context.newPage();
  await before?.(page);
  await page.goto(url, { waitUntil: 'load' });
  return page;
}
