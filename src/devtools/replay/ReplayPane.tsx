import { useMemo } from 'preact/hooks';
import type { Store } from '../store/store';
import { useStore } from '../store/use-store';
import { sessionView } from '../session/view';
import { gapMarksOf, markersOf } from './markers';
import { Player } from './Player';
import { SeekMarkers } from './SeekMarkers';
import { PlayerControls } from './PlayerControls';

/** The stage, connected: the selected session's replay and its controls, both driven by the replay slice. */
export function ReplayPane({ store }: { store: Store }) {
  const replay = useStore(store, (s) => s.replay);
  const remoteResources = useStore(store, (s) => s.view.remoteResources);
  const on = useMemo(() => playbackCallbacks(store), [store]);
  const view = useStore(store, sessionView);
  const markers = useMemo(() => markersOf(view), [view]);
  const { loaded } = replay;
  const gaps = useMemo(() => gapMarksOf(loaded?.gaps, loaded?.events[0]?.timestamp), [loaded]);

  return (
    <>
      {replay.loading && <p class="empty">Loading...</p>}
      {loaded && loaded.problems.length > 0 && (
        <div class="warning" data-testid="replay-problems">
          {loaded.problems.length} part(s) of this session could not be read and are skipped.
          {gaps.length > 0 &&
            ' The replay continues from the next full snapshot after each gap marked on the seek bar.'}
        </div>
      )}
      {loaded &&
        ((loaded.frames?.events ?? loaded.events).length < 2 ? (
          <p class="empty">This session has too few events to play.</p>
        ) : (
          // data-time (the cursor, ms from the first event) and data-start (that event's epoch ms) say where
          // the player is on the recording's clock: tests and tools read the moment shown without decoding.
          // data-part-from/-until: the part of a long session the player holds (epoch ms; windows.ts).
          <div
            class="player"
            data-testid="player"
            data-time={replay.cursor.time}
            data-start={loaded.events[0]?.timestamp}
            data-part-from={loaded.frames?.from}
            data-part-until={loaded.frames ? (loaded.frames.until ?? 'end') : undefined}
          >
            <Player
              events={loaded.frames?.events ?? loaded.events}
              completeFrom={loaded.frames?.from ?? loaded.completeFrom}
              completeUntil={loaded.frames?.until}
              total={loaded.end === undefined ? undefined : loaded.end - (loaded.events[0]?.timestamp ?? loaded.end)}
              blockRemote={!remoteResources}
              cursor={replay.cursor}
              seek={replay.seek}
              onReady={on.ready}
              onTime={on.time}
              onFinish={on.finish}
            />
            <PlayerControls
              cursor={replay.cursor}
              onPlay={on.play}
              onPause={on.pause}
              onSeek={on.seek}
              onSpeed={on.speed}
              onSkipInactive={on.skipInactive}
            >
              <SeekMarkers markers={markers} gaps={gaps} total={replay.cursor.total} onSeek={on.seek} />
            </PlayerControls>
          </div>
        ))}
      {!replay.sessionId && <p class="empty">Select a session to play it.</p>}
    </>
  );
}

/** What the Player reports and the controls ask, as actions on the replay slice. */
function playbackCallbacks({ dispatch }: Store) {
  return {
    ready: (total: number) => dispatch({ type: 'replay-ready', total }),
    time: (time: number) => dispatch({ type: 'playback-time', time }),
    finish: () => dispatch({ type: 'playback-finished' }),
    play: () => dispatch({ type: 'play' }),
    pause: () => dispatch({ type: 'pause' }),
    seek: (time: number) => dispatch({ type: 'seek', time }),
    speed: (speed: number) => dispatch({ type: 'speed', speed }),
    skipInactive: (on: boolean) => dispatch({ type: 'skip-inactive', on }),
  };
}
