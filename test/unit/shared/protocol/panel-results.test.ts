import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { Diagnostics } from '../../../../src/background/diagnostics';
import { SessionStore } from '../../../../src/background/session-store';
import { listSessions } from '../../../../src/shared/db/read';
import { type DryRunResult, propagationDryRun } from '../../../../src/shared/dry-run';
import type { RequestRecord, SessionSummary } from '../../../../src/shared/model';
import {
  type PanelResults,
  panelNoticeSchema,
  panelResultSchemas,
  type PanelNotice,
} from '../../../../src/shared/protocol';
import { readSettings, type Settings } from '../../../../src/shared/settings';
import { freshDb, makeBatch, metaOf, PAGE_1, SESSION_A } from '../../fixtures/db';
import { fullSnapshotEvent, metaEvent, SHOP_URL } from '../../fixtures/rrweb-events';

const T0 = 1_700_000_000_000;

describe("panel result schemas accept what the background's own code answers", () => {
  it('listSessions: sessions as the store keeps them, recording and finished', async () => {
    const { db } = freshDb();
    const store = new SessionStore(db);
    await store.create({ id: SESSION_A, tabId: 3, trigger: 'manual', url: SHOP_URL, title: 'Shop', now: T0 });
    const events = [metaEvent(T0), fullSnapshotEvent(T0 + 1)];
    await store.append(makeBatch(SESSION_A, PAGE_1, 0, events), metaOf(events));
    await store.create({ id: 'f'.repeat(32), tabId: 4, trigger: 'auto', url: '', title: '', now: T0 + 5 });
    await store.finish('f'.repeat(32), 'interrupted', 'interrupted', T0 + 9);
    const sessions = await listSessions(await db());

    expect(sessions).toHaveLength(2);
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
      [{ urls: ['https://api.partner.test/*'], propagators: ['tracecontext'] }],
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
