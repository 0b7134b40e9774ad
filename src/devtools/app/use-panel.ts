import { useEffect, useMemo } from 'preact/hooks';
import type { Host } from '../host/host';
import { createStore, type Store } from '../store/store';
import { type Controller, type ControllerOptions, createController } from './controller';

/** What a shell hands its panes: the state to read and the commands to call. */
export interface Panel {
  store: Store;
  controller: Controller;
}

/** One store and controller per host, connected while the shell is mounted. */
export function usePanel(host: Host, { library, link, holdRawBytes }: ControllerOptions): Panel {
  const panel = useMemo(() => {
    const store = createStore();
    return { store, controller: createController(host, store, { library, link, holdRawBytes }) };
  }, [host, library, link, holdRawBytes]);
  useEffect(() => panel.controller.connect(), [panel]);
  return panel;
}
