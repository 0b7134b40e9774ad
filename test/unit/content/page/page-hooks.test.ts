// @vitest-environment happy-dom
/**
 * The MAIN-world hooks against a page that turns hostile after they installed (as every page script runs
 * after them): it replaces the prototypes' methods and getters the hooks would otherwise go through, to get
 * the port, read the configuration or rewrite what is sent. happy-dom stands in for the page; the message
 * ports and their events are Node's (as one coherent platform: happy-dom's own MessagePort does not deliver).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hostile, undoAll, undoLast } from './hostile';
import { PAGE_BRIDGE_CHANNEL } from '../../../../src/shared/bridge-constants';
import { type PageControl, type PageEvent, pageEventSchema } from '../../../../src/shared/protocol';

let NodePort: typeof MessagePort;
let NodeMessageEvent: typeof MessageEvent;
let recorderEnd: MessagePort | undefined;

beforeEach(async () => {
  const probe = new MessageChannel();
  NodePort = probe.port1.constructor as typeof MessagePort;
  NodeMessageEvent = await new Promise((resolve) => {
    probe.port1.onmessage = (e) => resolve(e.constructor as typeof MessageEvent);
    probe.port2.postMessage(null);
  });
  probe.port1.close();
  vi.stubGlobal('MessagePort', NodePort);
  vi.stubGlobal('MessageEvent', NodeMessageEvent);
  vi.spyOn(console, 'info').mockImplementation(() => {});
});
afterEach(() => {
  undoAll();
  recorderEnd?.close();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

/** Loads the hooks as the manifest does (a fresh copy), and returns the recorder's end of the page bridge. */
async function installHooks(): Promise<MessagePort> {
  const posted = vi.spyOn(window, 'postMessage');
  vi.resetModules();
  await import('../../../../src/content/page/page-hooks');
  const call = posted.mock.calls.find((c) => (c[0] as { channel?: string } | null)?.channel === PAGE_BRIDGE_CHANNEL);
  posted.mockRestore();
  recorderEnd = ((call as unknown[] | undefined)?.[2] as MessagePort[] | undefined)?.[0];
  if (!recorderEnd) throw new Error('the hooks did not hand a port over');
  return recorderEnd;
}

const dataGetter = () => Object.getOwnPropertyDescriptor(NodeMessageEvent.prototype, 'data')!.get!;

/** What arrives at the recorder's end, read through the platform's own getter. */
function arriving(port: MessagePort): PageEvent[] {
  const got: PageEvent[] = [];
  const data = dataGetter();
  port.addEventListener('message', (e) => {
    const d = Reflect.apply(data, e, []) as PageEvent | PageEvent[];
    for (const item of Array.isArray(d) ? d : [d]) got.push(item);
  });
  port.start();
  return got;
}

const recording: PageControl = { kind: 'control', capture: true, consoleArgMaxChars: 2000, network: null };
const line = (got: PageEvent[], text: string) => got.some((e) => e.kind === 'console' && e.args[0] === text);

/** Turns capture on and waits until a console line (`probe`) written after it arrives: the hooks are recording. */
async function startCapture(port: MessagePort, got: PageEvent[], probe = 'recording'): Promise<void> {
  port.postMessage(recording);
  await vi.waitFor(() => {
    console.info(probe);
    expect(line(got, probe)).toBe(true);
  });
}

describe('page hooks in a page that turns hostile', () => {
  it('install even when the page set the old marker first (a late injection cannot be kept out)', async () => {
    hostile(globalThis, Symbol.for('tandem.page-hooks'), { value: true, writable: true });
    await expect(installHooks()).resolves.toBeDefined();
  });

  it('a page that replaces MessagePort.prototype.postMessage gets neither the port nor the events', async () => {
    const port = await installHooks();
    const got = arriving(port);
    await startCapture(port, got, 'ready');
    const seen: unknown[] = [];
    const post = NodePort.prototype.postMessage;
    hostile(NodePort.prototype, 'postMessage', {
      value(this: MessagePort, ...args: unknown[]) {
        seen.push(this, ...args);
        return Reflect.apply(post, this, args);
      },
    });
    console.info('after the page turned hostile');
    await vi.waitFor(() => expect(line(got, 'after the page turned hostile')).toBe(true));
    expect(seen).toEqual([]);
  });

  it('a page with a MessageEvent.prototype.data getter does not read the configuration the recorder sends', async () => {
    const port = await installHooks();
    const got = arriving(port);
    const reads: unknown[] = [];
    const data = dataGetter();
    hostile(NodeMessageEvent.prototype, 'data', {
      get(this: MessageEvent) {
        const value: unknown = Reflect.apply(data, this, []);
        reads.push(value);
        return value;
      },
    });
    // Capture on: the control arrived, through the hooks' own getter.
    await startCapture(port, got);
    expect(reads.filter((r) => (r as PageControl | null)?.kind === 'control')).toEqual([]);
  });

  it('a page that defines Object.prototype.toJSON does not rewrite the console arguments sent', async () => {
    const port = await installHooks();
    const got = arriving(port);
    await startCapture(port, got);
    hostile(Object.prototype, 'toJSON', { value: () => ({ forged: true }), enumerable: false });
    console.info({ total: 42 }, [1, { n: 'x' }]);
    await vi.waitFor(() => {
      if (!got.some((e) => e.kind === 'console' && e.args[0] !== 'recording')) throw new Error('nothing sent yet');
    });
    // The page's toJSON goes before asserting: vitest's own error report would run into it.
    undoLast();
    const sent = got.find((e) => e.kind === 'console' && e.args[0] !== 'recording');
    expect(sent?.kind === 'console' && sent.args.slice(0, 2)).toEqual(['{"total":42}', '[1,{"n":"x"}]']);
  });
});

describe('page hooks and what the bridge schema takes', () => {
  it("cuts a history navigation's URLs to the page bridge's 16 KiB, so a long URL still gives a breadcrumb", async () => {
    const port = await installHooks();
    const got = arriving(port);
    await startCapture(port, got);
    history.pushState(null, '', `/search?q=${'x'.repeat(40_000)}`);
    await vi.waitFor(() => expect(got.some((e) => e.kind === 'history')).toBe(true));
    const crumb = got.find((e) => e.kind === 'history') as Extract<PageEvent, { kind: 'history' }>;
    expect(crumb.to.length).toBe(16_384);
    expect(pageEventSchema.safeParse(crumb).success).toBe(true);
  });
});
