import { ServiceUnavailableException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { AppConfig } from 'src/config/app-config';
import { mapHealthCheckError } from 'src/platform/errors/health-check-error.mapper';
import { HealthService } from 'src/modules/health/health.service';
import { DatabaseHealthIndicator } from 'src/modules/health/indicators/database.health';
import { MigrationsHealthIndicator } from 'src/modules/health/indicators/migrations.health';
import { RedisHealthIndicator } from 'src/modules/health/indicators/redis.health';
import { ShutdownHealthIndicator } from 'src/modules/health/indicators/shutdown.health';
import { strictFake } from 'test/support/strict-fake';

const indicators = new HealthIndicatorService();

interface Setup {
  database?: 'up' | 'down' | 'hangs';
  redis?: 'up' | 'down';
}

let health: HealthCheckService;

beforeAll(async () => {
  const moduleRef = await Test.createTestingModule({
    imports: [TerminusModule.forRoot({ logger: false })],
  }).compile();
  health = moduleRef.get(HealthCheckService);
});

/** The real terminus check service, over indicators whose answers the test decides. */
function service({ database, redis }: Setup): HealthService {
  const databaseCheck = strictFake<DatabaseHealthIndicator>({
    isHealthy: <Key extends string>(key: Key) =>
      database === 'hangs'
        ? new Promise<never>(() => undefined)
        : Promise.resolve(
            database === 'down'
              ? indicators.check(key).down({ message: 'unreachable' })
              : indicators.check(key).up(),
          ),
  });
  const redisCheck = strictFake<RedisHealthIndicator>({
    isConfigured: redis !== undefined,
    isHealthy: <Key extends string>(key: Key) =>
      Promise.resolve(
        redis === 'up'
          ? indicators.check(key).up({ responseTime: 1 })
          : indicators.check(key).down({ message: 'unreachable' }),
      ),
  });
  return new HealthService(
    health,
    strictFake<ShutdownHealthIndicator>({ isHealthy: (key) => indicators.check(key).up() }),
    databaseCheck,
    strictFake<MigrationsHealthIndicator>({
      isHealthy: <Key extends string>(key: Key) => Promise.resolve(indicators.check(key).up()),
    }),
    redisCheck,
    strictFake<AppConfig>({ gitCommit: undefined, env: 'test' }),
  );
}

describe('HealthService', () => {
  it('answers readiness within its own timeout when a check never settles', async () => {
    const failure = await service({ database: 'hangs' })
      .readiness()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ServiceUnavailableException);
    expect(mapHealthCheckError(failure)).toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      detail: 'Not ready: readiness (timeout)',
    });
  });

  it('stays ready while Redis is down, and reports it as degraded', async () => {
    const health = service({ redis: 'down' });
    const ready = await health.readiness();
    expect(Object.keys(ready.checks).sort()).toEqual(['database', 'migrations', 'shutdown']);
    expect(await health.status()).toMatchObject({
      status: 'degraded',
      checks: {
        database: { status: 'up' },
        redis: { status: 'degraded', detail: 'unreachable' },
      },
    });
  });

  it('is ok with Redis up, and unavailable when the database is down whatever Redis does', async () => {
    expect(await service({ redis: 'up' }).status()).toMatchObject({
      status: 'ok',
      checks: { redis: { status: 'up', latencyMs: 1 } },
    });
    const down = service({ redis: 'down', database: 'down' });
    expect((await down.status()).status).toBe('unavailable');
  });
});
