/**
 * A concurrency cap with two queues: urgent work (a trace the panel just opened) starts before any
 * waiting background work, without stopping what already runs.
 */
export class Limiter {
  private running = 0;
  private readonly urgent: (() => void)[] = [];
  private readonly normal: (() => void)[] = [];

  constructor(private limit: number) {}

  /** Changes the cap (settings apply live); a higher cap starts waiting work at once. */
  setLimit(limit: number): void {
    this.limit = Math.max(1, limit);
    while (this.running < this.limit && this.next()) this.running++;
  }

  /** Runs `task` when a slot is free, urgent tasks first. */
  async run<T>(task: () => Promise<T>, urgent: boolean): Promise<T> {
    await this.acquire(urgent);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  /** Tasks waiting for a slot. */
  get waiting(): number {
    return this.urgent.length + this.normal.length;
  }

  private acquire(urgent: boolean): Promise<void> {
    if (this.running < this.limit) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((go) => (urgent ? this.urgent : this.normal).push(go));
  }

  /** Hands the slot to the next waiting task, or frees it. */
  private release(): void {
    if (this.running > this.limit || !this.next()) this.running--;
  }

  private next(): boolean {
    const go = this.urgent.shift() ?? this.normal.shift();
    go?.();
    return go !== undefined;
  }
}
