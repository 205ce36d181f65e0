import { Injectable } from '@nestjs/common';
import { APP_VERSION } from 'src/config/app-version';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from 'src/config/app-config';
import { AppException } from 'src/platform/errors/app.exception';
import { countPendingMigrations } from 'src/platform/database/schema-migrator';
import { ShutdownState } from 'src/platform/lifecycle/shutdown-state';
import { RedisConnection } from 'src/platform/redis/redis-connection';

/** Well under the kubelet's default 1 s probe timeout. */
const DATABASE_PING_TIMEOUT_MS = 300;
const REDIS_PING_TIMEOUT_MS = 300;

export interface CheckResult {
  status: 'up' | 'down';
  latencyMs?: number;
  detail?: string;
}

export interface HealthStatus {
  status: ReadinessReport['status'];
  version: string;
  commit: string | null;
  environment: string;
  uptimeSeconds: number;
  checks: Record<string, CheckResult>;
}

export interface ReadinessReport {
  status: 'ok' | 'unavailable';
  checks: Record<string, CheckResult>;
}

@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly shutdown: ShutdownState,
    private readonly config: AppConfig,
    private readonly redis: RedisConnection,
  ) {}

  /** What an operator wants at a glance; never a secret. */
  async status(): Promise<HealthStatus> {
    const report = await this.readiness();
    return {
      status: report.status,
      version: APP_VERSION,
      commit: this.config.gitCommit ?? null,
      environment: this.config.env,
      uptimeSeconds: Math.round(process.uptime()),
      checks: report.checks,
    };
  }

  /** The checks when all pass; otherwise a 503 naming the failing ones. */
  async assertReady(): Promise<Record<string, CheckResult>> {
    const report = await this.readiness();
    if (report.status === 'ok') return report.checks;
    const failing = Object.entries(report.checks)
      .filter(([, check]) => check.status === 'down')
      .map(([name, check]) => `${name} (${check.detail ?? 'down'})`);
    const code =
      report.checks.shutdown?.status === 'down' ? 'SHUTTING_DOWN' : 'DEPENDENCY_UNAVAILABLE';
    throw new AppException(code, `Not ready: ${failing.join(', ')}`, { retryAfterSeconds: 5 });
  }

  async readiness(): Promise<ReadinessReport> {
    const [database, redis] = await Promise.all([
      this.pingDatabase(),
      this.redis.isConfigured ? this.pingRedis() : undefined,
    ]);
    const checks: Record<string, CheckResult> = {
      shutdown: this.shutdown.isShuttingDown
        ? { status: 'down', detail: 'shutting down' }
        : { status: 'up' },
      database,
    };
    if (database.status === 'up') checks.migrations = await this.checkMigrations();
    if (redis) checks.redis = redis;
    // Redis counts when configured: requests keep being served without it (the limiter falls
    // back to memory), but an instance that cannot share its counters is not fully ready.
    const status = Object.values(checks).every((check) => check.status === 'up')
      ? 'ok'
      : 'unavailable';
    return { status, checks };
  }

  private async pingDatabase(): Promise<CheckResult> {
    const started = performance.now();
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), DATABASE_PING_TIMEOUT_MS);
      return { status: 'up', latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      return {
        status: 'down',
        detail: (error as Error).message === 'timeout' ? 'timeout' : 'unreachable',
      };
    }
  }

  private async pingRedis(): Promise<CheckResult> {
    try {
      return { status: 'up', latencyMs: await this.redis.ping(REDIS_PING_TIMEOUT_MS) };
    } catch (error) {
      return {
        status: 'down',
        detail: (error as Error).message === 'timeout' ? 'timeout' : 'unreachable',
      };
    }
  }

  private async checkMigrations(): Promise<CheckResult> {
    const pending = await countPendingMigrations(this.dataSource);
    return pending === 0 ? { status: 'up' } : { status: 'down', detail: `${pending} pending` };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
