/**
 * rrweb refuses custom events before its first full snapshot ("please add custom event after start
 * recording"), and a replay needs the snapshot first anyway. Custom events that arrive earlier (page
 * errors at load, buffered performance entries) are queued here and released right after the snapshot.
 */
const FULL_SNAPSHOT = 2;
const MAX_QUEUED = 1000;

export class SnapshotGate<T> {
  private open = false;
  private queue: T[] = [];

  constructor(private readonly emit: (event: T) => void) {}

  /** An rrweb event of this `type`. */
  rrweb(type: number, event: T): void {
    this.emit(event);
    if (!this.open && type === FULL_SNAPSHOT) {
      this.open = true;
      for (const queued of this.queue) this.emit(queued);
      this.queue = [];
    }
  }

  custom(event: T): void {
    if (this.open) this.emit(event);
    else if (this.queue.length < MAX_QUEUED) this.queue.push(event);
  }
}
