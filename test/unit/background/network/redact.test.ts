import { describe, expect, it } from 'vitest';
import { ALWAYS_REDACTED_HEADERS, REDACTED, redactHeaders, redactUrl } from '../../../../src/background/network/redact';
import { DEFAULT_SETTINGS } from '../../../../src/shared/settings';
import { BEARER, receivedHeaders, sentHeaders } from '../../fixtures/network';

const QUERY_PARAMS = DEFAULT_SETTINGS.network.redactQueryParams;

describe('redactHeaders', () => {
  it('replaces the values of Authorization, Cookie, Set-Cookie, Proxy-Authorization and X-Api-Key, whatever their case', () => {
    const out = redactHeaders(
      [
        ...sentHeaders(),
        { name: 'PROXY-AUTHORIZATION', value: 'Basic dXNlcjpwYXNz' },
        { name: 'x-API-key', value: 'sk_live_51H8cQ2eZvKYlo2C' },
      ],
      [],
    );

    expect(ALWAYS_REDACTED_HEADERS).toEqual([
      'authorization',
      'cookie',
      'set-cookie',
      'proxy-authorization',
      'x-api-key',
    ]);
    expect(out).toMatchObject({
      authorization: REDACTED,
      cookie: REDACTED,
      'proxy-authorization': REDACTED,
      'x-api-key': REDACTED,
    });
    expect(redactHeaders(receivedHeaders(), [])['set-cookie']).toBe(REDACTED);
    const text = JSON.stringify(out);
    for (const secret of [BEARER, 'sid=s%3A8f3b1c2d', 'dXNlcjpwYXNz', 'sk_live_51H8cQ2eZvKYlo2C'])
      expect(text).not.toContain(secret);
  });

  it('keeps every other header, by its lower-case name, with its value', () => {
    const out = redactHeaders(receivedHeaders(), []);
    expect(out).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'content-length': '57',
      'x-request-id': '7f9c2b0e-4c1d-4b6a-9a55-2f0d8e3b1c77',
      'server-timing': 'trace;desc="00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01", db;dur=12.5',
    });
    expect(Object.keys(out).every((k) => k === k.toLowerCase())).toBe(true);
  });

  it('also redacts the configured names, case-insensitively', () => {
    const out = redactHeaders(
      [
        { name: 'X-CSRF-Token', value: 'Fv3Lx0YkqN8' },
        { name: 'x-tenant', value: 'acme' },
      ],
      ['x-csrf-token', 'X-Tenant'],
    );
    expect(out).toEqual({ 'x-csrf-token': REDACTED, 'x-tenant': REDACTED });
  });

  it('joins repeated headers with ", " as fetch does, redacted ones too', () => {
    const out = redactHeaders(
      [
        { name: 'Server-Timing', value: 'db;dur=12.5' },
        { name: 'server-timing', value: 'cache;desc="hit"' },
        { name: 'Set-Cookie', value: 'sid=abc; HttpOnly' },
        { name: 'Set-Cookie', value: 'theme=dark' },
      ],
      [],
    );
    expect(out).toEqual({ 'server-timing': 'db;dur=12.5, cache;desc="hit"', 'set-cookie': `${REDACTED}, ${REDACTED}` });
  });

  it('keeps a header Chrome reported as binaryValue only (no text value) as empty text', () => {
    expect(redactHeaders([{ name: 'X-Binary' }], [])).toEqual({ 'x-binary': '' });
  });

  // Regression: header names are data; `constructor` once read Object.prototype's and `__proto__` was lost.
  it('keeps headers named like Object.prototype members as sent', () => {
    const out = redactHeaders(
      [
        { name: 'constructor', value: 'x' },
        { name: 'toString', value: 'y' },
      ],
      [],
    );
    expect(Object.entries(out)).toEqual([
      ['constructor', 'x'],
      ['tostring', 'y'],
    ]);
  });
});

describe('redactUrl', () => {
  it('redacts the listed query parameters, whatever their case, and keeps the others', () => {
    const url =
      'https://api.shop.test/v1/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz&Access_Token=ya29.a0AfH6SMB&page=2';

    const redacted = new URL(redactUrl(url, QUERY_PARAMS));

    expect(redacted.searchParams.get('code')).toBe(REDACTED);
    expect(redacted.searchParams.get('Access_Token')).toBe(REDACTED);
    expect(redacted.searchParams.get('state')).toBe('xyz');
    expect(redacted.searchParams.get('page')).toBe('2');
    expect(redacted.pathname).toBe('/v1/callback');
    expect(redacted.href).not.toContain('SplxlOBeZQQYbYS6WxSbIA');
    expect(redacted.href).not.toContain('ya29.a0AfH6SMB');
  });

  it('redacts every occurrence of a repeated parameter', () => {
    const redacted = new URL(redactUrl('https://cdn.shop.test/img.png?sig=abc123&sig=def456', ['SIG']));
    expect(redacted.searchParams.getAll('sig').every((v) => v === REDACTED)).toBe(true);
    expect(redacted.href).not.toMatch(/abc123|def456/);
  });

  it('removes credentials written into the URL', () => {
    const redacted = redactUrl('https://admin:hunter2@api.shop.test/v1/orders', QUERY_PARAMS);
    expect(redacted).toBe('https://api.shop.test/v1/orders');
  });

  it('returns a URL with nothing to redact exactly as it was', () => {
    // Not re-serialized: `%20` stays `%20` (URLSearchParams would write `+`), and the fragment stays.
    const url = 'http://127.0.0.1:8080/search?q=green%20tea&sort=price#results';
    expect(redactUrl(url, QUERY_PARAMS)).toBe(url);
    expect(redactUrl(url, [])).toBe(url);
  });

  it('returns text that is not a URL unchanged', () => {
    expect(redactUrl('/api/cart?token=abc', QUERY_PARAMS)).toBe('/api/cart?token=abc');
  });
});
