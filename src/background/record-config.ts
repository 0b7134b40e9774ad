/** The options a recorder gets with each `record` order: from the settings and the tab's recording. */
import type { RecordConfig } from '../shared/protocol';
import type { Settings } from '../shared/settings';
import type { TabRecording } from './tab-state';

export function recordConfig(
  settings: Settings,
  rec: Pick<TabRecording, 'sessionId' | 'mode' | 'blockedOrigins'>,
  manifestVersion = '0',
): RecordConfig {
  const mode = rec.mode;
  const checkout = settings.recording.checkoutEveryMinutes * 60_000;
  // A buffer is cut at full snapshots: take them often enough that a cut is never far from the window.
  const bufferCheckout = Math.max(15_000, (settings.instantReplay.minutes * 60_000) / 4);
  return {
    privacy: settings.privacy,
    checkoutEveryMs: Math.round(mode === 'buffer' ? Math.min(checkout, bufferCheckout) : checkout),
    batchMaxMs: settings.recording.batchMaxMs,
    batchMaxBytes: settings.recording.batchMaxBytes,
    mutationLimit: settings.recording.mutationLimit,
    consoleArgMaxChars: settings.recording.consoleArgMaxChars,
    redactQueryParams: settings.network.redactQueryParams,
    network: {
      replayId: rec.sessionId,
      sameOrigin: settings.network.sameOrigin,
      targets: settings.network.targets,
      blockedOrigins: rec.blockedOrigins ?? [],
      traceMode: settings.network.traceMode,
      bodies: settings.network.bodies,
    },
    options: {
      recorder: `tandem/${manifestVersion}`,
      sessionSampleRate: 1,
      errorSampleRate: mode === 'buffer' ? 1 : 0,
      maskAllInputs: settings.privacy.maskAllInputs,
      maskAllText: settings.privacy.maskAllText,
      blockAllMedia: settings.privacy.blockAllMedia,
      useCompression: true,
      checkoutEveryNms: Math.round(checkout),
    },
  };
}
