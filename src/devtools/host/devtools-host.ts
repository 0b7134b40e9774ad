import { createExtensionHost } from './extension-host';
import type { Host } from './host';

/** The only module that touches chrome.devtools: the panel controls the inspected tab. */
export function createDevtoolsHost(): Host {
  return createExtensionHost('devtools', chrome.devtools.inspectedWindow.tabId);
}
