/**
 * A trace file (OTLP JSON, Jaeger, Zipkin, a Sentry envelope) dropped anywhere on the app is stored with the
 * selected session; the background validates it (docs/traces.md, "Trace files") and the notice says what it kept.
 */
import { useEffect } from 'preact/hooks';
import type { Panel } from './use-panel';

export function useTraceDrop({ store, controller }: Panel): void {
  useEffect(() => {
    const over = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      e.preventDefault();
      void file.text().then(async (text) => {
        const result = await controller.importTraceFile(text);
        if (!result) return;
        const ignored = result.ignored ? `, ${result.ignored} of other sessions ignored` : '';
        const stored = `${result.stored.length} trace(s) of this session stored`;
        store.dispatch({ type: 'warning', message: `${file.name}: ${stored} from a ${result.format} file${ignored}` });
      });
    };
    document.addEventListener('dragover', over);
    document.addEventListener('drop', drop);
    return () => {
      document.removeEventListener('dragover', over);
      document.removeEventListener('drop', drop);
    };
  }, [store, controller]);
}
