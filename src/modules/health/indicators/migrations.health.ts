import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { countPendingMigrations } from 'src/platform/database/schema-migrator';

/** Asked only once the database has answered its ping, so this is a second short budget. */
const MIGRATIONS_CHECK_TIMEOUT_MS = 300;

/** Down while the database is behind the code (MIGRATIONS=manual and nobody has migrated). */
@Injectable()
export class MigrationsHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async isHealthy<Key extends string>(key: Key): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.indicators.check(key);
    const result = await indicator
      .attempt(async () => ({ pending: await countPendingMigrations(this.dataSource) }))
      .withTimeout(MIGRATIONS_CHECK_TIMEOUT_MS);
    const { status, responseTime, message, pending } = result[key];
    if (status === 'up' && pending === 0) return indicator.up({ responseTime });
    if (status === 'up') return indicator.down({ responseTime, message: `${pending} pending` });
    // A failed query says no more than that: the driver's message stays in the server.
    const reason = /timeout/i.test(String(message)) ? 'timeout' : 'unreachable';
    return indicator.down({ responseTime, message: reason });
  }
}
