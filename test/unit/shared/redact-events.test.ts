import { EventType } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import { redactEventJson, redactEventsUrls } from '../../../src/shared/redact-events';
import { redactUrl } from '../../../src/shared/redact';
import {
  errorBreadcrumb,
  navigationBreadcrumb,
  performanceSpanEvent,
  webVitalSpan,
} from '../../../src/shared/replay-events';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';

const PARAMS = DEFAULT_SETTINGS.network.redactQueryParams;
const redact = (url: string) => redactUrl(url, PARAMS);
const T = 1_796_600_000_000;
const SECRET_URL = 'https://shop.test/account?token=Zm9vYmFyYmF6#id_token=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2ln';

describe('redactEventsUrls', () => {
  it("redacts Meta's href, navigations' from and to, and spans' descriptions in place", () => {
    const events: unknown[] = [
      { type: EventType.Meta, timestamp: T, data: { href: SECRET_URL, width: 1280, height: 800 } },
      navigationBreadcrumb(T, SECRET_URL, SECRET_URL),
      performanceSpanEvent({ op: 'navigation.navigate', description: SECRET_URL, startMs: T, endMs: T + 80 }),
    ];
    expect(redactEventsUrls(events, PARAMS)).toBe(true);
    const text = JSON.stringify(events);
    expect(text).not.toContain('Zm9vYmFyYmF6');
    expect(text).not.toContain('eyJhbGciOiJSUzI1NiJ9');
    expect(text.match(/token=%5Bredacted%5D/g)).toHaveLength(8);
  });

  it("redacts a page error's file, message and stack, keeping file names and line numbers", () => {
    const script = 'https://assets.shop.test/checkout.3f9a.js?X-Amz-Signature=fe5f80f77d5fa3be&v=2';
    const error = errorBreadcrumb(
      T,
      'error',
      'TypeError: GET https://api.shop.test/v1/me?access_token=ya29.a0AfB_by failed',
      {
        stack: `TypeError: failed\n    at loadProfile (${script}:12:7)\n    at ${SECRET_URL}:1:1`,
        filename: script,
        lineno: 12,
        colno: 7,
      },
    );
    expect(redactEventsUrls([error], PARAMS)).toBe(true);
    const text = JSON.stringify(error);
    for (const secret of ['fe5f80f77d5fa3be', 'ya29.a0AfB_by', 'Zm9vYmFyYmF6', 'eyJhbGciOiJSUzI1NiJ9'])
      expect(text).not.toContain(secret);
    const payload = error.data.payload;
    expect(payload.data?.filename).toBe('https://assets.shop.test/checkout.3f9a.js?X-Amz-Signature=%5Bredacted%5D&v=2');
    expect(payload.data?.stack).toContain('checkout.3f9a.js?X-Amz-Signature=%5Bredacted%5D&v=2:12:7)');
  });

  it('leaves other events, and anything shaped oddly by a hostile page, alone', () => {
    const events: unknown[] = [
      null,
      'text',
      [SECRET_URL],
      { type: EventType.Meta, timestamp: T, data: [SECRET_URL] },
      { type: EventType.Meta, timestamp: T, data: { href: 42 } },
      { type: 5, timestamp: T, data: { tag: 'breadcrumb', payload: { category: 'console', message: SECRET_URL } } },
      { type: 5, timestamp: T, data: { tag: 'breadcrumb', payload: { category: 'navigation', data: null } } },
      webVitalSpan('largest-contentful-paint', T, 1200, 'good', [4]),
    ];
    const before = JSON.stringify(events);
    expect(redactEventsUrls(events, PARAMS)).toBe(false);
    expect(JSON.stringify(events)).toBe(before);
  });
});

describe('redactEventJson', () => {
  it('returns the very same text when there is nothing to redact, and parses no incremental event', () => {
    const clean = JSON.stringify(navigationBreadcrumb(T, 'https://shop.test/', 'https://shop.test/cart'));
    expect(redactEventJson(5, clean, PARAMS)).toBe(clean);
    const incremental = JSON.stringify({ type: 3, timestamp: T, data: { source: 0, href: SECRET_URL } });
    expect(redactEventJson(3, incremental, PARAMS)).toBe(incremental);
    expect(redactEventJson(4, '{not json', PARAMS)).toBe('{not json');
  });

  it("replaces a span's description or a Meta href in the text, every other byte as the page wrote it", () => {
    const span = JSON.stringify(
      performanceSpanEvent({
        op: 'resource.img',
        description: 'https://cdn.shop.test/a.png?sig=8d7e6f&w=640',
        startMs: T,
        endMs: T + 5,
        data: { size: 12, alt: 'say "hi"', note: '"description":"x"' },
      }),
    );
    expect(redactEventJson(5, span, PARAMS)).toBe(span.replace('sig=8d7e6f', 'sig=%5Bredacted%5D'));
    const meta = '{"type":4,"timestamp":1,"data":{"href":"https://shop.test/a?q=\\"tea\\"&token=abc","width":1}}';
    expect(redactEventJson(4, meta, PARAMS)).toBe(meta.replace('token=abc', 'token=%5Bredacted%5D'));
  });

  it('re-serializes an event whose URL it redacted', () => {
    const meta = JSON.stringify({ type: EventType.Meta, timestamp: T, data: { href: SECRET_URL } });
    expect(JSON.parse(redactEventJson(EventType.Meta, meta, PARAMS)).data.href).toBe(redact(SECRET_URL));
  });
});
