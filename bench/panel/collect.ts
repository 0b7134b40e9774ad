/**
 * Records a bench page with @rrweb/record (its UMD build runs first and sets window.rrwebRecord), with Tandem's
 * recording options, into an array the Node side drains: the real recorder's events, from which the panel
 * benchmark builds its 30-minute session (session.ts stretches their clock). A checkout (Meta + full snapshot)
 * every CHECKOUT_MS of real time becomes one every 5 minutes of the stretched session, as Tandem records them.
 */
import type { eventWithTime } from '@rrweb/types';
import type {} from '../inpage/globals';

declare global {
  interface Window {
    /** Hands over the events recorded since the last call. */
    __benchPanelDrain?: () => eventWithTime[];
    __benchPanelCheckoutMs?: number;
  }
}

const recorder = window.rrwebRecord;
if (location.protocol.startsWith('http') && recorder) {
  let pending: eventWithTime[] = [];
  recorder.record({
    emit: (event) => void pending.push(event),
    checkoutEveryNms: window.__benchPanelCheckoutMs ?? 30_000,
    maskAllInputs: true,
    maskInputOptions: { password: true },
    inlineStylesheet: true,
    recordCanvas: false,
    collectFonts: false,
    slimDOMOptions: { script: true, comment: true, headFavicon: true, headMetaDescKeywords: true },
    sampling: { mousemove: 50, scroll: 150, input: 'last' },
  });
  window.__benchPanelDrain = () => {
    const out = pending;
    pending = [];
    return out;
  };
}
