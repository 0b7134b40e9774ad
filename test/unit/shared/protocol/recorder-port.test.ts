import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import {
  type RecordConfig,
  type RecorderDown,
  recordConfigSchema,
  recorderDownSchema,
  type wrapperConfigSchema,
} from '../../../../src/shared/protocol';
import type { WrapperConfig } from '../../../../src/shared/propagation';
import { DEFAULT_SETTINGS, type Settings } from '../../../../src/shared/settings';

const SESSION = '0123456789abcdef0123456789abcdef';
const PAGE = '1111111111111111';
/** Shaped as the background's recordConfig() makes it from the default settings. */
const CONFIG: RecordConfig = {
  privacy: DEFAULT_SETTINGS.privacy,
  checkoutEveryMs: 300_000,
  batchMaxMs: DEFAULT_SETTINGS.recording.batchMaxMs,
  batchMaxBytes: DEFAULT_SETTINGS.recording.batchMaxBytes,
  mutationLimit: DEFAULT_SETTINGS.recording.mutationLimit,
  consoleArgMaxChars: DEFAULT_SETTINGS.recording.consoleArgMaxChars,
  redactQueryParams: DEFAULT_SETTINGS.network.redactQueryParams,
  network: {
    replayId: SESSION,
    sameOrigin: DEFAULT_SETTINGS.network.sameOrigin,
    targets: [],
    blockedOrigins: [],
    traceMode: 'request',
    bodies: DEFAULT_SETTINGS.network.bodies,
  },
  options: { recorder: 'tandem/0.1.0', sessionSampleRate: 1, useCompression: true },
};

/** One message of every type the background sends, as it sends them; a new type fails the type check here. */
const ONE_OF_EACH_TYPE: { [T in RecorderDown['type']]: Extract<RecorderDown, { type: T }> } = {
  record: { type: 'record', sessionId: SESSION, mode: 'buffer', newSession: true, config: CONFIG },
  stop: { type: 'stop', sessionId: SESSION },
  idle: { type: 'idle' },
  ack: { type: 'ack', sessionId: SESSION, pageId: PAGE, seq: 0 },
  reject: { type: 'reject', sessionId: SESSION, pageId: PAGE, seq: 3, error: 'title: Too big', reason: 'malformed' },
  busy: { type: 'busy', sessionId: SESSION, pageId: PAGE, seq: 4 },
};

describe('recorderDownSchema', () => {
  it.each(Object.values(ONE_OF_EACH_TYPE))('parses a $type message unchanged', (message) => {
    expect(recorderDownSchema.parse(structuredClone(message))).toEqual(message);
  });

  it('has an example here for every type it accepts, and each type once', () => {
    const types = recorderDownSchema.options.map((option) => option.shape.type.value);
    expect(new Set(types).size).toBe(types.length);
    expect([...types].sort()).toEqual(Object.keys(ONE_OF_EACH_TYPE).sort());
  });

  it('accepts a config with targets, a blocked origin, interaction traces and every privacy option set', () => {
    const config: RecordConfig = {
      ...CONFIG,
      privacy: { ...CONFIG.privacy, maskAllText: true, blockAllMedia: true, blockSelector: '' },
      network: {
        ...CONFIG.network,
        traceMode: 'interaction',
        targets: [{ urls: ['https://api.partner.test/*'], propagators: ['tracecontext', 'b3multi'] }],
        blockedOrigins: ['https://cdn.partner.test'],
      },
    };
    expect(recordConfigSchema.parse(structuredClone(config))).toEqual(config);
  });

  it.each([
    ['an ack with a negative seq', { ...ONE_OF_EACH_TYPE.ack, seq: -1 }],
    ['a reject without its error', { type: 'reject', sessionId: SESSION, pageId: PAGE, seq: 0 }],
    ['a stop with an upper-case session id', { type: 'stop', sessionId: SESSION.toUpperCase() }],
    ['a record whose privacy is not an object', { ...ONE_OF_EACH_TYPE.record, config: { ...CONFIG, privacy: true } }],
    [
      'a record with a propagator Tandem does not know',
      { ...ONE_OF_EACH_TYPE.record, config: { ...CONFIG, network: { ...CONFIG.network, sameOrigin: ['w3c'] } } },
    ],
  ])('refuses %s', (_label, message) => {
    expect(recorderDownSchema.safeParse(message).success).toBe(false);
  });

  it('describes exactly the types the rest of Tandem uses', () => {
    expectTypeOf<z.output<typeof wrapperConfigSchema>>().toEqualTypeOf<WrapperConfig>();
    expectTypeOf<z.output<typeof recordConfigSchema>['privacy']>().toEqualTypeOf<Settings['privacy']>();
    expectTypeOf<z.output<typeof recordConfigSchema>>().toEqualTypeOf<RecordConfig>();
  });
});
