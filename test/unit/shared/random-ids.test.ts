import { describe, expect, it } from 'vitest';
import { pageIdSchema, sessionIdSchema } from '../../../src/shared/protocol';
import { newPageId, newSessionId, randomHex } from '../../../src/shared/random-ids';

describe('random ids', () => {
  it('makes session ids of 32 lowercase hex characters that the protocol accepts', () => {
    const id = newSessionId();
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(sessionIdSchema.safeParse(id).success).toBe(true);
  });

  it('makes page ids of 16 lowercase hex characters that the protocol accepts', () => {
    const id = newPageId();
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(pageIdSchema.safeParse(id).success).toBe(true);
  });

  it('does not repeat itself', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newSessionId()));
    expect(ids.size).toBe(1000);
  });

  it('pads every byte to two characters', () => {
    for (let i = 0; i < 50; i++) expect(randomHex(3)).toMatch(/^[0-9a-f]{6}$/);
    expect(randomHex(0)).toBe('');
  });
});
