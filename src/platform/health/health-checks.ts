import { HealthCheckResult, HealthIndicatorResult } from '@nestjs/terminus';

/** One check as the probes publish it (terminus's `responseTime` and `message` renamed). */
export interface CheckResult {
  status: 'up' | 'down' | 'degraded';
  latencyMs?: number;
  /** Why it is down, in words written for clients: indicators never pass a driver's message on. */
  detail?: string;
}

const HEALTH_CHECK_STATUSES: readonly string[] = ['ok', 'degraded', 'error', 'shutting_down'];

/** Whether a value is the result terminus puts into the ServiceUnavailableException it throws. */
export function isHealthCheckResult(value: unknown): value is HealthCheckResult {
  if (typeof value !== 'object' || value === null) return false;
  const { status, details } = value as Partial<HealthCheckResult>;
  return (
    typeof status === 'string' &&
    HEALTH_CHECK_STATUSES.includes(status) &&
    typeof details === 'object' &&
    details !== null
  );
}

export function describeChecks(details: HealthIndicatorResult): Record<string, CheckResult> {
  const checks: Record<string, CheckResult> = {};
  for (const [name, { status, responseTime, message }] of Object.entries(details)) {
    checks[name] = {
      status,
      ...(typeof responseTime === 'number' ? { latencyMs: responseTime } : {}),
      ...(typeof message === 'string' ? { detail: message } : {}),
    };
  }
  return checks;
}

/** "database (timeout), migrations (2 pending)": the failing checks, for a problem's detail. */
export function describeFailures(checks: Record<string, CheckResult>): string {
  return Object.entries(checks)
    .filter(([, check]) => check.status === 'down')
    .map(([name, check]) => `${name} (${check.detail ?? 'down'})`)
    .join(', ');
}

export const TIMED_OUT = Symbol('timed out');

/**
 * `work`'s result, or TIMED_OUT once `ms` have passed. A plain timer rather than terminus's
 * attempt(), whose abort signals cost a readiness probe about 25 µs each.
 */
export async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
