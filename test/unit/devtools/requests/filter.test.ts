import { describe, expect, it } from 'vitest';
import { type FilterContext, filterRows, parseRequestFilter } from '../../../../src/devtools/requests/filter';
import { type RequestRow, rowOfRecord } from '../../../../src/devtools/session/request-rows';
import type { RequestRecord } from '../../../../src/shared/model';
import type { MetricSummaries } from '../../../../src/shared/traces/model';
import { request } from '../fixtures';

const TRACE_A = '0af7651916cd43dd8448eb211c80319c';
const TRACE_B = '4bf92f3577b34da6a3ce929d0e0e4736';

/** The shared fixture's record with this test's defaults: an example.com URL named by the id, at t=1000. */
const record = (id: string, over: Partial<RequestRecord> = {}): RequestRecord =>
  request(id, { sessionId: 's', tabId: 1, url: `https://example.com/${id}`, startTs: 1000, endTs: 1100, ...over });

const rows: RequestRow[] = [
  rowOfRecord(
    record('home', {
      url: 'https://www.example.com/',
      type: 'main_frame',
      api: 'document',
      responseHeaders: { 'content-type': 'text/html; charset=utf-8', 'content-length': '5000' },
    }),
  ),
  rowOfRecord(
    record('pay', {
      url: 'https://api.example.com/checkout/pay',
      method: 'POST',
      status: 402,
      traceId: TRACE_A,
      responseHeaders: { 'Content-Type': 'application/json', 'x-request-id': 'r1', 'content-length': '120' },
    }),
  ),
  rowOfRecord(record('boom', { url: 'https://api.example.com/orders', status: 503, traceId: TRACE_B })),
  rowOfRecord(record('logo', { url: 'http://cdn.other.org/logo.png', type: 'image', api: null })),
  rowOfRecord(record('beacon', { url: 'https://stats.other.org/collect', api: 'beacon', method: 'POST' })),
  rowOfRecord(record('slow', { url: 'https://api.example.com/slow', status: 0, endTs: 0 })),
  rowOfRecord(record('down', { url: 'https://down.example.net/x', status: 0, error: 'net::ERR_FAILED' })),
];

const summaries: Record<string, MetricSummaries> = {
  pay: { 'd:db.query@millisecond': [{ min: 12, max: 140, count: 4, sum: 220, tags: { table: 'orders' } }] },
  boom: { 'd:db.query@millisecond': [{ min: 3, max: 9, count: 2, sum: 12, tags: {} }] },
};
const spans: Record<string, string[]> = { pay: ['post /checkout/pay', 'db select orders'] };
const ctx: FilterContext = {
  spanNames: (id) => spans[id] ?? [],
  traceHasError: (id) => id === 'pay',
  summaries: (id) => summaries[id] ?? {},
};

const ids = (text: string) => {
  const out = filterRows(rows, text, ctx);
  if (out.error) throw new Error(`${text}: ${out.error.message}`);
  return out.rows.map((r) => r.id);
};
const error = (text: string) => {
  const p = parseRequestFilter(text, ctx);
  if (p.ok) throw new Error(`${text} parsed`);
  return p.error;
};

describe('the request filter: Chrome keys', () => {
  it('status-code:402 returns exactly the 402 row', () => {
    expect(ids('status-code:402')).toEqual(['pay']);
  });
  it('method is case-insensitive', () => {
    expect(ids('method:post')).toEqual(['pay', 'beacon']);
  });
  it('domain, exact and with wildcards', () => {
    expect(ids('domain:api.example.com')).toEqual(['pay', 'boom', 'slow']);
    expect(ids('domain:*.other.org')).toEqual(['logo', 'beacon']);
    expect(ids('domain:*.example.*')).toEqual(['home', 'pay', 'boom', 'slow', 'down']);
  });
  it('larger-than with decimal suffixes', () => {
    expect(ids('larger-than:100')).toEqual(['home', 'pay']);
    expect(ids('larger-than:1k')).toEqual(['home']);
    expect(ids('larger-than:4.9k')).toEqual(['home']);
    expect(ids('larger-than:1M')).toEqual([]);
  });
  it('mime-type from the response content-type, any header case', () => {
    expect(ids('mime-type:text/html')).toEqual(['home']);
    expect(ids('mime-type:application/json')).toEqual(['pay']);
  });
  it('scheme and has-response-header', () => {
    expect(ids('scheme:http')).toEqual(['logo']);
    expect(ids('has-response-header:X-Request-Id')).toEqual(['pay']);
  });
  it('is:running', () => {
    expect(ids('is:running')).toEqual(['slow']);
  });
  it('resource-type maps Chrome names', () => {
    expect(ids('resource-type:document')).toEqual(['home']);
    expect(ids('resource-type:image')).toEqual(['logo']);
    expect(ids('resource-type:ping')).toEqual(['beacon']);
    expect(ids('resource-type:fetch')).toEqual(['pay', 'boom', 'slow', 'down']);
  });
  it('url: substring, and unknown keys are plain text', () => {
    expect(ids('url:CHECKOUT')).toEqual(['pay']);
    expect(ids('foo:bar')).toEqual([]);
    expect(filterRows([rowOfRecord(record('q', { url: 'https://x.com/?foo:bar=1' }))], 'foo:bar').rows).toHaveLength(1);
  });
});

describe("the request filter: Tandem's keys", () => {
  it('trace:linked, sent, none and id prefixes', () => {
    expect(ids('trace:linked')).toEqual(['pay']);
    expect(ids('trace:sent')).toEqual(['pay', 'boom']);
    expect(ids('trace:none')).toEqual(['home', 'logo', 'beacon', 'slow', 'down']);
    expect(ids('trace:4bf92f')).toEqual(['boom']);
    expect(ids(`trace:${TRACE_A.toUpperCase()}`)).toEqual(['pay']);
  });
  it('has:error counts failed rows and traces with errors', () => {
    expect(ids('has:error')).toEqual(['pay', 'boom', 'down']);
    expect(filterRows(rows, 'has:error').rows.map((r) => r.id)).toEqual(['pay', 'boom', 'down']);
  });
  it('span: is a substring of any span name', () => {
    expect(ids('span:SELECT')).toEqual(['pay']);
    expect(ids('span:nothing')).toEqual([]);
  });
  it('status:4xx and status:5xx', () => {
    expect(ids('status:4xx')).toEqual(['pay']);
    expect(ids('status:5XX')).toEqual(['boom']);
    expect(ids('status:200')).toEqual(['home', 'logo', 'beacon']);
  });
});

describe('the request filter: text, negation, quoting, regex', () => {
  it('plain words are case-insensitive URL substrings, AND-ed', () => {
    expect(ids('API orders')).toEqual(['boom']);
    expect(ids('')).toHaveLength(rows.length);
    expect(ids('   ')).toHaveLength(rows.length);
  });
  it('a leading - negates a term', () => {
    expect(ids('-domain:*.example.com')).toEqual(['logo', 'beacon', 'down']);
    expect(ids('api -status-code:402 -is:running')).toEqual(['boom']);
    expect(ids('-/\\.org/')).toEqual(['home', 'pay', 'boom', 'slow', 'down']);
  });
  it('combines keys', () => {
    expect(ids('method:POST domain:*.example.com')).toEqual(['pay']);
    expect(ids('has:error -status:5xx')).toEqual(['pay', 'down']);
  });
  it('quoted values keep their spaces', () => {
    expect(ids('span:"select orders"')).toEqual(['pay']);
    expect(ids('span:"select users"')).toEqual([]);
    expect(ids('"-foo"')).toEqual([]);
  });
  it('a /regex/ term matches the URL', () => {
    expect(ids('/^http:/')).toEqual(['logo']);
    expect(ids('/(orders|pay)$/')).toEqual(['pay', 'boom']);
  });
  it('an empty value filters nothing out', () => {
    expect(ids('status-code:')).toHaveLength(rows.length);
  });
});

describe('the request filter: metric queries', () => {
  it('the text from the first metric term on is a metric query', () => {
    expect(ids('d:db.query@millisecond max>100')).toEqual(['pay']);
    expect(ids('d:db.query count>0')).toEqual(['pay', 'boom']);
    expect(ids('-method:POST d:db.query count>0')).toEqual(['boom']);
    expect(ids('d:db.query{table=orders} OR d:db.query max<5')).toEqual(['pay']);
  });
  it('without summaries no row has metrics', () => {
    expect(filterRows(rows, 'd:db.query').rows).toEqual([]);
  });
  it("keeps the metric parser's error positions relative to the whole text", () => {
    const text = 'method:POST d:db.query max>';
    const e = error(text);
    expect(e.start).toBe(text.length);
    expect(e.end).toBe(text.length);
    const text2 = 'api d:db.query mux>1';
    const e2 = error(text2);
    expect(text2.slice(e2.start, e2.end)).toBe('mux');
  });
});

describe('the request filter: errors', () => {
  it('point at the bad term with a clear message', () => {
    const text = 'api status-code:abc';
    const e = error(text);
    expect(e.message).toBe('status-code: expects a number');
    expect(text.slice(e.start, e.end)).toBe('status-code:abc');
  });
  it('invalid values of each checked key', () => {
    for (const term of ['larger-than:big', 'is:done', 'resource-type:pdf', 'trace:xyz', 'has:spans', 'status:6xx']) {
      const e = error(`a ${term}`);
      expect([e.start, e.end]).toEqual([2, 2 + term.length]);
      expect(e.message.startsWith(term.split(':')[0]!)).toBe(true);
    }
  });
  it('an invalid regex', () => {
    const e = error('x /a(b/');
    expect(e.message).toMatch(/^invalid regular expression/);
    expect([e.start, e.end]).toEqual([2, 7]);
  });
  it('a regex too large to compile is an error of the text, not a throw from the row test', () => {
    // V8 accepts the pattern and throws "Regular expression too large" only when it first runs it.
    const text = `/${'status:'.repeat(20_000)}/`;
    expect(error(text).message).toBe('invalid regular expression: Regular expression too large');
  });
  it('a domain value of any length filters rows instead of throwing', () => {
    const out = filterRows(rows, `domain:${'status:'.repeat(20_000)}`);
    expect(out).toEqual({ rows: [], error: null });
  });
  it('domain wildcards answer at once on a long host', () => {
    const host = `${'a.'.repeat(120)}example.com`;
    const long = rowOfRecord(record('long', { url: `https://${host}/` }));
    const start = performance.now();
    expect(filterRows([long], 'domain:*a*a*a*a*b').rows).toEqual([]);
    expect(filterRows([long], 'domain:*a*a*a*a*m').rows).toEqual([long]);
    expect(performance.now() - start).toBeLessThan(1000);
  });
  it('an unterminated quote', () => {
    expect(error('url:"abc def')).toEqual({ message: 'unterminated quote', start: 4, end: 12 });
  });
  it('filterRows keeps every row and reports the error', () => {
    const out = filterRows(rows, 'status-code:x');
    expect(out.rows).toHaveLength(rows.length);
    expect(out.error).toEqual({ message: 'status-code: expects a number', start: 0, end: 13 });
  });
});
