import { HealthIndicatorService } from '@nestjs/terminus';
import { DatabaseProbe } from 'src/platform/database/database-probe';
import { DatabaseHealthIndicator } from 'src/modules/health/indicators/database.health';

/** A probe whose only ability is the query the ping runs. */
function indicatorAnswering(query: () => Promise<unknown[]>): DatabaseHealthIndicator {
  return new DatabaseHealthIndicator(new HealthIndicatorService(), {
    query,
  } as unknown as DatabaseProbe);
}

describe('DatabaseHealthIndicator', () => {
  it('is up with its latency when the ping answers', async () => {
    const result = await indicatorAnswering(() => Promise.resolve([])).isHealthy('database');
    expect(result.database).toEqual({ status: 'up', responseTime: expect.any(Number) as number });
  });

  it('says only "unreachable" when the driver fails, never its message', async () => {
    const result = await indicatorAnswering(() =>
      Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:5432 (user ledgerline)')),
    ).isHealthy('database');
    expect(result.database).toMatchObject({ status: 'down', message: 'unreachable' });
    expect(JSON.stringify(result)).not.toContain('10.0.0.5');
  });

  it('says "timeout" when pg gives up waiting for a probe connection', async () => {
    const result = await indicatorAnswering(() =>
      Promise.reject(new Error('timeout exceeded when trying to connect')),
    ).isHealthy('database');
    expect(result.database).toMatchObject({ status: 'down', message: 'timeout' });
  });

  it('gives up after its own timeout when the query never settles', async () => {
    const result = await indicatorAnswering(() => new Promise(() => undefined)).isHealthy(
      'database',
    );
    expect(result.database).toMatchObject({ status: 'down', message: 'timeout' });
  });
});
