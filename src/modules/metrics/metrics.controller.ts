import { Controller, Get, Header, Headers, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { MetricsService } from 'src/modules/metrics/metrics.service';
import { Public } from 'src/platform/security/access.decorators';
import { SkipRateLimit } from 'src/platform/rate-limit/rate-limit.decorator';

/** Prometheus exposition, outside the versioned API; never rate-limited (scrapes are scheduled). */
@Public()
@ApiExcludeController()
@SkipRateLimit()
@Controller({ path: 'metrics', version: VERSION_NEUTRAL })
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(@Headers('authorization') authorization?: string): Promise<string> {
    return this.metrics.scrape(authorization);
  }
}
