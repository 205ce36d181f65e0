import { ServiceUnavailableException } from '@nestjs/common';
import { AppException } from 'src/platform/errors/app.exception';
import {
  describeChecks,
  describeFailures,
  isHealthCheckResult,
} from 'src/platform/health/health-checks';

/** Seconds a load balancer or client should wait before asking again. */
const NOT_READY_RETRY_AFTER_SECONDS = 5;

/**
 * Terminus's HealthCheckService throws a ServiceUnavailableException whose body is the whole
 * check result. Here it becomes our 503: the failing checks named in `detail`, every check in
 * a `checks` extension member, and SHUTTING_DOWN rather than DEPENDENCY_UNAVAILABLE once
 * shutdown has begun (a load balancer should move on, not wait for a dependency).
 */
export function mapHealthCheckError(error: unknown): AppException | undefined {
  if (!(error instanceof ServiceUnavailableException)) return undefined;
  const result = error.getResponse();
  if (!isHealthCheckResult(result)) return undefined;
  const checks = describeChecks(result.details);
  const shuttingDown = result.status === 'shutting_down' || checks.shutdown?.status === 'down';
  const failures = describeFailures(checks) || (shuttingDown ? 'shutting down' : 'unknown');
  return new AppException(
    shuttingDown ? 'SHUTTING_DOWN' : 'DEPENDENCY_UNAVAILABLE',
    `Not ready: ${failures}`,
    { retryAfterSeconds: NOT_READY_RETRY_AFTER_SECONDS, extensions: { checks }, cause: error },
  );
}
