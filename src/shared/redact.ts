/**
 * Secrets never reach storage: URLs and header values are redacted by name (query and fragment parameters,
 * header names) and by the shape of the value (JWTs, `Bearer`/`Basic` credentials), wherever Tandem keeps
 * them. The same rules run in the page, before events leave it, and in the worker, which does not trust the
 * page. String operations only: the page runs them on every navigation and resource it records.
 */
export const REDACTED = '[redacted]';
/** How a redacted value reads inside a URL (what URLSearchParams writes for `[redacted]`). */
const REDACTED_IN_URL = '%5Bredacted%5D';

export const ALWAYS_REDACTED_HEADERS = ['authorization', 'cookie', 'set-cookie', 'proxy-authorization', 'x-api-key'];

/** The default of `network.redactQueryParams` (settings.md): exact names, any case. */
export const DEFAULT_REDACTED_QUERY_PARAMS = [
  'token',
  'access_token',
  'id_token',
  'api_key',
  'apikey',
  'key',
  'password',
  'secret',
  'signature',
  'sig',
  'code',
];

/**
 * A name holding one of these (case, `-` and `_` ignored) always names a secret, whatever the settings:
 * x-csrf-token, refresh_token, client_secret, X-Amz-Signature, X-Amz-Credential, x-goog-api-key.
 */
const SECRET_NAME_PARTS = ['token', 'secret', 'passw', 'signature', 'credential', 'apikey', 'jwt'];

/** Headers whose value is a URL: its query and fragment are redacted like any stored URL. */
const URL_HEADERS = new Set(['referer', 'location', 'content-location']);

const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+){0,2}/g;
/** An Authorization-style credential written anywhere: `Bearer abc`, `Basic dXNlcjpwYXNz`, `Bearer%20abc`. */
const SCHEME_CREDENTIAL = /\b(Bearer|Basic)(\s+|%20|\+)[A-Za-z0-9._~+/=-]{8,}/gi;

function secretPart(name: string): boolean {
  const compact = name.replace(/[-_.\s]/g, '');
  return SECRET_NAME_PARTS.some((part) => compact.includes(part));
}

// The settings' lists are the same arrays until the settings change: their sets are made once.
const sets = new WeakMap<readonly string[], ReadonlySet<string>>();
function lowerSet(names: readonly string[]): ReadonlySet<string> {
  let set = sets.get(names);
  if (!set) {
    set = new Set(names.map((n) => n.toLowerCase()));
    sets.set(names, set);
  }
  return set;
}

/** Whether a header's value is a secret by the header's name: the built-in ones, `extra`, and secret-looking names. */
export function isSecretHeader(name: string, extra: readonly string[]): boolean {
  const key = name.toLowerCase();
  if (ALWAYS_REDACTED_HEADERS.includes(key) || lowerSet(extra).has(key)) return true;
  // CORS headers name other headers and credentials modes (Access-Control-Allow-Credentials), never hold them.
  return !key.startsWith('access-control-') && secretPart(key);
}

/** Whether a query or fragment parameter's value is a secret by its name. */
export function isSecretParam(name: string, params: readonly string[]): boolean {
  let key = name.toLowerCase();
  if (key.includes('%') || key.includes('+')) {
    try {
      key = decodeURIComponent(key.replace(/\+/g, ' '));
    } catch {
      // Malformed escapes: judged as written.
    }
  }
  return lowerSet(params).has(key) || secretPart(key);
}

/** JWTs and Authorization-style credentials anywhere in `text`, replaced by `replacement`. */
export function redactShapes(text: string, replacement = REDACTED): string {
  let out = text;
  if (out.includes('eyJ')) out = out.replace(JWT, replacement);
  // A cheap test before the regex: most text holds neither word.
  if (/bearer|basic/i.test(out)) out = out.replace(SCHEME_CREDENTIAL, (_m, scheme, gap) => scheme + gap + replacement);
  return out;
}

/** `a=1&token=x`: the values of secret parameters replaced, everything else byte for byte. */
function redactParams(query: string, params: readonly string[]): string {
  if (!query.includes('=')) return query;
  return query
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq <= 0 || eq === part.length - 1 || !isSecretParam(part.slice(0, eq), params)) return part;
      return `${part.slice(0, eq + 1)}${REDACTED_IN_URL}`;
    })
    .join('&');
}

/** `https://user:pass@host/` loses its credentials. */
function stripUserinfo(url: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url);
  if (!scheme) return url;
  const start = scheme[0].length;
  const end = url.slice(start).search(/[/?#]/);
  const authority = end < 0 ? url.slice(start) : url.slice(start, start + end);
  const at = authority.lastIndexOf('@');
  return at < 0 ? url : url.slice(0, start) + url.slice(start + at + 1);
}

/**
 * A URL (absolute or not) with its secrets redacted: the values of secret query parameters, of secret
 * fragment parameters (`#access_token=...` of OAuth's implicit flow, or a client-side route's own query,
 * `#/callback?code=...`), credentials before the host, and JWTs or bearer tokens anywhere (a path segment
 * too). A URL with nothing to redact is returned exactly as it was.
 */
export function redactUrl(url: string, params: readonly string[]): string {
  const hash = url.indexOf('#');
  let rest = hash < 0 ? url : url.slice(0, hash);
  let fragment = hash < 0 ? '' : url.slice(hash + 1);
  const q = rest.indexOf('?');
  if (q >= 0) rest = rest.slice(0, q + 1) + redactParams(rest.slice(q + 1), params);
  if (fragment) {
    const fq = fragment.indexOf('?');
    fragment =
      fq >= 0
        ? fragment.slice(0, fq + 1) + redactParams(fragment.slice(fq + 1), params)
        : redactParams(fragment, params);
  }
  return redactShapes(stripUserinfo(rest) + (hash < 0 ? '' : `#${fragment}`), REDACTED_IN_URL);
}

const PARAM_IN_TEXT = /([?&#;])([^=&#?\s;]+)=([^&#\s)"'<>;]+)/g;

/**
 * Free text that may hold URLs (an error's message or stack): the secret parameters of any URL in it, and
 * JWTs and bearer tokens. Looser than redactUrl, which knows where a URL's query and fragment end.
 */
export function redactText(text: string, params: readonly string[]): string {
  const out = text.includes('=')
    ? text.replace(PARAM_IN_TEXT, (match, sep: string, name: string) =>
        isSecretParam(name, params) ? `${sep}${name}=${REDACTED_IN_URL}` : match,
      )
    : text;
  return redactShapes(out);
}

/** One header's value as stored: redacted whole when its name is secret, its URL redacted, secret shapes removed. */
export function redactHeaderValue(name: string, value: string, rules: RedactionRules): string {
  if (isSecretHeader(name, rules.headers)) return REDACTED;
  return redactShapes(URL_HEADERS.has(name.toLowerCase()) ? redactUrl(value, rules.queryParams) : value);
}

export interface RedactionRules {
  /** Header names redacted on top of ALWAYS_REDACTED_HEADERS (`network.redactHeaders`). */
  headers: readonly string[];
  /** Query and fragment parameter names (`network.redactQueryParams`). */
  queryParams: readonly string[];
}

export function redactHeaders(
  headers: ReadonlyArray<{ name: string; value?: string }>,
  rules: RedactionRules,
): Record<string, string> {
  // A Map, not an object: header names such as `constructor` or `__proto__` are data here.
  const out = new Map<string, string>();
  for (const { name, value } of headers) {
    const key = name.toLowerCase();
    const shown = redactHeaderValue(key, value ?? '', rules);
    // Repeated headers (set-cookie, server-timing) are joined, as fetch's Headers does.
    const seen = out.get(key);
    out.set(key, seen === undefined ? shown : `${seen}, ${shown}`);
  }
  return Object.fromEntries(out);
}
