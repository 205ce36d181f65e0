import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis, { RedisOptions } from 'ioredis';
import { AppConfig } from 'src/config/app-config';
import { MetricsRegistry } from 'src/platform/metrics/metrics.registry';

/** Longest wait for Redis at start-up; after it the app serves anyway and keeps reconnecting. */
const STARTUP_WAIT_MS = 2000;
const QUIT_TIMEOUT_MS = 500;
const SCRAPE_PING_TIMEOUT_MS = 300;

/**
 * Redis is optional and must never make a request slow or failed: a command gets ~500 ms,
 * nothing is queued while disconnected, a command caught by a dropped connection fails at
 * once instead of waiting for the reconnect, and reconnection goes on forever with a capped
 * backoff so the app returns to Redis by itself.
 */
export const REDIS_OPTIONS: RedisOptions = {
  commandTimeout: 500,
  connectTimeout: 2000,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  retryStrategy: (attempt) => Math.min(100 * 2 ** (attempt - 1), 2000),
  keepAlive: 10_000,
  // Redis before 7.2 answers CLIENT SETINFO with an error on every connect.
  disableClientInfo: true,
};

/**
 * The one Redis client of the process, shared by whatever keeps state in Redis (rate-limit
 * counters now, caches later), or nothing when REDIS_URL is unset. Users check `isReady` and
 * fall back to process memory otherwise; `onReady` / `onLost` tell them when that changes.
 */
@Injectable()
export class RedisConnection implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  readonly client: Redis | undefined;
  private readonly address: string;
  private readonly readyListeners: (() => void)[] = [];
  private readonly lostListeners: ((reason: string) => void)[] = [];
  private up = false;
  private everUp = false;
  private closing = false;
  private lastError = 'connection closed';

  constructor(config: AppConfig, metrics: MetricsRegistry) {
    this.address = config.redis.url ? describeAddress(config.redis.url) : 'none';
    if (!config.redis.url) return;
    // A PING at scrape time: a Redis that is connected but no longer answers (frozen, or
    // partitioned without a reset) is down too.
    metrics.reportDependency('redis', () =>
      this.ping(SCRAPE_PING_TIMEOUT_MS).then(
        () => true,
        () => false,
      ),
    );
    const client = new Redis(config.redis.url, REDIS_OPTIONS);
    // Without an error listener ioredis prints every failed reconnect attempt to stderr.
    client.on('error', (error: Error) => {
      this.lastError = error.message;
    });
    client.on('ready', () => this.becameReady());
    client.on('close', () => this.closed());
    this.client = client;
  }

  get isConfigured(): boolean {
    return this.client !== undefined;
  }

  get isReady(): boolean {
    return this.client?.status === 'ready';
  }

  onReady(listener: () => void): void {
    this.readyListeners.push(listener);
  }

  onLost(listener: (reason: string) => void): void {
    this.lostListeners.push(listener);
  }

  /** Round-trip time of a PING in milliseconds; throws when Redis does not answer in time. */
  async ping(timeoutMs: number): Promise<number> {
    if (!this.client || !this.isReady) throw new Error('not connected');
    const started = performance.now();
    await withTimeout(this.client.ping(), timeoutMs);
    return Math.round(performance.now() - started);
  }

  /** Gives the first connection a moment, so an instance with a healthy Redis starts on it. */
  async onModuleInit(): Promise<void> {
    const client = this.client;
    if (!client || this.isReady) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        client.off('ready', done);
        client.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, STARTUP_WAIT_MS);
      client.once('ready', done);
      client.once('close', done);
    });
    if (!this.isReady) {
      this.logger.warn(
        `Redis at ${this.address} is not reachable (${this.lastError}); serving without it and reconnecting in the background`,
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.closing = true;
    if (this.isReady) {
      const quit = await withTimeout(client.quit(), QUIT_TIMEOUT_MS).catch(() => undefined);
      if (quit === 'OK') return;
    }
    client.disconnect();
  }

  private becameReady(): void {
    this.up = true;
    this.logger.log(
      this.everUp
        ? `Redis at ${this.address} is reachable again`
        : `Connected to Redis at ${this.address}`,
    );
    this.everUp = true;
    for (const listener of this.readyListeners) listener();
  }

  private closed(): void {
    if (this.closing || !this.up) return;
    this.up = false;
    this.logger.log(
      `Lost the connection to Redis at ${this.address} (${this.lastError}); reconnecting`,
    );
    for (const listener of this.lostListeners) listener(this.lastError);
  }
}

/** Host and port only: the URL may carry a password. */
function describeAddress(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '6379'}`;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
