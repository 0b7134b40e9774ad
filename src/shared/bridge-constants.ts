/**
 * The page and DOM bridges' names and batch limits. Zod-free and apart from protocol/ (which re-exports
 * them), so the MAIN-world scripts can import them without the protocol's schemas shipping into every page.
 */

/** The page bridge's channel name. Bump the version with the page bridge's message shapes. */
export const PAGE_BRIDGE_CHANNEL = 'tandem/page-bridge/v1';

/** sessionStorage key where the recorder leaves the wrapper's config for the tab's next document, so its
 * earliest requests get headers before the recorder has asked the background (same tab, same origin). The
 * page can read it: it holds only what the page's own requests need (wrapper-scope.ts). */
export const WRAPPER_STASH_KEY = 'tandem:wrapper';

/** Dispatched once on window by the MAIN-world DOM recorder at document_start; its relatedTarget is the
 * detached node both scripts then talk over (see protocol/dom-bridge.ts). */
export const DOM_BRIDGE_EVENT = 'tandem/dom-bridge/v2';
/** On that node: recorder -> DOM recorder (DomDown) and DOM recorder -> recorder (DomUp). */
export const DOM_DOWN_EVENT = 'tandem-down';
export const DOM_UP_EVENT = 'tandem-up';

/**
 * The DOM recorder hands its events over in batches: at the latest this long after the first one, at once
 * when they reach DOM_BATCH_CHARS of JSON, and whenever the recorder asks (pagehide, hidden, stop). One
 * dispatch (and one copy across worlds, one validation) per batch instead of per event: an active page
 * emits a hundred small events a second.
 */
export const DOM_BATCH_MS = 50;
export const DOM_BATCH_CHARS = 64 * 1024;
