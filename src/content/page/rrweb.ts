/**
 * Starts rrweb with Tandem's privacy options, in the page's main world: masking happens here, in the page,
 * before data leaves it. (In the main world `customElements` is the page's real registry; the isolated
 * world sees it as null, crbug.com/390807, one more reason rrweb runs here.)
 */
import { record } from '@rrweb/record';
import type { eventWithTime } from '@rrweb/types';
import type { DomRecordConfig } from '../../shared/protocol';

const MEDIA_SELECTOR = 'img, video, audio, picture, canvas, object, embed, iframe';

export type StopFn = () => void;

export function startRrweb(
  config: DomRecordConfig,
  blocked: readonly string[],
  emit: (event: eventWithTime) => void,
): StopFn {
  const { privacy } = config;
  const block = [privacy.blockSelector, privacy.blockAllMedia ? MEDIA_SELECTOR : '', ...blocked]
    .filter(Boolean)
    .join(', ');
  const stop = record({
    emit,
    checkoutEveryNms: config.checkoutEveryMs,
    maskAllInputs: privacy.maskAllInputs,
    // Passwords are masked even when the user turns input masking off.
    maskInputOptions: { password: true },
    maskTextSelector: privacy.maskAllText ? '*' : privacy.maskTextSelector || undefined,
    blockSelector: block || undefined,
    ignoreSelector: privacy.ignoreSelector || undefined,
    inlineStylesheet: true,
    recordCanvas: false,
    collectFonts: false,
    slimDOMOptions: { script: true, comment: true, headFavicon: true, headMetaDescKeywords: true },
    sampling: { mousemove: 50, scroll: 150, input: 'last' },
  });
  return () => stop?.();
}
