/** A store and controller over a test Host, as a shell would make them, for rendering connected panes. */
import type { Panel } from '../../../src/devtools/app/use-panel';
import { createController } from '../../../src/devtools/app/controller';
import { createStore } from '../../../src/devtools/store/store';
import type { PanelHandlers } from '../../../src/shared/rpc';
import { type TestHost, type TestHostOptions, testHost } from './test-host';

export function testPanel(
  handlers: Partial<PanelHandlers>,
  options: TestHostOptions & { library?: boolean } = {},
): Panel & { host: TestHost } {
  const host = testHost(handlers, options);
  const store = createStore();
  return { host, store, controller: createController(host, store, { library: options.library ?? true }) };
}
