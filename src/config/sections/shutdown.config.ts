import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import type { ConfigSection } from 'src/config/config-section';

/**
 * How long readiness stays 503 in production before the listener closes. A terminating pod
 * keeps receiving requests for a few seconds (the endpoints controller, then kube-proxy on every
 * node and any ingress controller have to catch up); 5 s covers that on a healthy cluster. A
 * balancer that health-checks /health/ready itself needs its interval times its unhealthy
 * threshold instead.
 */
export const DEFAULT_PRODUCTION_READINESS_DELAY_MS = 5000;

export class ShutdownVariables {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  SHUTDOWN_TIMEOUT_MS = 10_000;

  /**
   * Time between readiness turning 503 and the server draining, so a load balancer stops
   * sending new requests first. Unset: DEFAULT_PRODUCTION_READINESS_DELAY_MS in production
   * (a rollout there is behind a balancer), 0 elsewhere (Ctrl-C stops at once).
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  SHUTDOWN_READINESS_DELAY_MS?: number;
}

export interface ShutdownConfig {
  timeoutMs: number;
  readinessDelayMs: number;
}

export const shutdownSection: ConfigSection<ShutdownVariables, ShutdownConfig> = {
  variables: ShutdownVariables,
  build: (env) => ({
    timeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    readinessDelayMs:
      env.SHUTDOWN_READINESS_DELAY_MS ??
      (env.NODE_ENV === 'production' ? DEFAULT_PRODUCTION_READINESS_DELAY_MS : 0),
  }),
};
