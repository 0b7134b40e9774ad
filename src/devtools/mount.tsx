import { render } from 'preact';
import { App } from './app/App';
import type { Host } from './host/host';
import './app/app.css';

export function mount(host: Host): void {
  render(<App host={host} />, document.getElementById('app')!);
}
