export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** The player's clock, m:ss; with `tenths`, m:ss.d (for stretches too short for whole seconds to tell apart). */
export function formatDuration(ms: number, tenths = false): string {
  const unit = tenths ? 100 : 1000;
  const total = Math.max(0, Math.round(ms / unit));
  const perMinute = 60_000 / unit;
  const m = Math.floor(total / perMinute);
  const rest = total % perMinute;
  const s = tenths ? `${String(Math.floor(rest / 10)).padStart(2, '0')}.${rest % 10}` : String(rest).padStart(2, '0');
  return `${m}:${s}`;
}

export function formatTime(ts: number): string {
  return new Date(ts).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}
