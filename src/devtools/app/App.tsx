import { TabControls } from '../controls/TabControls';
import type { Host } from '../host/host';
import { LibraryPane } from '../library/LibraryPane';
import { NoticesPane } from '../notices/NoticesPane';
import { ReplayPane } from '../replay/ReplayPane';
import { SessionPanes } from '../requests/RequestsPane';
import { Timeline } from '../timeline/Timeline';
import { SourceStatus } from '../trace/SourceStatus';
import type { DeepLinkResult } from './deep-link';
import { useShortcuts } from './shortcuts';
import { useTraceDrop } from './trace-drop';
import { usePanel } from './use-panel';

/** The panel and the viewer: recording controls for the host's tab, the session library, and the player. */
export function App({ host, link, holdRawBytes }: { host: Host; link?: DeepLinkResult; holdRawBytes?: number }) {
  const panel = usePanel(host, { library: true, link, holdRawBytes });
  useShortcuts(panel.store);
  useTraceDrop(panel);
  return (
    <div class={`app app-${host.kind}`}>
      <header class="toolbar">
        <strong class="brand">Tandem</strong>
        <TabControls {...panel} />
        <SourceStatus store={panel.store} />
        {host.openViewer && host.kind !== 'viewer' && (
          <button type="button" class="link" onClick={panel.controller.openViewer}>
            Open viewer
          </button>
        )}
      </header>
      <NoticesPane store={panel.store} />
      <Timeline store={panel.store} />
      <main class="layout">
        <aside class="library" aria-label="Session library">
          <LibraryPane {...panel} />
        </aside>
        <section class="stage" aria-label="Replay">
          <ReplayPane store={panel.store} />
        </section>
        <section class="lists" aria-label="Requests, console and errors">
          <SessionPanes {...panel} />
        </section>
      </main>
    </div>
  );
}
