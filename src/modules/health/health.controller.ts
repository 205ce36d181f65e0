import { Controller, Get, VERSION_NEUTRAL } from '@nestjs/common';
import { HealthService, HealthStatus } from 'src/modules/health/health.service';
import { Public } from 'src/platform/security/access.decorators';
import { SkipRateLimit } from 'src/platform/rate-limit/rate-limit.decorator';

/** Probes are never rate-limited: a 429 would read as "unhealthy" to the orchestrator. */
@Public()
@SkipRateLimit()
@Controller({ path: 'health', version: VERSION_NEUTRAL })
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** Version, commit, uptime and each dependency with its latency (always 200). */
  @Get()
  status(): Promise<HealthStatus> {
    return this.health.status();
  }

  /** The process is up and serving; no dependency is checked. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready for traffic: the database answers and the schema is current. */
  @Get('ready')
  async ready(): Promise<{ status: 'ok'; checks: Record<string, unknown> }> {
    return { status: 'ok', checks: await this.health.assertReady() };
  }
}
