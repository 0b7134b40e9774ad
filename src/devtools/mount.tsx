import { render } from 'preact';
import { App } from './app/App';
import type { DeepLinkResult } from './app/deep-link';
import type { Host } from './host/host';
// Only entries import CSS: the tests type-check components without Vite's CSS module types.
import '@rrweb/replay/dist/style.css';
import './app/app.css';

export function mount(host: Host, link?: DeepLinkResult, holdRawBytes?: number): void {
  render(<App host={host} link={link} holdRawBytes={holdRawBytes} />, document.getElementById('app')!);
}
