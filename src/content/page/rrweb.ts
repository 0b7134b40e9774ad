/**
 * Starts rrweb with Tandem's privacy options, in the page's main world: masking happens here, in the page,
 * before data leaves it. (In the main world `customElements` is the page's real registry; the isolated
 * world sees it as null, crbug.com/390807, one more reason rrweb runs here.)
 */
import { record } from '@rrweb/record';
import type { eventWithTime } from '@rrweb/types';
import type { DomRecordConfig } from '../../shared/protocol';

const MEDIA_SELECTOR = 'img, video, audio, picture, canvas, object, embed, iframe';
/** CSRF tokens in the head (Rails' `csrf-token`, `_csrf`, `xsrf-token`): recorded as empty elements. */
const SECRET_META_SELECTOR = 'meta[name*="csrf" i], meta[name*="xsrf" i], meta[name*="token" i]';

/** rrweb's type, plus the input type it masks like any other but does not list. */
type MaskInputOptions = NonNullable<NonNullable<Parameters<typeof record>[0]>['maskInputOptions']> & {
  hidden?: boolean;
};

/**
 * rrweb's own list for `maskAllInputs: true` lacks `hidden`, the inputs that carry CSRF tokens, and rrweb
 * ignores `maskInputOptions` when `maskAllInputs` is true: so the whole list is given here instead.
 */
export function maskInputOptions(maskAllInputs: boolean): MaskInputOptions {
  // Passwords and hidden inputs are masked even when the user turns input masking off.
  const always = { password: true, hidden: true };
  if (!maskAllInputs) return always;
  return {
    ...always,
    color: true,
    date: true,
    'datetime-local': true,
    email: true,
    month: true,
    number: true,
    range: true,
    search: true,
    tel: true,
    text: true,
    time: true,
    url: true,
    week: true,
    textarea: true,
    select: true,
  };
}

export type StopFn = () => void;

export function startRrweb(
  config: DomRecordConfig,
  blocked: readonly string[],
  emit: (event: eventWithTime) => void,
): StopFn {
  const { privacy } = config;
  const block = [SECRET_META_SELECTOR, privacy.blockSelector, privacy.blockAllMedia ? MEDIA_SELECTOR : '', ...blocked]
    .filter(Boolean)
    .join(', ');
  const stop = record({
    emit,
    checkoutEveryNms: config.checkoutEveryMs,
    maskInputOptions: maskInputOptions(privacy.maskAllInputs),
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
