import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { Diagnostics } from '../../../../src/background/diagnostics';
import { type DryRunResult, propagationDryRun } from '../../../../src/shared/dry-run';
import type { RequestRecord, SessionSummary } from '../../../../src/shared/model';
import {
  type PanelResults,
  panelNoticeSchema,
  panelResultSchemas,
  type PanelNotice,
} from '../../../../src/shared/protocol';
import { readSettings, type Settings } from '../../../../src/shared/settings';
import { SHOP_URL } from '../../fixtures/rrweb-events';

const T0 = 1_700_000_000_000;
const SESSION_A = '0123456789abcdef0123456789abcdef';

describe("panel result schemas accept what the background's own code answers", () => {
  it('listSessions: a finished session and one still recording', () => {
    const finished: SessionSummary = {
      id: SESSION_A,
      tabId: 3,
      trigger: 'instant-replay',
      status: 'complete',
      startedAt: T0,
      endedAt: T0 + 60_000,
      lastEventAt: T0 + 59_000,
      lastActivityAt: T0 + 30_000,
      endReason: 'saved',
      firstUrl: SHOP_URL,
      title: 'Shop',
      urls: [SHOP_URL, `${SHOP_URL}cart`],
      pageCount: 2,
      eventCount: 412,
      chunkCount: 7,
      storedBytes: 20_480,
      rawBytes: 96_000,
      pinned: true,
    };
    const recording: SessionSummary = {
      ...finished,
      id: 'f'.repeat(32),
      trigger: 'manual',
      status: 'recording',
      endedAt: null,
      endReason: null,
      urls: [],
      pinned: false,
    };
    const sessions = [finished, recording];
    expect(panelResultSchemas.listSessions.parse(structuredClone(sessions))).toEqual(sessions);
  });

  it('getDiagnostics: a snapshot with errors, warnings and ingest samples', () => {
    const diagnostics = new Diagnostics();
    diagnostics.warn('storage-full', 'Storage is full');
    diagnostics.recordIngest({ firstTs: T0, lastTs: T0 + 5, committedAt: T0 + 40, count: 2, rawBytes: 900 });
    const snapshot = {
      ...diagnostics.snapshot(),
      webRequest: 'detailed' as const,
      webRequestTabs: [3],
      webRequestEvents: 12,
    };
    expect(panelResultSchemas.getDiagnostics.parse(structuredClone(snapshot))).toEqual(snapshot);
  });

  it('getSettings: settings read leniently from a stored value with a bad field', () => {
    const read = readSettings({ recording: { batchMaxMs: -1 } });
    expect(read.problems).not.toEqual([]);
    expect(panelResultSchemas.getSettings.parse(structuredClone(read))).toEqual(read);
  });

  it('propagationDryRun: a dry run that found a preflighted request', () => {
    const request = { url: 'https://api.partner.test/v1', api: 'fetch', type: 'xmlhttprequest', method: 'GET' };
    const result = propagationDryRun(
      [request as RequestRecord],
      ['http://127.0.0.1:8080'],
      [{ urls: ['https://api.partner.test/*'], propagators: ['tracecontext'], pages: ['http://127.0.0.1:8080/*'] }],
    );
    expect(result.preflighted).toHaveLength(1);
    expect(panelResultSchemas.propagationDryRun.parse(structuredClone(result))).toEqual(result);
  });

  it('every notice the background pushes', () => {
    const notices: PanelNotice[] = [
      { type: 'sessions-changed' },
      { type: 'tab-state', state: { tabId: 3, recording: false, sessionId: null, buffering: true, bufferMinutes: 2 } },
      { type: 'warning', message: 'Storage is full' },
    ];
    for (const n of notices) expect(panelNoticeSchema.parse(structuredClone(n))).toEqual(n);
  });

  it('describes exactly the types the rest of Tandem uses', () => {
    expectTypeOf<PanelResults['listSessions']>().toEqualTypeOf<SessionSummary[]>();
    expectTypeOf<PanelResults['propagationDryRun']>().toEqualTypeOf<DryRunResult>();
    expectTypeOf<PanelResults['getSettings']['settings']>().toEqualTypeOf<Settings>();
    expectTypeOf<z.output<typeof panelResultSchemas.getSettings>>().toEqualTypeOf<{
      settings: Settings;
      problems: string[];
    }>();
  });
});
