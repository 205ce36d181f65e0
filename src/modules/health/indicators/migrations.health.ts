import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { DatabaseProbe } from 'src/platform/database/database-probe';
import { countPendingMigrations } from 'src/platform/database/schema-migrator';
import { TIMED_OUT, withTimeout } from 'src/platform/health/health-checks';

/** Asked only once the database has answered its ping, so this is a second short budget. */
const MIGRATIONS_CHECK_TIMEOUT_MS = 300;

/**
 * Down while the database is behind the code (MIGRATIONS=manual and nobody has migrated).
 * The data source says which migrations the code knows; the probe's own connections ask the
 * database which it has applied, so the check never queues behind request traffic.
 */
@Injectable()
export class MigrationsHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly probe: DatabaseProbe,
  ) {}

  async isHealthy<Key extends string>(key: Key): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.indicators.check(key);
    const started = performance.now();
    try {
      const pending = await withTimeout(
        countPendingMigrations(this.dataSource, (sql, parameters) =>
          this.probe.query(sql, parameters),
        ),
        MIGRATIONS_CHECK_TIMEOUT_MS,
      );
      const responseTime = Math.round(performance.now() - started);
      if (pending === TIMED_OUT) return indicator.down({ responseTime, message: 'timeout' });
      if (pending > 0) return indicator.down({ responseTime, message: `${pending} pending` });
      return indicator.up({ responseTime });
    } catch {
      // A failed query says no more than that: the driver's message stays in the server.
      return indicator.down({
        responseTime: Math.round(performance.now() - started),
        message: 'unreachable',
      });
    }
  }
}
