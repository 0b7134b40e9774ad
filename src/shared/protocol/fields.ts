/** Field schemas the messages share: ids, timestamps and bounded text. */
import { z } from 'zod';

/** Lowercase hex of exactly `len` characters. */
export const hex = (len: number) => z.string().regex(new RegExp(`^[0-9a-f]{${len}}$`));
export const sessionIdSchema = hex(32);
export const pageIdSchema = hex(16);

/** A wall-clock timestamp in milliseconds. */
export const timestamp = z.number().finite().positive();
export const text = (max: number) => z.string().max(max);
