import { Controller, Get, Header, Headers, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { MetricsService } from 'src/modules/metrics/metrics.service';
import { Public } from 'src/platform/security/access.decorators';

/** Prometheus exposition, outside the versioned API. */
@Public()
@ApiExcludeController()
@Controller({ path: 'metrics', version: VERSION_NEUTRAL })
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(@Headers('authorization') authorization?: string): Promise<string> {
    return this.metrics.scrape(authorization);
  }
}
