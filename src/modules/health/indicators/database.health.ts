import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { DATABASE_PROBE_TIMEOUT_MS, DatabaseProbe } from 'src/platform/database/database-probe';
import { withTimeout, TIMED_OUT } from 'src/platform/health/health-checks';

/**
 * `SELECT 1` on the readiness probe's own connections, never the request pool's, so it answers
 * in time however saturated the traffic has left that pool. A failure is reported as `timeout`
 * or `unreachable`: the driver's message (host, port, user) stays out of the response.
 */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly probe: DatabaseProbe,
  ) {}

  async isHealthy<Key extends string>(key: Key): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.indicators.check(key);
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);
    try {
      const answer = await withTimeout(this.probe.query('SELECT 1'), DATABASE_PROBE_TIMEOUT_MS);
      if (answer === TIMED_OUT)
        return indicator.down({ responseTime: elapsed(), message: 'timeout' });
      return indicator.up({ responseTime: elapsed() });
    } catch (error) {
      // pg's own limits (connecting, waiting for a probe connection, the query) are timeouts too.
      const reason = /timeout/i.test((error as Error).message) ? 'timeout' : 'unreachable';
      return indicator.down({ responseTime: elapsed(), message: reason });
    }
  }
}
