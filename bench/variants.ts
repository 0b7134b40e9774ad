/** Launches a variant by name (see variant.ts for what each one is). */
import type { Bundles } from './bundles';
import { bareRrweb, noRecording, sentryReplay } from './plain-variants';
import type { SentrySink } from './sentry-sink';
import { isolatedRrweb } from './isolated-rrweb';
import { tandem } from './tandem-variant';
import type { VariantName, VariantRun } from './variant';

export { EXPERIMENTS, VARIANTS, type Captured, type VariantName, type VariantRun } from './variant';

export function launchVariant(name: VariantName, bundles: Bundles, sink: SentrySink): Promise<VariantRun> {
  switch (name) {
    case 'none':
      return noRecording(bundles);
    case 'rrweb':
      return bareRrweb(bundles);
    case 'tandem':
      return tandem(bundles);
    case 'sentry':
      return sentryReplay(bundles, sink);
    case 'rrweb-isolated':
      return isolatedRrweb(bundles);
  }
}
