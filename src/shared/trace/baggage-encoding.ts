/**
 * Percent-encoding of W3C Baggage values: everything outside `baggage-octet` is encoded as UTF-8
 * bytes, and decoding replaces byte sequences that are not UTF-8 with U+FFFD, as the spec says.
 */

// baggage-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E: printable ASCII without
// space, `"`, `,`, `;` and `\`.
export const isBaggageOctet = (code: number): boolean =>
  code >= 0x21 && code <= 0x7e && code !== 0x22 && code !== 0x2c && code !== 0x3b && code !== 0x5c;

export function isBaggageValue(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (!isBaggageOctet(value.charCodeAt(i))) return false;
  return true;
}

const PERCENT = 0x25;
const utf8 = new TextEncoder();
const percentByte = (byte: number): string => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;

/** Percent-encodes everything outside `baggage-octet`, and `%` itself so decoding is unambiguous. */
export function encodeBaggageValue(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (char.length === 1 && isBaggageOctet(code) && code !== PERCENT) out += char;
    else for (const byte of utf8.encode(char)) out += percentByte(byte);
  }
  return out;
}

const hexDigit = (code: number): number => {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
};

/**
 * Percent-decodes a value. A `%` not followed by two hex digits is kept literally, and bytes that
 * do not form UTF-8 become U+FFFD; unlike `decodeURIComponent` this never throws.
 */
export function decodeBaggageValue(value: string): string {
  if (!value.includes('%')) return value;
  const bytes: number[] = [];
  let i = 0;
  while (i < value.length) {
    const code = value.codePointAt(i) ?? 0;
    const high = code === PERCENT ? hexDigit(value.charCodeAt(i + 1)) : -1;
    const low = high >= 0 ? hexDigit(value.charCodeAt(i + 2)) : -1;
    if (low >= 0) {
      bytes.push(high * 16 + low);
      i += 3;
    } else if (code < 0x80) {
      bytes.push(code);
      i += 1;
    } else {
      const char = String.fromCodePoint(code);
      for (const byte of utf8.encode(char)) bytes.push(byte);
      i += char.length;
    }
  }
  return new TextDecoder('utf-8').decode(new Uint8Array(bytes));
}
