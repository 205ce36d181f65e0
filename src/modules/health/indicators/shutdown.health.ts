import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ShutdownState } from 'src/platform/lifecycle/shutdown-state';

/** Down from the moment SIGTERM arrives, so a load balancer stops sending before the drain. */
@Injectable()
export class ShutdownHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly shutdown: ShutdownState,
  ) {}

  isHealthy<Key extends string>(key: Key): HealthIndicatorResult<Key> {
    const indicator = this.indicators.check(key);
    return this.shutdown.isShuttingDown ? indicator.down('shutting down') : indicator.up();
  }
}
