import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Settings } from '../../src/shared/settings';
import type { NetworkPage } from '../fixtures/page-apis';
import { startFixtureServer, type FixtureServer } from '../fixtures/server';
import { callBackground, setSettings, tabIdOf } from '../harness/background';
import { spans } from '../harness/events';
import { launchTandem, type Tandem } from '../harness/launch';
import { pageApi } from '../harness/page-api';
import { storedChunks, storedRequests, storedSessions } from '../harness/store';
import { expectTraceparent } from '../harness/traceparent';
import { useTandem } from '../harness/use-tandem';

// The page's own requests (network.html), made by its code as an app's would be.
const doFetch = (page: Page, url: string, init?: RequestInit) => pageApi<NetworkPage>(page).doFetch(url, init);
const doXhr = (page: Page, url: string, method = 'GET', headers: Record<string, string> = {}) =>
  pageApi<NetworkPage>(page).doXhr(url, method, headers);
const doXhrCounted = (page: Page, url: string, method = 'GET') => pageApi<NetworkPage>(page).doXhrCounted(url, method);

describe('trace propagation and network capture', () => {
  let tandem: Tandem;
  let app: FixtureServer; // the page's own origin
  let api: FixtureServer; // another origin that allows no extra headers
  let ext: Page;

  beforeAll(async () => {
    app = await startFixtureServer();
    api = await startFixtureServer({ cors: 'none' });
    tandem = await launchTandem();
    ext = await tandem.openExtensionPage('viewer.html');
  });
  afterAll(async () => {
    await tandem?.close();
    await app?.close();
    await api?.close();
  });

  async function recordedPage(network: Partial<Settings['network']> = {}) {
    await setSettings(ext, { autoRecord: [app.url('network.html*')], network: network as Settings['network'] });
    const page = await tandem.context.newPage();
    await page.goto(app.url(`network.html?tab=${Math.random()}`));
    const tabId = await tabIdOf(ext, page.url());
    await expect.poll(async () => (await callBackground(ext, 'getTabState', { tabId })).recording).toBe(true);
    const sessionId = (await callBackground(ext, 'getTabState', { tabId })).sessionId!;
    // The recorder has its wrapper config once the first batch is stored.
    await expect
      .poll(async () => (await storedSessions(ext)).find((s) => s.id === sessionId)?.chunkCount ?? 0)
      .toBeGreaterThan(0);
    return { page, tabId, sessionId };
  }
  const arrived = (server: FixtureServer, marker: string) =>
    server.requests.filter((r) => r.path === '/echo' && r.method !== 'OPTIONS' && r.headers['x-marker'] === marker);

  it('same origin: every fetch and XHR carries a fresh traceparent, baggage with the replay id and X-Session-Replay-Id; the stored request has the same ids', async () => {
    const { page, tabId, sessionId } = await recordedPage();
    for (let i = 0; i < 5; i++) {
      expect(await doFetch(page, `/echo?api=fetch&i=${i}`, { headers: { 'x-marker': 'same-origin' } })).toMatchObject({
        ok: true,
      });
      expect(await doXhr(page, `/echo?api=xhr&i=${i}`, 'GET', { 'x-marker': 'same-origin' })).toMatchObject({
        ok: true,
      });
    }
    const got = arrived(app, 'same-origin');
    expect(got).toHaveLength(10);
    const spanIds = new Set<string>();
    for (const r of got) {
      const sent = expectTraceparent(r.headers.traceparent);
      expect(String(r.headers.baggage)).toContain(`sentry-replay_id=${sessionId}`);
      expect(r.headers['x-session-replay-id']).toBe(sessionId);
      // sentry-trace names the same trace and span.
      expect(r.headers['sentry-trace']).toBe(`${sent.traceId}-${sent.parentId}-1`);
      spanIds.add(sent.parentId);
    }
    expect(spanIds.size).toBe(10);

    await callBackground(ext, 'stopRecording', { tabId });
    await expect
      .poll(async () => (await storedRequests(ext, sessionId)).filter((r) => r.url.includes('/echo?api=')).length)
      .toBe(10);
    const records = await storedRequests(ext, sessionId);
    for (const r of got) {
      const { traceId, parentId } = expectTraceparent(r.headers.traceparent);
      const rec = records.find((x) => x.spanId === parentId)!;
      expect(rec).toMatchObject({ traceId, spanId: parentId, traceSource: 'injected', status: 200 });
      // The backend continued the trace and said so in Server-Timing.
      expect(rec.responseTraceId).toBe(traceId);
      expect(rec.serverTiming.map((m) => m.name)).toEqual(['db', 'app']);
      expect(rec.correlationId).toMatch(/^req-/);
    }
    expect(new Set(records.filter((r) => r.url.includes('api=xhr')).map((r) => r.op))).toEqual(
      new Set(['resource.xhr']),
    );
    expect(new Set(records.filter((r) => r.url.includes('api=fetch')).map((r) => r.op))).toEqual(
      new Set(['resource.fetch']),
    );
    // Each request is also a performanceSpan in the recording.
    const net = spans(await storedChunks(ext, sessionId), /^resource\.(fetch|xhr)$/).filter((s) =>
      s.description?.includes('/echo?api='),
    );
    expect(net).toHaveLength(10);
    expect(net[0]!.data).toMatchObject({ method: 'GET', statusCode: 200 });
  });

  it('a page that sets its own traceparent keeps it: adopted, not duplicated', async () => {
    const { page, tabId, sessionId } = await recordedPage();
    const own = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await doFetch(page, '/echo?own=1', { headers: { traceparent: own, 'x-marker': 'own' } });
    await doXhr(page, '/echo?own=2', 'GET', { traceparent: own, 'x-marker': 'own' });
    const got = arrived(app, 'own');
    expect(got.map((r) => r.headers.traceparent)).toEqual([own, own]);
    expect(String(got[0]!.headers['sentry-trace'])).toBe('4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1');
    await callBackground(ext, 'stopRecording', { tabId });
    await expect
      .poll(async () => (await storedRequests(ext, sessionId)).filter((r) => r.url.includes('own=')).length)
      .toBe(2);
    for (const rec of (await storedRequests(ext, sessionId)).filter((r) => r.url.includes('own='))) {
      expect(rec).toMatchObject({
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
        traceSource: 'page',
        adopted: true,
      });
    }
  });

  it('cross-origin API that allows no extra headers: as many preflights and failures as with Tandem off, and X-Session-Replay-Id arrives through DNR; Server-Timing is read without expose headers', async () => {
    const run = async (page: Page, marker: string) => {
      const results = [];
      for (let i = 0; i < 4; i++)
        results.push(
          await doFetch(page, api.url(`echo?m=${marker}&i=${i}`)),
          await doXhr(page, api.url(`echo?m=${marker}&x=${i}`)),
        );
      return results;
    };
    // Tandem off: a page that is not recorded.
    await setSettings(ext, { autoRecord: [] });
    const plain = await tandem.context.newPage();
    await plain.goto(app.url('network.html?off'));
    const off = await run(plain, 'off');
    const preflightsOff = api.requests.filter((r) => r.method === 'OPTIONS').length;

    const { page, tabId, sessionId } = await recordedPage({ replayIdHeaderUrls: [`${api.origin}/*`] });
    const on = await run(page, 'on');
    expect(on.map((r) => r.ok)).toEqual(off.map((r) => r.ok));
    expect(on.every((r) => r.ok)).toBe(true);
    expect(api.requests.filter((r) => r.method === 'OPTIONS').length).toBe(preflightsOff);
    const tagged = api.requests.filter(
      (r) => r.method === 'GET' && r.path === '/echo' && r.headers['x-session-replay-id'] === sessionId,
    );
    expect(tagged).toHaveLength(8);
    expect(tagged.every((r) => r.headers.traceparent === undefined)).toBe(true);

    await callBackground(ext, 'stopRecording', { tabId });
    await expect
      .poll(async () => (await storedRequests(ext, sessionId)).filter((r) => r.url.startsWith(api.origin)).length)
      .toBe(8);
    for (const rec of (await storedRequests(ext, sessionId)).filter((r) => r.url.startsWith(api.origin))) {
      expect(rec.responseTraceId).toMatch(/^[0-9a-f]{32}$/);
      expect(rec.traceSource).toBe('response:server-timing:trace');
      expect(rec.requestHeaders['x-session-replay-id']).toBe(sessionId);
    }
  });

  it('three tabs recording at once each send only their own replay id; a tab not recording sends none; rules are gone after Stop', async () => {
    const tabs = [await recordedPage(), await recordedPage(), await recordedPage()];
    await setSettings(ext, { autoRecord: [] });
    const idle = await tandem.context.newPage();
    await idle.goto(app.url('network.html?idle'));
    for (const [i, t] of tabs.entries())
      await doFetch(t.page, `/echo?tab=${i}`, { headers: { 'x-marker': `tab-${i}` } });
    await doFetch(idle, '/echo?tab=idle', { headers: { 'x-marker': 'idle' } });
    for (const [i, t] of tabs.entries()) {
      const [r] = arrived(app, `tab-${i}`);
      expect(r!.headers['x-session-replay-id']).toBe(t.sessionId);
      const { traceId } = expectTraceparent(r!.headers.traceparent);
      expect(String(r!.headers.baggage)).toBe(
        `sentry-replay_id=${t.sessionId},session.id=${t.sessionId},sentry-trace_id=${traceId}`,
      );
    }
    // The idle tab's request arrived, with none of them.
    expect(arrived(app, 'idle')).toHaveLength(1);
    const [idleReq] = arrived(app, 'idle');
    expect(idleReq!.headers['x-session-replay-id']).toBeUndefined();
    expect(idleReq!.headers.traceparent).toBeUndefined();
    expect(idleReq!.headers.baggage).toBeUndefined();

    for (const t of tabs) await callBackground(ext, 'stopRecording', { tabId: t.tabId });
    const rules = await ext.evaluate(() => chrome.declarativeNetRequest.getSessionRules());
    expect(rules.filter((r) => tabs.some((t) => r.condition.tabIds?.includes(t.tabId)))).toEqual([]);
    await doFetch(tabs[0]!.page, '/echo?after=stop', { headers: { 'x-marker': 'after-stop' } });
    expect(arrived(app, 'after-stop')).toHaveLength(1);
    const [after] = arrived(app, 'after-stop');
    expect(after!.headers['x-session-replay-id']).toBeUndefined();
    expect(after!.headers.traceparent).toBeUndefined();
  });

  it('an Authorization header value never reaches storage', async () => {
    const { page, tabId, sessionId } = await recordedPage();
    const secret = 'Bearer sk_live_very-secret-token-123';
    await doFetch(page, '/echo?auth=1&token=query-secret-456', {
      headers: { authorization: secret, 'x-marker': 'auth' },
    });
    expect(arrived(app, 'auth')[0]!.headers.authorization).toBe(secret);
    await callBackground(ext, 'stopRecording', { tabId });
    await expect
      .poll(async () => (await storedRequests(ext, sessionId)).some((r) => r.url.includes('auth=1')))
      .toBe(true);
    const everything = JSON.stringify([await storedRequests(ext, sessionId), await storedChunks(ext, sessionId)]);
    expect(everything).not.toContain('sk_live_very-secret-token-123');
    expect(everything).not.toContain('query-secret-456');
    const rec = (await storedRequests(ext, sessionId)).find((r) => r.url.includes('auth=1'))!;
    expect(rec.requestHeaders.authorization).toBe('[redacted]');
    expect(rec.url).toContain('token=%5Bredacted%5D');
  });

  it('a target whose preflight refuses the headers: the GET is retried without them, the origin is left alone afterwards, and diagnostics say how to fix the server', async () => {
    const { page, tabId } = await recordedPage({
      targets: [{ urls: [`${api.origin}/*`], propagators: ['tracecontext', 'baggage'] }],
    });
    const before = api.requests.length;
    expect(await doFetch(page, api.url('echo?retry=1'))).toMatchObject({ ok: true, status: 200 });
    const seen = api.requests.slice(before);
    expect(seen.map((r) => r.method)).toEqual(['OPTIONS', 'GET']);
    // The refused preflight asked for Tandem's headers; the retry carries none of them.
    expect(seen[0]!.headers['access-control-request-headers']).toBe('baggage,traceparent');
    expect(seen[1]!.headers.traceparent).toBeUndefined();
    // The next request to that origin goes without headers: no preflight at all.
    expect(await doFetch(page, api.url('echo?retry=2'))).toMatchObject({ ok: true });
    expect(api.requests.slice(before + 2).map((r) => r.method)).toEqual(['GET']);
    await expect
      .poll(async () => (await callBackground(ext, 'getDiagnostics', {})).warnings.map((w) => w.message).join('\n'))
      .toContain(`Access-Control-Allow-Headers: traceparent, baggage`);
    await callBackground(ext, 'stopRecording', { tabId });
  });

  it("a target whose preflight refuses the headers: a page's XHR GET is retried inside its XHR object; the page's handlers see one ordinary request and the response", async () => {
    // sentry-trace instead of baggage: this warning is told apart from the fetch test's for the same origin.
    const { page, tabId, sessionId } = await recordedPage({
      targets: [{ urls: [`${api.origin}/*`], propagators: ['tracecontext', 'sentry'] }],
    });
    // The page's XMLHttpRequest is Tandem's subclass, and still looks like the platform's.
    expect(
      await page.evaluate(() => [
        XMLHttpRequest.name,
        XMLHttpRequest.DONE,
        new XMLHttpRequest() instanceof XMLHttpRequest,
        Object.prototype.toString.call(new XMLHttpRequest()),
      ]),
    ).toEqual(['XMLHttpRequest', 4, true, '[object XMLHttpRequest]']);
    const before = api.requests.length;
    const result = await doXhrCounted(page, api.url('echo?xhr-retry=1'));

    expect(result).toMatchObject({ status: 200, responseType: 'json', timeout: 20000 });
    expect(result.response).toMatchObject({ method: 'GET' });
    expect(result.ran).toEqual({
      onreadystatechange: [1, 2, 3, 4],
      onload: 1,
      onerror: 0,
      loadstartBefore: 1,
      loadendBefore: 1,
      loadendAfter: 1,
      errorAfter: 0,
      abortAfter: 0,
      timeoutAfter: 0,
      loadAfter: 1,
    });
    const seen = api.requests.slice(before);
    expect(seen.map((r) => r.method)).toEqual(['OPTIONS', 'GET']);
    expect(String(seen[0]!.headers['access-control-request-headers'])).toBe('sentry-trace,traceparent');
    expect(seen[1]!.headers.traceparent).toBeUndefined();
    expect(seen[1]!.headers['sentry-trace']).toBeUndefined();
    // What the page received is what the server saw on the retry.
    expect(result.response!.headers.traceparent).toBeUndefined();

    await expect
      .poll(async () =>
        (await callBackground(ext, 'getDiagnostics', {})).warnings
          .map((w) => w.message)
          .find((m) => m.includes('Access-Control-Allow-Headers: traceparent, sentry-trace')),
      )
      .toMatch(/^A GET request to .* sent the request again without them/);
    await callBackground(ext, 'stopRecording', { tabId });
    await expect
      .poll(
        async () =>
          (await storedRequests(ext, sessionId)).filter((r) => r.url.includes('xhr-retry=1') && r.api === 'xhr').length,
      )
      .toBe(1);
    const rec = (await storedRequests(ext, sessionId)).find((r) => r.url.includes('xhr-retry=1') && r.api === 'xhr')!;
    // Joined with the retry as webRequest saw it (not the refused attempt): its response names the backend's trace.
    expect(rec).toMatchObject({
      op: 'resource.xhr',
      status: 200,
      error: null,
      retriedWithoutHeaders: true,
      injectedHeaders: ['traceparent', 'sentry-trace'],
    });
    expect(rec.requestHeaders.traceparent).toBeUndefined();
    expect(rec.responseTraceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('a target whose preflight refuses the headers: an XHR POST is not retried; the page sees the failure it would see without Tandem', async () => {
    const { page, tabId } = await recordedPage({
      targets: [{ urls: [`${api.origin}/*`], propagators: ['tracecontext', 'b3'] }],
    });
    const before = api.requests.length;
    const result = await doXhrCounted(page, api.url('echo?xhr-post=1'), 'POST');
    expect(result.status).toBe(0);
    expect(result.ran).toEqual({
      onreadystatechange: [1, 4],
      onload: 0,
      onerror: 1,
      loadstartBefore: 1,
      loadendBefore: 1,
      loadendAfter: 1,
      errorAfter: 1,
      abortAfter: 0,
      timeoutAfter: 0,
      loadAfter: 0,
    });
    expect(api.requests.slice(before).map((r) => r.method)).toEqual(['OPTIONS']);
    expect(String(api.requests[before]!.headers['access-control-request-headers'])).toContain('traceparent');
    await expect
      .poll(async () =>
        (await callBackground(ext, 'getDiagnostics', {})).warnings
          .map((w) => w.message)
          .find((m) => m.includes('Access-Control-Allow-Headers: traceparent, b3')),
      )
      .toMatch(/^A POST request to .*\(this request was not retried/);
    // The origin is left alone afterwards: the next POST goes without headers and without a preflight.
    expect((await doXhrCounted(page, api.url('echo?xhr-post=2'), 'POST')).status).toBe(200);
    expect(api.requests.slice(before + 1).map((r) => r.method)).toEqual(['POST']);
    await callBackground(ext, 'stopRecording', { tabId });
  });

  it('a streamed response whose body ends seconds after its headers is stored once, joined, with its real end', async () => {
    const { page, tabId, sessionId } = await recordedPage();
    // fetch() resolves with the headers; the server ends the body 2 s later (longer than the joiner's grace).
    expect(await doFetch(page, '/stream?ms=2000', { headers: { 'x-marker': 'stream' } })).toMatchObject({ ok: true });
    const sent = expectTraceparent(
      app.requests.find((r) => r.path === '/stream' && r.headers['x-marker'] === 'stream')?.headers.traceparent,
    );
    await callBackground(ext, 'stopRecording', { tabId });
    await expect
      .poll(async () =>
        (await storedRequests(ext, sessionId)).filter((r) => r.url.includes('/stream?')).map((r) => r.api),
      )
      .toContain('fetch');
    const records = (await storedRequests(ext, sessionId)).filter((r) => r.url.includes('/stream?'));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      api: 'fetch',
      status: 200,
      spanId: sent.parentId,
      traceSource: 'injected',
    });
    // Keyed by webRequest's request id (not `w:<wrapper id>`): webRequest's observation is part of it.
    expect(records[0]!.id).toMatch(/^\d+$/);
    expect(records[0]!.endTs - records[0]!.startTs).toBeGreaterThanOrEqual(1900);
  });

  it('a dry run lists the recorded requests that would have been preflighted with a proposed target', async () => {
    const { page, tabId, sessionId } = await recordedPage();
    await doFetch(page, api.url('echo?dry=1'));
    await doXhr(page, api.url('echo?dry=2'), 'POST');
    await doFetch(page, '/echo?dry=same-origin');
    await callBackground(ext, 'stopRecording', { tabId });
    await expect
      .poll(async () => (await storedRequests(ext, sessionId)).filter((r) => r.url.includes('dry=')).length)
      .toBe(3);
    const result = await callBackground(ext, 'propagationDryRun', {
      sessionId,
      targets: [{ urls: [`${api.origin}/*`], propagators: ['tracecontext', 'baggage'] }],
    });
    expect(result.preflighted.map((e) => [e.method, new URL(e.url).search])).toEqual(
      expect.arrayContaining([
        ['GET', '?dry=1'],
        ['POST', '?dry=2'],
      ]),
    );
    expect(result.preflighted.some((e) => e.url.includes('same-origin'))).toBe(false);
    expect(result.origins).toEqual([
      { origin: api.origin, requests: result.preflighted.length, allowHeaders: ['traceparent', 'baggage'] },
    ]);
    // With the settings' (empty) targets nothing would be preflighted.
    expect((await callBackground(ext, 'propagationDryRun', { sessionId })).preflighted).toEqual([]);
  });

  it('interaction mode: the requests after one click share a trace; the next click starts another', async () => {
    const { page, tabId } = await recordedPage({ traceMode: 'interaction' });
    const traceOf = (marker: string) => expectTraceparent(arrived(app, marker)[0]?.headers.traceparent).traceId;
    await page.click('h1');
    await doFetch(page, '/echo?i=a', { headers: { 'x-marker': 'click1-a' } });
    await doXhr(page, '/echo?i=b', 'GET', { 'x-marker': 'click1-b' });
    await page.click('h1');
    await doFetch(page, '/echo?i=c', { headers: { 'x-marker': 'click2' } });
    expect(traceOf('click1-a')).toBe(traceOf('click1-b'));
    expect(traceOf('click2')).not.toBe(traceOf('click1-a'));
    await callBackground(ext, 'stopRecording', { tabId });
  });

  it('document requests carry a DNR traceparent when enabled, renewed for each navigation', async () => {
    const { page, tabId, sessionId } = await recordedPage({ documentTraceparent: true });
    const before = app.requests.length;
    await page.goto(app.url('network.html?doc=1'));
    await page.goto(app.url('network.html?doc=2'));
    const docs = app.requests.slice(before).filter((r) => r.path === '/network.html');
    expect(docs).toHaveLength(2);
    for (const d of docs) {
      expectTraceparent(d.headers.traceparent);
      expect(d.headers['x-session-replay-id']).toBe(sessionId);
    }
    expect(docs[0]!.headers.traceparent).not.toBe(docs[1]!.headers.traceparent);
    await callBackground(ext, 'stopRecording', { tabId });
    await expect
      .poll(
        async () =>
          (await storedRequests(ext, sessionId)).filter((r) => r.op === 'navigation.navigate' && r.url.includes('doc='))
            .length,
      )
      .toBe(2);
    const navs = (await storedRequests(ext, sessionId)).filter(
      (r) => r.op === 'navigation.navigate' && r.url.includes('doc='),
    );
    expect(navs.map((n) => n.traceId).sort()).toEqual(
      docs.map((d) => expectTraceparent(d.headers.traceparent).traceId).sort(),
    );
    expect(navs.every((n) => n.traceSource === 'dnr')).toBe(true);
  });

  it('response bodies are kept only for opted-in URLs, text types only, cut at maxBytes', async () => {
    const { page, tabId, sessionId } = await recordedPage({
      bodies: { urls: [app.url('echo?body=yes*')], maxBytes: 1024 },
    });
    await doFetch(page, '/echo?body=yes', { headers: { 'x-marker': 'body', 'x-padding': 'p'.repeat(3000) } });
    await doXhr(page, '/echo?body=yes-xhr');
    await doFetch(page, '/echo?body=no');
    await callBackground(ext, 'stopRecording', { tabId });
    await expect
      .poll(async () => (await storedRequests(ext, sessionId)).filter((r) => r.url.includes('body=')).length)
      .toBe(3);
    const records = await storedRequests(ext, sessionId);
    const withBody = records.find((r) => r.url.endsWith('body=yes'))!;
    expect(withBody.responseBody).toMatch(/^\{"method":"GET","url":"\/echo\?body=yes"/);
    expect(withBody.responseBody!.length).toBe(1024);
    expect(withBody.responseType).toBe('application/json');
    expect(records.find((r) => r.url.endsWith('body=yes-xhr'))!.responseBody).toContain('"method":"GET"');
    expect(records.find((r) => r.url.endsWith('body=no'))!.responseBody).toBeUndefined();
  });
});

describe('webRequest listens only to recording tabs', () => {
  const env = useTandem();

  it('with no tab recording it does not listen; while recording it sees Cookie and Referer (extraHeaders; stored redacted / as sent), also after a worker restart', async () => {
    const ext = await env.tandem.openExtensionPage('viewer.html');
    const diagnostics = () => callBackground(ext, 'getDiagnostics', {});
    // The worker has started and found no tab recording.
    await expect.poll(async () => (await diagnostics()).webRequest).toBe('off');

    await setSettings(ext, { autoRecord: [env.server.url('network.html*')] });
    const page = await env.tandem.context.newPage();
    await page.goto(env.server.url('network.html'));
    const tabId = await tabIdOf(ext, page.url());
    await expect.poll(async () => (await callBackground(ext, 'getTabState', { tabId })).recording).toBe(true);
    const sessionId = (await callBackground(ext, 'getTabState', { tabId })).sessionId!;
    expect((await diagnostics()).webRequest).toBe('detailed');
    await page.evaluate(() => (document.cookie = 'tandem_probe=cookie-secret-789'));
    const stored = async (marker: string) => {
      await expect
        .poll(async () => (await storedRequests(ext, sessionId)).some((r) => r.url.includes(marker)), {
          timeout: 10_000,
        })
        .toBe(true);
      return (await storedRequests(ext, sessionId)).find((r) => r.url.includes(marker))!;
    };

    await doFetch(page, '/echo?probe=before-restart');
    const before = await stored('probe=before-restart');
    // Both only visible with extraHeaders.
    expect(before.requestHeaders.cookie).toBe('[redacted]');
    expect(before.requestHeaders.referer).toBe(page.url());

    // A stopped worker is started again by the recorder's reconnect; it listens as registered at its top
    // level (basic) until it has found the recording tab, then with extraHeaders again.
    const bootedAt = (await diagnostics()).bootedAt;
    await env.tandem.stopServiceWorker();
    await expect.poll(async () => (await diagnostics()).bootedAt).toBeGreaterThan(bootedAt);
    await expect.poll(async () => (await diagnostics()).webRequest).toBe('detailed');
    await doFetch(page, '/echo?probe=after-restart');
    const after = await stored('probe=after-restart');
    expect(after.requestHeaders.cookie).toBe('[redacted]');
    expect(after.requestHeaders.referer).toBe(page.url());

    await callBackground(ext, 'stopRecording', { tabId });
    expect((await diagnostics()).webRequest).toBe('off');
    expect(JSON.stringify([await storedRequests(ext, sessionId), await storedChunks(ext, sessionId)])).not.toContain(
      'cookie-secret-789',
    );
  });

  it("while one tab records, Chrome sends the worker none of another tab's request events (filtered by tabId)", async () => {
    const ext = await env.tandem.openExtensionPage('viewer.html');
    const diagnostics = () => callBackground(ext, 'getDiagnostics', {});
    await setSettings(ext, { autoRecord: [env.server.url('network.html?rec*')] });
    const recorded = await env.tandem.context.newPage();
    await recorded.goto(env.server.url('network.html?rec'));
    const tabId = await tabIdOf(ext, recorded.url());
    await expect.poll(async () => (await diagnostics()).webRequestTabs).toEqual([tabId]);
    const sessionId = (await callBackground(ext, 'getTabState', { tabId })).sessionId!;
    const idle = await env.tandem.context.newPage();
    await idle.goto(env.server.url('network.html?idle'));
    expect((await callBackground(ext, 'getTabState', { tabId: await tabIdOf(ext, idle.url()) })).recording).toBe(false);

    // A request of the recording tab is delivered (4 events: before request, send headers, headers
    // received, completed) and stored once its events are in.
    const events0 = (await diagnostics()).webRequestEvents;
    await doFetch(recorded, '/echo?filter=recorded-1');
    await expect
      .poll(async () => (await storedRequests(ext, sessionId)).some((r) => r.url.includes('filter=recorded-1')))
      .toBe(true);
    const events1 = (await diagnostics()).webRequestEvents;
    expect(events1 - events0).toBeGreaterThanOrEqual(4);

    // 20 requests of the other tab, then one more of the recording tab, whose events come after theirs:
    // listening to every tab, the worker would have been sent at least 80 more.
    for (let i = 0; i < 20; i++) await doFetch(idle, `/echo?filter=idle-${i}`);
    await doFetch(recorded, '/echo?filter=recorded-2');
    await expect
      .poll(async () => (await storedRequests(ext, sessionId)).some((r) => r.url.includes('filter=recorded-2')))
      .toBe(true);
    const events2 = (await diagnostics()).webRequestEvents;
    expect(events2 - events1).toBeGreaterThanOrEqual(4);
    expect(events2 - events1).toBeLessThan(20);
    expect((await storedRequests(ext, sessionId)).some((r) => r.url.includes('filter=idle'))).toBe(false);
    await callBackground(ext, 'stopRecording', { tabId });
    expect((await diagnostics()).webRequestTabs).toEqual([]);
  });
});
