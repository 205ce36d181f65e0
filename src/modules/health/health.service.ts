import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService, HealthIndicatorFunction } from '@nestjs/terminus';
import { AppConfig } from 'src/config/app-config';
import { APP_VERSION } from 'src/config/app-version';
import { describeChecks, isHealthCheckResult } from 'src/platform/health/health-checks';
import { HealthStatusDto, ReadinessDto } from 'src/modules/health/dto/health-response.dto';
import { DatabaseHealthIndicator } from 'src/modules/health/indicators/database.health';
import { MigrationsHealthIndicator } from 'src/modules/health/indicators/migrations.health';
import { RedisHealthIndicator } from 'src/modules/health/indicators/redis.health';
import { ShutdownHealthIndicator } from 'src/modules/health/indicators/shutdown.health';

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
    const result = await this.health.check(this.readinessChecks());
    return { status: 'ok', checks: describeChecks(result.details) };
  }

  /** What an operator wants at a glance, failing or not; never a secret. */
  async status(): Promise<HealthStatusDto> {
    const result = await this.checkWithoutThrowing();
    return {
      status: result.status === 'ok' ? 'ok' : 'unavailable',
      version: APP_VERSION,
      commit: this.config.gitCommit ?? null,
      environment: this.config.env,
      uptimeSeconds: Math.round(process.uptime()),
      checks: describeChecks(result.details),
    };
  }

  private readinessChecks(): HealthIndicatorFunction[] {
    const checks: HealthIndicatorFunction[] = [
      () => this.shutdown.isHealthy('shutdown'),
      async () => {
        const database = await this.database.isHealthy('database');
        // Migrations are asked about only when the database answers: one outage, one failing check.
        if (database.database.status !== 'up') return database;
        return { ...database, ...(await this.migrations.isHealthy('migrations')) };
      },
    ];
    // Requests are still served without Redis (the limiter falls back to memory), but an
    // instance that cannot share its counters is not fully ready, as issue 3 asks.
    if (this.redis.isConfigured) checks.push(() => this.redis.isHealthy('redis'));
    return checks;
  }

  private async checkWithoutThrowing(): Promise<HealthCheckResult> {
    try {
      return await this.health.check(this.readinessChecks());
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
}
