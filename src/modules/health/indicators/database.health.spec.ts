import { HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { DatabaseHealthIndicator } from 'src/modules/health/indicators/database.health';

/** A data source whose only ability is the query the ping runs. */
function dataSourceAnswering(query: () => Promise<unknown>): DataSource {
  return { options: { type: 'postgres' }, query } as unknown as DataSource;
}

function indicatorFor(dataSource: DataSource): DatabaseHealthIndicator {
  const indicators = new HealthIndicatorService();
  const typeOrm = new TypeOrmHealthIndicator({ get: () => dataSource } as never, indicators);
  return new DatabaseHealthIndicator(typeOrm, indicators, dataSource);
}

describe('DatabaseHealthIndicator', () => {
  it('is up with its latency when the ping answers', async () => {
    const result = await indicatorFor(dataSourceAnswering(() => Promise.resolve([]))).isHealthy(
      'database',
    );
    expect(result.database).toEqual({ status: 'up', responseTime: expect.any(Number) as number });
  });

  it('says only "unreachable" when the driver fails, never its message', async () => {
    const result = await indicatorFor(
      dataSourceAnswering(() =>
        Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:5432 (user ledgerline)')),
      ),
    ).isHealthy('database');
    expect(result.database).toMatchObject({ status: 'down', message: 'unreachable' });
    expect(JSON.stringify(result)).not.toContain('10.0.0.5');
  });

  it('gives up after its timeout and says "timeout"', async () => {
    const result = await indicatorFor(
      dataSourceAnswering(() => new Promise(() => undefined)),
    ).isHealthy('database');
    expect(result.database).toMatchObject({ status: 'down', message: 'timeout' });
  });
});
