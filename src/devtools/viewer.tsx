import { createExtensionHost } from './host/extension-host';
import { mount } from './mount';

// The standalone viewer: the session library and player in a tab of its own.
const param = new URLSearchParams(location.search).get('tabId');
mount(createExtensionHost('viewer', param === null ? null : Number(param)));
