/**
 * A concurrency cap where urgent work (a trace the panel just opened) starts before any waiting background
 * work, without stopping what already runs. Urgency is read when a slot frees, so work that became urgent
 * while it waited moves ahead too.
 */
interface Waiting {
  go: () => void;
  urgent: () => boolean;
}

export class Limiter {
  private running = 0;
  private readonly waiting: Waiting[] = [];

  constructor(private limit: number) {}

  /** Changes the cap (settings apply live); a higher cap starts waiting work at once. */
  setLimit(limit: number): void {
    this.limit = Math.max(1, limit);
    while (this.running < this.limit && this.next()) this.running++;
  }

  /** Runs `task` when a slot is free, urgent tasks first, each group in the order it came. */
  async run<T>(task: () => Promise<T>, urgent: () => boolean): Promise<T> {
    await this.acquire(urgent);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  /** Tasks waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  private acquire(urgent: () => boolean): Promise<void> {
    if (this.running < this.limit) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((go) => {
      this.waiting.push({ go, urgent });
    });
  }

  /** Hands the slot to the next waiting task, or frees it. */
  private release(): void {
    if (this.running > this.limit || !this.next()) this.running--;
  }

  private next(): boolean {
    if (this.waiting.length === 0) return false;
    const urgent = this.waiting.findIndex((w) => w.urgent());
    const [chosen] = this.waiting.splice(Math.max(urgent, 0), 1);
    chosen!.go();
    return true;
  }
}
