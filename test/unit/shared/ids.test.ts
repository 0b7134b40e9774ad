import { describe, expect, it } from 'vitest';
import { isHexId, newPageId, newSessionId, randomHex } from '../../../src/shared/ids';
import { pageIdSchema, sessionIdSchema } from '../../../src/shared/protocol';

describe('ids', () => {
  it('makes session ids of 32 lowercase hex characters that the protocol accepts', () => {
    const id = newSessionId();
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(sessionIdSchema.safeParse(id).success).toBe(true);
    expect(isHexId(id, 32)).toBe(true);
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
    for (let i = 0; i < 50; i++) expect(randomHex(3)).toHaveLength(6);
    expect(randomHex(0)).toBe('');
  });

  it.each([
    ['the wrong length', 'abc', 32],
    ['upper case', 'A'.repeat(32), 32],
    ['a non-hex character', `${'a'.repeat(31)}g`, 32],
    ['all zeros (an unset id)', '0'.repeat(32), 32],
    ['empty', '', 0],
  ])('isHexId refuses %s', (_label, value, length) => {
    expect(isHexId(value, length)).toBe(false);
  });
});
