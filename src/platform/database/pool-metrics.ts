import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { MetricsRegistry } from 'src/platform/metrics/metrics.registry';

/** Pool size, idle and waiting clients, read at scrape time. */
@Injectable()
export class PoolMetrics implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly metrics: MetricsRegistry,
  ) {}

  onModuleInit(): void {
    const pool = (): Pool | undefined =>
      (this.dataSource.driver as unknown as { master?: Pool }).master;
    this.metrics.gaugeFromCallback(
      'db_pool_connections_total',
      'Connections in the pool',
      () => pool()?.totalCount ?? 0,
    );
    this.metrics.gaugeFromCallback(
      'db_pool_connections_idle',
      'Idle connections in the pool',
      () => pool()?.idleCount ?? 0,
    );
    this.metrics.gaugeFromCallback(
      'db_pool_requests_waiting',
      'Queries waiting for a connection',
      () => pool()?.waitingCount ?? 0,
    );
  }
}
