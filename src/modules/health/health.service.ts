import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService, HealthIndicatorFunction } from '@nestjs/terminus';
import { AppConfig } from 'src/config/app-config';
import { APP_VERSION } from 'src/config/app-version';
import {
  CheckResult,
  describeChecks,
  isHealthCheckResult,
  TIMED_OUT,
  withTimeout,
} from 'src/platform/health/health-checks';
import { HealthStatusDto, ReadinessDto } from 'src/modules/health/dto/health-response.dto';
import { DatabaseHealthIndicator } from 'src/modules/health/indicators/database.health';
import { MigrationsHealthIndicator } from 'src/modules/health/indicators/migrations.health';
import { RedisHealthIndicator } from 'src/modules/health/indicators/redis.health';
import { ShutdownHealthIndicator } from 'src/modules/health/indicators/shutdown.health';

/**
 * Readiness answers within this whatever its checks do (each has its own, shorter limit; this
 * one holds even if one of them does not): under the kubelet's default 1 s probe timeout.
 */
export const READINESS_TIMEOUT_MS = 800;

@Injectable()
export class HealthService {
  constructor(
    private readonly health: HealthCheckService,
    private readonly shutdown: ShutdownHealthIndicator,
    private readonly database: DatabaseHealthIndicator,
    private readonly migrations: MigrationsHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly config: AppConfig,
  ) {}

  /**
   * Every check when all pass. Otherwise terminus throws its ServiceUnavailableException,
   * which the error filter renders as a 503 problem naming the failing checks.
   */
  async readiness(): Promise<ReadinessDto> {
    const result = await this.checkReadiness();
    return { status: 'ok', checks: describeChecks(result.details) };
  }

  /**
   * What an operator wants at a glance, failing or not; never a secret. `degraded`: ready, but
   * a dependency it can serve without (Redis) is down.
   */
  async status(): Promise<HealthStatusDto> {
    const [readiness, degradable] = await Promise.all([
      this.readinessWithoutThrowing(),
      this.degradableChecks(),
    ]);
    const ready = readiness.status === 'ok';
    const degraded = Object.values(degradable).some((check) => check.status === 'degraded');
    return {
      status: !ready ? 'unavailable' : degraded ? 'degraded' : 'ok',
      version: APP_VERSION,
      commit: this.config.gitCommit ?? null,
      environment: this.config.env,
      uptimeSeconds: Math.round(process.uptime()),
      checks: { ...describeChecks(readiness.details), ...degradable },
    };
  }

  /**
   * Only what this instance cannot serve without. Redis is shared by every replica: were it a
   * readiness check, its outage would take all of them out of rotation at once, though requests
   * are served without it (the limiter counts in memory).
   */
  private readinessChecks(): HealthIndicatorFunction[] {
    return [
      () => this.shutdown.isHealthy('shutdown'),
      async () => {
        const database = await this.database.isHealthy('database');
        // Migrations are asked about only when the database answers: one outage, one failing check.
        if (database.database.status !== 'up') return database;
        return { ...database, ...(await this.migrations.isHealthy('migrations')) };
      },
    ];
  }

  private async checkReadiness(): Promise<HealthCheckResult> {
    const result = await withTimeout(
      this.health.check(this.readinessChecks()),
      READINESS_TIMEOUT_MS,
    );
    if (result !== TIMED_OUT) return result;
    const details = { readiness: { status: 'down' as const, message: 'timeout' } };
    throw new ServiceUnavailableException({ status: 'error', info: {}, error: details, details });
  }

  private async readinessWithoutThrowing(): Promise<HealthCheckResult> {
    try {
      return await this.checkReadiness();
    } catch (error) {
      if (
        error instanceof ServiceUnavailableException &&
        isHealthCheckResult(error.getResponse())
      ) {
        return error.getResponse() as HealthCheckResult;
      }
      throw error;
    }
  }

  private async degradableChecks(): Promise<Record<string, CheckResult>> {
    if (!this.redis.isConfigured) return {};
    const { redis } = describeChecks(await this.redis.isHealthy('redis'));
    return { redis: redis.status === 'up' ? redis : { ...redis, status: 'degraded' } };
  }
}
