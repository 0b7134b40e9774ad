import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, readSettings, validateSettingsUpdate } from '../../../src/shared/settings';

describe('readSettings on values that break comparisons', () => {
  // storage.local can be written by other extension contexts; zod threw a TypeError on `length: {toString: 1}`.
  const hostile = { length: { toString: 1 } };

  it('replaces the section with its defaults and says so, instead of throwing', () => {
    const { settings, problems } = readSettings({ autoRecord: hostile, privacy: { blockSelector: hostile } });
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(problems.length).toBeGreaterThan(0);
  });

  it('refuses such an update with a ZodError', () => {
    expect(() => validateSettingsUpdate({ autoRecord: hostile })).toThrow(/unreadable value/);
  });
});

describe('readSettings', () => {
  it('fills every default from an empty stored object, masking inputs by default', () => {
    const { settings, problems } = readSettings({});
    expect(problems).toEqual([]);
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(settings.privacy.maskAllInputs).toBe(true);
    expect(settings.privacy.maskAllText).toBe(false);
    expect(settings.autoRecord).toEqual([]);
    expect(settings.recording.batchMaxMs).toBe(750);
    expect(settings.recording.batchMaxBytes).toBe(256 * 1024);
  });

  it('gives the defaults without a problem when nothing was ever stored', () => {
    expect(readSettings(undefined)).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
    expect(readSettings(null)).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
  });

  it('keeps a valid stored value as it is', () => {
    const stored = {
      ...DEFAULT_SETTINGS,
      autoRecord: ['http://127.0.0.1:*'],
      privacy: { ...DEFAULT_SETTINGS.privacy, maskAllText: true },
      recording: { ...DEFAULT_SETTINGS.recording, batchMaxMs: 250 },
    };
    expect(readSettings(stored)).toEqual({ settings: stored, problems: [] });
  });

  it('reads every section of the schema on the lenient path too (no section silently reset)', () => {
    // One bad section sends readSettings down its section-by-section path; every other section must survive.
    const stored = {
      ...DEFAULT_SETTINGS,
      autoRecord: 42,
      privacy: { ...DEFAULT_SETTINGS.privacy, blockAllMedia: true },
      recording: { ...DEFAULT_SETTINGS.recording, idleMinutes: 7 },
      instantReplay: { enabled: true, minutes: 5, maxMB: 50 },
      storage: { budgetMB: 500 },
      network: {
        ...DEFAULT_SETTINGS.network,
        targets: [{ urls: ['https://api.shop.test/*'], propagators: ['tracecontext', 'baggage'] }],
        documentTraceparent: true,
        redactHeaders: ['x-csrf-token'],
      },
      traces: {
        ...DEFAULT_SETTINGS.traces,
        sources: [{ id: 'jaeger', kind: 'jaeger-v1', baseUrl: 'http://localhost:16686', enabled: true }],
        metricAttributes: ['db.rows'],
      },
    };
    const { settings, problems } = readSettings(stored);
    expect(problems).toHaveLength(1);
    expect(settings).toEqual({ ...stored, autoRecord: [] });
  });

  it('propagates only to the page origin by default, with the replay id, trace context, baggage and sentry-trace', () => {
    const { network } = readSettings({}).settings;
    expect(network.sameOrigin).toEqual(['tracecontext', 'baggage', 'sentry']);
    expect(network.targets).toEqual([]);
    expect(network.documentTraceparent).toBe(false);
    expect(network.bodies.urls).toEqual([]);
    expect(network.redactQueryParams).toEqual(
      expect.arrayContaining(['token', 'access_token', 'api_key', 'password', 'code']),
    );
  });

  it('refuses a propagation target with a propagator Tandem does not know, keeping the default network section', () => {
    const { settings, problems } = readSettings({
      network: { targets: [{ urls: ['https://api.shop.test/*'], propagators: ['w3c'] }] },
    });
    expect(problems).toEqual([expect.stringMatching(/^settings\.network/)]);
    expect(settings.network).toEqual(DEFAULT_SETTINGS.network);
  });

  it('fills missing fields of a partly stored section from the defaults', () => {
    const { settings, problems } = readSettings({ privacy: { maskAllText: true } });
    expect(problems).toEqual([]);
    expect(settings.privacy).toEqual({ ...DEFAULT_SETTINGS.privacy, maskAllText: true });
  });

  it('replaces only the section with a bad field, keeps the others and names the path', () => {
    const { settings, problems } = readSettings({
      autoRecord: ['http://127.0.0.1:*'],
      privacy: { maskAllInputs: 'yes' },
      recording: { batchMaxMs: 200 },
    });

    expect(settings.autoRecord).toEqual(['http://127.0.0.1:*']);
    expect(settings.recording.batchMaxMs).toBe(200);
    expect(settings.privacy).toEqual(DEFAULT_SETTINGS.privacy);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^settings\.privacy\.maskAllInputs: /);
  });

  it('reports one line per bad field, with its path', () => {
    const { settings, problems } = readSettings({ autoRecord: 'http://*', recording: { batchMaxMs: 5 } });
    expect(settings.autoRecord).toEqual([]);
    expect(settings.recording).toEqual(DEFAULT_SETTINGS.recording);
    expect(problems).toHaveLength(2);
    expect(problems.some((p) => p.startsWith('settings.autoRecord: '))).toBe(true);
    expect(problems.some((p) => p.startsWith('settings.recording.batchMaxMs: '))).toBe(true);
  });

  it.each([
    ['a string', 'maskAllInputs'],
    ['a number', 42],
    ['an array', [1, 2]],
    ['true', true],
  ])('gives the defaults and a problem for a stored value that is not an object (%s)', (_label, stored) => {
    const { settings, problems } = readSettings(stored);
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(problems).toEqual(['settings: expected an object, using defaults']);
  });

  it('ignores unknown keys instead of failing the whole object', () => {
    const { settings, problems } = readSettings({ futureOption: 1, autoRecord: ['https://*.example.com/*'] });
    expect(problems).toEqual([]);
    expect(settings.autoRecord).toEqual(['https://*.example.com/*']);
    expect(settings).not.toHaveProperty('futureOption');
  });
});

describe('readSettings: traces', () => {
  it('configures no backend by default, Spotlight on its default port, and fetches 4 at a time for 30 s', () => {
    expect(readSettings({}).settings.traces).toEqual({
      sources: [],
      spotlight: { enabled: true, url: 'http://localhost:8969' },
      fetch: { concurrency: 4, timeoutMs: 5000, retryForSeconds: 30 },
      metricAttributes: [],
    });
  });

  it('keeps a source with its headers and enables it unless told otherwise', () => {
    const source = {
      id: 'tempo',
      kind: 'tempo-v2',
      baseUrl: 'https://tempo.example.com/tempo',
      headers: { Authorization: 'Bearer abc' },
    };
    const { settings, problems } = readSettings({ traces: { sources: [source] } });
    expect(problems).toEqual([]);
    expect(settings.traces.sources).toEqual([{ ...source, enabled: true }]);
  });

  it.each([
    ['an unknown kind', [{ id: 'a', kind: 'datadog', baseUrl: 'http://localhost:1' }]],
    ['a URL that is not http(s)', [{ id: 'a', kind: 'zipkin-v2', baseUrl: 'file:///etc' }]],
    ['an id with a slash', [{ id: 'a/b', kind: 'zipkin-v2', baseUrl: 'http://localhost:9411' }]],
    ['a header name with a space', [{ id: 'a', kind: 'zipkin-v2', baseUrl: 'http://h', headers: { 'a b': 'x' } }]],
    [
      'two sources with one id',
      [
        { id: 'a', kind: 'zipkin-v2', baseUrl: 'http://localhost:9411' },
        { id: 'a', kind: 'jaeger-v1', baseUrl: 'http://localhost:16686' },
      ],
    ],
  ])('refuses %s, keeping the default traces section and the other sections', (_label, sources) => {
    const { settings, problems } = readSettings({ autoRecord: ['http://localhost:*'], traces: { sources } });
    expect(problems).toEqual([expect.stringMatching(/^settings\.traces\.sources/)]);
    expect(settings.traces).toEqual(DEFAULT_SETTINGS.traces);
    expect(settings.autoRecord).toEqual(['http://localhost:*']);
  });

  it('keeps a Sentry source with its organization and UI address', () => {
    const source = {
      id: 'sentry',
      kind: 'sentry',
      baseUrl: 'https://sentry.io',
      org: 'acme',
      uiUrl: 'https://acme.sentry.io',
      headers: { Authorization: 'Bearer sntrys_x' },
    };
    expect(readSettings({ traces: { sources: [source] } }).settings.traces.sources).toEqual([
      { ...source, enabled: true },
    ]);
  });

  it('refuses a Sentry source without org, saying so', () => {
    const sources = [{ id: 's', kind: 'sentry', baseUrl: 'https://sentry.io' }];
    const { settings, problems } = readSettings({ traces: { sources } });
    expect(problems).toEqual([
      expect.stringMatching(/^settings\.traces\.sources\.0\.org: a sentry source needs `org`/),
    ]);
    expect(settings.traces).toEqual(DEFAULT_SETTINGS.traces);
    expect(() => validateSettingsUpdate({ traces: { sources: [{ ...sources[0], org: 'a/b' }] } })).toThrow(/slug/);
  });

  it('refuses a concurrency of 0 and a timeout under half a second', () => {
    expect(() => validateSettingsUpdate({ traces: { fetch: { concurrency: 0 } } })).toThrow();
    expect(() => validateSettingsUpdate({ traces: { fetch: { timeoutMs: 10 } } })).toThrow();
  });
});

describe('validateSettingsUpdate', () => {
  it('accepts a valid change and fills defaults', () => {
    const settings = validateSettingsUpdate({ autoRecord: ['http://localhost:*'] });
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, autoRecord: ['http://localhost:*'] });
  });

  it.each([
    ['a wrong type', { privacy: { maskAllInputs: 'yes' } }],
    ['a value out of range', { recording: { batchMaxBytes: 10 } }],
    ['an empty pattern', { autoRecord: [''] }],
    ['not an object', 'settings'],
  ])('throws on %s instead of repairing it', (_label, value) => {
    expect(() => validateSettingsUpdate(value)).toThrow();
  });
});
