/**
 * rrweb refuses custom events before its first full snapshot ("please add custom event after start
 * recording"), and a replay needs the snapshot first anyway. Custom events that arrive earlier (page
 * errors at load, buffered performance entries) are queued here and released right after the snapshot.
 */
const FULL_SNAPSHOT = 2;
const MAX_QUEUED = 1000;

export class SnapshotGate {
  private open = false;
  private queue: unknown[] = [];

  constructor(private readonly emit: (event: unknown) => void) {}

  rrweb(event: { type: number }): void {
    this.emit(event);
    if (!this.open && event.type === FULL_SNAPSHOT) {
      this.open = true;
      for (const queued of this.queue) this.emit(queued);
      this.queue = [];
    }
  }

  custom(event: unknown): void {
    if (this.open) this.emit(event);
    else if (this.queue.length < MAX_QUEUED) this.queue.push(event);
  }
}
