/**
 * What people paste and type into the panel, and what a link puts in the viewer's URL (issue #17, item 11):
 * ids, deep links, the metric query, the request filter, the library search and tags. Any text gives an
 * answer or an error that points inside the text; nothing throws or hangs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDeepLink, parseTime } from '../../../src/devtools/app/deep-link';
import { filterSessions, parseTags } from '../../../src/devtools/library/filter';
import { parseRequestFilter } from '../../../src/devtools/requests/filter';
import type { RequestRow } from '../../../src/devtools/session/request-rows';
import { type LookupKind, parseLookupId } from '../../../src/shared/lookup-id';
import type { SessionSummary } from '../../../src/shared/model';
import { isValidSpanId, isValidTraceId } from '../../../src/shared/trace';
import { parseMetricQuery } from '../../../src/shared/traces/query';
import { anyText, hostileText, longRunsOf, quickly, runs, textOf } from './arbitraries';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const SPAN = 'b7ad6b7169203331';
const ID_PIECES = [TRACE, SPAN, '00-', '-01', '-', ' ', '0af76519-16cd-43dd-8448-eb211c80319c', 'f1', 'x2', 'A', ':'];
const idText = hostileText(ID_PIECES);

const nullOr = (value: string | null, valid: (v: string) => boolean) => value === null || valid(value);

function expectErrorInside(text: string, start: number, end: number) {
  expect(Number.isInteger(start) && Number.isInteger(end)).toBe(true);
  expect(0 <= start && start <= end && end <= text.length).toBe(true);
}

describe('pasted ids', () => {
  it('become valid ids of the kind asked for, or null', () => {
    const kind = fc.constantFrom<LookupKind>('trace', 'span', 'replay', 'request', 'any');
    fc.assert(
      fc.property(idText, kind, (text, k) => {
        const query = quickly(() => parseLookupId(text, k));
        if (query === null) return;
        expect(query.text).toBe(text.trim());
        expect(nullOr(query.traceId, isValidTraceId) && nullOr(query.spanId, isValidSpanId)).toBe(true);
        expect(nullOr(query.sessionId, isValidTraceId)).toBe(true);
        expect(nullOr(query.requestId, (id) => /^[\w.:-]{1,64}$/.test(id))).toBe(true);
        expect([query.traceId, query.spanId, query.sessionId, query.requestId].some((id) => id !== null)).toBe(true);
      }),
      runs(200),
    );
  });
});

describe('deep links', () => {
  const name = fc.constantFrom('trace', 'span', 'request', 'replay', 'id', 't', 'x', '__proto__', 'constructor');
  const value = fc.oneof(idText, textOf(['12.5s', '2m', '100', 'ms', '2026-12-06T06:16:39Z', '+01:00', '.', 'e9']));
  const search = fc.oneof(
    fc.array(fc.tuple(name, value), { maxLength: 4 }).map((pairs) => `?${new URLSearchParams(pairs).toString()}`),
    anyText(),
    longRunsOf(['?', '&', '=', 'trace=', '%', '%zz', '+']),
  );

  it('are none, a link to valid ids with a finite time, or invalid with a message', () => {
    fc.assert(
      fc.property(search, (text) => {
        const link = quickly(() => parseDeepLink(text));
        if (link.type === 'invalid') expect(link.error.length).toBeGreaterThan(0);
        if (link.type !== 'link') return;
        const { query, t } = link.link;
        expect(nullOr(query.traceId, isValidTraceId) && nullOr(query.spanId, isValidSpanId)).toBe(true);
        if (t !== null) expect(Number.isFinite('at' in t ? t.at : t.offsetMs)).toBe(true);
      }),
      runs(200),
    );
  });

  it('read a time as a finite offset or instant, or not at all', () => {
    fc.assert(
      fc.property(fc.oneof(value, anyText()), (text) => {
        const t = quickly(() => parseTime(text));
        if (t !== null) expect(Number.isFinite('at' in t ? t.at : t.offsetMs)).toBe(true);
      }),
      runs(150),
    );
  });
});

const QUERY_PIECES = [
  'c',
  'd',
  ':',
  'db.query',
  '@',
  'millisecond',
  '{',
  '}',
  'route',
  '=',
  '!=',
  '"',
  '\\',
  ',',
  '(',
  ')',
  ' ',
  'OR',
  'AND',
  'count',
  'avg',
  '>',
  '>=',
  '1',
  '-1.5e3',
  '1e999',
];

describe('the metric query', () => {
  it('parses, or says where in the text it went wrong', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText(QUERY_PIECES), longRunsOf(['(', 'c:a ', 'OR ', '{', '"'])), (text) => {
        const parsed = quickly(() => parseMetricQuery(text));
        if (parsed.ok) return;
        expect(parsed.error.message.length).toBeGreaterThan(0);
        expectErrorInside(text, parsed.error.offset, parsed.error.offset + parsed.error.length);
      }),
      runs(100),
    );
  });
});

describe('the request filter', () => {
  const FILTER_PIECES = [
    ...QUERY_PIECES,
    'status-code:',
    'status:',
    '4xx',
    'domain:',
    '*',
    'larger-than:',
    '10k',
    'trace:',
    'linked',
    'span:',
    'has:error',
    'is:running',
    'resource-type:',
    'xhr',
    '-',
    '/',
    'method:GET',
    'mime-type:',
    'scheme:',
    'url:',
    '[',
  ];
  const row = {
    id: 'f1',
    url: 'https://shop.test/api/cart?x=1',
    method: 'GET',
    status: 402,
    type: 'fetch',
    size: 1200,
    endTs: 10,
    error: null,
    failed: true,
    traceId: TRACE,
    record: { responseHeaders: { 'content-type': 'application/json' } },
  } as unknown as RequestRow;

  it('gives a test every row can be put to, or an error inside the text', () => {
    fc.assert(
      fc.property(hostileText(FILTER_PIECES), (text) => {
        const parsed = quickly(() => parseRequestFilter(text));
        if (!parsed.ok) {
          expect(parsed.error.message.length).toBeGreaterThan(0);
          expectErrorInside(text, parsed.error.start, parsed.error.end);
          return;
        }
        expect(typeof quickly(() => parsed.test(row))).toBe('boolean');
      }),
      runs(250),
    );
  });
});

describe('the library search and tags', () => {
  const session = {
    id: TRACE,
    title: 'Checkout',
    firstUrl: 'https://shop.test/',
    urls: ['https://shop.test/cart'],
    tags: ['bug', 'Ü'],
    name: 'declined',
  } as unknown as SessionSummary;

  it('filters without throwing, and tags come out trimmed, non-empty and distinct', () => {
    fc.assert(
      fc.property(hostileText(['tag:', 'bug', ' ', ',', TRACE, 'shop', '\t', 'ü']), (text) => {
        const found = quickly(() => filterSessions([session], text));
        expect(found.length).toBeLessThanOrEqual(1);
        const tags = quickly(() => parseTags(text));
        expect(new Set(tags).size).toBe(tags.length);
        for (const tag of tags) expect(tag !== '' && tag === tag.trim()).toBe(true);
      }),
      runs(150),
    );
  });
});
