/**
 * An experiment, not a competitor: bare rrweb exactly as in the `rrweb` variant, but run in an isolated
 * world (CDP Page.addScriptToEvaluateOnNewDocument with a worldName), as a content script is. It separates
 * what the isolated world costs rrweb (DOM wrappers are per world, so every node rrweb touches gets a
 * second wrapper there) from what Tandem's own code costs. `customElements` is null in isolated worlds
 * (crbug.com/390807); a stand-in (every custom element name has a hyphen) is installed first, as Tandem did
 * before it moved rrweb into the main world because of what this experiment measures.
 */
import type { CDPSession, Page } from 'playwright-core';
import type { Bundles } from '../inpage/bundles';
import { launchPlain } from '../browser/plain';
import { gotoNew, type VariantRun } from './variant-run';

const WORLD = 'bench-isolated-rrweb';
const STAND_IN = `if (globalThis.customElements == null) Object.defineProperty(globalThis, 'customElements', { configurable: true, value: { get: (n) => (n.includes('-') ? class {} : undefined) } });`;

export async function isolatedRrweb(bundles: Bundles): Promise<VariantRun> {
  const plain = await launchPlain(bundles);
  let cdp: CDPSession | null = null;
  const worlds = new Map<number, string>();
  let atStart = 0;
  // The isolated world's own `window.__benchRrweb`, read over CDP (page.evaluate sees the main world only).
  const bytes = async (): Promise<number> => {
    if (!cdp) return -1;
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const contextId = [...worlds].find(([, frame]) => frame === frameTree.frame.id)?.[0];
    if (contextId === undefined) return -1;
    const { result } = await cdp.send('Runtime.evaluate', {
      expression: 'window.__benchRrweb?.bytes ?? -1',
      contextId,
      returnByValue: true,
    });
    return typeof result.value === 'number' ? result.value : -1;
  };
  return {
    ...plain,
    open: (url) =>
      gotoNew(plain.context, url, async (page: Page) => {
        cdp = await page.context().newCDPSession(page);
        // rrweb makes a short-lived iframe (for untainted prototypes) that gets this world too: keep each
        // world's frame, and read the main frame's.
        cdp.on('Runtime.executionContextCreated', ({ context }) => {
          const frameId = (context.auxData as { frameId?: string } | undefined)?.frameId;
          if (context.name === WORLD && frameId) worlds.set(context.id, frameId);
        });
        cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) => worlds.delete(executionContextId));
        await cdp.send('Page.enable');
        await cdp.send('Page.addScriptToEvaluateOnNewDocument', {
          source: `${STAND_IN}\n${bundles.rrwebUmd}\n${bundles.bareRrweb}`,
          worldName: WORLD,
        });
        await cdp.send('Runtime.enable');
      }),
    windowStart: async () => {
      atStart = await bytes();
    },
    async collect() {
      const jsonBytes = (await bytes()) - atStart;
      return { jsonBytes, proof: `${jsonBytes} JSON chars serialized in the window`, recording: jsonBytes > 0 };
    },
  };
}
