/** The `rrweb` variant: @rrweb/record's own build and a starter (inpage/bare-rrweb.ts) in the page's world. */
import type { Page } from 'playwright-core';
import { launchPlain } from '../browser/plain';
import type { Bundles } from '../inpage/bundles';
import { gotoNew, type VariantRun } from './variant-run';
import '../inpage/globals';

export async function bareRrweb(bundles: Bundles): Promise<VariantRun> {
  const plain = await launchPlain(bundles);
  await plain.context.addInitScript({ content: bundles.rrwebUmd });
  await plain.context.addInitScript({ content: bundles.bareRrweb });
  const bytes = (page: Page) => page.evaluate(() => window.__benchRrweb?.bytes ?? -1);
  let atStart = 0;
  return {
    ...plain,
    open: async (url) => gotoNew(plain.context, url),
    windowStart: async (page) => {
      atStart = await bytes(page);
    },
    async collect(page) {
      const jsonBytes = (await bytes(page)) - atStart;
      return { jsonBytes, proof: `${jsonBytes} JSON chars serialized in the window`, recording: jsonBytes > 0 };
    },
  };
}
