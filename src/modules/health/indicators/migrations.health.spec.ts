import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { MigrationsHealthIndicator } from 'src/modules/health/indicators/migrations.health';

/** A data source that knows two migrations and whose table lists `applied`. */
function dataSourceWith(applied: () => Promise<{ name: string }[]>): DataSource {
  return {
    options: { migrationsTableName: 'migrations' },
    migrations: [{ name: 'CreateUsers1' }, { name: 'AddBudgets2' }],
    query: (sql: string) =>
      sql.includes('to_regclass') ? Promise.resolve([{ present: true }]) : applied(),
  } as unknown as DataSource;
}

function check(dataSource: DataSource) {
  return new MigrationsHealthIndicator(new HealthIndicatorService(), dataSource).isHealthy(
    'migrations',
  );
}

describe('MigrationsHealthIndicator', () => {
  it('is up when every migration the code knows has been applied', async () => {
    const result = await check(
      dataSourceWith(() => Promise.resolve([{ name: 'CreateUsers1' }, { name: 'AddBudgets2' }])),
    );
    expect(result.migrations).toEqual({ status: 'up', responseTime: expect.any(Number) as number });
  });

  it('is down naming how many are pending', async () => {
    const result = await check(dataSourceWith(() => Promise.resolve([{ name: 'CreateUsers1' }])));
    expect(result.migrations).toMatchObject({ status: 'down', message: '1 pending' });
  });

  it('says only "unreachable" when the query fails, and "timeout" when it hangs', async () => {
    const failed = await check(
      dataSourceWith(() => Promise.reject(new Error('relation "migrations" at 10.0.0.5'))),
    );
    expect(failed.migrations).toMatchObject({ status: 'down', message: 'unreachable' });
    expect(JSON.stringify(failed)).not.toContain('10.0.0.5');
    const hung = await check(dataSourceWith(() => new Promise(() => undefined)));
    expect(hung.migrations).toMatchObject({ status: 'down', message: 'timeout' });
  });
});
