import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  HealthIndicatorResult,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { DataSource } from 'typeorm';

/** Well under the kubelet's default 1 s probe timeout. */
export const DATABASE_PING_TIMEOUT_MS = 300;

/**
 * Terminus's TypeORM ping on our data source. A failure is reported as `timeout` or
 * `unreachable`: the driver's message (host, port, user) stays out of the response.
 */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly typeOrm: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async isHealthy<Key extends string>(key: Key): Promise<HealthIndicatorResult<Key>> {
    const result = await this.typeOrm.pingCheck(key, {
      connection: this.dataSource,
      timeout: DATABASE_PING_TIMEOUT_MS,
    });
    const { status, responseTime, message } = result[key];
    const indicator = this.indicators.check(key);
    if (status === 'up') return indicator.up({ responseTime });
    const reason = /timeout/i.test(String(message)) ? 'timeout' : 'unreachable';
    return indicator.down({ responseTime, message: reason });
  }
}
