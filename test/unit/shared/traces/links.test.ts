import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type TraceSourceConfig } from '../../../../src/shared/settings';
import { traceLinks } from '../../../../src/shared/traces/links';

const ID = '4b1c7f0e9a2d4e6f8a0b1c2d3e4f5a6b';
const NO_SPOTLIGHT = { ...DEFAULT_SETTINGS.traces.spotlight, enabled: false };

const linksOf = (source: Omit<TraceSourceConfig, 'enabled'>, traceId = ID) =>
  traceLinks({ sources: [{ enabled: true, ...source }], spotlight: NO_SPOTLIGHT }, traceId).map((l) => l.url);

describe('traceLinks', () => {
  it.each([
    ['jaeger-v1', 'http://localhost:16686/', `http://localhost:16686/trace/${ID}`],
    ['jaeger-v3', 'http://localhost:16686', `http://localhost:16686/trace/${ID}`],
    ['zipkin-v2', 'http://localhost:9411', `http://localhost:9411/zipkin/traces/${ID}`],
  ] as const)('links %s to its UI at the base URL', (kind, baseUrl, url) => {
    expect(linksOf({ id: 's', kind, baseUrl })).toEqual([url]);
  });

  it('links Zipkin to a 64-bit trace by the 16 hex it stored, and uses uiUrl when the UI is elsewhere', () => {
    const padded = '0000000000000000a03ee8fff1dcd9b9';
    const source = { id: 'z', kind: 'zipkin-v2', baseUrl: 'http://api:9411', uiUrl: 'https://zipkin.test' } as const;
    expect(linksOf(source, padded)).toEqual(['https://zipkin.test/zipkin/traces/a03ee8fff1dcd9b9']);
  });

  it('links Tempo only through a uiUrl template (Grafana Explore needs the data source uid)', () => {
    expect(linksOf({ id: 't', kind: 'tempo-v2', baseUrl: 'http://localhost:3200' })).toEqual([]);
    const uiUrl = 'https://grafana.test/explore?left={"datasource":"tempo","queries":[{"query":"{traceId}"}]}';
    expect(linksOf({ id: 't', kind: 'tempo-v2', baseUrl: 'http://localhost:3200', uiUrl })).toEqual([
      `https://grafana.test/explore?left={"datasource":"tempo","queries":[{"query":"${ID}"}]}`,
    ]);
  });

  it("links Sentry SaaS to the organization's subdomain, regional API hosts included", () => {
    const url = `https://acme.sentry.io/explore/traces/trace/${ID}/`;
    expect(linksOf({ id: 's', kind: 'sentry', baseUrl: 'https://sentry.io', org: 'acme' })).toEqual([url]);
    expect(linksOf({ id: 's', kind: 'sentry', baseUrl: 'https://de.sentry.io/', org: 'acme' })).toEqual([url]);
  });

  it('links a self-hosted Sentry under /organizations/{org}/', () => {
    expect(linksOf({ id: 's', kind: 'sentry', baseUrl: 'https://sentry.example.com/', org: 'acme' })).toEqual([
      `https://sentry.example.com/organizations/acme/explore/traces/trace/${ID}/`,
    ]);
  });

  it('labels links by name or id, skips disabled sources, and ends with Spotlight when it is on', () => {
    const links = traceLinks(
      {
        sources: [
          { id: 'j', kind: 'jaeger-v1', baseUrl: 'http://j', enabled: true, name: 'staging Jaeger' },
          { id: 'off', kind: 'jaeger-v1', baseUrl: 'http://off', enabled: false },
          { id: 'z', kind: 'zipkin-v2', baseUrl: 'http://z', enabled: true },
        ],
        spotlight: { enabled: true, url: 'http://localhost:8969/' },
      },
      ID,
    );
    expect(links).toEqual([
      { sourceId: 'j', label: 'staging Jaeger', url: `http://j/trace/${ID}` },
      { sourceId: 'z', label: 'z', url: `http://z/zipkin/traces/${ID}` },
      { sourceId: 'spotlight', label: 'Spotlight', url: 'http://localhost:8969/' },
    ]);
  });
});
