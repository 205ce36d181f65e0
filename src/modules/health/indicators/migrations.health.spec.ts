import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { DatabaseProbe } from 'src/platform/database/database-probe';
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

/** The probe answers what the data source's fake query answers; the pool is never asked. */
function check(dataSource: DataSource) {
  const probe = { query: (sql: string) => dataSource.query(sql) } as unknown as DatabaseProbe;
  const onlyTheProbe = Object.assign(Object.create(dataSource) as DataSource, {
    query: () => Promise.reject(new Error('the request pool was asked')),
  });
  return new MigrationsHealthIndicator(new HealthIndicatorService(), onlyTheProbe, probe).isHealthy(
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
