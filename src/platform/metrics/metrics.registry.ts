import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { RequestDurationHistogram } from 'src/platform/metrics/request-duration.histogram';

/**
 * The app's own Prometheus registry (not prom-client's global one, so several app instances in
 * one test process do not collide) and the series every module shares.
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();

  readonly httpRequestDuration = new RequestDurationHistogram(this.registry);

  readonly httpRequestsInFlight = new Gauge({
    name: 'http_requests_in_flight',
    help: 'HTTP requests being served',
    registers: [this.registry],
  });

  readonly errors = new Counter({
    name: 'ledgerline_errors_total',
    help: 'Error responses by error code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly rateLimitRejections = new Counter({
    name: 'rate_limit_rejections_total',
    help: 'Requests refused with 429, by rate-limit tier',
    labelNames: ['tier'] as const,
    registers: [this.registry],
  });

  readonly redisFallbacks = new Counter({
    name: 'redis_fallbacks_total',
    help: 'Times a component lost Redis and switched to its in-process fallback',
    labelNames: ['component'] as const,
    registers: [this.registry],
  });

  readonly rateLimitOnRedis = new Gauge({
    name: 'rate_limit_redis_active',
    help: '1 while rate-limit counters are kept in Redis (shared by all instances), 0 while in process memory',
    registers: [this.registry],
  });

  /** Whether each degradable dependency is usable now, read when Prometheus scrapes. */
  private readonly dependencies = new Map<string, () => Promise<boolean>>();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const dependencies = this.dependencies;
    new Gauge({
      name: 'ledgerline_dependency_up',
      help: '1 while a dependency the service can run without (Redis) is usable, 0 while it is degraded',
      labelNames: ['dependency'] as const,
      registers: [this.registry],
      async collect() {
        const states = await Promise.all(
          [...dependencies].map(async ([dependency, isUp]) => [dependency, await isUp()] as const),
        );
        for (const [dependency, up] of states) this.set({ dependency }, up ? 1 : 0);
      },
    });
  }

  /**
   * Publishes `ledgerline_dependency_up{dependency}`: readiness ignores such a dependency, so
   * this is where its outage shows (with `degraded` in GET /health).
   */
  reportDependency(dependency: string, isUp: () => Promise<boolean>): void {
    this.dependencies.set(dependency, isUp);
  }

  /** Gauges whose value is read when Prometheus scrapes (pool sizes and the like). */
  gaugeFromCallback(name: string, help: string, read: () => number): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }
}
