// @vitest-environment happy-dom
// @vitest-environment-options {"url": "https://app.shop.example/cart"}
/**
 * The recorder's end of the page bridge, in a page (happy-dom) at app.shop.example: what it hands the MAIN-world
 * hooks and leaves in the page's sessionStorage, both readable by the page's scripts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { listenForPageBridge } from '../../../src/content/page-bridge-client';
import { PAGE_BRIDGE_CHANNEL, WRAPPER_STASH_KEY } from '../../../src/shared/bridge-constants';
import type { WrapperConfig } from '../../../src/shared/propagation';
import type { PageControl } from '../../../src/shared/protocol';

const CONFIG: WrapperConfig = {
  replayId: '0123456789abcdef0123456789abcdef',
  sameOrigin: ['tracecontext', 'baggage'],
  targets: [
    { urls: ['https://api.shop.example/*'], propagators: ['tracecontext'] },
    { urls: ['https://billing.internal.corp/*'], propagators: ['tracecontext'] },
  ],
  blockedOrigins: ['https://payroll.internal.corp'],
  traceMode: 'request',
  bodies: { urls: ['https://hr.internal.corp/*'], maxBytes: 4096 },
};

let hooksEnd: MessagePort | undefined;
afterEach(() => {
  hooksEnd?.close();
  sessionStorage.clear();
});

/** The bridge, with a port handed over as the hooks hand theirs (a Node MessageChannel: happy-dom's does not deliver). */
function bridgeWithHooks() {
  const bridge = listenForPageBridge(() => {});
  const channel = new MessageChannel();
  hooksEnd = channel.port1;
  const controls: PageControl[] = [];
  hooksEnd.onmessage = (e) => void controls.push(e.data as PageControl);
  dispatchEvent(
    new MessageEvent('message', { data: { channel: PAGE_BRIDGE_CHANNEL }, source: window, ports: [channel.port2] }),
  );
  return { bridge, controls };
}

describe("the page bridge's configuration for the page", () => {
  it("leaves in sessionStorage only what this page's requests need, nothing of the user's other backends", () => {
    const { bridge } = bridgeWithHooks();
    bridge.setCapture(true, 2000, CONFIG);
    const stash = sessionStorage.getItem(WRAPPER_STASH_KEY) ?? '';
    expect(JSON.parse(stash)).toMatchObject({
      replayId: CONFIG.replayId,
      targets: [{ urls: ['https://api.shop.example/*'], propagators: ['tracecontext'] }],
      blockedOrigins: [],
      bodies: { urls: [], maxBytes: 4096 },
    });
    expect(stash).not.toContain('internal.corp');
  });

  it('hands the hooks the same scoped configuration, and none once the recording stops', async () => {
    const { bridge, controls } = bridgeWithHooks();
    bridge.setCapture(true, 2000, CONFIG);
    bridge.setCapture(false, 0, null);
    await expect.poll(() => controls.length).toBe(2);
    expect(JSON.stringify(controls[0])).not.toContain('internal.corp');
    expect(controls[0]!.network?.targets).toEqual([
      { urls: ['https://api.shop.example/*'], propagators: ['tracecontext'] },
    ]);
    expect(controls[1]!.network).toBeNull();
    expect(sessionStorage.getItem(WRAPPER_STASH_KEY)).toBeNull();
  });
});
