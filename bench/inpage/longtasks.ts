/**
 * Collects the renderer main thread's long tasks (> 50 ms) from the start of the document. A long task is
 * reported for the whole event loop, so the isolated world's content scripts (Tandem) count as well.
 */
import type { LongTask } from './globals';

if (location.protocol.startsWith('http')) {
  const tasks: LongTask[] = [];
  window.__benchLongTasks = tasks;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
}
