/**
 * Bare @rrweb/record, started the way Tandem starts it (src/content/page/rrweb.ts: the same options,
 * with Tandem's default privacy settings), but nothing else: events go to an array and are serialized
 * with JSON.stringify once a second, because any recorder has to serialize what it keeps.
 * Runs after the UMD build, which sets window.rrwebRecord.
 */
import type { eventWithTime } from '@rrweb/types';
import type { BareRrwebStats } from './globals';

const recorder = window.rrwebRecord;
if (location.protocol.startsWith('http') && recorder) {
  const stats: BareRrwebStats = { events: 0, bytes: 0 };
  window.__benchRrweb = stats;
  let pending: eventWithTime[] = [];
  recorder.record({
    emit: (event) => void pending.push(event),
    checkoutEveryNms: 5 * 60_000,
    maskAllInputs: true,
    maskInputOptions: { password: true },
    maskTextSelector: '[data-tandem-mask]',
    blockSelector: '[data-tandem-block]',
    ignoreSelector: '[data-tandem-ignore]',
    inlineStylesheet: true,
    recordCanvas: false,
    collectFonts: false,
    slimDOMOptions: { script: true, comment: true, headFavicon: true, headMetaDescKeywords: true },
    sampling: { mousemove: 50, scroll: 150, input: 'last' },
  });
  setInterval(() => {
    if (pending.length === 0) return;
    stats.events += pending.length;
    stats.bytes += JSON.stringify(pending).length;
    pending = [];
  }, 1000);
}
