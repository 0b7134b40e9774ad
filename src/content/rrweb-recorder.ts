/** Starts rrweb with Tandem's privacy options; masking happens here, in the page, before data leaves it. */
import { record } from '@rrweb/record';
import type { RecordConfig } from '../shared/protocol';

const MEDIA_SELECTOR = 'img, video, audio, picture, canvas, object, embed, iframe';

export type StopFn = () => void;

export function startRrweb(config: RecordConfig, emit: (event: unknown, isCheckout?: boolean) => void): StopFn {
  const { privacy } = config;
  const block = [privacy.blockSelector, privacy.blockAllMedia ? MEDIA_SELECTOR : ''].filter(Boolean).join(', ');
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
