import browser from 'webextension-polyfill';
import { render } from 'preact';
import { createExtensionHost } from './host/extension-host';
import { Popup } from './app/Popup';
import './app/app.css';

// The toolbar popup controls the active tab; ?tabId= lets tests open it as a page for a given tab.
async function main() {
  const param = new URLSearchParams(location.search).get('tabId');
  const [active] = param === null ? await browser.tabs.query({ active: true, currentWindow: true }) : [];
  const tabId = param !== null ? Number(param) : (active?.id ?? null);
  render(<Popup host={createExtensionHost('popup', tabId)} />, document.getElementById('app')!);
}
void main();
