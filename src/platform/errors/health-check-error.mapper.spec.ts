import { BadRequestException, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckResult } from '@nestjs/terminus';
import { mapHealthCheckError } from 'src/platform/errors/health-check-error.mapper';

function failed(result: HealthCheckResult): ServiceUnavailableException {
  return new ServiceUnavailableException(result);
}

describe('mapHealthCheckError', () => {
  it('names the failing checks and keeps every check as an extension member', () => {
    const mapped = mapHealthCheckError(
      failed({
        status: 'error',
        details: {
          shutdown: { status: 'up' },
          database: { status: 'down', responseTime: 301, message: 'timeout' },
        },
      }),
    );
    expect(mapped).toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      detail: 'Not ready: database (timeout)',
      options: {
        retryAfterSeconds: 5,
        extensions: {
          checks: {
            shutdown: { status: 'up' },
            database: { status: 'down', latencyMs: 301, detail: 'timeout' },
          },
        },
      },
    });
  });

  it('says SHUTTING_DOWN once shutdown has begun', () => {
    const byCheck = mapHealthCheckError(
      failed({
        status: 'error',
        details: { shutdown: { status: 'down', message: 'shutting down' } },
      }),
    );
    expect(byCheck).toMatchObject({
      code: 'SHUTTING_DOWN',
      detail: 'Not ready: shutdown (shutting down)',
    });
    // Terminus's own flag, set in its beforeApplicationShutdown hook.
    const byTerminus = mapHealthCheckError(
      failed({ status: 'shutting_down', details: { database: { status: 'up' } } }),
    );
    expect(byTerminus).toMatchObject({ code: 'SHUTTING_DOWN', detail: 'Not ready: shutting down' });
  });

  it('leaves other exceptions alone', () => {
    expect(mapHealthCheckError(new ServiceUnavailableException('maintenance'))).toBeUndefined();
    expect(mapHealthCheckError(new BadRequestException({ status: 'error', details: {} }))).toBe(
      undefined,
    );
    expect(mapHealthCheckError(new Error('boom'))).toBeUndefined();
  });
});
