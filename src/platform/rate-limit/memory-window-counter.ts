/** Hits counted in the current fixed window of one key, and when that window ends. */
export interface WindowCount {
  count: number;
  /** Epoch milliseconds. */
  resetAt: number;
}

const SWEEP_INTERVAL_MS = 30_000;
/** Bounds memory when very many clients (or spoofed addresses) arrive within one window. */
const DEFAULT_MAX_KEYS = 200_000;

/**
 * Fixed-window counters in process memory: one small record per key, updated in place, so a
 * hit is a map lookup and an increment — synchronous, the guard's hot path. Expired records
 * are swept periodically; past `maxKeys` the oldest record is dropped.
 */
export class MemoryWindowCounter {
  private readonly windows = new Map<string, WindowCount>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxKeys = DEFAULT_MAX_KEYS,
  ) {}

  /** Counts one hit. The returned record is live: read it before the next hit. */
  hit(key: string, windowMs: number): WindowCount {
    const now = this.now();
    const window = this.windows.get(key);
    if (window !== undefined) {
      if (window.resetAt > now) {
        window.count++;
      } else {
        window.count = 1;
        window.resetAt = now + windowMs;
      }
      return window;
    }
    if (this.windows.size >= this.maxKeys) {
      const oldest = this.windows.keys().next().value;
      if (oldest !== undefined) this.windows.delete(oldest);
    }
    const fresh = { count: 1, resetAt: now + windowMs };
    this.windows.set(key, fresh);
    this.sweepPeriodically();
    return fresh;
  }

  get size(): number {
    return this.windows.size;
  }

  sweep(): void {
    const now = this.now();
    for (const [key, window] of this.windows) {
      if (window.resetAt <= now) this.windows.delete(key);
    }
  }

  /** Stops the sweeper and forgets every count. */
  clear(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    this.windows.clear();
  }

  private sweepPeriodically(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }
}
