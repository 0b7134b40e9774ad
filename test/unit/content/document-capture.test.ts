// @vitest-environment happy-dom
import { EventType } from '@rrweb/types';
import { afterEach, describe, expect, it } from 'vitest';
import { recordConfig } from '../../../src/background/record-config';
import type { DomBridge } from '../../../src/content/dom-bridge-client';
import { startDocumentCapture } from '../../../src/content/document-capture';
import type { PageBridge } from '../../../src/content/page-bridge-client';
import type { DomEvent, PageEvent } from '../../../src/shared/protocol';
import { breadcrumbEvent, performanceSpanEvent } from '../../../src/shared/replay-events';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';

const SESSION = '0123456789abcdef0123456789abcdef';
const CONFIG = recordConfig(DEFAULT_SETTINGS, { sessionId: SESSION, mode: 'record' });
const ACCESS_TOKEN = 'ya29.a0AfB_byC1xQ8mZ';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1XzQyIn0.Zm9vYmFyYmF6cXV4';
const SIGNATURE = 'fe5f80f77d5fa3beca038a248ff027d0';
const RESET_CODE = 'Q2hhbmdlTWU';
const SECRETS = [ACCESS_TOKEN, JWT, SIGNATURE, RESET_CODE];

function fakes() {
  let pageHandler: (e: PageEvent) => void = () => {};
  let domHandler: (e: DomEvent) => void = () => {};
  const bridge: PageBridge = {
    setCapture: () => {},
    onEvent: (h) => {
      pageHandler = h;
    },
    offEvent: () => {},
  };
  const dom: DomBridge = {
    start: (_config, h) => {
      domHandler = h;
    },
    flush: () => {},
    stop: () => {},
  };
  return { bridge, dom, page: (e: PageEvent) => pageHandler(e), dom$: (e: object) => domHandler(toDom(e)) };
}
const toDom = (e: object): DomEvent => ({ type: (e as { type: number }).type, json: JSON.stringify(e) });

describe('startDocumentCapture', () => {
  afterEach(() => history.replaceState(null, '', '/'));

  it('redacts the URLs of navigations, Meta events, performance spans and errors before they leave the page', () => {
    history.replaceState(null, '', `/oauth/callback?state=xyz#access_token=${ACCESS_TOKEN}&expires_in=3599`);
    Object.defineProperty(document, 'referrer', {
      value: `https://id.shop.test/authorize?code=${RESET_CODE}`,
      configurable: true,
    });
    const sent: string[] = [];
    const { bridge, dom, page, dom$ } = fakes();
    const stop = startDocumentCapture(CONFIG, (json) => sent.push(json), {
      newSession: true,
      bridge,
      dom,
      network: () => {},
    });
    const now = Date.now();
    dom$({ type: EventType.Meta, timestamp: now, data: { href: location.href, width: 1280, height: 800 } });
    dom$({ type: EventType.FullSnapshot, timestamp: now, data: { node: {}, initialOffset: { left: 0, top: 0 } } });
    const image = `https://shop-assets.s3.amazonaws.com/a.png?X-Amz-Signature=${SIGNATURE}&X-Amz-Date=20261207T000000Z`;
    dom$(performanceSpanEvent({ op: 'resource.img', description: image, startMs: now, endMs: now + 5 }));
    const click = breadcrumbEvent(now, { type: 'default', category: 'ui.click', message: 'button#pay' });
    dom$(click);
    page({ kind: 'history', ts: now, from: location.href, to: `https://shop.test/reset/${JWT}?lang=en` });
    page({
      kind: 'error',
      ts: now,
      message: `Uncaught Error: session ${JWT} expired`,
      filename: image,
      stack: `Error: expired\n    at check (${image}:3:9)`,
      lineno: 3,
      colno: 9,
    });
    stop();

    const text = sent.join('\n');
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    const events = sent.map((s) => JSON.parse(s));
    expect(events.find((e) => e.type === EventType.Meta).data.href).toBe(
      'http://localhost:3000/oauth/callback?state=xyz#access_token=%5Bredacted%5D&expires_in=3599',
    );
    const navigations = events
      .filter((e) => e.data?.payload?.category === 'navigation')
      .map((e) => e.data.payload.data);
    expect(navigations).toEqual([
      {
        from: 'https://id.shop.test/authorize?code=%5Bredacted%5D',
        to: 'http://localhost:3000/oauth/callback?state=xyz#access_token=%5Bredacted%5D&expires_in=3599',
      },
      {
        from: 'http://localhost:3000/oauth/callback?state=xyz#access_token=%5Bredacted%5D&expires_in=3599',
        to: 'https://shop.test/reset/%5Bredacted%5D?lang=en',
      },
    ]);
    expect(text).toContain('X-Amz-Date=20261207T000000Z');
    const error = events.find((e) => e.data?.payload?.category === 'exception').data.payload;
    expect(error.message).toBe('Uncaught Error: session [redacted] expired');
    expect(error.data.stack).toContain('X-Amz-Date=20261207T000000Z:3:9)');
    // Events without URLs pass as the page serialized them.
    expect(sent).toContain(JSON.stringify(click));
  });
});
