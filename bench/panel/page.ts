/**
 * The panel benchmark's code inside the browser, bundled (bundles.ts) and evaluated in an extension page (it
 * writes Tandem's IndexedDB with the background's own SessionStore) or in a plain page (the baseline player).
 * Everything is timed with performance.now() in the page; a frame counts as shown at the next animation frame.
 */
import { Replayer } from '@rrweb/replay';
import type { eventWithTime } from '@rrweb/types';
import { requestSpan } from '../../src/background/network/request-record';
import { SessionStore } from '../../src/background/store/session-store';
import { openTandemDb } from '../../src/shared/db/schema';
import type { RequestRecord } from '../../src/shared/model';
import type { Batch } from '../../src/shared/protocol';
import type { BatchMeta } from '../../src/shared/rrweb-events';
import type { Trace } from '../../src/shared/traces/model';

const nextFrame = () => new Promise<number>((r) => requestAnimationFrame(() => r(performance.now())));

/** Resolves when `check` holds, testing it on every DOM change under `root` and every frame. */
function until(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) return resolve();
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error('panel bench: condition not met in time'));
    }, timeoutMs);
    const done = () => {
      if (!check()) return false;
      clearTimeout(timer);
      observer.disconnect();
      resolve();
      return true;
    };
    const observer = new MutationObserver(() => void done());
    observer.observe(document.body, { subtree: true, childList: true, attributes: true });
    void (async function poll() {
      while (!done()) await nextFrame();
    })();
  });
}

const stage = () => document.querySelector<HTMLElement>('[data-testid=replay-stage]');
const player = () => document.querySelector<HTMLElement>('[data-testid=player]');

const seeding = {
  store: new SessionStore(() => openTandemDb(), { requestWriteDelayMs: 0 }),
  async create(id: string, url: string, title: string, now: number): Promise<void> {
    await this.store.create({ id, tabId: 1, trigger: 'manual', url, title, now });
  },
  async append(items: { batch: Batch; meta: BatchMeta }[]): Promise<void> {
    for (const { batch, meta } of items) {
      const result = await this.store.append(batch, meta);
      if (result !== 'stored') throw new Error(`panel bench: batch ${batch.seq} not stored: ${result}`);
    }
  },
  async requests(records: RequestRecord[]): Promise<void> {
    const stored = await Promise.all(records.map((r) => this.store.appendRequest(r, requestSpan(r))));
    if (stored.some((ok) => !ok)) throw new Error('panel bench: a request was not stored');
  },
  async traces(sessionId: string, traces: Trace[]): Promise<void> {
    for (const trace of traces)
      await this.store.putTrace(sessionId, { sourceId: 'bench', kind: 'jaeger-v1', trace, fetchedAt: Date.now() });
  },
  finish(id: string, at: number): Promise<void> {
    return this.store.finish(id, 'complete', 'stopped', at);
  },
};

/** Tandem's panel, driven through its DOM as a user would. */
const panel = {
  /** Clicks a session in the library; ms until its first frame is drawn (the Player's data-shown) and painted. */
  async open(sessionId: string, rows = true): Promise<{ frameMs: number; rowsMs: number }> {
    const item = document.querySelector<HTMLElement>(`[data-session-id="${sessionId}"]`);
    if (!item) throw new Error(`panel bench: no session ${sessionId} in the library`);
    const t0 = performance.now();
    item.click();
    // The render that marks the item current also drops the previous session's player; the frame is drawn
    // when the stage says so and the replayed page has content.
    await until(
      () =>
        item.getAttribute('aria-current') === 'true' &&
        !!player() &&
        stage()?.dataset.shown !== undefined &&
        !!stage()?.querySelector('iframe')?.contentDocument?.body?.childElementCount,
    );
    const frameMs = (await nextFrame()) - t0;
    if (!rows) return { frameMs, rowsMs: Number.NaN };
    await until(() => !!document.querySelector('[data-testid=request-table] [data-request-id]'));
    return { frameMs, rowsMs: (await nextFrame()) - t0 };
  },
  total(): number {
    return Number(document.querySelector<HTMLInputElement>('[data-testid=seek]')?.max ?? Number.NaN);
  },
  /** Moves the seek slider to `time`; ms until that frame is drawn and painted. */
  async seek(time: number): Promise<number> {
    const input = document.querySelector<HTMLInputElement>('[data-testid=seek]');
    if (!input) throw new Error('panel bench: no seek slider');
    const t0 = performance.now();
    input.value = String(time);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await until(() => stage()?.dataset.shown === String(time));
    return (await nextFrame()) - t0;
  },
  /** Types a filter and opens the request's details; resolves once its waterfall has rows. */
  async openRequest(filter: string, requestId: string): Promise<void> {
    const box = document.querySelector<HTMLInputElement>('[aria-label="Filter requests"]');
    if (!box) throw new Error('panel bench: no filter box');
    box.value = filter;
    box.dispatchEvent(new Event('input', { bubbles: true }));
    await until(() => !!document.querySelector(`[data-request-id="${requestId}"]`));
    document.querySelector<HTMLElement>(`[data-request-id="${requestId}"]`)!.click();
    await until(() => document.querySelectorAll('[data-testid=waterfall] .wf-row').length > 10);
  },
  clearFilter(): void {
    const box = document.querySelector<HTMLInputElement>('[aria-label="Filter requests"]');
    if (!box) return;
    box.value = '';
    box.dispatchEvent(new Event('input', { bubbles: true }));
  },
  /** Frame times (ms between animation frames) while `selector` scrolls `step` px per frame for `frames` frames. */
  async scroll(selector: string, frames: number, step: number): Promise<{ frames: number[]; height: number }> {
    const el = document.querySelector<HTMLElement>(selector);
    if (!el) throw new Error(`panel bench: nothing matches ${selector}`);
    el.scrollTop = 0;
    const out: number[] = [];
    let last = await nextFrame();
    for (let i = 0; i < frames; i++) {
      el.scrollTop += step;
      const now = await nextFrame();
      out.push(now - last);
      last = now;
    }
    return { frames: out, height: el.scrollHeight };
  },
  /** Frame times of the same page doing nothing: the machine's own frame cadence. */
  async idle(frames: number): Promise<number[]> {
    const out: number[] = [];
    let last = await nextFrame();
    for (let i = 0; i < frames; i++) {
      const now = await nextFrame();
      out.push(now - last);
      last = now;
    }
    return out;
  },
};

/** The baseline: rrweb's Replayer on the same events, already in memory, with nothing around it. */
const baseline = {
  replayer: null as Replayer | null,
  async open(events: eventWithTime[]): Promise<number> {
    this.replayer?.destroy();
    const root = document.createElement('div');
    document.body.replaceChildren(root);
    const t0 = performance.now();
    const r = new Replayer(events, { root, skipInactive: true, showWarning: false, mouseTail: false });
    r.pause(r.getMetaData().totalTime + 1);
    this.replayer = r;
    return (await nextFrame()) - t0;
  },
  async seek(time: number): Promise<number> {
    const t0 = performance.now();
    this.replayer?.pause(time + 1);
    return (await nextFrame()) - t0;
  },
};

declare global {
  interface Window {
    __panelBench?: { seeding: typeof seeding; panel: typeof panel; baseline: typeof baseline };
  }
}

window.__panelBench = { seeding, panel, baseline };
