/** The traces slice: backend spans of the selected session's requests, kept by the trace feature once it exists. */
export type TracesState = Record<string, never>;

export const initialTraces: TracesState = {};
