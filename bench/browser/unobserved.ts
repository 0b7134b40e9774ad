/**
 * Chromium with the built extension and no DevTools client on the page being measured. Playwright attaches
 * a DevTools protocol session to every page of its browsers and turns its Network domain on; Chrome then
 * captures the JavaScript stack of every request for the initiator, and that capture costs a fetch called
 * from the extension's MAIN-world wrapper about 25 µs more than one called by the page (bench machine,
 * measured with Network on and off in one page). A benchmark of the wrapper measures without that probe:
 * this launches Chromium itself, talks the DevTools protocol over --remote-debugging-pipe to the browser and
 * to extension pages only, and a page that is never attached measures itself and posts its figures back.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { cdpEvaluate } from '../../test/harness/devtools';
import { CHROMIUM, chromiumArgs } from '../../test/harness/launch';
import { until } from '../../test/harness/until';

export interface Unobserved {
  extensionId: string;
  /** Opens a tab the bench never attaches to. */
  openUnobserved(url: string): Promise<void>;
  /** Opens one of the extension's pages, attached, and evaluates `expression` in it (awaited, by value). */
  openExtensionPage(path: string): Promise<(expression: string) => Promise<unknown>>;
  close(): Promise<void>;
}

type Reply = { id?: number; result?: Record<string, unknown>; error?: { message: string } };

export async function launchUnobserved(): Promise<Unobserved> {
  const profile = mkdtempSync(join(tmpdir(), 'tandem-unobserved-'));
  const args = [
    ...chromiumArgs(join(profile, 'chromium.log')),
    '--headless',
    `--user-data-dir=${profile}`,
    '--remote-debugging-pipe',
    'about:blank',
  ];
  // The pipe: Chromium reads commands on fd 3 and writes replies on fd 4, each a JSON text ending in NUL.
  const child = spawn(CHROMIUM, args, { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
  const toChrome = child.stdio[3] as Writable;
  const fromChrome = child.stdio[4] as Readable;
  const waiting = new Map<number, (reply: Reply) => void>();
  let buffered = '';
  fromChrome.on('data', (chunk: Buffer) => {
    const parts = (buffered + chunk.toString('utf8')).split('\0');
    buffered = parts.pop() ?? '';
    for (const part of parts) {
      const reply = JSON.parse(part) as Reply;
      if (reply.id !== undefined) waiting.get(reply.id)?.(reply);
    }
  });
  let seq = 0;
  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = ++seq;
      waiting.set(id, (reply) => {
        waiting.delete(id);
        if (reply.error) reject(new Error(`${method}: ${reply.error.message}`));
        else resolve(reply.result ?? {});
      });
      toChrome.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  const close = async () => {
    const exited = new Promise((r) => child.once('exit', r));
    await send('Browser.close').catch(() => child.kill('SIGKILL'));
    await exited;
    rmSync(profile, { recursive: true, force: true });
  };

  try {
    const extensionId = await until('the extension service worker', async () => {
      const { targetInfos } = (await send('Target.getTargets')) as { targetInfos: { type: string; url: string }[] };
      const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'));
      return worker ? new URL(worker.url).host : undefined;
    });
    return {
      extensionId,
      async openUnobserved(url) {
        await send('Target.createTarget', { url });
      },
      async openExtensionPage(path) {
        const { targetId } = (await send('Target.createTarget', {
          url: `chrome-extension://${extensionId}/${path}`,
        })) as { targetId: string };
        const { sessionId } = (await send('Target.attachToTarget', { targetId, flatten: true })) as {
          sessionId: string;
        };
        const evaluate = (expression: string) =>
          cdpEvaluate<unknown>(
            (method, params) => send(method, params as Record<string, unknown>, sessionId),
            expression,
          ).catch((e: Error) => {
            throw new Error(`in ${path}: ${e.message}`);
          });
        await until(`${path} loading`, async () =>
          (await evaluate('document.readyState === "complete" && typeof chrome.runtime?.connect === "function"')) ===
          true
            ? true
            : undefined,
        );
        return evaluate;
      },
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
