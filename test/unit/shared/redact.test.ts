import { describe, expect, it } from 'vitest';
import { ALWAYS_REDACTED_HEADERS, REDACTED, redactHeaders, redactUrl } from '../../../src/shared/redact';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';
import { BEARER, receivedHeaders, sentHeaders } from '../fixtures/network';

const QUERY_PARAMS = DEFAULT_SETTINGS.network.redactQueryParams;
const rules = (headers: string[] = []) => ({ headers, queryParams: QUERY_PARAMS });

describe('redactHeaders', () => {
  it('replaces the values of Authorization, Cookie, Set-Cookie, Proxy-Authorization and X-Api-Key, whatever their case', () => {
    const out = redactHeaders(
      [
        ...sentHeaders(),
        { name: 'PROXY-AUTHORIZATION', value: 'Basic dXNlcjpwYXNz' },
        { name: 'x-API-key', value: 'sk_live_51H8cQ2eZvKYlo2C' },
      ],
      rules(),
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
    expect(redactHeaders(receivedHeaders(), rules())['set-cookie']).toBe(REDACTED);
    const text = JSON.stringify(out);
    for (const secret of [BEARER, 'sid=s%3A8f3b1c2d', 'dXNlcjpwYXNz', 'sk_live_51H8cQ2eZvKYlo2C'])
      expect(text).not.toContain(secret);
  });

  it('keeps every other header, by its lower-case name, with its value', () => {
    const out = redactHeaders(receivedHeaders(), rules());
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
      rules(['x-csrf-token', 'X-Tenant']),
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
      rules(),
    );
    expect(out).toEqual({ 'server-timing': 'db;dur=12.5, cache;desc="hit"', 'set-cookie': `${REDACTED}, ${REDACTED}` });
  });

  it('keeps a header Chrome reported as binaryValue only (no text value) as empty text', () => {
    expect(redactHeaders([{ name: 'X-Binary' }], rules())).toEqual({ 'x-binary': '' });
  });

  // Regression: header names are data; `constructor` once read Object.prototype's and `__proto__` was lost.
  it('keeps headers named like Object.prototype members as sent', () => {
    const out = redactHeaders(
      [
        { name: 'constructor', value: 'x' },
        { name: 'toString', value: 'y' },
      ],
      rules(),
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

  it('redacts a relative URL as well (the page wrapper may report one)', () => {
    expect(redactUrl('/api/cart?token=abc&page=2', QUERY_PARAMS)).toBe('/api/cart?token=%5Bredacted%5D&page=2');
  });

  it("redacts OAuth's implicit-flow fragment, and a client-side route's query in the fragment", () => {
    const implicit =
      'https://app.shop.test/oauth/callback#access_token=ya29.a0AfB_byC1xQ8mZ&token_type=Bearer&expires_in=3599&scope=email';
    const redacted = redactUrl(implicit, QUERY_PARAMS);
    expect(redacted).not.toContain('ya29.a0AfB_byC1xQ8mZ');
    expect(redacted).toBe(
      'https://app.shop.test/oauth/callback#access_token=%5Bredacted%5D&token_type=%5Bredacted%5D&expires_in=3599&scope=email',
    );
    const route = 'https://app.shop.test/#/login/callback?code=4%2F0AX4XfWhY2kQ&state=af0ifjsldkj';
    expect(redactUrl(route, QUERY_PARAMS)).toBe(
      'https://app.shop.test/#/login/callback?code=%5Bredacted%5D&state=af0ifjsldkj',
    );
    // A plain anchor stays as it is.
    expect(redactUrl('https://docs.shop.test/faq#returns', QUERY_PARAMS)).toBe('https://docs.shop.test/faq#returns');
  });

  it('always redacts names that say token, secret, password, signature or credential, whatever the settings', () => {
    const presigned =
      'https://shop-assets.s3.amazonaws.com/invoices/42.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
      '&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261207%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261207T000000Z' +
      '&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024';
    const redacted = new URL(redactUrl(presigned, []));
    expect(redacted.searchParams.get('X-Amz-Signature')).toBe(REDACTED);
    expect(redacted.searchParams.get('X-Amz-Credential')).toBe(REDACTED);
    expect(redacted.searchParams.get('X-Amz-Date')).toBe('20261207T000000Z');
    const oauth = redactUrl(
      'https://id.shop.test/token?refresh_token=1%2F%2F0gL&client_secret=GOCSPX-9x&grant_type=refresh_token',
      [],
    );
    expect(oauth).toBe(
      'https://id.shop.test/token?refresh_token=%5Bredacted%5D&client_secret=%5Bredacted%5D&grant_type=refresh_token',
    );
  });

  it('redacts JWTs and bearer tokens wherever they are in a URL, by their shape', () => {
    const jwt =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwiZW1haWwiOiJhQGIuYyJ9.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    expect(redactUrl(`https://app.shop.test/reset/${jwt}?lang=en`, [])).toBe(
      'https://app.shop.test/reset/%5Bredacted%5D?lang=en',
    );
    expect(redactUrl(`https://app.shop.test/sso?state=${jwt}`, [])).toBe(
      'https://app.shop.test/sso?state=%5Bredacted%5D',
    );
    expect(redactUrl('https://api.shop.test/ws?auth=Bearer%20mF_9.B5f-4.1JqM', [])).toBe(
      'https://api.shop.test/ws?auth=Bearer%20%5Bredacted%5D',
    );
  });
});

describe('redactHeaders: URLs and shapes in header values', () => {
  const RULES = { headers: [], queryParams: QUERY_PARAMS };

  it("redacts Referer's and Location's query and fragment secrets, keeping the rest of the URL", () => {
    const out = redactHeaders(
      [
        { name: 'Referer', value: 'https://shop.test/account/verify?token=Zm9vYmFyYmF6&step=2' },
        { name: 'Location', value: 'https://app.shop.test/cb#access_token=ya29.a0AfB_byC1xQ8mZ&expires_in=3599' },
        { name: 'Content-Location', value: '/orders/42?sig=8d7e6f' },
      ],
      RULES,
    );
    expect(out).toEqual({
      referer: 'https://shop.test/account/verify?token=%5Bredacted%5D&step=2',
      location: 'https://app.shop.test/cb#access_token=%5Bredacted%5D&expires_in=3599',
      'content-location': '/orders/42?sig=%5Bredacted%5D',
    });
  });

  it('redacts headers named like tokens, and JWTs and bearer credentials in any header', () => {
    const out = redactHeaders(
      [
        { name: 'X-CSRF-Token', value: 'Fv3Lx0YkqN8wQ1' },
        { name: 'X-Auth-Token', value: '5f4dcc3b5aa765d61d8327deb882cf99' },
        { name: 'X-Forwarded-Authorization', value: BEARER },
        { name: 'X-User-Context', value: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJl' },
        { name: 'Access-Control-Allow-Credentials', value: 'true' },
        { name: 'WWW-Authenticate', value: 'Bearer realm="shop", error="invalid_token"' },
      ],
      RULES,
    );
    expect(out).toEqual({
      'x-csrf-token': REDACTED,
      'x-auth-token': REDACTED,
      'x-forwarded-authorization': `Bearer ${REDACTED}`,
      'x-user-context': REDACTED,
      'access-control-allow-credentials': 'true',
      'www-authenticate': 'Bearer realm="shop", error="invalid_token"',
    });
  });
});
