/** The `none` variant: the same plain Chromium, nothing records; the baseline every recorder is compared with. */
import { launchPlain } from '../browser/plain';
import type { Bundles } from '../inpage/bundles';
import { gotoNew, type VariantRun } from './variant-run';

export async function noRecording(bundles: Bundles): Promise<VariantRun> {
  const plain = await launchPlain(bundles);
  return {
    ...plain,
    open: async (url) => gotoNew(plain.context, url),
    windowStart: async () => {},
    collect: async () => ({ jsonBytes: 0, proof: 'nothing records', recording: false }),
  };
}
