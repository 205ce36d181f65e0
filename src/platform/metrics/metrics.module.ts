import { Global, Module } from '@nestjs/common';
import { MetricsRegistry } from 'src/platform/metrics/metrics.registry';

@Global()
@Module({ providers: [MetricsRegistry], exports: [MetricsRegistry] })
export class MetricsPlatformModule {}
