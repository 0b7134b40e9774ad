import { createDevtoolsHost } from './host/devtools-host';
import { createExtensionHost } from './host/extension-host';
import { mount } from './mount';

// Opened inside DevTools the panel controls the inspected tab; opened as a plain tab (tests, debugging)
// chrome.devtools is absent and it falls back to the library, with ?tabId= to control a given tab.
const param = new URLSearchParams(location.search).get('tabId');
// DevTools' theme, not the system's: a developer with a dark DevTools on a light desktop gets a dark panel.
const theme = typeof chrome !== 'undefined' ? chrome.devtools?.panels?.themeName : undefined;
if (theme) document.documentElement.dataset.theme = theme === 'dark' ? 'dark' : 'light';
mount(
  typeof chrome !== 'undefined' && chrome.devtools?.inspectedWindow
    ? createDevtoolsHost()
    : createExtensionHost('viewer', param === null ? null : Number(param)),
);
