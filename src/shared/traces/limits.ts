/** Limits shared by the trace readers and the messages that carry trace data (kept free of imports so the
 * protocol can use them without pulling the normalisers into every bundle). */

/** The largest trace file read (a 10,000-span OTLP export is about 10 MB). */
export const MAX_TRACE_FILE_CHARS = 32 * 1024 * 1024;
