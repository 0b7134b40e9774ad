/**
 * Timestamps as the wire formats spell them, converted to epoch milliseconds (float). OTLP uses
 * uint64 nanoseconds (strings, or numbers from some producers), Jaeger and Zipkin microseconds,
 * Sentry float seconds or RFC 3339 strings (the Python SDK).
 */
import { fail } from './result';

const DIGITS = /^\d{1,20}$/;
// Date and time, optional fraction, then Z or an offset; Date.parse alone would drop the microseconds.
const RFC3339 = /^(\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2})(\.\d{1,12})?([Zz]|[+-]\d{2}:\d{2})$/;

function finite(ms: number, where: string): number {
  return Number.isFinite(ms) ? ms : fail(`${where}: timestamp out of range`);
}

/**
 * Nanoseconds (decimal string or number) to milliseconds. A string is split before converting:
 * today's nanosecond timestamps exceed 2^53, and Number() of the whole string would round them.
 */
export function nanosToMs(value: string | number, where: string): number {
  if (typeof value === 'number') return finite(value / 1e6, where);
  if (!DIGITS.test(value)) fail(`${where}: invalid nanosecond timestamp ${JSON.stringify(value.slice(0, 40))}`);
  const whole = value.length > 6 ? Number(value.slice(0, -6)) : 0;
  return whole + Number(value.slice(-6)) / 1e6;
}

export function microsToMs(value: number, where: string): number {
  return finite(value / 1e3, where);
}

/** Float seconds, or an RFC 3339 date-time string with up to nanosecond digits. */
export function secondsToMs(value: number | string, where: string): number {
  if (typeof value === 'number') return finite(value * 1e3, where);
  const match = RFC3339.exec(value);
  const whole = match ? Date.parse(`${match[1]!.replace(/[t ]/, 'T')}${match[3]!.toUpperCase()}`) : Number.NaN;
  if (!match || !Number.isFinite(whole)) fail(`${where}: invalid timestamp ${JSON.stringify(value.slice(0, 40))}`);
  const fraction = match[2] ? Number(`0${match[2]}`) * 1e3 : 0;
  return whole + fraction;
}
