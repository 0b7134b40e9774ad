import { describe, expect, it } from 'vitest';
import { recordConfig } from '../../../src/background/record-config';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/shared/settings';

const MINUTE = 60_000;

const withInstantReplay = (minutes = 2): Settings => ({
  ...DEFAULT_SETTINGS,
  instantReplay: { ...DEFAULT_SETTINGS.instantReplay, enabled: true, minutes },
});

describe('recordConfig', () => {
  const SESSION = '0123456789abcdef0123456789abcdef';

  it("gives the page wrapper the session's replay id and the network settings", () => {
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      network: {
        ...DEFAULT_SETTINGS.network,
        sameOrigin: ['tracecontext', 'b3'],
        targets: [{ urls: ['https://api.shop.test/*'], propagators: ['tracecontext', 'baggage'] }],
        traceMode: 'interaction',
        bodies: { urls: ['https://api.shop.test/cart*'], maxBytes: 4096 },
      },
    };

    const config = recordConfig(settings, { sessionId: SESSION, mode: 'record' });

    // The page redacts the recording's URLs with the same parameters as the worker.
    expect(config.redactQueryParams).toBe(settings.network.redactQueryParams);
    expect(config.network).toEqual({
      replayId: SESSION,
      sameOrigin: ['tracecontext', 'b3'],
      targets: [{ urls: ['https://api.shop.test/*'], propagators: ['tracecontext', 'baggage'] }],
      blockedOrigins: [],
      traceMode: 'interaction',
      bodies: { urls: ['https://api.shop.test/cart*'], maxBytes: 4096 },
    });
  });

  it("passes on the origins whose preflight refused Tandem's headers", () => {
    const config = recordConfig(DEFAULT_SETTINGS, {
      sessionId: SESSION,
      mode: 'record',
      blockedOrigins: ['https://api.partner.test'],
    });
    expect(config.network.blockedOrigins).toEqual(['https://api.partner.test']);
  });

  it('names the recorder with the manifest version and takes checkouts more often for a buffer', () => {
    const settings = withInstantReplay(2);
    const record = recordConfig(settings, { sessionId: SESSION, mode: 'record' }, '1.4.0');
    const buffer = recordConfig(settings, { sessionId: SESSION, mode: 'buffer' }, '1.4.0');
    expect(record.options).toMatchObject({ recorder: 'tandem/1.4.0', errorSampleRate: 0 });
    expect(buffer.options).toMatchObject({ recorder: 'tandem/1.4.0', errorSampleRate: 1 });
    expect(record.checkoutEveryMs).toBe(DEFAULT_SETTINGS.recording.checkoutEveryMinutes * MINUTE);
    expect(buffer.checkoutEveryMs).toBe(30_000); // a quarter of the 2-minute window
  });
});
