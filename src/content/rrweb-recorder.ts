/** Starts rrweb with Tandem's privacy options; masking happens here, in the page, before data leaves it. */
import { record } from '@rrweb/record';
import type { RecordConfig } from '../shared/protocol';

const MEDIA_SELECTOR = 'img, video, audio, picture, canvas, object, embed, iframe';

export type StopFn = () => void;

/**
 * Content scripts see `window.customElements` as null (https://crbug.com/390807). rrweb asks it for every
 * element it serializes and swallows the TypeError, which made serialization ~3x slower than in the page
 * (bench/: 944 vs 344 ms/s of main thread on the 1000-row table). The isolated world cannot read the page's
 * registry, so this stand-in answers by the rule every custom element name follows: it contains a hyphen.
 */
function shimCustomElements(): void {
  if (window.customElements) return;
  class CustomElementStandIn {}
  Object.defineProperty(window, 'customElements', {
    configurable: true,
    value: { get: (name: string) => (name.includes('-') ? CustomElementStandIn : undefined) },
  });
}

export function startRrweb(config: RecordConfig, emit: (event: unknown, isCheckout?: boolean) => void): StopFn {
  shimCustomElements();
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
