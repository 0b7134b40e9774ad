import { parseDeepLink, parseHoldMB } from './app/deep-link';
import { createExtensionHost } from './host/extension-host';
import { mount } from './mount';

// The standalone viewer: the session library and player in a tab of its own, opened at a deep link's
// moment when its URL names one (viewer.html?trace=..., docs/traces.md).
const param = new URLSearchParams(location.search).get('tabId');
const hold = parseHoldMB(location.search);
mount(
  createExtensionHost('viewer', param === null ? null : Number(param)),
  parseDeepLink(location.search),
  hold === null ? undefined : hold * 2 ** 20,
);
