import { createDevtoolsHost } from './host/devtools-host';
import { createExtensionHost } from './host/extension-host';
import { mount } from './mount';

// Opened inside DevTools the panel controls the inspected tab; opened as a plain tab (tests, debugging)
// chrome.devtools is absent and it falls back to the library, with ?tabId= to control a given tab.
const param = new URLSearchParams(location.search).get('tabId');
mount(
  typeof chrome !== 'undefined' && chrome.devtools?.inspectedWindow
    ? createDevtoolsHost()
    : createExtensionHost('viewer', param === null ? null : Number(param)),
);
