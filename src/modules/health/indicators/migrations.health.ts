import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { countPendingMigrations } from 'src/platform/database/schema-migrator';

/** Asked only once the database has answered its ping, so this is a second short budget. */
const MIGRATIONS_CHECK_TIMEOUT_MS = 300;

const TIMED_OUT = Symbol('timed out');

/**
 * Down while the database is behind the code (MIGRATIONS=manual and nobody has migrated).
 * A plain timer bounds it rather than terminus's attempt(), whose abort signals cost a
 * readiness probe about 25 µs each.
 */
@Injectable()
export class MigrationsHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async isHealthy<Key extends string>(key: Key): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.indicators.check(key);
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), MIGRATIONS_CHECK_TIMEOUT_MS);
    });
    try {
      const pending = await Promise.race([countPendingMigrations(this.dataSource), timeout]);
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
    } finally {
      clearTimeout(timer);
    }
  }
}
