import { afterEach, describe, expect, it, vi } from 'vitest';
import { recordConfig } from '../../../src/background/record-config';
import { startDocumentCapture } from '../../../src/content/document-capture';
import type { DomBridge } from '../../../src/content/dom-bridge-client';
import type { PageBridge } from '../../../src/content/page-bridge-client';
import { URL_MAX_CHARS } from '../../../src/shared/protocol';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';
import { fullSnapshotEvent, SHOP_URL } from '../fixtures/rrweb-events';

const SESSION = 'ab'.repeat(16);
const CONFIG = recordConfig(DEFAULT_SETTINGS, { sessionId: SESSION, mode: 'record' });

const bridge: PageBridge = { setCapture: () => {}, onEvent: () => {}, offEvent: () => {} };
/** The page's DOM recorder, which hands over a full snapshot as soon as it starts. */
const dom = {
  start: (_config, handler) => handler({ type: 2, json: JSON.stringify(fullSnapshotEvent(Date.now())) }),
  flush: () => {},
  stop: () => {},
} as DomBridge;

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('startDocumentCapture', () => {
  it("cuts the page's URL and referrer in the first navigation breadcrumb: the page can make them megabytes", () => {
    const long = `${SHOP_URL}#${'u'.repeat(2_000_000)}`;
    vi.stubGlobal('location', { href: long });
    vi.stubGlobal('document', { referrer: long });
    const emitted: string[] = [];

    const stop = startDocumentCapture(CONFIG, (json) => emitted.push(json), {
      newSession: false,
      bridge,
      dom,
      network: () => {},
    });
    stop();

    const crumb = emitted.map((j) => JSON.parse(j)).find((e) => e.data?.payload?.category === 'navigation');
    expect(crumb.data.payload.data.to).toBe(long.slice(0, URL_MAX_CHARS));
    expect(crumb.data.payload.data.from).toBe(long.slice(0, URL_MAX_CHARS));
  });
});
