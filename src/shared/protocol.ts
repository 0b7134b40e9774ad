/**
 * The message protocol: every port name, message type and the version, listed here. Each channel's schemas
 * live in their own file under protocol/; import them from here. Every message is validated with these
 * schemas where it is received; nothing else matches on a bare string.
 *
 *   page hooks (MAIN) ─page bridge─> recorder (ISOLATED) <─recorder port─> background <─panel port─> UI
 *   DOM recorder (MAIN) <──DOM bridge──> recorder
 */

export const PORT_NAMES = {
  /** content script <-> background: recording control, event batches, acknowledgements. */
  recorder: 'tandem/recorder',
  /** panel, viewer and popup <-> background: typed calls and pushed notifications. */
  panel: 'tandem/panel',
} as const;

/** Keyboard shortcuts, as named in manifest.json's "commands". */
export const COMMANDS = { toggleRecording: 'toggle-recording', saveInstantReplay: 'save-instant-replay' } as const;

/**
 * Sent with tabs.sendMessage to an idle content script (which keeps no port open, so as not to keep the
 * worker alive) to make it connect and say hello.
 */
export const WAKE_MESSAGE = { tandem: 'wake', v: 1 } as const;
export const isWakeMessage = (m: unknown): boolean =>
  typeof m === 'object' && m !== null && (m as { tandem?: unknown }).tandem === WAKE_MESSAGE.tandem;

// The bridges' names (zod-free: the MAIN-world scripts import bridge-constants.ts directly).
export {
  PAGE_BRIDGE_CHANNEL,
  WRAPPER_STASH_KEY,
  DOM_BRIDGE_EVENT,
  DOM_DOWN_EVENT,
  DOM_UP_EVENT,
  DOM_BATCH_MS,
  DOM_BATCH_CHARS,
} from './bridge-constants';

export { sessionIdSchema, pageIdSchema } from './protocol/fields';

// Recorder port, content script -> background: hello | batch | network | ping.
// Background -> content script: record | stop | idle | ack | reject | busy. PROTOCOL_VERSION is the version.
export {
  PROTOCOL_VERSION,
  URL_MAX_CHARS,
  TITLE_MAX_CHARS,
  EVENTS_MAX_CHARS,
  fitPage,
  fitUrl,
  helloSchema,
  batchSchema,
  batchKeySchema,
  networkUpSchema,
  pingSchema,
  recorderUpSchema,
  recordedEventSchema,
  recordedEventsSchema,
  wrapperConfigSchema,
  recordConfigSchema,
  recordModeSchema,
  recorderDownSchema,
  type Hello,
  type Batch,
  type NetworkUp,
  type RecorderUp,
  type RecordConfig,
  type RecordMode,
  type RecorderDown,
} from './protocol/recorder-port';

// Page bridge, page hooks -> recorder: console | error | rejection | history | request-start | request-end |
// propagation-failed. Recorder -> page hooks: control.
export {
  pageEventSchema,
  isNetworkPageEvent,
  type PageEvent,
  type NetworkPageEvent,
  type PageControl,
} from './protocol/page-bridge';

// DOM bridge, DOM recorder -> recorder: events. Recorder -> DOM recorder: start | stop | flush.
export {
  domEventSchema,
  domUpSchema,
  type DomEvent,
  type DomUp,
  type DomDown,
  type DomRecordConfig,
} from './protocol/dom-bridge';

// Panel port, UI -> background: call (one per PanelMethod, params in panelParamSchemas).
// Background -> UI: result (answers in panelResultSchemas) | notice: sessions-changed | tab-state | warning.
export {
  panelParamSchemas,
  isPanelMethod,
  callSchema,
  panelNoticeSchema,
  panelResultMessageSchema,
  panelDownSchema,
  type PanelMethod,
  type PanelParams,
  type PanelUp,
  type PanelNotice,
  type PanelDown,
} from './protocol/panel-port';
export {
  panelResultSchemas,
  tabStateSchema,
  diagnosticsSnapshotSchema,
  ingestSampleSchema,
  webRequestModeSchema,
  sessionSummarySchema,
  dryRunResultSchema,
  type PanelResults,
  type TabState,
  type DiagnosticsSnapshot,
  type IngestSample,
  type WebRequestMode,
} from './protocol/panel-results';
export {
  traceSourceStatusSchema,
  traceAnswerSchema,
  traceFetchStateSchema,
  fetchTraceResultSchema,
  type TraceSourceStatus,
  type TraceFetchState,
  type FetchTraceResult,
  type ImportTraceFileResult,
} from './protocol/trace-results';
