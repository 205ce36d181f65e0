import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { constantTimeEqual } from 'src/platform/crypto/secret-tokens';
import { AppException } from 'src/platform/errors/app.exception';
import { MetricsRegistry } from 'src/platform/metrics/metrics.registry';

@Injectable()
export class MetricsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Metrics');

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: MetricsRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.metrics.access === 'token' && !this.config.metrics.token) {
      this.logger.warn('METRICS_ACCESS=token without METRICS_TOKEN: /metrics serves nothing');
    }
  }

  get contentType(): string {
    return this.metrics.registry.contentType;
  }

  /** The exposition text, once the caller has shown it may read it. */
  async scrape(authorization: string | undefined): Promise<string> {
    this.authorize(authorization);
    return this.metrics.registry.metrics();
  }

  private authorize(authorization: string | undefined): void {
    const { access, token } = this.config.metrics;
    if (access === 'open') return;
    // Off, served on the metrics port instead, or token mode without a token: as if the
    // route did not exist.
    if (access === 'off' || access === 'port' || !token) throw new AppException('ROUTE_NOT_FOUND');
    const presented = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '';
    if (!constantTimeEqual(presented, token)) {
      throw new AppException('UNAUTHENTICATED', 'A valid metrics token is required', {
        headers: { 'www-authenticate': 'Bearer realm="metrics"' },
      });
    }
  }
}
