import { Controller, Get, VERSION_NEUTRAL } from '@nestjs/common';
import { HealthCheck } from '@nestjs/terminus';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  CheckResultDto,
  HealthStatusDto,
  NotReadyProblemDto,
  ReadinessDto,
} from 'src/modules/health/dto/health-response.dto';
import { HealthService } from 'src/modules/health/health.service';
import { Public } from 'src/platform/security/access.decorators';
import { SkipRateLimit } from 'src/platform/rate-limit/rate-limit.decorator';

/** Probes are public and never rate-limited: a 429 would read as "unhealthy" to the orchestrator. */
@Public()
@SkipRateLimit()
@ApiTags('health')
@ApiExtraModels(CheckResultDto)
/** Readiness and status; liveness is answered by Fastify itself (see LivenessRoute). */
@Controller({ path: 'health', version: VERSION_NEUTRAL })
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /**
   * Version, commit, uptime, environment and each dependency with its latency. Redis, when
   * configured, is `degraded` while down. Always 200: it reports, it does not gate traffic.
   */
  @Get()
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  status(): Promise<HealthStatusDto> {
    return this.health.status();
  }

  /**
   * Readiness: not shutting down, the database answers within 300 ms (on connections of the
   * probe's own) and the schema is current; the answer comes within 800 ms whatever the checks
   * do. Otherwise 503, naming the failing checks. Redis is not asked: it degrades, see /health.
   */
  @Get('ready')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOkResponse({ description: 'Ready', type: ReadinessDto })
  @ApiServiceUnavailableResponse({ description: 'Not ready', type: NotReadyProblemDto })
  ready(): Promise<ReadinessDto> {
    return this.health.readiness();
  }
}
