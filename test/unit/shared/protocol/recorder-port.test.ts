import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { recordConfig } from '../../../../src/background/recording';
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
const CONFIG = recordConfig(DEFAULT_SETTINGS, { sessionId: SESSION, mode: 'record' }, '0.1.0');

/** One message of every type the background sends, as it sends them; a new type fails the type check here. */
const ONE_OF_EACH_TYPE: { [T in RecorderDown['type']]: Extract<RecorderDown, { type: T }> } = {
  record: { type: 'record', sessionId: SESSION, mode: 'buffer', newSession: true, config: CONFIG },
  stop: { type: 'stop', sessionId: SESSION },
  idle: { type: 'idle' },
  ack: { type: 'ack', sessionId: SESSION, pageId: PAGE, seq: 0 },
  reject: { type: 'reject', sessionId: SESSION, pageId: PAGE, seq: 3, error: 'events: too small' },
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

  it('accepts the record config the background makes from any valid settings, with targets and a blocked origin', () => {
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      privacy: { ...DEFAULT_SETTINGS.privacy, maskAllText: true, blockSelector: '' },
      network: {
        ...DEFAULT_SETTINGS.network,
        traceMode: 'interaction',
        targets: [{ urls: ['https://api.partner.test/*'], propagators: ['tracecontext', 'b3multi'] }],
      },
    };
    const config = recordConfig(settings, {
      sessionId: SESSION,
      mode: 'buffer',
      blockedOrigins: ['https://cdn.partner.test'],
    });
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
