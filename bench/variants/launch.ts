/** Launches a variant by name (variant-run.ts says what each one is; one file per variant here). */
import type { Bundles } from '../inpage/bundles';
import { noRecording } from './none';
import { bareRrweb } from './rrweb';
import { sentryReplay } from './sentry';
import type { SentrySink } from './sentry-sink';
import { isolatedRrweb } from './rrweb-isolated';
import { tandem } from './tandem';
import type { VariantName, VariantRun } from './variant-run';

export { EXPERIMENTS, VARIANTS, type Captured, type VariantName, type VariantRun } from './variant-run';

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
